import Foundation
import Logging
import Postgres

/// Delivers the store's events, in gap-safe global order, to a handler that writes a projection.
///
/// Each batch is handled in one transaction that also moves the subscription's checkpoint, so the
/// projection's rows and its checkpoint commit together: after a crash nothing is lost and nothing is
/// applied twice. The subscription wakes on the `events` NOTIFY that follows appends (``AppendAnnouncer``)
/// and polls as a fallback.
public final class Subscription: Sendable {
    public typealias Handler = @Sendable (_ events: [RecordedEvent], _ store: StoreConnection) async throws -> Void

    public let name: String
    public let batchSize: Int
    public let pollInterval: Duration
    let store: EventStore
    let prepare: @Sendable ([RecordedEvent]) async throws -> any Sendable
    let handle: @Sendable ([RecordedEvent], (any Sendable)?, StoreConnection) async throws -> Void
    let logger: Logger

    public convenience init(
        name: String,
        store: EventStore,
        batchSize: Int = 500,
        pollInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "talentledger.subscription"),
        handler: @escaping Handler
    ) {
        self.init(
            name: name, store: store, batchSize: batchSize, pollInterval: pollInterval, logger: logger,
            prepare: { _ in }, handler: { events, _, connection in try await handler(events, connection) })
    }

    /// A subscription whose batches are first prepared without the database (decoded, say): the next
    /// batch is prepared while this one is handled, so the handler's writes overlap that work.
    public init<Prepared: Sendable>(
        name: String,
        store: EventStore,
        batchSize: Int = 500,
        pollInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "talentledger.subscription"),
        prepare: @escaping @Sendable (_ events: [RecordedEvent]) async throws -> Prepared,
        handler:
            @escaping @Sendable (_ events: [RecordedEvent], _ prepared: Prepared, _ store: StoreConnection)
            async throws -> Void
    ) {
        self.name = name
        self.store = store
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.logger = logger
        self.prepare = { events in try await prepare(events) }
        self.handle = { events, prepared, connection in
            // A batch read in the transaction itself (no read-ahead, or one that went stale) is prepared here.
            let ready: Prepared
            if let prepared = prepared as? Prepared { ready = prepared } else { ready = try await prepare(events) }
            try await handler(events, ready, connection)
        }
    }

    /// The checkpoint last committed.
    public func checkpoint() async throws -> Checkpoint {
        try await store.pool.withConnection { connection in
            try await Self.ensureCheckpoint(named: name, on: connection)
            return try await Self.checkpoint(named: name, on: connection)
        }
    }

    /// Handles one batch; returns how many events it held (0 when caught up).
    @discardableResult
    public func processNextBatch() async throws -> Int {
        let batch = try await processBatch(readAhead: nil, prefetching: false)
        return batch.handled
    }

    /// Events read (and prepared) ahead of the batch being handled, from `start` on.
    struct ReadAhead: Sendable {
        var start: Checkpoint
        var events: Task<([RecordedEvent], (any Sendable)?), Error>
    }

    /// Handles the batch after the committed checkpoint, taking its events from `readAhead` when that
    /// starts there (a subscriber of the same name may have moved the checkpoint meanwhile). With
    /// `prefetching`, the batch after this one is read on another connection while this one is handled,
    /// so the database's read overlaps the handler's work.
    func processBatch(readAhead: ReadAhead?, prefetching: Bool) async throws -> (handled: Int, next: ReadAhead?) {
        try await store.pool.withConnection { connection in
            try await Self.ensureCheckpoint(named: name, on: connection)
            // The checkpoint row exists before the transaction starts, so the transaction has no id of
            // its own when it reads: its snapshot's horizon is not held back by itself.
            return try await connection.withTransaction { connection in
                // Subscribers of one name (a server's and a rebuild's, say) take turns; an advisory lock
                // gives the transaction no id, so it does not hold back the horizon it reads under.
                try await connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(name), 0))")
                let start = try await Self.checkpoint(named: name, on: connection)
                var events: [RecordedEvent] = []
                var prepared: (any Sendable)?
                // A read ahead that failed only costs the read below (a bad event fails again there, in
                // the handler's own preparation, with its own error).
                if let readAhead, readAhead.start == start, let ahead = try? await readAhead.events.value {
                    (events, prepared) = ahead
                }
                // A read ahead is taken under an earlier horizon: when it found nothing, look again.
                if events.isEmpty {
                    events = try await EventStore.readAll(after: start, limit: batchSize, on: connection)
                }
                guard let last = events.last else { return (0, nil) }
                let next = prefetching ? startReadAhead(after: last.checkpoint) : nil
                do {
                    try await handle(events, prepared, StoreConnection(connection))
                    // Moves only from where this batch started: a second subscriber of the same name that
                    // got there first makes this one roll back instead of applying the batch twice.
                    let moved = try await connection.execute(
                        """
                        UPDATE projection_checkpoints
                        SET transaction_id = \(String(last.transactionID))::xid8, position = \(last.position), updated_at = now()
                        WHERE name = \(name) AND transaction_id = \(String(start.transactionID))::xid8
                          AND position = \(start.position)
                        """
                    )
                    guard moved == 1 else { throw SubscriptionRaced(name: name) }
                } catch {
                    next?.events.cancel()
                    throw error
                }
                return (events.count, next)
            }
        }
    }

    /// Starts reading the batch after `start` on a connection of its own.
    func startReadAhead(after start: Checkpoint) -> ReadAhead {
        let (store, batchSize, prepare) = (store, batchSize, prepare)
        return ReadAhead(
            start: start,
            events: Task {
                let events = try await store.pool.withConnection { connection in
                    try await EventStore.readAll(after: start, limit: batchSize, on: connection)
                }
                return (events, events.isEmpty ? nil : try await prepare(events))
            })
    }

    /// Handles batches until every event committed before the call is handled; returns how many were.
    /// `onBatch` hears of each batch (for progress reports). Each batch is read while the one before
    /// it is handled.
    ///
    /// A transaction still open anywhere in the cluster holds back the gap-safe horizon, so events
    /// committed after it may not be deliverable yet: this waits for the horizon to pass them, up to
    /// `timeout`, then throws ``CatchUpTimedOut``.
    @discardableResult
    public func catchUp(timeout: Duration = .seconds(30), onBatch: ((_ handled: Int) throws -> Void)? = nil)
        async throws
        -> Int
    {
        let deadline = ContinuousClock.now + timeout
        var total = 0
        var readAhead: ReadAhead?
        defer { readAhead?.events.cancel() }
        while true {
            let batch = try await processBatch(readAhead: readAhead, prefetching: true)
            readAhead = batch.next
            total += batch.handled
            guard batch.handled == 0 else {
                try onBatch?(batch.handled)
                continue
            }
            let pending = try await store.pool.withConnection { connection in
                let start = try await Self.checkpoint(named: name, on: connection)
                return try await connection.query(
                    """
                    SELECT EXISTS (SELECT 1 FROM events
                        WHERE (transaction_id, position) > (\(String(start.transactionID))::xid8, \(start.position)))
                    """
                ).first?.decode(Bool.self, at: 0) ?? false
            }
            if !pending { return total }
            guard ContinuousClock.now < deadline else { throw CatchUpTimedOut(name: name, after: timeout) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Runs until the task is cancelled: catches up, then waits for the next append's NOTIFY (or the poll
    /// interval) and catches up again. A failing batch is retried after the poll interval. `whenIdle`
    /// hears each time it starts to wait, caught up and listening.
    public func run(whenIdle: (@Sendable () -> Void)? = nil) async throws {
        var listener: Connection?
        defer { listener?.close() }
        // Through an outage the loop fails every poll interval: said the first time, then once per half
        // minute with the count of those between, and its end once (an operator's log had 7,200 lines an
        // hour of the same warning).
        var outage = RepeatedFailure()
        func warn(_ message: String, _ error: any Error) {
            guard let between = outage.failed() else { return }
            var metadata: Logger.Metadata = ["subscription": "\(name)", "error": "\(error)"]
            if between > 0 { metadata["failures since last said"] = "\(between)" }
            logger.warning("\(message)", metadata: metadata)
        }
        while !Task.isCancelled {
            // Listen before catching up: an append that commits after the catch-up looked is then
            // announced to this listener, never lost between the two.
            if listener?.isHealthy != true {
                listener?.close()
                listener = nil
                do {
                    let connection = try await Connection.connect(store.pool.configuration, logger: logger)
                    try await connection.listen(AppendAnnouncer.channel)
                    listener = connection
                } catch is CancellationError {
                    // Stopped while connecting (a server that could not listen shuts down at once): no cause
                    // to warn of.
                    return
                } catch {
                    warn("subscription cannot LISTEN; polling", error)
                }
            }
            do {
                try await catchUp()
                if let failures = outage.ended() {
                    logger.info(
                        "subscription caught up again",
                        metadata: ["subscription": "\(name)", "failures": "\(failures)"])
                }
            } catch is CancellationError {
                return
            } catch {
                warn("subscription batch failed; retrying", error)
            }
            whenIdle?()
            do {
                if let listener {
                    // In slices of at most a second, so a cancelled subscription stops promptly.
                    let deadline = ContinuousClock.now + pollInterval
                    while !Task.isCancelled, ContinuousClock.now < deadline {
                        let slice = min(Duration.seconds(1), deadline - ContinuousClock.now)
                        if try await !listener.waitForNotifications(timeout: slice).isEmpty { break }
                    }
                } else {
                    try await Task.sleep(for: pollInterval)
                }
            } catch is CancellationError {
                return
            } catch {
                // The database went away: poll, and listen again once it is back.
                warn("subscription lost its LISTEN connection; polling", error)
                listener?.close()
                listener = nil
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    static func ensureCheckpoint(named name: String, on connection: Connection) async throws {
        try await connection.execute(
            "INSERT INTO projection_checkpoints (name) VALUES (\(name)) ON CONFLICT DO NOTHING")
    }

    static func checkpoint(named name: String, on connection: Connection) async throws -> Checkpoint {
        guard
            let row = try await connection.query(
                "SELECT transaction_id::text, position FROM projection_checkpoints WHERE name = \(name)"
            ).first
        else { return .start }
        return Checkpoint(transactionID: try row.decode(at: 0), position: try row.decode(at: 1))
    }

    /// Resets the checkpoint to the start (a rebuild replays everything).
    static func reset(_ name: String, on connection: Connection) async throws {
        try await connection.execute(
            "UPDATE projection_checkpoints SET transaction_id = '0', position = 0, updated_at = now() WHERE name = \(name)"
        )
    }
}

/// Another subscriber with the same name moved the checkpoint first; this batch was rolled back.
public struct SubscriptionRaced: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var description: String { "subscription \(name) was advanced by another subscriber; batch rolled back" }
}

/// Events were committed but an open transaction kept them from being delivered in time.
public struct CatchUpTimedOut: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var after: Duration
    public var description: String {
        "subscription \(name) could not catch up within \(after): a transaction has been open all that time"
    }
}

extension EventStore {
    /// How many committed events the subscription `name` has yet to handle, counted up to `cap` (a lag
    /// that large is reported as `cap`), on the probe connection: for health and metrics.
    public func lag(ofSubscription name: String, cap: Int = 10_000) async throws -> Int {
        try await withProbe { store in
            try await store.connection.query(
                """
                SELECT count(*) FROM (
                    SELECT 1 FROM events
                    WHERE (transaction_id, position) > (
                        SELECT coalesce(max(c.transaction_id), '0'::xid8), coalesce(max(c.position), 0)
                        FROM projection_checkpoints c WHERE c.name = \(name))
                    LIMIT \(max(1, cap))) AS behind
                """
            ).first?.decode(Int.self, at: 0) ?? 0
        }
    }
}

/// A run of failures of a loop that retries, said sparingly: the first, then one per ``interval`` with the
/// count of those left unsaid between.
struct RepeatedFailure {
    let interval: Duration
    private var failures = 0
    private var unsaid = 0
    private var lastSaid: ContinuousClock.Instant?

    init(interval: Duration = .seconds(30)) {
        self.interval = interval
    }

    /// A failure: nil when it goes unsaid, else how many went unsaid since the last said.
    mutating func failed(now: ContinuousClock.Instant = .now) -> Int? {
        failures += 1
        if let lastSaid, now - lastSaid < interval {
            unsaid += 1
            return nil
        }
        defer { (lastSaid, unsaid) = (now, 0) }
        return unsaid
    }

    /// A success: the run's failures when it ends a run, else nil.
    mutating func ended() -> Int? {
        guard failures > 0 else { return nil }
        defer { (failures, unsaid, lastSaid) = (0, 0, nil) }
        return failures
    }
}
