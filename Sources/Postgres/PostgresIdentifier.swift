/// A name that must appear in SQL text (a database or a channel: PostgreSQL takes no parameter there),
/// accepted only when it is a plain lower-case identifier, then double-quoted.
public struct PostgresIdentifier: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// - Parameter what: how the error names the value ("database name", "channel name").
    public init(_ name: String, what: String = "identifier") throws {
        guard Self.isPlain(name) else {
            throw PostgresError(.invalidArgument, "'\(name)' is not a valid \(what) (a-z, 0-9, _; at most 63)")
        }
        self.name = name
    }

    /// `a-z`, `0-9` and `_`, not starting with a digit, at most 63 bytes.
    public static func isPlain(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 63
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            && !(name.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? true)
    }

    /// The identifier as SQL text.
    public var quoted: String { "\"\(name)\"" }

    public var description: String { name }
}
