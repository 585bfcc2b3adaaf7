import Foundation
import Postgres
import Schema
import Synchronization
import TalentApplication
import TalentDomain
import Testing

@testable import EventStore
@testable import ReadModels

@Suite("Projections: incremental equals rebuild, catch-up, crash safety")
struct RebuildTests {
    struct Crash: Error {}

    @Test func incrementalEqualsRebuildAndCheckFindsNoDifference() async throws {
        let context = try await ReadModelContext("rebuild")
        _ = try await generateHistories(context, talents: 60, seed: 11)
        let projector = ReadModelProjector(store: context.store, policy: context.policy, batchSize: 37)
        try await projector.catchUp()
        let incremental = try await context.snapshotAll()
        #expect(!(incremental["talents"] ?? []).isEmpty)

        let maintenance = ProjectionMaintenance(store: context.store, policy: context.policy)
        #expect(try await maintenance.check().isEmpty)
        let replayed = try await maintenance.rebuild(batchSize: 53)
        #expect(replayed == (try await context.store.eventCount()))
        let rebuilt = try await context.snapshotAll()
        for (table, rows) in incremental {
            #expect(rebuilt[table] == rows, "table \(table) differs after a rebuild")
        }
    }

    @Test func onAGeneratedProvinceIncrementalEqualsRebuildRowForRow() async throws {
        let context = try await ReadModelContext("rebuild_province")
        // Hundreds of talents, thousands of events, every event kind: bulk-loaded, then projected
        // incrementally by the subscription in small batches.
        let province = DemoProvince(seed: 7, talents: 300)
        _ = try await province.load(into: context.store, policy: context.policy, chunkSize: 100)
        let projector = ReadModelProjector(store: context.store, policy: context.policy, batchSize: 173)
        try await projector.catchUp()
        // Commands after the load, with late facts, projected at command time.
        _ = try await generateHistories(context, talents: 20, seed: 13)
        try await projector.catchUp()
        let events = try await context.store.eventCount()
        #expect(events > 3000)
        let incremental = try await context.snapshotAll()
        #expect((incremental["talents"] ?? []).count == 320)
        #expect(!(incremental["organizations"] ?? []).isEmpty)

        let maintenance = ProjectionMaintenance(store: context.store, policy: context.policy)
        #expect(try await maintenance.check().isEmpty)
        #expect(try await maintenance.rebuild(batchSize: 997) == events)
        let rebuilt = try await context.snapshotAll()
        for (table, rows) in incremental {
            #expect(rebuilt[table] == rows, "table \(table) differs after a rebuild")
        }
    }

    @Test func aFewTalentsWrittenByOneStatementGetTheRowsCopyWrites() async throws {
        let context = try await ReadModelContext("write_paths")
        let ids = try await generateHistories(context, talents: 12, seed: 21)
        // Every command wrote its talent's rows by `replace_talent_rows`.
        let byStatement = try await context.snapshotAll()
        #expect((byStatement["talents"] ?? []).count == 12)
        var streams: [TalentID: [StoredTalentEvent]] = [:]
        for id in ids {
            streams[id] = try await context.store.readStream(TalentStream.id(id)).map(StoredTalentEvent.init)
        }
        #expect(streams.count <= TalentProjection.statementLimit)
        let policy = context.policy
        try await context.store.pool.withTransaction { connection in
            try await connection.executeScript("SELECT truncate_read_models()")
            let rows = streams.map { TalentRows(talent: $0.key, events: $0.value, policy: policy) }
            try await TalentProjection.copy(rows, on: connection)
        }
        let byCopy = try await context.snapshotAll()
        for table in ["talents", "talent_tier_history", "card_history", "campaign_roster"] {
            #expect(byCopy[table] == byStatement[table], "table \(table) differs between the two ways")
            #expect(!(byCopy[table] ?? []).isEmpty, "no rows in \(table)")
        }
    }

