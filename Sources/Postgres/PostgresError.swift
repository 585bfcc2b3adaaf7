/// An error from the database layer, with what PostgreSQL said when it said something.
///
/// `description` (what logs and error messages show) carries the server's message and SQLSTATE only:
/// the server's detail can hold row values (a unique violation's detail names the key's values, which
/// may be personal data), so it is in `debugDescription` alone, as postgres-nio keeps it.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The connection string or URL could not be understood.
        case invalidConfiguration
        /// The server could not be reached or refused the connection.
        case connectionFailed
        /// The connection broke while in use.
        case connectionLost
        /// The server did not answer within the connection's answer deadline, and the connection was given
        /// up (``ConnectionConfiguration/answerDeadline``): a new one would wait as long.
        case noAnswer
        /// The server answered a statement with an error.
        case server
        /// A value could not be decoded into the requested Swift type.
        case decoding
        /// No pooled connection became free in time.
        case poolTimeout
        /// The pool was shut down.
        case poolClosed
        /// An embedded cluster could not be found, created, started or stopped.
        case cluster
        /// A caller passed a value the layer cannot use (e.g. an invalid identifier).
        case invalidArgument
    }

    public var kind: Kind
    public var message: String
    /// The five-character SQLSTATE code, for server errors.
    public var sqlState: String?
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?

    public init(
        _ kind: Kind,
        _ message: String,
        sqlState: String? = nil,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        table: String? = nil,
        column: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    public var description: String {
        // One line: libpq's own messages run over several ("server closed the connection unexpectedly\n\t
        // This probably means…"), and a log line cut there reads as two.
        var text = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let constraint { text += "; constraint: \(constraint)" }
        return text
    }

    /// Everything the server said, the detail included: for a developer's eyes, never for a log.
    public var debugDescription: String {
        var text = description
        if let detail { text += "; detail: \(detail)" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }
}

extension PostgresError {
    /// SQLSTATE 23505.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// SQLSTATE 40001 or 40P01: the transaction may succeed if retried.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
}
