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
        case .dataCorrupted(let context):
            throw .malformed(document: document, path: path(context.codingPath), detail: context.debugDescription)
        @unknown default:
            throw .malformed(document: document, path: "", detail: "\(error)")
        }
    } catch {
        throw .malformed(document: document, path: "", detail: "\(error)")
    }
}

private func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
}
