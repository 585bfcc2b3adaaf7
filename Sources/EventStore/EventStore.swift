import Foundation
import Logging
import Postgres

/// A generic, append-only event store on PostgreSQL.
///
/// It owns streams of events, each a sequence of versions with a SHA-256 hash chained to the previous
/// event; appends check the expected version and are idempotent by command id; global reads are
/// gap-safe; subscriptions keep their checkpoint with their writes. It knows nothing of talents: event
/// types and payloads are the caller's.
public final class EventStore: Sendable {
    /// The store's connections: an implementation detail, reached through ``withTransaction(isolation:logger:_:)``.
    let pool: ConnectionPool
    /// Wakes subscribers after appends made through this store.
    public let announcer: AppendAnnouncer
    /// Single-event appends through the pool, sharing transactions when many arrive at once.
    let queue: AppendQueue
    /// One connection of its own for health probes, every statement on it bounded to a second: a probe
    /// never waits behind the store's work, nor for long on a database that does not answer.
    let probe: ConnectionPool
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
        self.queue = AppendQueue(pool: pool, limit: appendConcurrency, patience: appendPatience, logger: logger)
        self.probe = ConnectionPool(
            configuration: pool.configuration.with(
                settings: ["statement_timeout": "1000", "lock_timeout": "1000"], connectTimeoutSeconds: 2,
                answerDeadline: .seconds(3)),
            maximumConnections: 1, acquireTimeout: .seconds(1), logger: logger)
    }

    /// The number of events stored, read from the streams' heads rather than by counting events.
    public func eventCount() async throws -> Int {
        try await withConnection { try await $0.eventCount() }
    }

    /// Whether no stream exists yet.
    public func isEmpty() async throws -> Bool {
        try await pool.withConnection { connection in
            try await connection.query("SELECT NOT EXISTS (SELECT 1 FROM streams)").first?.decode(Bool.self, at: 0)
                ?? true
        }
    }

    /// Runs a health probe's statements on the probe's own connection, each bounded to a second. A probe
    /// whose connection was lost under it runs once more on a new one: its one connection may date from
    /// before the database restarted, and the database is reachable if a new one answers (a chaos test's
    /// first probe after a restart said "unreachable" 20 s after the database was back). One the database
    /// did not answer is not tried again: a new connection would wait as long, past a prober's patience.
    public func withProbe<T: Sendable>(logger: Logger? = nil, _ body: (StoreConnection) async throws -> T)
        async throws -> T
    {
        do {
            return try await probe.withConnection(logger: logger) { try await body(StoreConnection($0)) }
        } catch let error as PostgresError where error.kind == .connectionLost {
            return try await probe.withConnection(logger: logger) { try await body(StoreConnection($0)) }
        }
    }

    /// The current version of a stream, `0` when it does not exist.
    public func version(of streamID: String) async throws -> Int64 {
        try await withConnection { try await $0.versions(of: [streamID])[streamID] ?? 0 }
    }

    /// Ends the store's background work (the append queue's watcher, a pending announcement), waiting
    /// for it, and closes the probe's connection. The pool is the caller's to close.
    public func close() async {
        await queue.close()
        await announcer.close()
        await probe.close()
    }
}