    /// `replace_talent_rows` takes the rows as JSON written by hand: any text (quotes, backslashes, line
    /// breaks, control characters, Chinese) and NULL read back as the values given.
    @Test func theRowsJSONReadsBackAsTheValuesGiven() throws {
        let columns = ["talent_id", "professional_field", "unit_id"]
        let rows: [[String?]] = [
            ["t-1", #"材料 "quoted" \ back"#, nil],
            ["t-2", "line\nbreak\ttab\u{01}control\u{1F}", "unit-1"],
            ["t-3", "", "unit-\u{7F}"],
        ]
        let text = TalentProjection.json(rows, columns)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == rows.count)
        for (object, row) in zip(parsed, rows) {
            #expect(Set(object.keys) == Set(columns))
            for (column, value) in zip(columns, row) {
                if let value {
                    #expect(object[column] as? String == value)
                } else {
                    #expect(object[column] is NSNull)
                }
            }
        }
        #expect(TalentProjection.json([], columns) == "[]")
    }

    @Test func checkReportsARowThatDiffersFromTheEvents() async throws {
        let context = try await ReadModelContext("check")
        _ = try await generateHistories(context, talents: 5, seed: 3)
        // The live projection is caught up; then a row is changed behind its back.
        try await ReadModelProjector(store: context.store, policy: context.policy).catchUp()
        try await context.store.pool.withConnection { connection in
            _ = try await connection.execute(
                "UPDATE talents SET status = 'tampered' WHERE talent_id = (SELECT min(talent_id) FROM talents)")
        }
        let differences = try await ProjectionMaintenance(store: context.store, policy: context.policy).check()
        #expect(differences.contains { $0.table == "talents" && $0.side == .onlyLive })
        #expect(differences.contains { $0.table == "talents" && $0.side == .onlyDerived })
    }

    struct Interrupted: Error {}

