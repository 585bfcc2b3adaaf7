import Foundation

/// Decodes `Decodable` values from JSON text, for documents the register wrote itself (event payloads
/// read back from PostgreSQL's `jsonb`): small objects, read by the million in a rebuild.
///
/// Foundation's `JSONDecoder` builds a dictionary of every object's members before the first key is
/// asked for; this reader parses the document once into a flat list of tokens and finds a member by
/// comparing bytes, which is what a payload of a dozen keys needs. On any document `jsonb` gives back it
/// answers as `JSONDecoder` with its default strategies does: the same values, and a `DecodingError`
/// where `JSONDecoder` throws one. Beyond that it is stricter in one place (a comma before an object's
/// end, which RFC 8259 has not and Foundation passes over), trusts the text's UTF-8 (which `jsonb` has
/// checked), and matches member names by their bytes where Foundation also matches a canonically equal
/// spelling (`jsonb` gives names back as they were written). The read side also reads events' metadata
/// with it.
///
/// The API reads its JSON bodies with it too, once Foundation has parsed them (which checks the UTF-8),
/// through ``decode(_:fromBody:wrappedAs:naming:)``.
public struct PayloadDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let document = try PayloadDocument(data)
        return try document.decode(T.self, at: 0, path: .root)
    }

    /// A request's body as `T`, refusing a member whose name repeats in its object (``RepeatedName``):
    /// readers disagree on which of the two they take, and the checks made on the body must read the
    /// value decoded.
    ///
    /// With `key`, the body (an object) is read as the value of member `key` of an object holding only
    /// that member: a flat body naming its case (`{"type": "grade", "campaign": 2025, …}`) read as the
    /// tagged value a Swift enum decodes from (`{"grade": {"campaign": 2025, …}}`), without writing it
    /// again. `alias` lets a member of the body (`evaluation`) answer for the case's key (`_0`, a case's
    /// one unlabelled value); errors name the key.
    public func decode<T: Decodable>(
        _ type: T.Type, fromBody data: Data, wrappedAs key: String? = nil, naming alias: MemberAlias? = nil
    ) throws -> T {
        let document = try PayloadDocument(data)
        if let repeated = document.firstRepeatedName(at: 0, path: []) { throw RepeatedName(path: repeated) }
        guard let key else { return try document.decode(T.self, at: 0, path: .root) }
        return try T(from: WrapperDecoder(document: document, key: key, alias: alias))
    }
}

/// A member of a body that answers for another key (``PayloadDecoder/decode(_:fromBody:wrappedAs:naming:)``).
public struct MemberAlias: Sendable, Hashable {
    /// The key the decoded type asks for (`_0`).
    public var key: String
    /// The member of the body that holds its value (`evaluation`).
    public var member: String

    public init(key: String, member: String) {
        self.key = key
        self.member = member
    }
}

/// A body that names a member twice in one object; `path` leads to the member (its name last).
public struct RepeatedName: Error, Sendable, Hashable {
    public var path: [String]
}

extension PayloadDocument {
    /// The path of the first member whose name repeats in its object, looking inside the value at `index`.
    func firstRepeatedName(at index: Int, path: [String]) -> [String]? {
        let token = tokens[index]
        switch token.kind {
        case .object:
            var names: Set<String> = []
            var member = index + 1
            while member < Int(token.end) {
                let name = (try? string(at: member)) ?? ""
                if token.count > 1, !names.insert(name).inserted { return path + [name] }
                if let repeated = firstRepeatedName(at: member + 1, path: path + [name]) { return repeated }
                member = Int(tokens[member + 1].end)
            }
        case .array:
            var element = index + 1
            var position = 0
            while element < Int(token.end) {
                if let repeated = firstRepeatedName(at: element, path: path + ["\(position)"]) { return repeated }
                element = Int(tokens[element].end)
                position += 1
            }
        default: break
        }
        return nil
    }
}

/// The object holding only member `key`, whose value is the document (an object): see
/// ``PayloadDecoder/decode(_:fromBody:wrappedAs:naming:)``.
struct WrapperDecoder: Decoder {
    let document: PayloadDocument
    let key: String
    let alias: MemberAlias?

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(WrapperContainer<Key>(document: document, key: key, alias: alias))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self,
            .init(codingPath: [], debugDescription: "Expected to decode Array but found a dictionary instead."))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { WrapperValue() }

    /// The wrapper read as one value: a dictionary, which no single value is.
    struct WrapperValue: SingleValueDecodingContainer {
        var codingPath: [any CodingKey] { [] }
        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            throw DecodingError.typeMismatch(
                type,
                .init(codingPath: [], debugDescription: "Expected to decode \(type) but found a dictionary instead."))
        }
    }
}

