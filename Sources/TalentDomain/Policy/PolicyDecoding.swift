import Foundation

/// Decodes one policy JSON document, turning Foundation's decoding errors into a `PolicyError` that
/// names the document and the JSON path, so the person editing the file knows where to look.
func decodePolicyDocument<T: Decodable>(_ type: T.Type, from data: Data, document: String) throws(PolicyError) -> T {
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch let error as DecodingError {
        switch error {
        case .keyNotFound(let key, let context):
            throw .malformed(
                document: document, path: path(context.codingPath + [key]), detail: "missing key '\(key.stringValue)'")
        case .typeMismatch(let expected, let context):
            throw .malformed(
                document: document, path: path(context.codingPath), detail: "expected \(expected)")
        case .valueNotFound(let expected, let context):
            throw .malformed(
                document: document, path: path(context.codingPath), detail: "null where \(expected) needed")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            throw .malformed(document: document, path: "", detail: syntaxError(in: data))
        case .dataCorrupted(let context):
            throw .malformed(document: document, path: path(context.codingPath), detail: context.debugDescription)
        @unknown default:
            throw .malformed(document: document, path: "", detail: "\(error)")
        }
    } catch {
        throw .malformed(document: document, path: "", detail: "\(error)")
    }
}

/// Where a document stops being JSON, by line and column (the decoder says only that it is not; the
/// serializer names the byte it stopped at), for the person with the file open in an editor.
private func syntaxError(in data: Data) -> String {
    let said: String
    do {
        _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return "not valid JSON"
    } catch {
        said = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
    }
    guard let match = said.firstMatch(of: /around character (\d+)\.?/), let offset = Int(match.1),
        offset <= data.count
    else { return said }
    let before = data.prefix(offset)
    let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { before.index(after: $0) } ?? before.startIndex
    let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
    let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
    return said.replacing(match.0, with: "at line \(line), column \(column)")
}

private func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
}

extension KeyedDecodingContainer {
    /// A JSON object whose keys name the cases of `Name` (tiers, exit reasons); an unknown key is an
    /// error at its path rather than a silently ignored row.
    func decodeTable<Name: RawRepresentable & Hashable, Value: Decodable>(
        _ name: Name.Type, of value: Value.Type, forKey key: Key
    ) throws -> [Name: Value] where Name.RawValue == String {
        var table: [Name: Value] = [:]
        for (text, row) in try decode([String: Value].self, forKey: key) {
            guard let rowName = Name(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: self, debugDescription: "unknown \(Name.self) '\(text)'")
            }
            table[rowName] = row
        }
        return table
    }
}

extension KeyedEncodingContainer {
    mutating func encodeTable<Name: RawRepresentable & Hashable, Value: Encodable>(
        _ table: [Name: Value], forKey key: Key
    ) throws where Name.RawValue == String {
        var raw: [String: Value] = [:]
        for (name, row) in table { raw[name.rawValue] = row }
        try encode(raw, forKey: key)
    }
}

/// Upper bounds that keep date and money arithmetic far from overflow whatever a policy file says.
enum PolicyBounds {
    static let years = 1...100
    static let months = 1...1200
    static let yuan = 0...1_000_000_000_000
}
