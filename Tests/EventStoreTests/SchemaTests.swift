import Foundation
import Postgres
import Schema
import TalentLedgerTesting
import Testing

@testable import EventStore

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

    /// The planner is told that a transaction holds a few events, and a store that holds events has its
    /// statistics gathered with it at once; a new store's empty table is not analysed, which the planner
    /// would take for a table that stays empty (its first thousands of appends looked their streams' last
    /// events up by scanning: a third of the appends' rate).
    @Test func theEventsOfATransactionAreSaidToBeFewAndANewStoresEmptyTableIsNotAnalysed() async throws {
        let store = try await makeStore("schema_statistics")
        func look() async throws -> (options: String?, tuples: Double) {
            try await store.pool.withConnection { connection in
                let row = try #require(
                    try await connection.query(
                        """
                        SELECT (SELECT attoptions::text FROM pg_attribute
                                WHERE attrelid = 'events'::regclass AND attname = 'transaction_id'),
                               (SELECT reltuples::float8 FROM pg_class WHERE oid = 'events'::regclass)
                        """
                    ).first)
                return (try row.decode(String?.self, at: 0), try row.decode(Double.self, at: 1))
            }
        }
        let fresh = try await look()
        #expect(fresh.options == "{n_distinct=-0.1}")
        #expect(fresh.tuples < 0, "a new store's events were analysed empty")
    }

    @Test func applyingTwiceChangesNothingAndKeepsData() async throws {
        let configuration = try await TestDatabase.fresh("schema_twice")
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 1))
        try await store.append(
            [NewEvent(type: "Kept", data: Data("{}".utf8), effectiveDate: "2026-01-01")], to: "keep", type: "test",
            expecting: .noStream)
        let before = try await connection.query(Self.catalog).first?.decode(String.self, at: 0)
        // Forget the version, so that the whole file is applied a second time.
        try await connection.executeScript("DELETE FROM schema_version")
        #expect(try await Schema.migrate(connection))
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
            DROP TABLE schema_version;
            """)
        try await Schema.migrate(connection)
        let catalog = try await connection.query(Self.catalog).first?.decode(String.self, at: 0) ?? ""
        #expect(catalog.contains("constraint events_pkey PRIMARY KEY (transaction_id, \"position\")"))
        #expect(!catalog.contains("index events_transaction_position"))
        try await store.append([event()], to: "old-key", type: "test", expecting: .exact(2))
        #expect(try await store.readStream("old-key").map(\.version) == [1, 2, 3])
        #expect(try await store.verify().isIntact)
    }

    /// A store from before events_command_opening: command ids in a table `appends`, no flag on the events.
    /// Applying the schema flags each command's first event and drops the table; every command's events
    /// are still found, repeats are still recognised, and the hash chains still verify.
    @Test func aStoreWithAnAppendsTableMovesItsCommandsToTheirOpeningEvents() async throws {
        let configuration = try await TestDatabase.fresh("schema_appends")
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 1))
        let (single, several, bulk) = (UUID(), UUID(), UUID())
        let (first, second) = (UUID(), UUID())
        try await store.append([event("One")], to: "old-a", type: "test", expecting: .noStream, commandID: single)
        try await store.append(
            [
                StreamAppend(streamID: "old-b", streamType: "test", expected: .noStream, events: [event(), event()]),
                StreamAppend(streamID: "old-c", streamType: "test", expected: .noStream, events: [event()]),
            ], commandID: several)
        try await store.appendBulk(
            [StreamAppend(streamID: "old-d", streamType: "test", expected: .noStream, events: [event(), event()])],
            commandID: bulk)
        try await store.pool.withTransaction { connection in
            try await EventStore.append(
                [StreamAppend(streamID: "old-e", streamType: "test", expected: .noStream, events: [event("E")])],
                commandID: first, on: connection)
            try await EventStore.append(
                [StreamAppend(streamID: "old-f", streamType: "test", expected: .noStream, events: [event("F")])],
                commandID: second, on: connection)
        }
        let commands = [single, several, bulk, first, second]
        func eventsOfEachCommand() async throws -> [[RecordedEvent]] {
            var found: [[RecordedEvent]] = []
            for command in commands { found.append(try await EventStore.events(ofCommand: command, on: connection)) }
            return found
        }
        let before = try await eventsOfEachCommand()
        try await connection.executeScript(
            """
            CREATE TABLE appends (
                command_id uuid PRIMARY KEY, recorded_at timestamptz NOT NULL DEFAULT now(),
                transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id());
            INSERT INTO appends (command_id, recorded_at, transaction_id)
                SELECT command_id, min(recorded_at), transaction_id FROM events GROUP BY command_id, transaction_id;
            DROP INDEX events_command_opening;
            ALTER TABLE events DROP COLUMN opens_append;
            DROP TABLE schema_version;
            """)
        try await Schema.migrate(connection)
        let catalog = try await connection.query(SchemaTests.catalog).first?.decode(String.self, at: 0) ?? ""
        #expect(!catalog.contains("appends."))
        #expect(catalog.contains("index events_command_opening"))
        #expect(try await eventsOfEachCommand() == before)
        let opening = try await connection.query(
            "SELECT count(*), count(DISTINCT command_id) FROM events WHERE opens_append"
        ).first
        #expect(try opening?.decode(Int.self, at: 0) == commands.count)
        #expect(try opening?.decode(Int.self, at: 1) == commands.count)
        let again = try await store.append(
            [event("One")], to: "old-a", type: "test", expecting: .exact(1), commandID: single)
        #expect(again.replayed)
        #expect(try await store.version(of: "old-a") == 1)
        #expect(try await store.verify().isIntact)
    }

    /// A database that carries this binary's version is left alone: applying the file would take locks
    /// that readers queue behind, even while a writer's transaction is open.
    @Test(.timeLimit(.minutes(3)))
    func aCurrentDatabaseIsNotMigratedAgainEvenWhileAWriterHoldsItsTables() async throws {
        let configuration = try await TestDatabase.fresh("schema_current")
        let writer = try await Connection.connect(configuration)
        defer { writer.close() }
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        #expect(try await Schema.status(connection) == .current)
        try await writer.executeScript("BEGIN; LOCK TABLE events IN ROW EXCLUSIVE MODE")
        #expect(try await Schema.migrate(connection, lockTimeout: .seconds(30)) == false)
        try await writer.executeScript("ROLLBACK")
    }

    /// A database of another version is migrated under a bounded lock wait: a writer that holds the
    /// store's tables makes the migration give up with a clear error, having changed nothing.
    @Test(.timeLimit(.minutes(3)))
    func aMigrationBehindAnOpenWriterGivesUpInTimeAndChangesNothing() async throws {
        let configuration = try await TestDatabase.fresh("schema_busy")
        let writer = try await Connection.connect(configuration)
        defer { writer.close() }
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("UPDATE schema_version SET version = 'older'")
        try await writer.executeScript("BEGIN; LOCK TABLE events IN ROW EXCLUSIVE MODE")
        let busy = await #expect(throws: Schema.Busy.self) {
            try await Schema.migrate(connection, lockTimeout: .milliseconds(200))
        }
        #expect(busy?.description.contains("nothing was changed") == true)
        #expect(try await Schema.status(connection) == .other("older"))
        try await writer.executeScript("ROLLBACK")
        #expect(try await Schema.migrate(connection))
        #expect(try await Schema.status(connection) == .current)
    }

    /// A database a newer program migrated is never migrated back by an older one.
    @Test func aDatabaseOfANewerRevisionIsNotMigratedBack() async throws {
        let configuration = try await TestDatabase.fresh("schema_newer")
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("UPDATE schema_version SET version = 'future', revision = 99")
        #expect(try await Schema.status(connection) == .newer(revision: 99))
        let refused = await #expect(throws: Schema.NotCurrent.self) { try await Schema.migrate(connection) }
        #expect(refused?.description.contains("newer program") == true)
        #expect(
            try await connection.query("SELECT version FROM schema_version").first?.decode(String.self, at: 0)
                == "future")
    }
}