struct WrapperContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let document: PayloadDocument
    let key: String
    let alias: MemberAlias?

    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { Key(stringValue: key).map { [$0] } ?? [] }
    func contains(_ key: Key) -> Bool { key.stringValue == self.key }

    func value(_ key: Key) throws -> (token: Int, path: PayloadPath) {
        guard contains(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: [], debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return (0, .key(AnyKey(key), .root))
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        _ = try value(key)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (token, path) = try value(key)
        return try document.decode(T.self, at: token, path: path)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let (token, path) = try value(key)
        try document.expect(KeyedDecodingContainer<NestedKey>.self, at: token, path: path, as: [String: Any].self) {
            $0 == .object
        }
        return KeyedDecodingContainer(
            ObjectContainer<NestedKey>(document: document, object: token, path: path, alias: alias))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let (token, path) = try value(key)
        return try TokenDecoder(document: document, token: token, path: path).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TokenDecoder(document: .null, token: 0, path: .key(AnyKey(stringValue: "super")!, .root))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        guard contains(key) else { return TokenDecoder(document: .null, token: 0, path: .key(AnyKey(key), .root)) }
        return TokenDecoder(document: document, token: 0, path: .key(AnyKey(key), .root))
    }
}

/// Where a value sits in its document, kept as a chain and turned into `codingPath` only when asked
/// (for an error's context, mostly).
indirect enum PayloadPath: Sendable {
    case root
    case key(any CodingKey & Sendable, PayloadPath)
    case index(Int, PayloadPath)

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = self
        while true {
            switch node {
            case .root: return keys.reversed()
            case .key(let key, let parent):
                keys.append(key)
                node = parent
            case .index(let index, let parent):
                keys.append(IndexKey(index))
                node = parent
            }
        }
    }
}

struct IndexKey: CodingKey, Sendable {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct AnyKey: CodingKey, Sendable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ key: some CodingKey) { stringValue = key.stringValue }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

