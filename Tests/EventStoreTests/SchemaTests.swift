import EventStore
import Foundation
import Postgres
import Schema
import TalentLedgerTesting
import Testing

@Suite("schema.sql")
struct SchemaTests {
    /// Everything a migration could change: columns, constraints, indexes, functions, triggers.
    static let catalog: PostgresQuery = """
        SELECT string_agg(item, E'\\n' ORDER BY item) FROM (
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                || ' ' || coalesce(column_default, '') AS item
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace
            UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT 'function ' || p.proname || ' ' || md5(pg_get_functiondef(p.oid)) FROM pg_proc p
                WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
            UNION ALL SELECT 'aggregate ' || p.proname || ' ' || pg_get_function_arguments(p.oid) FROM pg_proc p
                WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'a'
            UNION ALL SELECT 'view ' || viewname || ' ' || md5(definition) FROM pg_views WHERE schemaname = 'public'
            UNION ALL SELECT 'trigger ' || tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
        ) items
        """

    @Test func applyingTwiceChangesNothingAndKeepsData() async throws {
        let configuration = try await TestDatabase.fresh("schema_twice")
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 1))
        try await store.append(
            [NewEvent(type: "Kept", data: Data("{}".utf8), effectiveDate: "2026-01-01")], to: "keep", type: "test",
            expecting: .noStream)
        let before = try await connection.query(Self.catalog).first?.decode(String.self, at: 0)
        try await Schema.migrate(connection)
        let after = try await connection.query(Self.catalog).first?.decode(String.self, at: 0)
        #expect(before == after)
        #expect(before?.contains("function append_batch") == true)
        #expect(before?.contains("aggregate hash_chain") == true)
        #expect(before?.contains("view organization_chain") == true)
        #expect(try await store.eventCount() == 1)
        #expect(try await store.verify().isIntact)
    }

    /// A store made before the events' key became their global order: key on `position`, plus the
    /// gap-safe index. Applying the schema moves the key, drops the old index and keeps every event
    /// readable and verifiable.
    @Test func aStoreKeyedByPositionIsMovedToTheGlobalOrderKey() async throws {
        let configuration = try await TestDatabase.fresh("schema_key")
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 1))
        try await store.append([event(), event()], to: "old-key", type: "test", expecting: .noStream)
        try await connection.executeScript(
            """
            ALTER TABLE events DROP CONSTRAINT events_pkey, ADD CONSTRAINT events_pkey PRIMARY KEY (position);
            CREATE INDEX events_transaction_position ON events (transaction_id, position);
            """)
        try await Schema.migrate(connection)
        let catalog = try await connection.query(Self.catalog).first?.decode(String.self, at: 0) ?? ""
        #expect(catalog.contains("constraint events_pkey PRIMARY KEY (transaction_id, \"position\")"))
        #expect(!catalog.contains("index events_transaction_position"))
        try await store.append([event()], to: "old-key", type: "test", expecting: .exact(2))
        #expect(try await store.readStream("old-key").map(\.version) == [1, 2, 3])
        #expect(try await store.verify().isIntact)
    }
}
