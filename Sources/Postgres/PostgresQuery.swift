/// A statement whose interpolated values become bound parameters (`$1`, `$2`, …), never SQL text.
///
/// ```swift
/// let query: PostgresQuery = "SELECT version FROM streams WHERE stream_id = \(id)"
/// ```
/// Write casts next to the placeholder when PostgreSQL cannot infer a type: `\(json)::jsonb`.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var sql: String
    /// Parameter values in text format; `nil` is SQL NULL.
    public private(set) var binds: [String?]

    /// SQL from a runtime text: this module's own statements only (a transaction's `BEGIN`), never a
    /// caller's, whose SQL is a literal with its values bound.
    init(sql: String, binds: [String?] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(sql: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Splices a fragment of SQL written in the source (a column list, say). Only compile-time
        /// constants are accepted, so no value from outside can become SQL text.
        public mutating func appendInterpolation(sql fragment: StaticString) {
            sql += fragment.description
        }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresText)
            sql += "$\(binds.count)"
        }

        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            binds.append(value?.postgresText)
            sql += "$\(binds.count)"
        }

        /// Splices a fragment written in the source (a shared condition, say), its values bound in place.
        public mutating func appendInterpolation(_ fragment: Fragment) {
            for part in fragment.parts {
                switch part {
                case .sql(let text): sql += text
                case .bind(let value):
                    binds.append(value)
                    sql += "$\(binds.count)"
                }
            }
        }
    }

    /// A piece of a statement, written like one (values interpolated are bound, never spliced), to be
    /// interpolated into statements that share it: its placeholders are numbered where it lands.
    public struct Fragment: Sendable, ExpressibleByStringInterpolation {
        enum Part: Sendable {
            case sql(String)
            case bind(String?)
        }

        var parts: [Part]

        public init(stringLiteral value: String) {
            parts = [.sql(value)]
        }

        public init(stringInterpolation: FragmentInterpolation) {
            parts = stringInterpolation.parts
        }

        public struct FragmentInterpolation: StringInterpolationProtocol {
            var parts: [Part] = []

            public init(literalCapacity: Int, interpolationCount: Int) {
                parts.reserveCapacity(2 * interpolationCount + 1)
            }

            public mutating func appendLiteral(_ literal: String) {
                parts.append(.sql(literal))
            }

            public mutating func appendInterpolation(sql fragment: StaticString) {
                parts.append(.sql(fragment.description))
            }

            public mutating func appendInterpolation(_ value: some PostgresEncodable) {
                parts.append(.bind(value.postgresText))
            }

            public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
                parts.append(.bind(value?.postgresText))
            }

            public mutating func appendInterpolation(_ fragment: Fragment) {
                parts += fragment.parts
            }
        }
    }

    /// The SQL text only; values are not shown so that personal data and secrets stay out of logs.
    public var description: String { sql }
}

extension PostgresQuery {
    /// The parameters as the C strings libpq takes, all in one buffer (one allocation and one copy per
    /// statement), valid for the duration of `body`. A NUL character would cut a C string short without a
    /// word, and PostgreSQL text cannot hold one: such a value is refused.
    func withParameterPointers<Result>(
        _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) throws -> Result
    ) throws -> Result {
        let size = binds.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(size, 1))
        defer { buffer.deallocate() }
        var pointers = [UnsafePointer<CChar>?](repeating: nil, count: binds.count)
        var offset = 0
        for (index, bind) in binds.enumerated() {
            guard var value = bind else { continue }
            let start = offset
            offset += try value.withUTF8 { bytes in
                if bytes.contains(0) {
                    throw PostgresError(
                        .invalidArgument, "parameter $\(index + 1) contains a NUL character, which text cannot hold")
                }
                _ = UnsafeMutableBufferPointer(rebasing: buffer[start..<start + bytes.count]).initialize(from: bytes)
                return bytes.count
            }
            buffer[offset] = 0
            offset += 1
            pointers[index] = UnsafeRawPointer(buffer.baseAddress! + start).assumingMemoryBound(to: CChar.self)
        }
        return try pointers.withUnsafeBufferPointer(body)
    }
}
