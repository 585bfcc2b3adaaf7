import Postgres

/// Whether an error means the database cannot answer right now (down, restarting, every connection
/// busy, or a lock or statement bound reached while it is under load), as opposed to a caller's mistake
/// or a bug: clients answer it with "try again later".
public enum Availability {
    public static func isDatabaseUnavailable(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        switch error.kind {
        case .connectionFailed, .connectionLost, .poolTimeout, .poolClosed: return true
        case .server:
            // 57P01–57P03: the server is shutting down or starting; 53300: too many connections; 55P03: a
            // lock not granted within the session's bound (another writer holds it); 57014: a statement
            // cancelled at the session's bound.
            return error.sqlState.map { $0.hasPrefix("57P") || ["53300", "55P03", "57014"].contains($0) } ?? false
        default: return false
        }
    }

    /// Seconds a client should wait before trying again.
    public static let retryAfterSeconds = 5
}
