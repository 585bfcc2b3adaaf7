import Foundation
import Hummingbird
import TalentApplication

/// JSON bodies read strictly: bounded in size, and a member the value does not carry is a 400 naming it
/// (Swift's decoders pass over unknown members, so a misspelt optional field would be silently dropped).
enum RequestBody {
    /// The largest JSON body taken.
    static let maximumSize = 1 << 20

    /// The body of `request`, at most `limit` bytes (413 beyond).
    static func collect(_ request: Request, upTo limit: Int = maximumSize) async throws -> Data {
        Data(buffer: try await request.body.collect(upTo: limit))
    }

    /// `data` decoded as a `T`, refusing malformed JSON, a member of the wrong type or missing, and a
    /// member `T` has no place for.
    static func decode<T: Codable>(_ type: T.Type, from data: Data) throws -> T {
        guard let given = try? JSONSerialization.jsonObject(with: data), given is [String: Any] else {
            throw InvalidInput("body", "a JSON object")
        }
        if let field = outOfRangeNumber(in: given) { throw InvalidInput(field, "a number out of range") }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw invalidInput(error) ?? InvalidInput("body", "not a valid value")
        }
        let carried = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
        if let unknown = unknownMember(of: given, carried: carried, at: []) {
            throw InvalidInput(unknown, "not a field of this request")
        }
        return value
    }

    /// The member a decoder's error is about and what is wrong with it, the first `prefix` keys of its path
    /// dropped (a wrapper the body does not show); nil when the error names nothing below them.
    static func invalidInput(_ error: DecodingError, droppingFirst prefix: Int = 0) -> InvalidInput? {
        switch error {
        case .keyNotFound(let key, let context):
            return InvalidInput(path((context.codingPath + [key]).dropFirst(prefix)), "missing")
        case .valueNotFound(_, let context):
            return InvalidInput(path(context.codingPath.dropFirst(prefix)), "missing")
        case .typeMismatch(_, let context) where context.codingPath.count >= prefix:
            return InvalidInput(path(context.codingPath.dropFirst(prefix)), "of the wrong type")
        case .dataCorrupted(let context) where context.codingPath.count >= prefix:
            return InvalidInput(path(context.codingPath.dropFirst(prefix)), "not a valid value")
        default:
            return nil
        }
    }

    /// A decoder's coding path as the body names it (`terms.until`; the domain's `_0` dropped).
    static func path(_ keys: some Sequence<any CodingKey>) -> String {
        let names = keys.map(\.stringValue).filter { $0 != "_0" }
        return names.isEmpty ? "body" : names.joined(separator: ".")
    }

    /// The first number in `given` (a body as sent) too large for a whole number of the register (beyond
    /// 64 bits), as a dotted path: the decoder would reject it without saying where.
    static func outOfRangeNumber(in given: Any, at path: [String] = []) -> String? {
        if let object = given as? [String: Any] {
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                if let found = outOfRangeNumber(in: value, at: path + [key]) { return found }
            }
        } else if let array = given as? [Any] {
            for (index, value) in array.enumerated() {
                if let found = outOfRangeNumber(in: value, at: path + ["\(index)"]) { return found }
            }
        } else if let number = given as? NSNumber, !(given is Bool), number.doubleValue.magnitude >= 0x1p63 {
            return path.isEmpty ? "body" : path.joined(separator: ".")
        }
        return nil
    }

    /// The first member of `given` (a body as sent) that `carried` (the decoded value encoded again)
    /// lacks, as a dotted path; an explicit null for an optional member is no member.
    static func unknownMember(of given: Any, carried: Any?, at path: [String]) -> String? {
        if let given = given as? [String: Any] {
            let carried = carried as? [String: Any] ?? [:]
            for (key, value) in given.sorted(by: { $0.key < $1.key }) where !(value is NSNull) {
                let here = key == "_0" ? path : path + [key]
                guard let inner = carried[key] else { return here.isEmpty ? "body" : here.joined(separator: ".") }
                if let unknown = unknownMember(of: value, carried: inner, at: here) { return unknown }
            }
        } else if let given = given as? [Any], let carried = carried as? [Any] {
            for (index, (value, inner)) in zip(given, carried).enumerated() {
                if let unknown = unknownMember(of: value, carried: inner, at: path + ["\(index)"]) { return unknown }
            }
        }
        return nil
    }
}
