import Foundation

/// A Swift type that can be read from PostgreSQL's text output format.
public protocol PostgresDecodable: Sendable {
    init(postgresText text: String) throws
}

extension PostgresDecodable {
    static func decodingError(_ text: String) -> PostgresError {
        PostgresError(.decoding, "cannot decode \(String(describing: Self.self)) from '\(text.prefix(64))'")
    }
}

extension String: PostgresDecodable {
    public init(postgresText text: String) { self = text }
}

extension Int: PostgresDecodable {
    public init(postgresText text: String) throws {
        guard let value = Int(text) else { throw Self.decodingError(text) }
        self = value
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText text: String) throws {
        guard let value = Int64(text) else { throw Self.decodingError(text) }
        self = value
    }
}

extension Int32: PostgresDecodable {
    public init(postgresText text: String) throws {
        guard let value = Int32(text) else { throw Self.decodingError(text) }
        self = value
    }
}

extension UInt64: PostgresDecodable {
    public init(postgresText text: String) throws {
        guard let value = UInt64(text) else { throw Self.decodingError(text) }
        self = value
    }
}

extension Double: PostgresDecodable {
    public init(postgresText text: String) throws {
        guard let value = Double(text) else { throw Self.decodingError(text) }
        self = value
    }
}

extension Bool: PostgresDecodable {
    public init(postgresText text: String) throws {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw Self.decodingError(text)
        }
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText text: String) throws {
        guard let value = UUID(uuidString: text) else { throw Self.decodingError(text) }
        self = value
    }
}

extension Date: PostgresDecodable {
    public init(postgresText text: String) throws {
        guard let value = PostgresTimestamp.parse(text) else { throw Self.decodingError(text) }
        self = value
    }
}

extension Data: PostgresDecodable {
    /// bytea in hex format (`\x0a1b…`), the server's default output.
    public init(postgresText text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == 92, bytes[1] == 120, bytes.count % 2 == 0 else {
            throw Self.decodingError(text)
        }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 97...102: byte - 87
            case 65...70: byte - 55
            default: nil
            }
        }
        // Filled as bytes and wrapped once: appending to a Data byte by byte costs more than the parse.
        var decoded = [UInt8](repeating: 0, count: (bytes.count - 2) / 2)
        for offset in decoded.indices {
            guard let high = nibble(bytes[2 + 2 * offset]), let low = nibble(bytes[3 + 2 * offset]) else {
                throw Self.decodingError(text)
            }
            decoded[offset] = high << 4 | low
        }
        self = Data(decoded)
    }
}

extension PostgresJSON: PostgresDecodable {
    public init(postgresText text: String) { self.init(text: text) }
}
