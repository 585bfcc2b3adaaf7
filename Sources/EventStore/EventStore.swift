import Foundation
import Logging
import NIOPosix
import Postgres

/// A generic, append-only event store on PostgreSQL.
///
/// It owns streams of events, each a sequence of versions with a SHA-256 hash chained to the previous
/// event; appends check the expected version and are idempotent by command id; global reads are
/// gap-safe; subscriptions keep their checkpoint with their writes. It knows nothing of talents: event
/// types and payloads are the caller's.
public final class EventStore: Sendable {
    public let pool: ConnectionPool
    /// Wakes subscribers after appends made through this store.
    public let announcer: AppendAnnouncer
    /// Single-event appends through the pool, sharing transactions when many arrive at once.
    let queue: AppendQueue
    let logger: Logger

    /// - Parameters:
    ///   - appendConcurrency: how many single-event append transactions run at once before further
    ///     single-event appends wait and share the next one (group commit). The default, the processors
    ///     of this machine, suits a database server of about the same size; a larger server takes more.
    ///   - appendPatience: the longest a single-event append waits for one of those transactions before
    ///     it goes alone (when the slots wait for a lock held elsewhere).
    public init(
        pool: ConnectionPool, appendConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        appendPatience: Duration = .milliseconds(500), logger: Logger = Logger(label: "talentledger.eventstore")
    ) {
        self.pool = pool
        self.logger = logger
        self.announcer = AppendAnnouncer(pool: pool, logger: logger)
        self.queue = AppendQueue(pool: pool, limit: appendConcurrency, patience: appendPatience)
    }

    /// The number of events stored (for health reports).
    public func eventCount() async throws -> Int {
        try await pool.withConnection { connection in
            try await connection.query("SELECT count(*) FROM events").first?.decode(Int.self, at: 0) ?? 0
        }
    }

    /// The current version of a stream, `0` when it does not exist.
    public func version(of streamID: String) async throws -> Int64 {
        try await pool.withConnection { connection in
            try await connection.query("SELECT version FROM streams WHERE stream_id = \(streamID)")
                .first?.decode(Int64.self, at: 0) ?? 0
        }
    }
}
