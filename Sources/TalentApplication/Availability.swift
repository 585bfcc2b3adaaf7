import Postgres

/// Whether an error means the database cannot be reached right now (down, restarting, every connection
/// busy), as opposed to a caller's mistake or a bug: clients answer it with "try again later".
public enum Availability {
    public static func isDatabaseUnavailable(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        switch error.kind {
        case .connectionFailed, .connectionLost, .poolTimeout, .poolClosed: return true
        case .server:
            // 57P01–57P03: the server is shutting down or starting; 53300: too many connections.
            return error.sqlState.map { $0.hasPrefix("57P") || $0 == "53300" } ?? false
        default: return false
        }
    }

    /// Seconds a client should wait before trying again.
    public static let retryAfterSeconds = 5
}
