import EventStore
import Foundation
import Postgres
import TalentDomain

/// Rebuilding the read models from the events, and checking them against a fresh derivation.
public struct ProjectionMaintenance: Sendable {
    public let store: EventStore
    public let policy: Policy

    public init(store: EventStore, policy: Policy) {
        self.store = store
        self.policy = policy
    }

    /// The tables the projector owns, truncated by a rebuild.
    static let tables: StaticString = "organizations, talents, talent_tier_history, card_history, campaign_roster"

    /// Progress of a long run: events done and the total.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// Truncates the read models and replays every event into them. An interrupted rebuild is resumed
    /// (not restarted) by the next call: the truncation and the checkpoint reset happen once, then each
    /// batch commits with its checkpoint.
    @discardableResult
    public func rebuild(batchSize: Int = 5000, progress: Progress? = nil) async throws -> Int {
        let name = TalentProjection.subscriptionName
        try await store.pool.withTransaction { connection in
            let resuming =
                try await connection.query("SELECT 1 FROM projection_rebuilds WHERE name = \(name)").count > 0
            if !resuming {
                try await connection.execute("TRUNCATE \(sql: Self.tables)")
                try await connection.execute(
                    "INSERT INTO projection_checkpoints (name) VALUES (\(name)) ON CONFLICT DO NOTHING")
                try await Subscription.reset(name, on: connection)
                try await connection.execute("INSERT INTO projection_rebuilds (name) VALUES (\(name))")
            }
        }
        let projector = ReadModelProjector(store: store, policy: policy, batchSize: batchSize)
        let total = try await store.eventCount()
        var done = try await eventsUpTo(projector.subscription.checkpoint())
        progress?(done, total)
        while true {
            let handled: Int
            do {
                handled = try await projector.subscription.processNextBatch()
            } catch is SubscriptionRaced {
                // A running server's projector moved the checkpoint first: go on from where it is.
                continue
            }
            if handled == 0 { break }
            done += handled
            progress?(done, total)
        }
        try await projector.catchUp()
        _ = try await store.pool.withConnection { connection in
            try await connection.execute("DELETE FROM projection_rebuilds WHERE name = \(name)")
        }
        return done
    }

    func eventsUpTo(_ checkpoint: Checkpoint) async throws -> Int {
        try await store.pool.withConnection { connection in
            try await connection.query(
                """
                SELECT count(*) FROM events
                WHERE (transaction_id, position) <= (\(String(checkpoint.transactionID))::xid8, \(checkpoint.position))
                """
            ).first?.decode(Int.self, at: 0) ?? 0
        }
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
        return try await store.pool.withTransaction(isolation: .repeatableRead) { connection in
            try await connection.executeScript(
                """
                DROP SCHEMA IF EXISTS projection_check CASCADE;
                CREATE SCHEMA projection_check;
                CREATE TABLE projection_check.organizations (LIKE public.organizations INCLUDING ALL);
                CREATE TABLE projection_check.talents (LIKE public.talents INCLUDING ALL);
                CREATE TABLE projection_check.talent_tier_history (LIKE public.talent_tier_history INCLUDING ALL);
                CREATE TABLE projection_check.card_history (LIKE public.card_history INCLUDING ALL);
                CREATE TABLE projection_check.campaign_roster (LIKE public.campaign_roster INCLUDING ALL);
                SET LOCAL search_path = projection_check, public;
                """
            )
            // Everything committed now, read in stream order so each stream is derived once.
            let total = try await connection.query("SELECT count(*) FROM events").first?.decode(Int.self, at: 0) ?? 0
            var done = 0
            var after = ""
            while true {
                let streamIDs = try await connection.query(
                    "SELECT stream_id FROM public.streams WHERE stream_id > \(after) ORDER BY stream_id LIMIT 2000"
                ).map { try $0.decode(String.self, at: 0) }
                guard let last = streamIDs.last else { break }
                let events = try await connection.query(
                    """
                    SELECT \(sql: EventStore.eventColumnList) FROM public.events
                    WHERE stream_id = ANY(\(streamIDs)::text[]) ORDER BY stream_id, version
                    """
                ).map(RecordedEvent.init(row:))
                try await ReadModelProjector.apply(events, policy: policy, lockingStreams: false, on: connection)
                done += events.count
                progress?(done, total)
                after = last
            }
            var differences: [Difference] = []
            for table in ["organizations", "talents", "talent_tier_history", "card_history", "campaign_roster"] {
                differences += try await Self.compare(table, limit: limit, on: connection)
            }
            try await connection.executeScript("SET LOCAL search_path = public; DROP SCHEMA projection_check CASCADE;")
            return differences
        }
    }

    static func compare(_ table: String, limit: Int, on connection: Connection) async throws -> [Difference] {
        let queries: [String: (PostgresQuery, PostgresQuery)] = [
            "organizations": (
                "SELECT t::text FROM (SELECT * FROM public.organizations EXCEPT SELECT * FROM projection_check.organizations) t LIMIT \(limit)",
                "SELECT t::text FROM (SELECT * FROM projection_check.organizations EXCEPT SELECT * FROM public.organizations) t LIMIT \(limit)"
            ),
            "talents": (
                "SELECT t::text FROM (SELECT * FROM public.talents EXCEPT SELECT * FROM projection_check.talents) t LIMIT \(limit)",
                "SELECT t::text FROM (SELECT * FROM projection_check.talents EXCEPT SELECT * FROM public.talents) t LIMIT \(limit)"
            ),
            "talent_tier_history": (
                "SELECT t::text FROM (SELECT * FROM public.talent_tier_history EXCEPT SELECT * FROM projection_check.talent_tier_history) t LIMIT \(limit)",
                "SELECT t::text FROM (SELECT * FROM projection_check.talent_tier_history EXCEPT SELECT * FROM public.talent_tier_history) t LIMIT \(limit)"
            ),
            "card_history": (
                "SELECT t::text FROM (SELECT * FROM public.card_history EXCEPT SELECT * FROM projection_check.card_history) t LIMIT \(limit)",
                "SELECT t::text FROM (SELECT * FROM projection_check.card_history EXCEPT SELECT * FROM public.card_history) t LIMIT \(limit)"
            ),
            "campaign_roster": (
                "SELECT t::text FROM (SELECT * FROM public.campaign_roster EXCEPT SELECT * FROM projection_check.campaign_roster) t LIMIT \(limit)",
                "SELECT t::text FROM (SELECT * FROM projection_check.campaign_roster EXCEPT SELECT * FROM public.campaign_roster) t LIMIT \(limit)"
            ),
        ]
        guard let (live, derived) = queries[table] else { return [] }
        let onlyLive = try await connection.query(live).map {
            Difference(table: table, side: .onlyLive, row: try $0.decode(at: 0))
        }
        let onlyDerived = try await connection.query(derived).map {
            Difference(table: table, side: .onlyDerived, row: try $0.decode(at: 0))
        }
        return onlyLive + onlyDerived
    }
}
