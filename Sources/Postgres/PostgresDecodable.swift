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
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 97...102: byte - 87
            case 65...70: byte - 55
            default: nil
            }
        }
        let utf8 = text.utf8
        guard utf8.count >= 2, utf8.count % 2 == 0, utf8.starts(with: [92, 120]) else {
            throw Self.decodingError(text)
        }
        // Decoded straight into the Data's own buffer: every event read carries a hash, and copying the
        // text into an array first, then the bytes into the Data, cost three allocations per value.
        var decoded = Data(count: (utf8.count - 2) / 2)
        let valid = decoded.withUnsafeMutableBytes { buffer in
            var digits = utf8.dropFirst(2).makeIterator()
            for offset in 0..<buffer.count {
                guard let high = digits.next().flatMap(nibble), let low = digits.next().flatMap(nibble) else {
                    return false
                }
                buffer[offset] = high << 4 | low
            }
            return true
        }
        guard valid else { throw Self.decodingError(text) }
        self = decoded
    }
}

extension PostgresJSON: PostgresDecodable {
    public init(postgresText text: String) { self.init(text: text) }
}
