import Foundation

/// A value that can be sent as a text-format parameter.
public protocol PostgresEncodable: Sendable {
    var postgresText: String { get }
}

extension String: PostgresEncodable {
    public var postgresText: String { self }
}

extension Substring: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension UInt64: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Double: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresEncodable {
    public var postgresText: String { self ? "true" : "false" }
}

extension UUID: PostgresEncodable {
    public var postgresText: String { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    /// An ISO 8601 timestamp in UTC with microseconds, which `timestamptz` parses whatever the session's
    /// DateStyle.
    public var postgresText: String { PostgresTimestamp.format(self) }
}

extension Data: PostgresEncodable {
    /// bytea in hex format.
    public var postgresText: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = [92, 120]  // "\\x"
        bytes.reserveCapacity(2 + count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A JSON document sent as text; cast it in SQL (`\(doc)::jsonb`).
public struct PostgresJSON: PostgresEncodable, Equatable {
    public var text: String

    public init(text: String) {
        self.text = text
    }

    public init(encoding value: some Encodable, encoder: JSONEncoder = PostgresJSON.encoder) throws {
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public var postgresText: String { text }

    /// Sorted keys keep documents byte-stable for the same value.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension Array: PostgresEncodable where Element == String {
    /// A text array literal (`{"a","b"}`); cast it in SQL (`\(ids)::text[]`).
    public var postgresText: String {
        var text = "{"
        for (index, element) in enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}
