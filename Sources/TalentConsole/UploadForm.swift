import Foundation
import Hummingbird
import NIOCore

/// A posted form that carries a file (`multipart/form-data`, RFC 7578), as a browser sends one: its text
/// fields and its files, read up to a size. Written here because the console takes one upload (an
/// evaluation list), its parts few and small but one, which a general reader would add a package for.
struct UploadForm: Sendable {
    /// The text fields, as a urlencoded form's.
    var fields: FormFields
    /// The files by their field's name: the file's name on the sender's computer, and its bytes as sent.
    var files: [String: (name: String, bytes: Data)]

    /// A form that is not `multipart/form-data`, or whose parts cannot be read (no browser sends one).
    struct Unreadable: Error {}

    init(_ request: Request, upTo maximumBytes: Int) async throws {
        guard let contentType = request.headers[.contentType], let boundary = Self.boundary(of: contentType) else {
            throw Unreadable()
        }
        let body: ByteBuffer
        do {
            body = try await request.boundedBody(upTo: maximumBytes)
        } catch is NIOTooManyBytesError {
            throw FormFields.TooLarge()
        }
        try self.init(body: Data(body.readableBytesView), boundary: boundary)
    }

    init(body: Data, boundary: String) throws {
        var values: [String: String] = [:]
        var files: [String: (name: String, bytes: Data)] = [:]
        for part in try Self.parts(of: body, boundary: Data(boundary.utf8)) {
            guard let headerEnd = part.firstRange(of: Data("\r\n\r\n".utf8)),
                let headers = String(validating: part[part.startIndex..<headerEnd.lowerBound], as: UTF8.self),
                let disposition = Self.disposition(in: headers), let name = disposition.name
            else { throw Unreadable() }
            let content = part[headerEnd.upperBound...]
            // As ``FormFields`` refuses a field named twice: which of two lists was meant is not guessed.
            guard values[name] == nil, files[name] == nil else { throw FormFields.Repeated(name: name) }
            if let file = disposition.file {
                files[name] = (file, content)
            } else {
                guard let text = String(validating: content, as: UTF8.self) else { throw FormFields.NotText() }
                values[name] = text
            }
        }
        fields = FormFields(values: values)
        self.files = files
    }

    /// The boundary `multipart/form-data; boundary=…` names, quoted or not (RFC 2046: 1 to 70 characters).
    static func boundary(of contentType: String) -> String? {
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = String(pair[1])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// The parts between the boundaries, each its headers, a blank line and its content. What comes before
    /// the first boundary (a preamble) and after the last is not the form's (RFC 2046 §5.1.1), nor are
    /// spaces after a boundary (its padding).
    static func parts(of body: Data, boundary: Data) throws -> [Data] {
        let delimiter = Data("--".utf8) + boundary
        let between = Data("\r\n".utf8) + delimiter
        guard
            let opening = body.starts(with: delimiter)
                ? body.startIndex..<body.startIndex + delimiter.count
                : body.range(of: between)
        else { throw Unreadable() }
        var parts: [Data] = []
        var index = opening.upperBound
        while true {
            // After a delimiter: `--` ends the form, a line break (after any padding) starts a part.
            if body[index...].starts(with: Data("--".utf8)) { return parts }
            while index < body.endIndex, [UInt8(ascii: " "), UInt8(ascii: "\t")].contains(body[index]) { index += 1 }
            guard body[index...].starts(with: Data("\r\n".utf8)),
                let next = body.range(of: between, in: (index + 2)..<body.endIndex)
            else { throw Unreadable() }
            parts.append(body[(index + 2)..<next.lowerBound])
            index = next.upperBound
        }
    }

    /// A part's `Content-Disposition: form-data; name="…"[; filename="…"]`: its field's name, and the name
    /// of the file it carries, if it carries one (a browser names an empty file input's as `filename=""`).
    /// A quoted value may hold `;` and `=`; a browser writes a quote, CR and LF in it as `%22`, `%0D` and
    /// `%0A` (HTML's form submission), and nothing else percent-encoded: a file named `100%25.csv` keeps
    /// its name. A file named only by RFC 5987 (`filename*=UTF-8''…`, as some clients send) is a file too.
    static func disposition(in headers: String) -> (name: String?, file: String?)? {
        guard
            let line = headers.split(separator: "\r\n").first(where: {
                $0.lowercased().hasPrefix("content-disposition:")
            })
        else { return nil }
        var name: String?
        var file: String?
        for (key, value) in parameters(of: line.drop { $0 != ";" }) {
            switch key {
            case "name": name = name ?? browserDecoded(value)
            case "filename": file = file ?? browserDecoded(value)
            case "filename*":
                let encoded = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false).last
                file = encoded.map { $0.removingPercentEncoding ?? String($0) } ?? value
            default: break
            }
        }
        return (name, file)
    }

    /// The `; key=value` parameters of a header's value (from its first `;`), keys lowercased, values
    /// unquoted: a quoted value ends at its closing quote, whatever it holds before.
    static func parameters(of text: Substring) -> [(key: String, value: String)] {
        var parameters: [(key: String, value: String)] = []
        var rest = text.drop { $0 == ";" }
        while !rest.isEmpty {
            let keyEnd = rest.firstIndex { $0 == "=" || $0 == ";" } ?? rest.endIndex
            let key = rest[..<keyEnd].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[keyEnd...]
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst().drop { $0 == " " }
                if rest.first == "\"" {
                    let closing = rest.dropFirst().firstIndex(of: "\"") ?? rest.endIndex
                    value = String(rest.dropFirst()[..<closing])
                    rest = rest[closing...].dropFirst()
                }
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value += rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            rest = rest.drop { $0 == ";" }
            if !key.isEmpty { parameters.append((key, value)) }
        }
        return parameters
    }

    /// A name as a browser writes it in a form's part: its quote, CR and LF percent-encoded, nothing else.
    static func browserDecoded(_ text: String) -> String {
        text.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%0A", with: "\n")
    }
}
