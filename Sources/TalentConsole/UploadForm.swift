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
            body = try await request.body.collect(upTo: maximumBytes)
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
            if let file = disposition.file {
                files[name] = (file, Data(content))
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

    /// The parts between the boundaries, each its headers, a blank line and its content.
    static func parts(of body: Data, boundary: Data) throws -> [Data] {
        let delimiter = Data("--".utf8) + boundary
        guard body.starts(with: delimiter) else { throw Unreadable() }
        let between = Data("\r\n".utf8) + delimiter
        var parts: [Data] = []
        var index = body.startIndex + delimiter.count
        while true {
            // After a delimiter: `--` ends the form, a line break starts a part.
            let rest = body[index...]
            if rest.starts(with: Data("--".utf8)) { return parts }
            guard rest.starts(with: Data("\r\n".utf8)),
                let next = body.range(of: between, in: (index + 2)..<body.endIndex)
            else { throw Unreadable() }
            parts.append(body[(index + 2)..<next.lowerBound])
            index = next.upperBound
        }
    }

    /// A part's `Content-Disposition: form-data; name="…"[; filename="…"]`: its field's name, and the name
    /// of the file it carries, if it carries one (a browser names an empty file input's as `filename=""`).
    static func disposition(in headers: String) -> (name: String?, file: String?)? {
        let line = headers.split(separator: "\r\n").first {
            $0.lowercased().hasPrefix("content-disposition:")
        }
        guard let line else { return nil }
        var name: String?
        var file: String?
        for parameter in line.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            if key == "name" { name = value }
            if key == "filename" { file = value.removingPercentEncoding ?? value }
        }
        return (name, file)
    }
}
