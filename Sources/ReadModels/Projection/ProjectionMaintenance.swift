import EventStore
import Foundation
import Postgres
import Schema
import TalentDomain

/// Rebuilding the read models from the events, and checking them against a fresh derivation.
public struct ProjectionMaintenance: Sendable {
    public let store: EventStore
    public let policy: Policy

    public init(store: EventStore, policy: Policy) {
        self.store = store
        self.policy = policy
    }

    /// Progress of a long run: events done and the total.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// The policy's campaigns the roster holds no row of while talents under management are in their
    /// years: campaigns added to the policy after the read models were written, whose rows a rebuild
    /// writes (until then their rosters and work-item lists are empty).
    public func campaignsWithoutRoster() async throws -> [Int] {
        let years = policy.campaigns.campaignYears.map(String.init)
        return try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT y FROM unnest(\(years)::int[]) y
                WHERE NOT EXISTS (SELECT 1 FROM campaign_roster r WHERE r.campaign = y)
                  AND EXISTS (
                      SELECT 1 FROM talents t WHERE t.status IN ('underManagement', 'pendingInvestigation')
                        AND t.period_start <= make_date(y, 12, 31))
                ORDER BY y
                """
            ).map { try $0.decode(Int.self, at: 0) }
        }
    }

    /// The subscription that feeds a rebuild's scratch schema.
    static let rebuildSubscription = "read-models-rebuild"

    /// Runs `body` as the database's only rebuilder: two servers starting on one database after an upgrade
    /// that rebuilds (or a server and `projections rebuild`) would both build the scratch schema, and the
    /// second fail on what the first created or swapped in. The turn is a session's advisory lock, held on
    /// a connection of `body`'s own (it is given it, to look at the read models before rebuilding them): a
    /// caller that finds it taken asks again every `pause`, telling `waiting` once, rather than waiting in
    /// one statement without a bound. `body` then sees what the other rebuild did.
    public func rebuildingAlone<T: Sendable>(
        pause: Duration = .seconds(1), waiting: @Sendable () -> Void = {},
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        try await store.withConnection { holder in
            let connection = holder.connection
            // Not the rebuild subscription's name: its batches take that lock themselves, on other connections.
            let key = Self.rebuildSubscription + "-turn"
            var told = false
            while try await
                !(connection.query("SELECT pg_try_advisory_lock(hashtextextended(\(key), 0))").first?
                .decode(Bool.self, at: 0) ?? false)
            {
                if !told { waiting() }
                told = true
                try await Task.sleep(for: pause)
            }
            // Handed back whatever `body` did: the connection goes back to the pool, which would keep the turn.
            let handBack: PostgresQuery = "SELECT pg_advisory_unlock(hashtextextended(\(key), 0))"
            do {
                let result = try await body(connection)
                _ = try await connection.query(handBack)
                return result
            } catch {
                _ = try? await connection.query(handBack)
                throw error
            }
        }
    }

    /// Derives every read model afresh from the events into the scratch schema `projection_rebuild`,
    /// then puts the new rows in place of the live ones in one transaction: until that moment the live
    /// tables stay whole and keep serving, and a rebuild that fails midway leaves them as they were. An
    /// interrupted rebuild is resumed (not restarted) by the next call: the scratch schema and its
    /// checkpoint are kept until the swap. Returns the number of events the rebuild projected.
    @discardableResult
    public func rebuild(batchSize: Int = 5000, progress: Progress? = nil) async throws -> Int {
        try await rebuild(batchSize: batchSize, progress: progress, afterBatch: { _ in })
    }

    /// The same, with `afterBatch` hearing of each batch (a test interrupts a rebuild through it).
    func rebuild(batchSize: Int, progress: Progress?, afterBatch: @escaping @Sendable (Int) throws -> Void)
        async throws -> Int
    {
        let name = Self.rebuildSubscription
        try await store.withTransaction { store in
            let connection = store.connection
            let resuming =
                try await connection.query(
                    "SELECT to_regnamespace('projection_rebuild') IS NOT NULL AND EXISTS (SELECT 1 FROM projection_rebuilds WHERE name = \(name))"
                ).first?.decode(Bool.self, at: 0) ?? false
            if !resuming {
                try await connection.execute("SELECT create_read_model_rebuild()")
                try await connection.execute(
                    "INSERT INTO projection_checkpoints (name) VALUES (\(name)) ON CONFLICT DO NOTHING")
                try await store.resetSubscription(name)
                try await connection.execute(
                    "INSERT INTO projection_rebuilds (name) VALUES (\(name)) ON CONFLICT DO NOTHING")
            }
        }
        let policy = policy
        let subscription = Subscription(
            name: name, store: store, batchSize: batchSize, prepare: { events in try await DecodedBatch(events) },
            handler: { events, decoded, store in
                // Into the scratch tables: the store's own tables exist only in public, so its statements still
                // find them. The live rows are not touched, so no stream needs a share lock.
                try await store.connection.executeScript("SET LOCAL search_path = projection_rebuild, public")
                try await ReadModelProjector.apply(
                    events, decoded: decoded, policy: policy, lockingStreams: false, on: store)
            })
        let total = try await store.eventCount()
        var done = try await eventsUpTo(subscription.checkpoint())
        progress?(done, total)
        try await subscription.catchUp { handled in
            done += handled
            progress?(done, total)
            try afterBatch(handled)
        }
        try await swapIn()
        // Events recorded since the rebuild's last batch reach the live tables the usual way.
        try await ReadModelProjector(store: store, policy: policy, batchSize: batchSize).catchUp()
        return done
    }

    /// Puts the rebuilt rows in place and moves the live projection's checkpoint to where the rebuild
    /// stopped, in one transaction that the live projector's batches take turns with.
    func swapIn() async throws {
        let live = TalentProjection.subscriptionName
        let rebuild = Self.rebuildSubscription
        try await store.withTransaction { store in
            let connection = store.connection
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(live), 0))")
            try await connection.execute("SELECT swap_in_read_model_rebuild()")
            try await connection.execute(
                "INSERT INTO projection_checkpoints (name) VALUES (\(live)) ON CONFLICT DO NOTHING")
            try await connection.execute(
                """
                UPDATE projection_checkpoints l SET transaction_id = r.transaction_id, position = r.position,
                    updated_at = now()
                FROM projection_checkpoints r WHERE l.name = \(live) AND r.name = \(rebuild)
                """)
            try await connection.execute("DELETE FROM projection_checkpoints WHERE name = \(rebuild)")
            try await connection.execute("DELETE FROM projection_rebuilds WHERE name = \(rebuild)")
            try await Schema.recordReadModelRevision(connection)
        }
    }

    func eventsUpTo(_ checkpoint: Checkpoint) async throws -> Int {
        try await store.withConnection { try await $0.eventCount(upTo: checkpoint) }
    }

    /// A row that differs between the live read models and a fresh derivation from the events.
    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        public enum Side: String, Sendable, Hashable {
            /// In the live table, not in the derivation.
            case onlyLive = "only in live"
            /// In the derivation, missing from (or different in) the live table.
            case onlyDerived = "only in derived"
        }

        public var table: String
        public var side: Side
        public var row: String

        public var description: String { "\(table): \(side.rawValue): \(row)" }
    }

    /// Derives every read model afresh into the scratch schema `projection_check` and reports the rows
    /// that differ from the live tables (at most `limit` per table and side). The live tables are not
    /// touched.
    ///
    /// The live projection is caught up first, and the derivation and the comparison read one snapshot
    /// (REPEATABLE READ), so rows that are merely behind are not reported. While a check runs, its
    /// transaction holds the gap-safe horizon: subscribers pause until it ends.
    public func check(limit: Int = 50, progress: Progress? = nil) async throws -> [Difference] {
        try await ReadModelProjector(store: store, policy: policy).catchUp()
        return try await store.withTransaction(isolation: .repeatableRead) { store in
            let connection = store.connection
            try await connection.execute("SELECT create_read_model_scratch()")
            // The store's tables exist only in public, so its statements still find them.
            try await connection.executeScript("SET LOCAL search_path = projection_check, public")
            // Everything committed now, read in stream order so each stream is derived once.
            let total = try await store.eventCount()
            var done = 0
            var after = ""
            while true {
                let streamIDs = try await store.streamIDs(after: after, limit: 2000)
                guard let last = streamIDs.last else { break }
                let events = try await store.readStreams(streamIDs)
                try await ReadModelProjector.apply(events, policy: policy, lockingStreams: false, on: store)
                done += events.count
                progress?(done, total)
                after = last
            }
            try await connection.executeScript("SET LOCAL search_path = public")
            let differences = try await connection.query("SELECT * FROM read_model_differences(\(limit))").map { row in
                Difference(
                    table: try row.decode(at: 0),
                    side: try row.decode(String.self, at: 1) == "onlyLive" ? .onlyLive : .onlyDerived,
                    row: try row.decode(at: 2)
                )
            }
            try await connection.executeScript("DROP SCHEMA projection_check CASCADE")
            return differences
        }
    }
}
