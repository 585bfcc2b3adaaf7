// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S2 and T4 are the register's own spelling.

import ArgumentParser
import EventStore
import Foundation
import Logging
import Postgres
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import talentledger

@Suite("Command line: bad input is refused before anything runs")
struct CommandLineValidationTests {
    @Test func aMalformedDatabaseURLIsAValidationError() throws {
        let error = #expect(throws: (any Error).self) {
            try Migrate.parse(["--database-url", "mysql://hr:secret@host/db"])
        }
        let message = Migrate.message(for: try #require(error))
        #expect(message.contains("postgres://"))
        #expect(!message.contains("secret"))
    }

    @Test(arguments: [
        ["--port", "0"], ["--port", "70000"], ["--log-level", "loud"], ["--today", "2026-02-30"],
        ["--today", "2026-03-20", "--database-url", "postgres://hr@localhost/register"],
        ["--minimum-free-disk", "-1"], ["--minimum-free-disk", "lots"],
    ])
    func serveRefusesImpossibleSettings(arguments: [String]) {
        #expect(throws: (any Error).self) { try Serve.parse(arguments) }
    }

    /// S2: a demonstration clock shows its day and runs on from there; only on the embedded cluster.
    @Test func S2_aDemonstrationClockShowsItsDayAndRunsOn() throws {
        let day = try Day("2026-03-20")
        let clock = BusinessDay.clock(startingOn: day)
        #expect(BusinessDay.today(now: clock()) == day)
        let first = clock()
        #expect(clock() >= first)
        #expect(throws: Never.self) { try Serve.parse(["--today", "2026-03-20"]) }
    }

    @Test(arguments: [
        ["--append-concurrency", "0"], ["--writers", "0"], ["--writers", "65"], ["--bench-database", "talentledger"],
    ])
    func benchRefusesImpossibleSizesAndARealDatabase(arguments: [String]) {
        #expect(throws: (any Error).self) { try Bench.parse(arguments) }
        #expect(throws: Never.self) { try Bench.parse(["--append-concurrency", "3", "--writers", "4"]) }
    }

    @Test func talentShowRefusesAnImpossibleDate() {
        #expect(throws: (any Error).self) { try TalentGroup.Show.parse(["T-1", "--as-of", "2026-13-01"]) }
        #expect(throws: (any Error).self) { try TalentGroup.Show.parse(["T-1", "--known-at", "yesterday"]) }
    }
}

/// `talent show` says what the state holds beyond the tier: the medical service, the subsidy, the
/// retirement and its rehire, and a situation reported and waiting (X1, X9, E4, E5).
@Test func aTalentsSummarySaysItsRetirementAndTheReportsWaiting() throws {
    let policy = try PolicyDirectory.load()
    var state = Talent.initial
    func run(_ command: TalentCommand, on day: String) throws {
        state = Talent.fold(try decide(command, state, policy, try Day(day)), from: state)
    }
    try run(
        .evaluate(
            Evaluation(
                talentId: TalentID("cli-9"), tier: .C, unit: UnitID("unit-1"), professionalField: "optics",
                evaluatingDocument: "d", certificateDate: try Day("2022-03-01"))), on: "2022-03-01")
    try run(
        .retire(
            occurredOn: try Day("2026-01-10"),
            rehire: RehireTerms(agreementReference: "R-1", sameField: true, validUntil: try Day("2026-06-30"))),
        on: "2026-01-15")
    try run(.recordDeath(occurredOn: try Day("2026-02-01")), on: "2026-03-20")
    let lines = TalentSummary.lines(state, id: "cli-9")
    #expect(lines.contains("medical     yes"))
    #expect(lines.contains("subsidy     500000 yuan, 0 paid"))
    #expect(lines.contains("retired     2026-01-10; rehired (R-1 until 2026-06-30)"))
    #expect(
        lines.contains(
            "reported    died (X8) occurred 2026-02-01, reported 2026-03-20 late: awaits the province's verification"),
        "\(lines)")
}

