import Foundation
import Postgres
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import EventStore
@testable import ReadModels
@testable import TalentApplication

@Suite("Command handling and read-your-writes")
struct CommandHandlingTests {
    let context: ReadModelContext

    init() async throws {
        context = try await ReadModelContext("commands")
    }

    /// W1's basic information, which a talent takes any number of times.
    static let info = BasicInfo(
        industry: "energy", professionalField: "materials", education: "master", professionalTitle: "engineer")

    @Test func aCommandIsVisibleInTheReadModelsWhenItReturns() async throws {
        let id = TalentID("ryw-1")
        let outcome = try await context.evaluate("ryw-1", tier: .C, certificate: "2021-03-01")
        #expect(outcome.state.tier == .C)
        #expect(outcome.version == Int64(outcome.events.count))
        // No projector has run: the command itself wrote the rows.
        let row = try await context.store.pool.withConnection { connection in
            try await connection.query(
                "SELECT tier, status, unit_id, version FROM talents WHERE talent_id = \("ryw-1")"
            ).first
        }
        #expect(try row?.decode(String.self, at: 0) == "C")
        #expect(try row?.decode(String.self, at: 1) == "underManagement")
        #expect(try row?.decode(Int64.self, at: 3) == outcome.version)
        #expect(try await context.history.holders(of: .C, on: try day("2022-01-01")) == [id])
        // Every event carries who wrote it and the command it came from.
        let stored = try await context.store.readStream(TalentStream.id(id))
        #expect(
            try stored.allSatisfy { try $0.metadata.actor == province.id && $0.metadata.role == "province-office" })
        #expect(try stored.contains { try $0.metadata.ruleID != nil })
    }

    @Test func commandsRacingALiveProjectorNeverFailAndReadTheirWrites() async throws {
        let projector = ReadModelProjector(
            store: context.store, policy: context.policy, batchSize: 3, pollInterval: .milliseconds(20))
        let running = Task { try await projector.run() }
        defer { running.cancel() }
        let info = Self.info
        try await withThrowingTaskGroup(of: Void.self) { group in
            for talent in 0..<3 {
                group.addTask {
                    let id = TalentID("race-\(talent)")
                    try await context.handler.handle(
                        try context.evaluation(id.rawValue, tier: .B, certificate: "2023-05-10"), for: id,
                        on: try day("2023-05-10"), by: province
                    )
                    for _ in 0..<15 {
                        let outcome = try await context.handler.handle(
                            .collectBasicInfo(campaign: 2025, info: info), for: id, on: try day("2026-01-06"),
                            by: officer
                        )
                        // The projector may have run in between: the row still shows this command.
                        let version = try await context.store.pool.withConnection { connection in
                            try await connection.query("SELECT version FROM talents WHERE talent_id = \(id.rawValue)")
                                .first?.decode(Int64.self, at: 0)
                        }
                        #expect((version ?? 0) >= outcome.version)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await projector.catchUp()
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
    }

    @Test func aRefusalNamesTheRuleAndWritesNothing() async throws {
        let before = try await context.store.eventCount()
        let refusal = await #expect(throws: Refusal.self) {
            try await context.handler.handle(
                .registerEndTerm(campaign: 2025), for: TalentID("nobody"), on: try day("2026-01-05"), by: officer)
        }
        #expect(refusal?.rule == .T1)
        #expect(try await context.store.eventCount() == before)
    }

    @Test func concurrentCommandsOnOneTalentAreRetriedNotLost() async throws {
        let id = TalentID("busy-1")
        try await context.evaluate("busy-1", tier: .B, certificate: "2023-05-10")
        let base = try await context.store.version(of: TalentStream.id(id))
        let info = Self.info
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await context.handler.handle(
                        .collectBasicInfo(campaign: 2025, info: info), for: id, on: try day("2026-01-06"), by: officer)
                }
            }
            try await group.waitForAll()
        }
        let after = try await context.store.readStream(TalentStream.id(id))
        #expect(after.count == Int(base) + 8)
        #expect(after.filter { $0.type == "BasicInfoCollected" }.count == 8)
    }

    @Test func aRepeatedCommandIDIsAnsweredFromTheFirstTime() async throws {
        let id = TalentID("idem-1")
        let command = UUID()
        let first = try await context.evaluate("idem-1", tier: .D, certificate: "2022-02-02", commandID: command)
        let again = try await context.evaluate("idem-1", tier: .D, certificate: "2022-02-02", commandID: command)
        #expect(again.replayed)
        #expect(again.events.map(\.version) == first.events.map(\.version))
        #expect(try await context.store.version(of: TalentStream.id(id)) == first.version)
    }

    /// A caller that passes the command's canonical text (the API, which checked the body against it)
    /// makes the same request digest as one that lets the handler write it: a retry is a retry either way,
    /// and another command under the same id is still told apart.
    @Test func aCommandsTextGivenOrWrittenByTheHandlerMakesTheSameRequest() async throws {
        let id = TalentID("idem-text-1")
        try await context.evaluate(id.rawValue, tier: .C, certificate: "2022-02-02")
        let info = Self.info
        let command = TalentCommand.collectBasicInfo(campaign: 2025, info: info)
        let commandID = UUID()
        let first = try await context.handler.handle(
            command, for: id, on: try day("2025-12-15"), by: officer, commandID: commandID)
        let again = try await context.handler.handle(
            command, for: id, on: try day("2025-12-15"), by: officer, commandID: commandID,
            commandText: try TalentCommandHandler.canonicalText(of: command))
        #expect(again.replayed)
        #expect(again.version == first.version)
        var other = info
        other.education = "doctor"
        let otherCommand = TalentCommand.collectBasicInfo(campaign: 2025, info: other)
        await #expect(throws: CommandIDReused.self) {
            try await context.handler.handle(
                otherCommand, for: id, on: try day("2025-12-15"), by: officer, commandID: commandID,
                commandText: try TalentCommandHandler.canonicalText(of: otherCommand))
        }
    }

    /// The evaluation of `id` appended with `command` in a transaction left open until the handler, given
    /// the same command, waits for it; then committed. Returns what the handler answered.
    func handleWhileTheSameCommandIsOpen(
        first: String, then second: String, command: UUID
    ) async throws -> TalentCommandHandler.Outcome {
        let evaluation = try context.evaluation(first, tier: .C, certificate: "2022-02-02")
        let decided = try decide(evaluation, .initial, context.policy, try day("2022-02-02"))
        return try await context.store.pool.withConnection { connection in
            try await connection.executeScript("BEGIN")
            try await EventStore.append(
                [
                    StreamAppend(
                        streamID: TalentStream.id(TalentID(first)), streamType: TalentStream.type, expected: .noStream,
                        events: try decided.map { try TalentStream.newEvent($0, metadata: EventMetadata(actor: "x")) })
                ], commandID: command, on: connection)
            let handling = Task {
                // With the version the handler saw (If-Match), so that a conflict would not be retried.
                try await context.handler.handle(
                    try context.evaluation(second, tier: .C, certificate: "2022-02-02"), for: TalentID(second),
                    on: try day("2022-02-02"), by: province, commandID: command, expectedVersion: 0)
            }
            try await context.store.pool.untilSessionsWaitForALock()
            try await connection.executeScript("COMMIT")
            return try await handling.value
        }
    }

    /// The same command handled twice at the same time for one talent: the second waits for the first's
    /// lock on the stream, finds the stream moved by its own command (a repeat, not a version conflict)
    /// and answers from it.
    @Test func aCommandHandledMeanwhileOnTheSameTalentIsAnsweredAsARepeat() async throws {
        let command = UUID()
        let outcome = try await handleWhileTheSameCommandIsOpen(first: "dup-1", then: "dup-1", command: command)
        let stored = try await context.store.readStream(TalentStream.id(TalentID("dup-1")))
        #expect(outcome.replayed)
        #expect(!stored.isEmpty)
        #expect(stored.allSatisfy { $0.commandID == command })
        #expect(outcome.events.map(\.version) == stored.map(\.version))
        #expect(outcome.version == Int64(stored.count))
        #expect(outcome.state.tier == .C)
    }

    /// A client that reuses a command id for another talent while the first is being recorded: the second
    /// append fails on the command's opening event, the handler asks again, finds the first was another
    /// request and refuses (nothing recorded for the second talent).
    @Test func aCommandReusedMeanwhileForAnotherTalentIsRefusedAndRecordsNothing() async throws {
        let command = UUID()
        await #expect(throws: CommandIDReused.self) {
            try await handleWhileTheSameCommandIsOpen(first: "dup-2", then: "dup-3", command: command)
        }
        #expect(try await context.store.version(of: TalentStream.id(TalentID("dup-3"))) == 0)
        #expect(try await context.store.version(of: TalentStream.id(TalentID("dup-2"))) > 0)
    }

    @Test func anIfMatchVersionThatIsStaleIsAConflict() async throws {
        let id = TalentID("stale-1")
        try await context.evaluate("stale-1", tier: .C, certificate: "2022-02-02")
        await #expect(throws: VersionConflict.self) {
            try await context.handler.handle(
                .retire(occurredOn: try day("2026-01-01"), rehire: nil), for: id, on: try day("2026-01-01"),
                by: officer, expectedVersion: 0)
        }
    }

    /// A command's read-model rows go to the server with its COMMIT; a dry run, which never commits, sends
    /// them before it rolls back: a write the database would refuse fails the dry run as it fails the command.
    @Test func aDryRunWritesTheRowsBeforeItRollsBack() async throws {
        let id = TalentID("dry-1")
        try await context.evaluate("dry-1", tier: .C, certificate: "2022-02-02")
        let before = try await context.store.readStream(TalentStream.id(id))
        try await context.store.pool.withConnection { connection in
            try await connection.executeScript(
                """
                ALTER TABLE talents ADD CONSTRAINT dry_run_probe CHECK (talent_id <> 'dry-1' OR version <= \(before.count))
                """)
        }
        for dryRun in [true, false] {
            let error = await #expect(throws: PostgresError.self) {
                try await context.handler.handle(
                    .recordLostContact(since: try day("2025-01-01")), for: id, on: try day("2025-02-01"),
                    by: officer, dryRun: dryRun)
            }
            #expect(error?.constraint == "dry_run_probe")
        }
        try await context.store.pool.withConnection { connection in
            try await connection.executeScript("ALTER TABLE talents DROP CONSTRAINT dry_run_probe")
        }
        let dry = try await context.handler.handle(
            .recordLostContact(since: try day("2025-01-01")), for: id, on: try day("2025-02-01"), by: officer,
            dryRun: true)
        #expect(dry.events.map(\.event.typeName) == ["ContactLost"])
        #expect(try await context.store.readStream(TalentStream.id(id)).count == before.count)
    }

    /// A command writes its talent's rows with its events; the projector, meeting those events later,
    /// leaves the rows as they are (rewriting them would hold the talent's head, and its next command, for
    /// the whole batch) and still projects a talent whose rows are behind its stream.
    @Test func theProjectorPassesOverRowsACommandWroteAndProjectsThoseBehind() async throws {
        let current = TalentID("ahead-1")
        let behind = TalentID("behind-1")
        try await context.evaluate(current.rawValue, tier: .C, certificate: "2021-03-01")
        try await context.evaluate(behind.rawValue, tier: .B, certificate: "2021-03-01")
        func rowVersion(_ talent: TalentID) async throws -> (xmin: String, version: Int64)? {
            try await context.store.pool.withConnection { connection in
                try await connection.query(
                    "SELECT xmin::text, version FROM talents WHERE talent_id = \(talent.rawValue)"
                ).first.map { (try $0.decode(String.self, at: 0), try $0.decode(Int64.self, at: 1)) }
            }
        }
        let written = try #require(try await rowVersion(current))
        let projector = ReadModelProjector(store: context.store, policy: context.policy)
        try await projector.catchUp()
        #expect(try await rowVersion(current)?.xmin == written.xmin)
        // A fact appended without its rows (as by a program that leaves them to the projector): the next
        // batch holds only the stream's last event, so the projector reads the stream whole.
        let state = try #require(try await context.replay.state(of: behind))
        let info = Self.info
        let events = try decide(
            .collectBasicInfo(campaign: 2025, info: info), state, context.policy, try day("2025-12-15"))
        let head = try await context.store.readStream(TalentStream.id(behind)).count
        try await context.store.append(
            try events.map { try TalentStream.newEvent($0, metadata: EventMetadata(actor: "a-batch-program")) },
            to: TalentStream.id(behind), type: TalentStream.type, expecting: .exact(Int64(head)))
        #expect(try await rowVersion(behind)?.version == Int64(head))
        try await projector.catchUp()
        #expect(try await rowVersion(behind)?.version == Int64(head + events.count))
        #expect(try await rowVersion(current)?.xmin == written.xmin)
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
    }

    /// The overdue list folds only talents whose row says something may be overdue: the row follows the
    /// talent's state as each command writes it.
    @Test func aTalentsRowSaysWhetherAnythingMayBeOverdue() async throws {
        let id = TalentID("owed-1")
        try await context.evaluate(id.rawValue, tier: .C, certificate: "2022-03-01")
        func flagged() async throws -> Bool? {
            try await context.store.pool.withConnection { connection in
                try await connection.query("SELECT may_be_overdue FROM talents WHERE talent_id = \(id.rawValue)")
                    .first?.decode(Bool.self, at: 0)
            }
        }
        #expect(try await flagged() == false)
        // X9: retired on 2026-01-05, reported two months later: overdue until the province verifies it.
        let reported = try await context.handler.handle(
            .retire(occurredOn: try day("2026-01-05"), rehire: nil), for: id, on: try day("2026-03-10"), by: officer)
        #expect(reported.state.mayHaveOverdueItems)
        #expect(try await flagged() == true)
        let verified = try await context.handler.handle(
            .verifyExitSituation(reason: .retiredNotRehired, confirmed: true, finding: "retired"), for: id,
            on: try day("2026-03-20"), by: province)
        #expect(!verified.state.mayHaveOverdueItems)
        #expect(try await flagged() == false)
    }

    /// A talent's row keeps its current state as the API answers it, written with the rest of the row by
    /// each command: a read of the current state takes it from there instead of folding the stream.
    @Test func aTalentsRowKeepsItsCurrentStateAsTheAPIAnswersIt() async throws {
        let id = TalentID("kept-1")
        try await context.evaluate(id.rawValue, tier: .B, certificate: "2021-03-01")
        func kept() async throws -> String? {
            try await context.store.pool.withConnection { connection in
                try await connection.query("SELECT state_json FROM talents WHERE talent_id = \(id.rawValue)")
                    .first?.decode(String?.self, at: 0)
            }
        }
        for (command, on) in [
            (TalentCommand.suspendServices(reason: "S3: late"), "2026-04-01"),
            (.restoreServices(reason: "S4: made up"), "2026-05-01"),
            (.retire(occurredOn: try day("2026-05-02"), rehire: nil), "2026-05-20"),
        ] {
            let outcome = try await context.handler.handle(command, for: id, on: try day(on), by: province)
            let folded = try #require(try await context.replay.state(of: id))
            #expect(outcome.state == folded)
            let text = try #require(try await kept(), "after \(command)")
            #expect(text == (CurrentState.json(folded)))
            #expect(try JSONDecoder().decode(Talent.self, from: Data(text.utf8)) == folded)
        }
    }

    /// A talent's row keeps the last business day of its facts, written with the rest of the row by each
    /// command, whether it was decided on the kept state or on the stream (a fact dated before the last
    /// one): a command on the kept state reads it there instead of looking over the stream.
    @Test func aTalentsRowKeepsTheLastBusinessDayOfItsFacts() async throws {
        let id = TalentID("days-1")
        try await context.evaluate(id.rawValue, tier: .B, certificate: "2021-03-01")
        func kept() async throws -> String? {
            try await context.store.pool.withConnection { connection in
                try await connection.query("SELECT last_day::text FROM talents WHERE talent_id = \(id.rawValue)")
                    .first?.decode(String?.self, at: 0)
            }
        }
        func stream() async throws -> String? {
            try await context.store.readStream(TalentStream.id(id)).map(\.effectiveDate).max()
        }
        #expect(try await kept() == "2021-03-01")
        for (command, on) in [
            (TalentCommand.suspendServices(reason: "S3: late"), "2026-04-01"),
            (.collectBasicInfo(campaign: 2025, info: Self.info), "2026-04-10"),
            // Dated before the last fact: decided on the stream, its day kept all the same.
            (.restoreServices(reason: "S4: made up"), "2026-04-05"),
        ] {
            try await context.handler.handle(command, for: id, on: try day(on), by: province)
            #expect(try await kept() == (try await stream()), "after \(command)")
        }
        #expect(try await kept() == "2026-04-10")
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
    }

    /// A command on a talent whose rows showed its whole stream rewrites only the tables its append
    /// changed (a table left alone keeps its rows' `xmin`), and every table still reads as a fresh
    /// derivation would write it.
    @Test func aCommandOnCurrentRowsRewritesOnlyTheTablesItChanged() async throws {
        let id = TalentID("only-1")
        try await context.evaluate(id.rawValue, tier: .C, certificate: "2021-03-01")
        func writers() async throws -> [String: [String]] {
            try await context.store.pool.withConnection { connection in
                let queries: [(String, PostgresQuery)] = [
                    ("talents", "SELECT xmin::text FROM talents WHERE talent_id = \(id.rawValue)"),
                    (
                        "talent_tier_history",
                        "SELECT xmin::text FROM talent_tier_history WHERE talent_id = \(id.rawValue)"
                    ),
                    ("card_history", "SELECT xmin::text FROM card_history WHERE talent_id = \(id.rawValue)"),
                    ("campaign_roster", "SELECT xmin::text FROM campaign_roster WHERE talent_id = \(id.rawValue)"),
                ]
                var found: [String: [String]] = [:]
                for (table, query) in queries {
                    found[table] = try await connection.query(query).map { try $0.decode(String.self, at: 0) }.sorted()
                }
                return found
            }
        }
        func changedTables(by command: TalentCommand, on date: String) async throws -> Set<String> {
            let before = try await writers()
            try await context.handler.handle(command, for: id, on: try day(date), by: province)
            let after = try await writers()
            #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
            return Set(after.keys.filter { after[$0] != before[$0] })
        }
        let info = Self.info
        // W1's progress moves on the roster; the cards and the tier stay.
        #expect(
            try await changedTables(by: .collectBasicInfo(campaign: 2025, info: info), on: "2025-12-15")
                == ["talents", "campaign_roster"])
        // The same information again changes the talent's row (its version) alone.
        #expect(
            try await changedTables(by: .collectBasicInfo(campaign: 2025, info: info), on: "2025-12-16")
                == ["talents"])
        // S3 suspends two cards: their history is rewritten.
        #expect(
            try await changedTables(by: .suspendServices(reason: "S3: late"), on: "2026-04-01")
                == ["talents", "card_history"])
    }

    /// The roster depends on the policy it was derived under as well as on the stream (a policy that
    /// names a new campaign year adds rows): a command compares the roster it derives with the rows
    /// stored, not with a derivation of the state before it, and writes them when they differ.
    @Test func aCommandWritesTheRosterWhenTheStoredRowsDifferFromItsOwn() async throws {
        let id = TalentID("roster-1")
        try await context.evaluate(id.rawValue, tier: .C, certificate: "2021-03-01")
        let info = Self.info
        let collect = TalentCommand.collectBasicInfo(campaign: 2025, info: info)
        try await context.handler.handle(collect, for: id, on: try day("2025-12-15"), by: province)
        // Rows at the stream's version, but a roster as another policy would have left it.
        _ = try await context.store.pool.withConnection { connection in
            try await connection.execute("DELETE FROM campaign_roster WHERE talent_id = \(id.rawValue)")
        }
        let check = ProjectionMaintenance(store: context.store, policy: context.policy)
        #expect(try await !check.check().isEmpty)
        // The same information again changes no roster row of the talent's state (the test above).
        try await context.handler.handle(collect, for: id, on: try day("2025-12-16"), by: province)
        #expect(try await check.check().isEmpty)
    }

    /// Rows behind the stream (a fact appended without them, the projector not yet past it) are replaced
    /// whole by the next command; and rows that moved between the command's read and its write (another
    /// version than the command saw) are too, by `update_talent_rows` itself.
    @Test func rowsNotAtTheVersionTheCommandSawAreReplacedWhole() async throws {
        let id = TalentID("lagging-1")
        try await context.evaluate(id.rawValue, tier: .B, certificate: "2021-03-01")
        let state = try #require(try await context.replay.state(of: id))
        let events = try decide(.suspendServices(reason: "S3: late"), state, context.policy, try day("2026-04-01"))
        let head = try await context.store.readStream(TalentStream.id(id)).count
        try await context.store.append(
            try events.map { try TalentStream.newEvent($0, metadata: EventMetadata(actor: "a-batch-program")) },
            to: TalentStream.id(id), type: TalentStream.type, expecting: .exact(Int64(head)))
        try await context.handler.handle(
            .restoreServices(reason: "S4"), for: id, on: try day("2026-05-01"), by: province)
        let check = ProjectionMaintenance(store: context.store, policy: context.policy)
        #expect(try await check.check().isEmpty)

        // The statement of a command that saw its rows at a version they no longer show, in the transaction of
        // the command's append (a command's rows are written there, and only there: a repeat of the command
        // committed by another transaction writes none).
        try await context.store.withTransaction { store in
            let connection = store.connection
            let current = try #require(try await context.replay.state(of: id))
            let more = try decide(
                .suspendServices(reason: "S3: late again"), current, context.policy, try day("2026-06-01"))
            let commandID = UUID()
            let before = try await store.readStream(TalentStream.id(id)).count
            try await store.append(
                [
                    StreamAppend(
                        streamID: TalentStream.id(id), streamType: TalentStream.type, expected: .exact(Int64(before)),
                        events: try more.map { try TalentStream.newEvent($0, metadata: EventMetadata(actor: "a")) })
                ], commandID: commandID)
            let recorded = try await store.readStream(TalentStream.id(id))
            var history = TalentHistory(id)
            history.add(try recorded.map(StoredTalentEvent.init))
            let rows = TalentRows(talent: id, events: try recorded.map(StoredTalentEvent.init), policy: context.policy)
            let shown = TalentProjection.RowsShown(version: rows.lastAppendFrom - 1, roster: "")
            try await connection.execute("DELETE FROM card_history WHERE talent_id = \(id.rawValue)")
            try await connection.execute(
                "UPDATE talents SET version = 0, jixiang_card = 'none' WHERE talent_id = \(id.rawValue)")
            // Rows of an append that is not the stream's last (a command answered as a repeat) are not written.
            let other = TalentProjection.appendedRows(history, policy: context.policy, over: shown, commandID: UUID())
            #expect(try await connection.query(other.statement.query).first?.decode(Bool.self, at: 0) == false)
            // Rows derived from the kept state carry no tier or card history: over rows that moved they are
            // refused (the command is then decided again from the stream), never written without them.
            let head = try #require(recorded.last)
            let fromKeptState = try #require(
                TalentProjection.appendedRows(
                    keptState: history.state, of: id, lastDay: try Day(head.effectiveDate), adding: [],
                    policy: context.policy,
                    over: TalentProjection.RowsShown(version: head.version, roster: ""), commandID: commandID))
            try await connection.execute("SAVEPOINT refused")
            let refused = await #expect(throws: PostgresError.self) {
                try await connection.query(fromKeptState.statement.query)
            }
            #expect(refused?.sqlState == "TL412")
            try await connection.execute("ROLLBACK TO SAVEPOINT refused")
            let ours = TalentProjection.appendedRows(history, policy: context.policy, over: shown, commandID: commandID)
            #expect(try await connection.query(ours.statement.query).first?.decode(Bool.self, at: 0) == true)
        }
        #expect(try await check.check().isEmpty)
    }
}