struct TokenDecoder: Decoder {
    let document: PayloadDocument
    let token: Int
    let path: PayloadPath

    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try document.expect(KeyedDecodingContainer<Key>.self, at: token, path: path, as: [String: Any].self) {
            $0 == .object
        }
        return KeyedDecodingContainer(ObjectContainer<Key>(document: document, object: token, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try document.expect((any UnkeyedDecodingContainer).self, at: token, path: path, as: [Any].self) {
            $0 == .array
        }
        return ArrayContainer(document: document, array: token, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ValueContainer(document: document, token: token, path: path)
    }
}

extension PayloadDocument {
    func mismatch(_ type: Any.Type, at index: Int, path: @autoclosure () -> PayloadPath) -> DecodingError {
        let found: String
        switch tokens[index].kind {
        case .object: found = "a dictionary"
        case .array: found = "an array"
        case .string, .escapedString: found = "a string"
        case .number: found = "a number"
        case .true, .false: found = "a boolean"
        case .null: found = "null"
        }
        return .typeMismatch(
            type,
            .init(
                codingPath: path().codingPath,
                debugDescription: "Expected to decode \(type) but found \(found) instead.")
        )
    }

    /// Throws as Foundation does unless the value at `index` is of a kind `accepts`: null is a value not
    /// found (`type`), anything else a type mismatch (named `expected`, `type` when not given).
    func expect(
        _ type: Any.Type, at index: Int, path: @autoclosure () -> PayloadPath, as expected: Any.Type? = nil,
        _ accepts: (Kind) -> Bool
    ) throws {
        let kind = tokens[index].kind
        if accepts(kind) { return }
        if kind == .null { throw nullFound(type, path: path()) }
        throw mismatch(expected ?? type, at: index, path: path())
    }

    /// The value at token `index`, as `T`: the primitives read directly, anything else by its own
    /// `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type, at index: Int, path: @autoclosure () -> PayloadPath) throws -> T {
        if T.self == String.self { return try decodeString(at: index, path: path()) as! T }
        if T.self == Int.self { return try decodeInteger(Int.self, at: index, path: path()) as! T }
        if T.self == Bool.self { return try decodeBool(at: index, path: path()) as! T }
        if T.self == Double.self { return try decodeFloat(Double.self, at: index, path: path()) as! T }
        // As Foundation's default strategies read them: base64 text, a URL's text, a number's digits.
        if T.self == Data.self {
            guard let data = Data(base64Encoded: try decodeString(at: index, path: path())) else {
                throw corrupted("Encountered Data is not valid Base64.", path: path())
            }
            return data as! T
        }
        if T.self == URL.self {
            guard let url = URL(string: try decodeString(at: index, path: path())) else {
                throw corrupted("Invalid URL string.", path: path())
            }
            return url as! T
        }
        if T.self == Decimal.self { return try decodeDecimal(at: index, path: path()) as! T }
        return try T(from: TokenDecoder(document: self, token: index, path: path()))
    }

    func corrupted(_ description: String, path: @autoclosure () -> PayloadPath) -> DecodingError {
        .dataCorrupted(.init(codingPath: path().codingPath, debugDescription: description))
    }

    func decodeDecimal(at index: Int, path: @autoclosure () -> PayloadPath) throws -> Decimal {
        try expect(Decimal.self, at: index, path: path()) { $0 == .number }
        let text = numberText(at: index)
        guard let value = Decimal(string: String(text), locale: Locale(identifier: "en_US_POSIX")) else {
            throw corrupted("Parsed JSON number <\(text)> does not fit in Decimal.", path: path())
        }
        return value
    }

    func decodeString(at index: Int, path: @autoclosure () -> PayloadPath) throws -> String {
        try expect(String.self, at: index, path: path()) { $0 == .string || $0 == .escapedString }
        return try string(at: index)
    }

    func decodeBool(at index: Int, path: @autoclosure () -> PayloadPath) throws -> Bool {
        try expect(Bool.self, at: index, path: path()) { $0 == .true || $0 == .false }
        return tokens[index].kind == .true
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type, at index: Int, path: @autoclosure () -> PayloadPath) throws
        -> T
    {
        try expect(T.self, at: index, path: path()) { $0 == .number }
        if let value = integer(at: index), let exact = T(exactly: value) { return exact }
        let text = numberText(at: index)
        if let value = T(text) { return value }
        // `12.000` (jsonb keeps a numeric's scale) is the integer 12, read from its digits, not via Double.
        if let point = text.firstIndex(of: "."), text[text.index(after: point)...].allSatisfy({ $0 == "0" }),
            let value = T(text[..<point])
        {
            return value
        }
        // An exponent: through Double only where every integer is exact.
        if text.contains(where: { $0 == "e" || $0 == "E" }), let double = Double(text), abs(double) <= 0x1p53,
            let exact = T(exactly: double)
        {
            return exact
        }
        throw corrupted("Number \(text) is not representable in Swift.", path: path())
    }

    func decodeFloat<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ type: T.Type, at index: Int, path: @autoclosure () -> PayloadPath
    ) throws -> T {
        try expect(T.self, at: index, path: path()) { $0 == .number }
        let text = numberText(at: index)
        // A value too large is infinite, one too small rounds to zero: neither is the number written.
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        guard let value = T(String(text)), value.isFinite,
            value != 0 || mantissa.allSatisfy({ $0 == "0" || $0 == "." || $0 == "-" })
        else {
            throw corrupted("Number \(text) is not representable in Swift.", path: path())
        }
        return value
    }

    func nullFound(_ type: Any.Type, path: @autoclosure () -> PayloadPath) -> DecodingError {
        .valueNotFound(
            type,
            .init(codingPath: path().codingPath, debugDescription: "Cannot get \(type) -- found null value instead")
        )
    }
}

