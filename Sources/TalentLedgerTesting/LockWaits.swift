import Postgres

/// A session of the pool's database is waiting for a lock, or the wait never came.
public struct NoLockWait: Error, CustomStringConvertible {
    public var description: String { "no session of the database waited for a lock" }
}

extension ConnectionPool {
    /// Returns once exactly `count` sessions of this database wait for a lock (such as a second append
    /// queued behind a transaction a test holds open); throws after about five seconds without them.
    public func untilSessionsWaitForALock(_ count: Int = 1) async throws {
        for _ in 0..<500 {
            let waiting = try await withConnection { connection in
                try await connection.query(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                    """
                ).first?.decode(Int.self, at: 0)
            }
            if waiting == count { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw NoLockWait()
    }
}