@Suite("Command line against a database")
struct CommandLineDatabaseTests {
    @Test func showTimelineRebuildAndCheckRunAndAMissingTalentIsAClearFailure() async throws {
        let configuration = try await TestDatabase.fresh("cli")
        let cluster = try await TestDatabase.sharedCluster()
        let url = cluster.url(database: try #require(configuration.database))
        let policy = try PolicyDirectory.load()
        let certificate = try Day("2021-05-06")
        try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            let register = TalentRegister(store: store, policy: policy)
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("cli-1"), tier: .C, unit: UnitID("unit-1"), professionalField: "optics",
                        evaluatingDocument: "吉人社字〔2021〕9号", certificateDate: certificate
                    )
                ),
                for: TalentID("cli-1"), on: certificate, by: .system, reason: "评定名单录入"
            )
        }

        let show = try TalentGroup.Show.parse(["cli-1", "--as-of", "2022-01-01", "--database-url", url])
        let shown = try await show.output()
        #expect(shown.contains("talent      cli-1"))
        #expect(shown.contains("tier        C"))
        #expect(shown.contains("status      underManagement"))
        #expect(shown.contains("period      2021-05-06 – 2026-05-05"))
        let json = try TalentGroup.Show.parse(["cli-1", "--json", "--database-url", url])
        let decoded = try JSONSerialization.jsonObject(with: Data(try await json.output().utf8)) as? [String: Any]
        #expect(decoded?["tier"] as? String == "C")
        let timeline = try TalentGroup.TimelineCommand.parse(["cli-1", "--database-url", url])
        let lines = try await timeline.output().split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("v1  2021-05-06  recorded ") == true)
        let evaluated = "TalentEvaluated  (认定为C类（吉人社字〔2021〕9号），管理期 2021-05-06 至 2026-05-05)"
        #expect(lines.first?.contains("\(evaluated)  by talentledger  [T1]  «评定名单录入»") == true, "\(lines)")
        #expect(lines.first?.hasSuffix("→ tier C underManagement") == true)
        let early = try TalentGroup.Show.parse(["cli-1", "--as-of", "2020-01-01", "--database-url", url])
        let notYet = await #expect(throws: CLIFailure.self) { try await early.output() }
        #expect(notYet?.description.contains("not yet evaluated") == true)
        #expect(notYet?.description.contains("2020-01-01") == true)
        // LIMITS, as the API's asOf: no day past the register's.
        let beyond = await #expect(throws: CLIFailure.self) {
            try await TalentGroup.Show.parse(["cli-1", "--as-of", "9999-12-31", "--database-url", url]).output()
        }
        #expect(beyond?.description.hasPrefix("--as-of: 9999-12-31 is outside the days the register holds") == true)
        let missing = try TalentGroup.Show.parse(["nobody", "--database-url", url])
        let failure = await #expect(throws: CLIFailure.self) { try await missing.run() }
        #expect(failure?.description.contains("no talent nobody") == true)

        let rebuild = try ProjectionsGroup.Rebuild.parse(["--database-url", url])
        try await rebuild.run()
        let check = try ProjectionsGroup.Check.parse(["--database-url", url])
        try await check.run()
        let quarantined = try ProjectionsGroup.Quarantined.parse(["--database-url", url])
        #expect(try await quarantined.output() == "no stream is set aside")
        let verify = try Verify.parse(["--database-url", url])
        try await verify.run()
    }

    /// `/health` counts the streams set aside and names none; the operator lists them, with the error.
    @Test func theStreamsSetAsideAreListedForTheOperator() async throws {
        let configuration = try await TestDatabase.fresh("cli_quarantine")
        let cluster = try await TestDatabase.sharedCluster()
        let url = cluster.url(database: try #require(configuration.database))
        try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            try await store.append(
                [NewEvent(type: "NoSuchEvent", data: Data("{}".utf8), effectiveDate: "2021-03-01")],
                to: "talent-broken", type: "talent", expecting: .noStream)
            try await TalentRegister(store: store, policy: try PolicyDirectory.load()).catchUpProjections()
        }
        let listed = try await ProjectionsGroup.Quarantined.parse(["--database-url", url]).output()
        let lines = listed.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("talent-broken  v1  since 20") == true)
        #expect(lines.first?.contains("NoSuchEvent") == true, "the error says what could not be applied")
        #expect(lines.last == "1 stream set aside")
    }

    /// Every command's sessions end a transaction left idle (a command stopped halfway) and bound a
    /// statement, whatever the command does; the server's are tighter still.
    @Test func everyCommandsSessionsBoundAnIdleTransactionAndAStatement() async throws {
        let configuration = try await TestDatabase.fresh("cli_bounds")
        let cluster = try await TestDatabase.sharedCluster()
        let url = cluster.url(database: try #require(configuration.database))
        let options = try DatabaseOptions.parse(["--database-url", url])
        for purpose in [DatabaseSession.Purpose.serve, .write, .read, .check] {
            let shown = try await DatabaseSession.with(options, purpose: purpose, logger: Logger(label: "test")) {
                session in
                try await session.store.withConnection { store in
                    try await store.connection.query(
                        "SELECT current_setting('idle_in_transaction_session_timeout'), current_setting('statement_timeout')"
                    ).first.map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
                }
            }
            #expect(shown?.0 == "1min", "\(purpose)")
            #expect(shown?.1 == (purpose == .serve ? "30s" : "30min"), "\(purpose)")
        }
    }
}
