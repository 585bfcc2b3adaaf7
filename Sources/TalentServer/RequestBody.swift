import Foundation
import Hummingbird
import NIOCore
import TalentApplication
import TalentConsole
import TalentDomain

/// JSON bodies read strictly: bounded in size, and a member the value does not carry is a 400 naming it
/// (Swift's decoders pass over unknown members, so a misspelt optional field would be silently dropped).
enum RequestBody {
    /// The largest JSON body taken.
    static let maximumSize = 1 << 20

    /// The body of `request`, at most `limit` bytes (413 beyond), sent as one of `mediaTypes` (415 for
    /// another `Content-Type`; JSON's are `application/json` and any `…+json`, parameters such as
    /// `charset` aside). A body without a `Content-Type` is taken as the route's kind.
    static func collect(
        _ request: Request, upTo limit: Int = maximumSize, as mediaTypes: [String] = ["application/json"]
    ) async throws -> Data {
        if let given = request.headers[.contentType] {
            let essence = given.prefix(while: { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased()
            let json = mediaTypes.contains("application/json") && essence.contains("/") && essence.hasSuffix("+json")
            guard mediaTypes.contains(essence) || json else {
                throw ProblemDetails(
                    type: "https://talentledger.example/problems/unsupported-media-type",
                    title: "Unsupported Media Type", status: .unsupportedMediaType,
                    detail: "send the body as \(mediaTypes.joined(separator: " or "))", field: "Content-Type")
            }
        }
        do {
            return Data(buffer: try await request.boundedBody(upTo: limit))
        } catch is NIOTooManyBytesError {
            // NIO's error counts what was left of the limit; the problem names the limit itself.
            throw NIOTooManyBytesError(maxBytes: limit)
        } catch let slow as BodyTooSlow {
            throw ProblemDetails(
                type: "https://talentledger.example/problems/request-timeout", title: "Request Timeout",
                status: .requestTimeout,
                detail: "the body had not all come within \(slow.deadline.components.seconds) s: send the request again"
            )
        }
    }

    /// `data` decoded as a `T`, refusing malformed JSON, a member of the wrong type or missing, and a
    /// member `T` has no place for.
    static func decode<T: Codable>(_ type: T.Type, from data: Data) throws -> T {
        let given = try object(of: data, expecting: "a JSON object in UTF-8")
        let value: T
        do {
            value = try decoded(T.self, from: data)
        } catch let error as DecodingError {
            throw invalidInput(error) ?? InvalidInput("body", "not a valid value")
        }
        let carried = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
        if let unknown = unknownMember(of: given, carried: carried, at: []) {
            throw InvalidInput(unknown, "not a field of this request")
        }
        return value
    }

    /// The JSON object `body` holds, as sent, with its values checked (``checkValues(of:at:)``): a body
    /// that is not one, or not in UTF-8 (RFC 8259 §8.1; `JSONSerialization` would read UTF-16 too, whose
    /// text has zero bytes), is refused as `expected`.
    static func object(of body: Data, expecting expected: String) throws -> [String: Any] {
        guard !body.contains(0), let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        else { throw InvalidInput("body", expected) }
        if mayHoldRefusedValue(body) { try checkValues(of: object) }
        return object
    }

    /// `T` read from `body` where it lies by the payload reader (as the value of member `key` of an object
    /// holding only it, with `alias`: see `PayloadDecoder.decode(_:fromBody:wrappedAs:naming:)`), past
    /// the UTF-8 byte order mark the body may open with (which `JSONSerialization` passes over, as RFC 8259
    /// lets a reader do). A member named twice in its object is refused naming it: Foundation's two readers
    /// would take different ones. Other errors are the decoder's.
    static func decoded<T: Decodable>(
        _ type: T.Type, from body: Data, wrappedAs key: String? = nil, naming alias: MemberAlias? = nil
    ) throws -> T {
        let text = body.starts(with: [0xEF, 0xBB, 0xBF]) ? body.dropFirst(3) : body
        do {
            return try PayloadDecoder().decode(T.self, fromBody: text, wrappedAs: key, naming: alias)
        } catch let repeated as RepeatedName {
            throw InvalidInput(repeated.path.joined(separator: "."), "named twice in its object: give each member once")
        }
    }

    /// The member a decoder's error is about and what is wrong with it, the first `prefix` keys of its path
    /// dropped (a wrapper the body does not show); nil when the error names nothing below them.
    static func invalidInput(_ error: DecodingError, droppingFirst prefix: Int = 0, unwrapped member: String? = nil)
        -> InvalidInput?
    {
        func named(_ keys: some Sequence<any CodingKey>) -> String { path(keys, unwrapped: member) }
        switch error {
        case .keyNotFound(let key, let context):
            return InvalidInput(named((context.codingPath + [key]).dropFirst(prefix)), "missing")
        case .valueNotFound(_, let context):
            return InvalidInput(named(context.codingPath.dropFirst(prefix)), "missing")
        case .typeMismatch(_, let context) where context.codingPath.count >= prefix:
            return InvalidInput(named(context.codingPath.dropFirst(prefix)), "of the wrong type")
        case .dataCorrupted(let context) where context.codingPath.count >= prefix:
            return InvalidInput(named(context.codingPath.dropFirst(prefix)), "not a valid value")
        default:
            return nil
        }
    }

    /// A decoder's coding path as the body names it (`terms.until`): the domain's `_0` (a command's one
    /// value) is the body's `member` where the body names that value, and dropped where it does not; an
    /// array's element is its index (`measures.1`), not the decoder's label for it ("Index 1").
    static func path(_ keys: some Sequence<any CodingKey>, unwrapped member: String? = nil) -> String {
        let names = keys.compactMap { key in
            key.stringValue == "_0" ? member : key.intValue.map(String.init) ?? key.stringValue
        }
        return names.isEmpty ? "body" : names.joined(separator: ".")
    }

    /// Refuses what the decoder would take silently or refuse without saying where, naming the member (a
    /// dotted path, "body" for the whole): a null (no member of a request is nullable in the document: a
    /// field without a value is left out) and a number too large for a whole number of the register
    /// (beyond 64 bits).
    ///
    /// It walks the parsed body, whose every value costs a cast from `Any`: ask
    /// ``mayHoldRefusedValue(_:)`` of the body's text first.
    static func checkValues(of given: Any, at path: [String] = []) throws {
        func field() -> String { path.isEmpty ? "body" : path.joined(separator: ".") }
        if given is NSNull { throw InvalidInput(field(), "null: a field without a value is left out") }
        if let number = given as? NSNumber, !(given is Bool), number.doubleValue.magnitude >= 0x1p63 {
            throw InvalidInput(field(), "a number out of range")
        }
        if let object = given as? [String: Any] {
            for (key, value) in object.sorted(by: { $0.key < $1.key }) { try checkValues(of: value, at: path + [key]) }
        } else if let array = given as? [Any] {
            for (index, value) in array.enumerated() { try checkValues(of: value, at: path + ["\(index)"]) }
        }
    }

    /// Whether a body's text may hold what ``checkValues(of:at:)`` refuses: the word `null`, an exponent
    /// or a run of 19 digits (2^63 has 19). Read over the bytes, it passes most bodies without a look at
    /// their values; one it does not pass (a `null` inside a text, say) is checked value by value. A
    /// body in UTF-16 or UTF-32 has zero bytes: it is not read this way (``object(of:expecting:)``
    /// refuses such a body before asking).
    static func mayHoldRefusedValue(_ body: Data) -> Bool {
        var digits = 0
        // The three bytes before this one, the last of them the one just before.
        var letters: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for byte in body {
            if byte == 0 { return true }
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits += 1
                if digits >= 19 { return true }
            } else {
                let exponent = byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                if exponent,
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(letters.2) || letters.2 == UInt8(ascii: ".")
                {
                    return true
                }
                digits = 0
            }
            if letters == (UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l")), byte == UInt8(ascii: "l") {
                return true
            }
            letters = (letters.1, letters.2, byte)
        }
        return false
    }

    /// The first member of `given` (a body as sent, without nulls) that `carried` (the decoded value
    /// encoded again) lacks, as a dotted path (`_0` named as in ``path(_:unwrapped:)``).
    static func unknownMember(of given: Any, carried: Any?, at path: [String], unwrapped member: String? = nil)
        -> String?
    {
        if let given = given as? [String: Any] {
            let carried = carried as? [String: Any] ?? [:]
            for (key, value) in given.sorted(by: { $0.key < $1.key }) {
                let here = key == "_0" ? path + [member].compactMap { $0 } : path + [key]
                guard let inner = carried[key] else { return here.isEmpty ? "body" : here.joined(separator: ".") }
                if let unknown = unknownMember(of: value, carried: inner, at: here, unwrapped: member) {
                    return unknown
                }
            }
        } else if let given = given as? [Any], let carried = carried as? [Any] {
            for (index, (value, inner)) in zip(given, carried).enumerated() {
                if let unknown = unknownMember(of: value, carried: inner, at: path + ["\(index)"], unwrapped: member) {
                    return unknown
                }
            }
        }
        return nil
    }
}