struct ObjectContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let document: PayloadDocument
    let object: Int
    let path: PayloadPath
    /// A member answering for another key (a request's body only).
    var alias: MemberAlias? = nil

    var codingPath: [any CodingKey] { path.codingPath }

    var allKeys: [Key] {
        var keys: [Key] = []
        var index = object + 1
        let end = Int(document.tokens[object].end)
        while index < end {
            if let name = try? document.string(at: index),
                let key = Key(stringValue: name == alias?.member ? alias?.key ?? name : name)
            {
                keys.append(key)
            }
            index = Int(document.tokens[index + 1].end)
        }
        return keys
    }

    func value(of key: Key) -> Int? { value(of: key.stringValue) }
    func value(of name: String) -> Int? {
        guard let alias, name == alias.key else { return document.member(name, of: object) }
        return document.member(alias.member, of: object)
    }

    func required(_ key: Key) throws -> Int {
        guard let index = value(of: key) else {
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: path.codingPath, debugDescription: "No value associated with key \(key.stringValue).")
            )
        }
        return index
    }

    func childPath(_ key: Key) -> PayloadPath { .key(AnyKey(key), path) }

    func contains(_ key: Key) -> Bool { value(of: key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { document.tokens[try required(key)].kind == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try document.decode(T.self, at: try required(key), path: childPath(key))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = value(of: key), document.tokens[index].kind != .null else { return nil }
        return try document.decode(T.self, at: index, path: childPath(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TokenDecoder(document: document, token: try required(key), path: childPath(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TokenDecoder(document: document, token: try required(key), path: childPath(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        superDecoder(at: value(of: "super"), path: .key(AnyKey(stringValue: "super")!, path))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        superDecoder(at: value(of: key.stringValue), path: childPath(key))
    }

    /// As Foundation's: a missing key gives a decoder of null.
    func superDecoder(at token: Int?, path: PayloadPath) -> any Decoder {
        guard let token else { return TokenDecoder(document: .null, token: 0, path: path) }
        return TokenDecoder(document: document, token: token, path: path)
    }
}

struct ArrayContainer: UnkeyedDecodingContainer {
    let document: PayloadDocument
    let array: Int
    let path: PayloadPath
    private(set) var currentIndex = 0
    private var next: Int

    init(document: PayloadDocument, array: Int, path: PayloadPath) {
        self.document = document
        self.array = array
        self.path = path
        self.next = array + 1
    }

    var codingPath: [any CodingKey] { path.codingPath }
    var count: Int? { Int(document.tokens[array].count) }
    var isAtEnd: Bool { currentIndex >= count ?? 0 }

    mutating func take(_ type: Any.Type) throws -> (Int, PayloadPath) {
        let index = try peek(type)
        let elementPath = PayloadPath.index(currentIndex, path)
        next = Int(document.tokens[index].end)
        currentIndex += 1
        return (index, elementPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard document.tokens[try peek(Any?.self)].kind == .null else { return false }
        _ = try take(Any?.self)
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try document.decode(T.self, at: try peek(type), path: .index(currentIndex, path))
        _ = try take(type)
        return value
    }

    // A nested container that cannot be made leaves the container where it was, as Foundation's does.
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let container = try TokenDecoder(document: document, token: try peek(type), path: .index(currentIndex, path))
            .container(keyedBy: type)
        _ = try take(type)
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try TokenDecoder(
            document: document, token: try peek((any UnkeyedDecodingContainer).self), path: .index(currentIndex, path)
        ).unkeyedContainer()
        _ = try take((any UnkeyedDecodingContainer).self)
        return container
    }

    func peek(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: PayloadPath.index(currentIndex, path).codingPath,
                    debugDescription: "Unkeyed container is at end."))
        }
        return next
    }

    mutating func superDecoder() throws -> any Decoder {
        let (index, elementPath) = try take((any Decoder).self)
        return TokenDecoder(document: document, token: index, path: elementPath)
    }
}

struct ValueContainer: SingleValueDecodingContainer {
    let document: PayloadDocument
    let token: Int
    let path: PayloadPath

    var codingPath: [any CodingKey] { path.codingPath }

    func decodeNil() -> Bool { document.tokens[token].kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try document.decodeBool(at: token, path: path) }
    func decode(_ type: String.Type) throws -> String { try document.decodeString(at: token, path: path) }
    func decode(_ type: Double.Type) throws -> Double { try document.decodeFloat(Double.self, at: token, path: path) }
    func decode(_ type: Float.Type) throws -> Float { try document.decodeFloat(Float.self, at: token, path: path) }
    func decode(_ type: Int.Type) throws -> Int { try document.decodeInteger(Int.self, at: token, path: path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try document.decodeInteger(Int8.self, at: token, path: path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try document.decodeInteger(Int16.self, at: token, path: path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try document.decodeInteger(Int32.self, at: token, path: path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try document.decodeInteger(Int64.self, at: token, path: path) }
    func decode(_ type: UInt.Type) throws -> UInt { try document.decodeInteger(UInt.self, at: token, path: path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try document.decodeInteger(UInt8.self, at: token, path: path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try document.decodeInteger(UInt16.self, at: token, path: path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try document.decodeInteger(UInt32.self, at: token, path: path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try document.decodeInteger(UInt64.self, at: token, path: path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try document.decode(T.self, at: token, path: path) }
}
