import Postgres

/// A session of the pool's database is waiting for a lock, or the wait never came.
public struct NoLockWait: Error, CustomStringConvertible {
    public var description: String { "no session of the database waited for a lock" }
}

extension ConnectionPool {
    /// Returns once exactly one session of this database waits for a lock (such as a second append
    /// queued behind a transaction a test holds open); throws after about five seconds without one.
    public func untilOneSessionWaitsForALock() async throws {
        for _ in 0..<500 {
            let waiting = try await withConnection { connection in
                try await connection.query(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                    """
                ).first?.decode(Int.self, at: 0)
            }
            if waiting == 1 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw NoLockWait()
    }
}