    @Test func aRebuildThatFailsMidwayLeavesTheLiveTablesAsTheyWereAndTheNextOneResumes() async throws {
        let context = try await ReadModelContext("rebuild_resume")
        _ = try await generateHistories(context, talents: 20, seed: 5)
        let before = try await context.snapshotAll()
        #expect(!(before["talents"] ?? []).isEmpty)
        func indexes() async throws -> String? {
            try await context.store.pool.withConnection {
                try await $0.query(
                    "SELECT string_agg(indexdef, E'\\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'"
                ).first?.decode(String.self, at: 0)
            }
        }
        let indexesBefore = try await indexes()
        let maintenance = ProjectionMaintenance(store: context.store, policy: context.policy)
        await #expect(throws: Interrupted.self) {
            try await maintenance.rebuild(batchSize: 10, progress: nil) { _ in throw Interrupted() }
        }
        // Midway: the live tables are whole and unchanged, the scratch schema holds the first batch.
        #expect(try await context.snapshotAll() == before)
        let scratch = try await context.store.pool.withConnection {
            try await $0.query("SELECT count(*) FROM projection_rebuild.talents").first?.decode(Int.self, at: 0)
        }
        #expect((scratch ?? 0) > 0)
        // The next rebuild resumes where the first stopped and swaps the whole result in.
        let resumed = try await maintenance.rebuild(batchSize: 10)
        #expect(resumed == (try await context.store.eventCount()))
        #expect(try await context.snapshotAll() == before)
        let leftovers = try await context.store.pool.withConnection {
            try await $0.query(
                "SELECT (SELECT count(*) FROM projection_rebuilds), to_regnamespace('projection_rebuild') IS NULL"
            ).first
        }
        #expect(try leftovers?.decode(Int.self, at: 0) == 0)
        #expect(try leftovers?.decode(Bool.self, at: 1) == true)
        // The live tables' indexes, dropped and built again around the swap, are the schema's own.
        #expect(try await indexes() == indexesBefore)
        #expect(try await maintenance.check().isEmpty)
    }

    /// Two servers starting on one database after an upgrade both rebuild: taking turns, neither fails on
    /// what the other created or swapped in, the second is told it waits, and the second sees the first's
    /// revision recorded (so a server starting after another's rebuild rebuilds nothing).
    @Test func twoRebuildsAtOnceTakeTurnsAndTheSecondSeesTheFirstsWork() async throws {
        let context = try await ReadModelContext("rebuild_alone")
        _ = try await generateHistories(context, talents: 30, seed: 7)
        try await ReadModelProjector(store: context.store, policy: context.policy).catchUp()
        let before = try await context.snapshotAll()
        let maintenance = ProjectionMaintenance(store: context.store, policy: context.policy)
        _ = try await context.store.pool.withConnection {
            try await $0.execute("DELETE FROM read_model_derivation")
        }
        final class Waits: Sendable { let count = Mutex(0) }
        let waited = Waits()
        let rebuilt = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await maintenance.rebuildingAlone(
                        pause: .milliseconds(50), waiting: { waited.count.withLock { $0 += 1 } }
                    ) { connection in
                        guard try await Schema.readModelStatus(connection) != .current else { return false }
                        try await maintenance.rebuild(batchSize: 10)
                        return true
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(
            rebuilt.filter { $0 }.count == 1 && rebuilt.count == 2,
            "one rebuilt; the other found the read models current")
        #expect(waited.count.withLock { $0 } == 1)
        #expect(try await context.snapshotAll() == before)
        #expect(try await maintenance.check().isEmpty)
    }

    @Test func theProjectorCatchesUpAfterBeingStoppedWhileWritesWentOn() async throws {
        let context = try await ReadModelContext("projector_catchup")
        let projector = ReadModelProjector(store: context.store, policy: context.policy)
        _ = try await generateHistories(context, talents: 5, seed: 21)
        try await projector.catchUp()
        // Events written by another path (a bulk load) while the projector was stopped.
        let events = try [
            TalentStream.newEvent(
                try decide(
                    try context.evaluation("bulk-1", tier: .B, certificate: "2020-05-05"), .initial, context.policy,
                    try day("2020-05-05"))[0],
                metadata: EventMetadata(actor: "import")
            )
        ]
        try await context.store.appendBulk([
            StreamAppend(
                streamID: TalentStream.id(TalentID("bulk-1")), streamType: TalentStream.type, expected: .noStream,
                events: events)
        ])
        #expect(
            try await context.history.holders(of: .B, on: try day("2021-01-01")).contains(TalentID("bulk-1")) == false)
        try await projector.catchUp()
        #expect(try await context.history.holders(of: .B, on: try day("2021-01-01")).contains(TalentID("bulk-1")))
    }

    @Test func aCrashBetweenHandlingAndCheckpointNeitherLosesNorDoublesAnEvent() async throws {
        let context = try await ReadModelContext("projector_crash")
        _ = try await generateHistories(context, talents: 8, seed: 9)
        let expected = try await context.snapshotAll()
        try await context.store.pool.withConnection { connection in
            try await connection.executeScript(
                "SELECT truncate_read_models()")
        }
        let policy = context.policy
        let crashing = Subscription(name: TalentProjection.subscriptionName, store: context.store, batchSize: 15) {
            events, connection in
            try await ReadModelProjector.apply(events, policy: policy, on: connection)
            throw Crash()
        }
        await #expect(throws: Crash.self) {
            while try await crashing.processNextBatch() == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(try await crashing.checkpoint() == .start)
        #expect(try await context.snapshot("talents").isEmpty)
        // Restarted: the same batches are handled once, and the result equals the command-time rows.
        let projector = ReadModelProjector(store: context.store, policy: policy, batchSize: 15)
        #expect(try await projector.catchUp() == (try await context.store.eventCount()))
        #expect(try await context.snapshotAll() == expected)
    }
}
