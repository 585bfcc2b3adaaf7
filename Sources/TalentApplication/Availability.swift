import Logging
import Postgres

/// Whether an error means the database cannot answer right now (down, restarting, every connection
/// busy, or a lock or statement bound reached while it is under load), as opposed to a caller's mistake
/// or a bug: clients answer it with "try again later".
public enum Availability {
    public static func isDatabaseUnavailable(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        switch error.kind {
        case .connectionFailed, .connectionLost, .noAnswer, .poolTimeout, .poolClosed: return true
        case .server:
            // 57P01–57P03: the server is shutting down or starting; 53: out of disk, memory or connections;
            // 55P03: a lock not granted within the session's bound (another writer holds it); 57014: a
            // statement cancelled at the session's bound; 25006 and 42501: a database that refuses this
            // server's writes (a standby, a read-only default, a right not granted), which only its
            // operators can mend: no client's mistake.
            return error.sqlState.map {
                $0.hasPrefix("57P") || $0.hasPrefix("53") || ["55P03", "57014", "25006", "42501"].contains($0)
            } ?? false
        default: return false
        }
    }

    /// Why the database cannot answer, for a client (``isDatabaseUnavailable(_:)`` holds).
    public static func reason(_ error: any Error) -> Unavailability {
        switch (error as? PostgresError)?.sqlState {
        case "55P03", "57014": .busy
        case "53100": .diskFull
        case "25006", "42501": .refusesWrites
        case let state? where state.hasPrefix("53"): .outOfResources
        default: .notAnswering
        }
    }

    public enum Unavailability: Sendable {
        /// Down, restarting, or not answering.
        case notAnswering
        /// What the request needs was held by other work past the session's bounds.
        case busy
        /// No room left to write: the operators must act (it does not pass by itself).
        case diskFull
        /// Out of memory or connections.
        case outOfResources
        /// Read-only (a standby, `default_transaction_read_only`) or a right not granted to the server's
        /// role: the operators must act.
        case refusesWrites

        /// How loud the log says it: a full disk or a database that refuses writes does not pass by itself,
        /// so it is said as an error, for whoever watches the log.
        public var logLevel: Logger.Level { [.diskFull, .refusesWrites].contains(self) ? .error : .warning }

        /// In words, for a client.
        public var description: String {
            switch self {
            case .notAnswering: "the register's database does not answer; try again shortly"
            case .busy: "the register is busy: what this request needs is held by other work; try again shortly"
            case .diskFull:
                "the register's database has no room left to write; try again once its operators have made room"
            case .outOfResources: "the register's database is out of memory or connections; try again shortly"
            case .refusesWrites:
                "the register's database refuses this server's writes (read-only, or a right not granted to its "
                    + "role); try again once its operators have mended it"
            }
        }
    }

    /// Seconds a client should wait before trying again.
    public static let retryAfterSeconds = 5
}
