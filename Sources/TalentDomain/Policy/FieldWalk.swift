/// The walk ``RegisterLimits`` makes through a command: an `Encoder` that writes nothing and checks each
/// day, text and campaign year the command encodes, named by the path of fields that leads to it
/// (`evaluate.certificateDate`, `retire.rehire.validUntil`). A case's one unlabelled value (`_0`) adds
/// no name of its own. The first value outside the limits is thrown as the register's refusal.
///
/// It follows the command's synthesized encoding rather than reflecting on it: a `Mirror` walk cost a
/// tenth of a command's time in the server.
struct FieldWalk: Encoder {
    let limits: RegisterLimits
    let path: FieldPath

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Fields<Key>(walk: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { Elements(walk: self) }

    func singleValueContainer() -> any SingleValueEncodingContainer { Value(walk: self) }

    func at(_ path: FieldPath) -> FieldWalk { FieldWalk(limits: limits, path: path) }

    /// Checks `value` found at this walk's path: a day, a text, a year (a whole number named `campaign`, or
    /// `year`: an annual assessment's), or anything else by its own encoding.
    func visit<T: Encodable>(_ value: T) throws {
        if let day = value as? Day {
            try limits.check(day: day, field: path.text)
        } else if let text = value as? String {
            try limits.check(text: text, field: path.text)
        } else if let number = value as? Int {
            try visit(number)
        } else {
            try value.encode(to: self)
        }
    }

    func visit(_ number: Int) throws {
        if path.name?.hasSuffix("campaign") == true || path.name == "year" {
            try limits.check(year: number, field: path.text)
        }
    }

    struct Fields<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let walk: FieldWalk
        var codingPath: [any CodingKey] { [] }

        func child(_ key: Key) -> FieldWalk {
            key.stringValue == "_0" ? walk : walk.at(.key(key.stringValue, walk.path))
        }

        mutating func encodeNil(forKey key: Key) throws {}
        mutating func encode(_ value: Bool, forKey key: Key) throws {}
        mutating func encode(_ value: String, forKey key: Key) throws { try child(key).visit(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws {}
        mutating func encode(_ value: Float, forKey key: Key) throws {}
        mutating func encode(_ value: Int, forKey key: Key) throws { try child(key).visit(value) }
        // Every other number is written by its own method: the generic one below would send it back
        // through its own encoding, which calls that method again.
        mutating func encode(_ value: Int8, forKey key: Key) throws {}
        mutating func encode(_ value: Int16, forKey key: Key) throws {}
        mutating func encode(_ value: Int32, forKey key: Key) throws {}
        mutating func encode(_ value: Int64, forKey key: Key) throws {}
        mutating func encode(_ value: UInt, forKey key: Key) throws {}
        mutating func encode(_ value: UInt8, forKey key: Key) throws {}
        mutating func encode(_ value: UInt16, forKey key: Key) throws {}
        mutating func encode(_ value: UInt32, forKey key: Key) throws {}
        mutating func encode(_ value: UInt64, forKey key: Key) throws {}
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try child(key).visit(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            child(key).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            child(key).unkeyedContainer()
        }

        mutating func superEncoder() -> any Swift.Encoder { walk }
        mutating func superEncoder(forKey key: Key) -> any Swift.Encoder { child(key) }
    }

    struct Elements: UnkeyedEncodingContainer {
        let walk: FieldWalk
        var codingPath: [any CodingKey] { [] }
        private(set) var count = 0

        init(walk: FieldWalk) {
            self.walk = walk
        }

        mutating func next() -> FieldWalk {
            defer { count += 1 }
            return walk.at(.key(String(count), walk.path))
        }

        mutating func encodeNil() throws { count += 1 }
        mutating func encode(_ value: Bool) throws { count += 1 }
        mutating func encode(_ value: String) throws { try next().visit(value) }
        mutating func encode(_ value: Double) throws { count += 1 }
        mutating func encode(_ value: Float) throws { count += 1 }
        mutating func encode(_ value: Int) throws { try next().visit(value) }
        mutating func encode(_ value: Int8) throws { count += 1 }
        mutating func encode(_ value: Int16) throws { count += 1 }
        mutating func encode(_ value: Int32) throws { count += 1 }
        mutating func encode(_ value: Int64) throws { count += 1 }
        mutating func encode(_ value: UInt) throws { count += 1 }
        mutating func encode(_ value: UInt8) throws { count += 1 }
        mutating func encode(_ value: UInt16) throws { count += 1 }
        mutating func encode(_ value: UInt32) throws { count += 1 }
        mutating func encode(_ value: UInt64) throws { count += 1 }
        mutating func encode<T: Encodable>(_ value: T) throws { try next().visit(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            next().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }
        mutating func superEncoder() -> any Swift.Encoder { next() }
    }

    struct Value: SingleValueEncodingContainer {
        let walk: FieldWalk
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws {}
        mutating func encode(_ value: Bool) throws {}
        mutating func encode(_ value: String) throws { try walk.visit(value) }
        mutating func encode(_ value: Double) throws {}
        mutating func encode(_ value: Float) throws {}
        mutating func encode(_ value: Int) throws { try walk.visit(value) }
        mutating func encode(_ value: Int8) throws {}
        mutating func encode(_ value: Int16) throws {}
        mutating func encode(_ value: Int32) throws {}
        mutating func encode(_ value: Int64) throws {}
        mutating func encode(_ value: UInt) throws {}
        mutating func encode(_ value: UInt8) throws {}
        mutating func encode(_ value: UInt16) throws {}
        mutating func encode(_ value: UInt32) throws {}
        mutating func encode(_ value: UInt64) throws {}
        mutating func encode<T: Encodable>(_ value: T) throws { try walk.visit(value) }
    }
}

/// Where a value sits in a command: the names that lead to it, kept as a chain and joined only for a
/// refusal.
indirect enum FieldPath: Sendable {
    case root
    case key(String, FieldPath)

    /// The last name, nil at the root.
    var name: String? {
        if case .key(let name, _) = self { return name }
        return nil
    }

    /// The names joined by dots (`evaluate.certificateDate`).
    var text: String {
        var names: [String] = []
        var node = self
        while case .key(let name, let parent) = node {
            names.append(name)
            node = parent
        }
        return names.reversed().joined(separator: ".")
    }
}
