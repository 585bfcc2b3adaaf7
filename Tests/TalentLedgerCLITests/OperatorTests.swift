// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md where a test is a rule's (F1).

import ArgumentParser
import EventStore
import Foundation
import Logging
import Postgres
import ReadModels
import Schema
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import talentledger

/// What an operator meets at the host: commands that never hang behind a writer, exit codes that tell
/// the truth, checks that run on a read-only role.
@Suite("Command line as an operator meets it")
struct OperatorTests {
    /// A fresh database with one registered unit and one evaluated talent; its URL.
    static func prepared(_ suite: String) async throws -> (ConnectionConfiguration, String) {
        let configuration = try await TestDatabase.fresh(suite)
        let url = try await TestDatabase.sharedCluster().url(database: try #require(configuration.database))
        try await TestDatabase.withStore(on: configuration) { store, _ in
            try await store.appendBulk([
                try OrganizationStream.registration(
                    Organization(
                        id: "unit-1", name: "吉林大学", shortName: "吉大", kind: .provincialUnit, parentID: nil, region: nil),
                    on: "2016-01-01")
            ])
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            let day = try Day("2021-05-06")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("op-1"), tier: .C, unit: UnitID("unit-1"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2021〕9号", certificateDate: day)),
                for: TalentID("op-1"), on: day, by: .system)
            try await register.catchUpProjections()
        }
        return (configuration, url)
    }

    static func csv(_ lines: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).csv")
        try (["id,name,unit,tier,start_date,start_source,document"] + lines).joined(separator: "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// Rows an older release derived may read the rules otherwise (a unit's make-up, whom a late unit held),
    /// and a row no new event reaches keeps that reading for good. A job and a talent shown refuse to act
    /// on them and say to rebuild; `migrate` says so; the server rebuilds them before it serves, and the
    /// rebuild records this release's revision.
    @Test(.timeLimit(.minutes(3)))
    func readModelsAnOlderReleaseDerivedAreRebuiltBeforeAnythingActsOnThem() async throws {
        let (configuration, url) = try await Self.prepared("cli_older_read_models")
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        #expect(try await Schema.readModelStatus(connection) == .current)
        // An older release's rows: no revision recorded, and a row that reads otherwise.
        try await connection.execute("DELETE FROM read_model_derivation")
        try await connection.execute("UPDATE talents SET tier = 'D' WHERE talent_id = 'op-1'")
        #expect(try await Schema.readModelStatus(connection) == .older(nil))
        for refusing in [
            { try await JobsGroup.RunDue.parse(["--on", "2026-04-01", "--dry-run", "--database-url", url]).run() },
            { _ = try await TalentGroup.Show.parse(["op-1", "--database-url", url]).output() },
        ] as [@Sendable () async throws -> Void] {
            let refused = await #expect(throws: CLIFailure.self) { try await refusing() }
            #expect(refused?.description.contains("derived by an older release") == true)
            #expect(refused?.description.contains("`talentledger projections rebuild`") == true)
        }
        let options = try DatabaseOptions.parse(["--database-url", url])
        let session = try await DatabaseSession.open(options, purpose: .serve, logger: Logger(label: "test"))
        do {
            try await Serve.rebuildReadModelsOfAnotherRelease(
                session, policy: try PolicyDirectory.load(), logger: Logger(label: "test"))
            await session.close()
        } catch {
            await session.close()
            throw error
        }
        #expect(try await Schema.readModelStatus(connection) == .current)
        let shown = try await TalentGroup.Show.parse(["op-1", "--database-url", url]).output()
        #expect(shown.contains("tier        C"))
        // A newer release's rows are left to it.
        try await connection.execute("UPDATE read_model_derivation SET revision = \(Schema.readModelRevision + 1)")
        let newer = await #expect(throws: CLIFailure.self) {
            try await TalentGroup.Show.parse(["op-1", "--database-url", url]).output()
        }
        #expect(newer?.description.contains("derived by a newer release") == true)
        // Nor does a list imported by this release write rows beside a newer release's (an upgrade tester's
        // finding: an older binary's import went on writing on an upgraded register).
        let file = try Self.csv(["new-1,王五,unit-1,C,2026-04-01,electronic_certificate,吉人社字〔2026〕1号"])
        let importing = await #expect(throws: CLIFailure.self) {
            try await Import.parse([file, "--database-url", url, "--date", "2026-04-01"]).report()
        }
        #expect(importing?.description.contains("derived by a newer release") == true)
    }

    @Test(.timeLimit(.minutes(3)))
    func talentShowIsNotBlockedByAnOpenWriter() async throws {
        let (configuration, url) = try await Self.prepared("cli_open_writer")
        let writer = try await Connection.connect(configuration)
        defer { writer.close() }
        // A writer's transaction left open, holding the store's tables and a stream's row.
        try await writer.executeScript(
            "BEGIN; LOCK TABLE events IN ROW EXCLUSIVE MODE; SELECT 1 FROM streams WHERE stream_id = 'talent-op-1' FOR UPDATE"
        )
        let shown = try await TalentGroup.Show.parse(["op-1", "--database-url", url]).output()
        #expect(shown.contains("tier        C"))
        let verified = try await Verify.parse(["--database-url", url]).report()
        #expect(verified.isIntact)
        try await writer.executeScript("ROLLBACK")
    }

    @Test func aCommandThatOnlyReadsNeverAppliesTheSchema() async throws {
        let (configuration, url) = try await Self.prepared("cli_read_only_schema")
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("UPDATE schema_version SET version = 'older'")
        let failure = await #expect(throws: CLIFailure.self) {
            try await TalentGroup.Show.parse(["op-1", "--database-url", url]).output()
        }
        #expect(failure?.description.contains("talentledger migrate") == true)
        #expect(try await Schema.status(connection) == .other("older"))
        // A backup is taken whatever the schema (before an upgrade, with the binary at hand), and applies none.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("older-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("before-upgrade.dump").path
        let written = try await Backup.parse(["--database-url", url, "--out", file]).output()
        #expect(written.hasPrefix("backup \(file)") && FileManager.default.fileExists(atPath: file))
        #expect(try await Schema.status(connection) == .other("older"))
        try await Migrate.parse(["--database-url", url]).run()
        #expect(try await Schema.status(connection) == .current)
    }

    /// A server whose role may only read, or whose sessions are read-only (a standby, a read-only default),
    /// would read well and answer every command with an error: it is refused at start, saying what to
    /// grant; and the health probe of a server whose database turned read-only says so (503, degraded).
    @Test func aServerOnADatabaseThatRefusesItsWritesIsRefusedAtStartAndItsHealthSaysReadOnly() async throws {
        let (configuration, url) = try await Self.prepared("cli_refused_writes")
        let database = try #require(configuration.database)
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript(
            """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader_only') THEN CREATE ROLE reader_only LOGIN; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'writer_ro') THEN CREATE ROLE writer_ro LOGIN; END IF;
            END $$;
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader_only;
            REVOKE TEMPORARY ON DATABASE \(database) FROM PUBLIC;
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO writer_ro;
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO writer_ro;
            GRANT TEMPORARY ON DATABASE \(database) TO writer_ro;
            ALTER ROLE writer_ro IN DATABASE \(database) SET default_transaction_read_only = on;
            """)
        func address(as role: String) -> String {
            url.replacingOccurrences(of: "://\(LocalCluster.superuser)@", with: "://\(role)@")
        }
        let policy = PolicyDirectory.defaultLocation().path
        let refused = await #expect(throws: CLIFailure.self) {
            try await Serve.parse([
                "--database-url", address(as: "reader_only"), "--port", "18563", "--policy-dir", policy,
            ])
            .run()
        }
        let said = refused?.description ?? ""
        #expect(said.contains("the database refuses this server's writes"), "\(said)")
        #expect(
            said.contains("may not make temporary tables")
                && said.contains("may not read or append events"))
        #expect(said.contains("lacks SELECT, INSERT, UPDATE or DELETE on the tables accounts, "), "\(said)")
        #expect(said.contains("\"A database of your own\""))

        try await TestDatabase.withStore(on: try ConnectionConfiguration(url: address(as: "writer_ro"))) { store, _ in
            #expect(
                try await WriteAccess.problems(in: store) == [
                    "the role's sessions are read-only (default_transaction_read_only): the server records"
                ])
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            let health = await register.health()
            #expect(health.database == .readOnly && health.status == .degraded, "\(health)")
            // A command refused by the database is its operators' to mend, said so (a 503 to a client, not a 500).
            let failure = await #expect(throws: PostgresError.self) {
                try await register.handle(
                    .recordDeath(occurredOn: try Day("2026-01-02")), for: TalentID("op-1"), on: try Day("2026-01-03"),
                    by: .system)
            }
            #expect(failure.map(Availability.isDatabaseUnavailable) == true, "\(String(describing: failure))")
            #expect(failure.map { Availability.reason($0) == .refusesWrites } == true)
        }
        try await TestDatabase.withStore(on: configuration) { store, _ in
            let problems = try await WriteAccess.problems(in: store)
            #expect(problems.isEmpty, "the owner records: \(problems)")
        }
    }

    @Test func verifyRunsOnAReadOnlyRole() async throws {
        let (configuration, url) = try await Self.prepared("cli_read_only_role")
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript(
            """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auditor_ro') THEN CREATE ROLE auditor_ro LOGIN; END IF;
            END $$;
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor_ro;
            """)
        let auditorURL = url.replacingOccurrences(of: "://\(LocalCluster.superuser)@", with: "://auditor_ro@")
        #expect(auditorURL != url)
        let report = try await Verify.parse(["--database-url", auditorURL]).report()
        #expect(report.isIntact)
        #expect(report.eventsChecked > 0)
    }

    @Test func aStartDayPastTheRegistersLastDayIsRefusedByTheDryRunAndTheRealRunAlike() async throws {
        let (_, url) = try await Self.prepared("cli_far_date")
        let file = try Self.csv(["far-1,王五,unit-1,C,9999-12-31,electronic_certificate,吉人社字〔2025〕1号"])
        for dryRun in [true, false] {
            let command = try Import.parse(
                [file, "--database-url", url, "--date", "2026-01-05"] + (dryRun ? ["--dry-run"] : []))
            let report = try await command.report()
            #expect(!report.isValid)
            #expect(report.problems.first?.line == 2)
            #expect(report.problems.first?.reason.contains("start_date：9999-12-31") == true)
        }
        let missing = await #expect(throws: CLIFailure.self) {
            try await TalentGroup.Show.parse(["far-1", "--database-url", url]).output()
        }
        #expect(missing?.description.contains("no talent far-1") == true)
    }

    /// F1 from the command line: a unit's evaluation work suspended (from the day it is recorded), a list
    /// naming it refused at its line, the suspension lifted, the list imported; `--on` goes with `--resume`.
    @Test func F1_theOperatorSuspendsAndLiftsAUnitsEvaluationWork() async throws {
        let (_, url) = try await Self.prepared("cli_evaluation_work")
        let today = BusinessDay.today().description
        #expect(throws: (any Error).self) {
            try OrganizationsGroup.EvaluationWork.parse(["unit-1", "--suspend", "造假", "--on", today])
        }
        let suspended = try await OrganizationsGroup.EvaluationWork.parse(
            ["unit-1", "--suspend", "申报材料造假", "--database-url", url]
        ).output()
        #expect(suspended.hasPrefix("unit-1: evaluation work SUSPENDED (F1)\nsuspended from \(today) (申报材料造假)"))
        let again = try await OrganizationsGroup.EvaluationWork.parse(
            ["unit-1", "--suspend", "又造假", "--database-url", url]
        ).output()
        #expect(again.hasSuffix("nothing recorded: the evaluation work is suspended already, since \(today)"))
        let file = try Self.csv(["f1-1,王五,unit-1,C,2026-04-01,electronic_certificate,吉人社字〔2026〕1号"])
        let refused = try await Import.parse([file, "--database-url", url, "--date", today]).report()
        #expect(refused.problems.map(\.line) == [2] && !refused.written)
        #expect(refused.problems.first?.reason.contains("suspended since \(today) (F1") == true)
        let lifted = try await OrganizationsGroup.EvaluationWork.parse(
            ["unit-1", "--resume", "整改完成", "--on", today, "--database-url", url]
        ).output()
        #expect(lifted.contains("evaluation work open") && lifted.contains("resumed on \(today) (整改完成)"))
        let imported = try await Import.parse([file, "--database-url", url, "--date", today]).report()
        #expect(imported.written, "\(imported.problems)")
        // A day to come, said as this command's option.
        let ahead = BusinessDay.today().adding(days: 3).description
        let dayAhead = await #expect(throws: CLIFailure.self) {
            try await OrganizationsGroup.EvaluationWork.parse(
                ["unit-1", "--resume", "整改完成", "--on", ahead, "--database-url", url]
            ).output()
        }
        #expect(dayAhead?.description.hasPrefix("--on: ") == true, "\(String(describing: dayAhead))")
    }

    @Test func aNameWithANulCharacterIsABadLineInTheDryRunToo() async throws {
        let (_, url) = try await Self.prepared("cli_nul_name")
        let file = try Self.csv(["nul-1,王\u{0}五,unit-1,C,2021-03-01,electronic_certificate,吉人社字〔2021〕1号"])
        let report = try await Import.parse([file, "--database-url", url, "--dry-run"]).report()
        #expect(report.problems.map(\.line) == [2])
        #expect(report.problems.first?.reason.contains("name") == true)
    }

    @Test(.timeLimit(.minutes(3)))
    func aCommittedImportWithALaggingProjectorSucceeds() async throws {
        let (configuration, url) = try await Self.prepared("cli_lagging_projector")
        // A transaction left open in the register's database holds the gap-safe horizon back: the projector
        // cannot catch up.
        let holder = try await Connection.connect(configuration)
        defer { holder.close() }
        try await holder.executeScript("BEGIN; SELECT pg_current_xact_id()")
        let file = try Self.csv(["lag-1,赵六,unit-1,D,2021-03-01,electronic_certificate,吉人社字〔2021〕1号"])
        let report = try await Import.parse([file, "--database-url", url, "--wait-for-projections", "1"]).report()
        #expect(report.written && !Import.failed(report))
        try await holder.executeScript("ROLLBACK")
        // Committed: a retry is refused as already in the register, and the talent is there.
        let again = try await Import.parse([file, "--database-url", url, "--dry-run"]).report()
        #expect(again.problems.first?.reason.contains("already in the register") == true)
    }

    /// An empty state folder setting is never the working folder: refused as a flag, unset as a variable
    /// (a line `TALENTLEDGER_STATE_DIR=` in an environment file).
    @Test func anEmptyStateFolderIsNotTheWorkingFolder() throws {
        #expect(throws: (any Error).self) { try DatabaseOptions.parse(["--state-dir", ""]) }
        let unset = DatabaseOptions.stateDirectory(given: nil, environment: ["TALENTLEDGER_STATE_DIR": ""])
        #expect(unset.lastPathComponent == ".talentledger")
        let named = DatabaseOptions.stateDirectory(given: nil, environment: ["TALENTLEDGER_STATE_DIR": "/srv/tl"])
        #expect(named.path == "/srv/tl")
    }

    /// A server, a job, a read, an account or an import in a state folder that holds no register (a timer
    /// run in the wrong folder, a mistyped --state-dir) is refused and makes none: it would act on a new,
    /// empty register and say all is well (an account was issued for a register no server used). `migrate`
    /// and `demo` make one.
    @Test func aServerJobOrReadInAFolderWithoutARegisterIsRefusedAndMakesNone() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("no-register-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let job = await #expect(throws: CLIFailure.self) {
            try await JobsGroup.SuspendLateUnits.parse(["--on", "2026-04-01", "--state-dir", state.path]).output()
        }
        #expect(job?.description.hasPrefix("no register in the state folder \(state.path)") == true)
        await #expect(throws: CLIFailure.self) {
            try await JobsGroup.Overdue.parse(["--on", "2026-04-01", "--state-dir", state.path]).output()
        }
        let account = await #expect(throws: CLIFailure.self) {
            try await UsersGroup.Add.parse([
                "--state-dir", state.path, "--role", "province-office", "--name", "省人社厅",
            ]).issue()
        }
        #expect(account?.description.contains("a new register is made by `talentledger migrate`") == true)
        await #expect(throws: CLIFailure.self) {
            try await Import.parse([try Self.csv([]), "--state-dir", state.path]).report()
        }
        // Nor does the server make one: it would answer with no talent and take facts and accounts into a
        // register nobody else uses.
        let serve = try await TalentLedgerProcess.run(["serve", "--state-dir", state.path, "--port", "18557"])
        #expect(serve.status == 1)
        #expect(serve.standardError.contains("no register in the state folder \(state.path)"), "\(serve.standardError)")
        #expect(!FileManager.default.fileExists(atPath: state.path), "no cluster made")
    }

    /// Commands started together on a stopped embedded cluster (a timer's job as an operator lists the
    /// accounts) take turns at starting it, and none stops it under another that found it running: each
    /// ends well, and the last to end stops it.
    @Test(.timeLimit(.minutes(3)))
    func commandsStartedTogetherOnAStoppedClusterAllEndWell() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("together-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let made = try await TalentLedgerProcess.run(["migrate", "--state-dir", state.path])
        #expect(made.status == 0, "\(made.standardError)")
        for round in 1...6 {
            async let job = TalentLedgerProcess.run([
                "jobs", "overdue", "--on", "2026-04-01", "--state-dir", state.path,
            ])
            async let list = TalentLedgerProcess.run(["users", "list", "--state-dir", state.path])
            async let check = TalentLedgerProcess.run(["verify", "--state-dir", state.path])
            for run in try await [job, list, check] {
                #expect(run.status == 0, "round \(round): \(run.standardError)")
            }
        }
        let data = state.appendingPathComponent("data/postmaster.pid").path
        #expect(!FileManager.default.fileExists(atPath: data), "the last to end stopped the cluster")
    }

    /// `serve --today` (a demonstration clock) dates every step on a day that is not today: on a register of
    /// the province's own it would backdate the units' submissions and defeat S3. It serves the demo
    /// province alone.
    @Test(.timeLimit(.minutes(3)))
    func theDemonstrationClockServesTheDemoProvinceAlone() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("today-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (own, demo) = (folder.appendingPathComponent("own").path, folder.appendingPathComponent("demo").path)
        #expect(try await TalentLedgerProcess.run(["migrate", "--state-dir", own]).status == 0)
        let refused = try await TalentLedgerProcess.run(
            ["serve", "--state-dir", own, "--port", "18558", "--today", "2026-03-20"])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("this register holds no demo province"), "\(refused.standardError)")
        let loaded = try await TalentLedgerProcess.run(["demo", "--state-dir", demo, "--talents", "20"])
        #expect(loaded.status == 0, "\(loaded.standardError)")
        let served = try await TalentLedgerProcess.run(
            ["serve", "--state-dir", demo, "--port", "18559", "--today", "2026-03-20"],
            interruptingOnceOutputHolds: "TalentLedger serves on")
        #expect(
            served.standardOutput.contains("TalentLedger serves on http://127.0.0.1:18559"), "\(served.standardError)")
    }

    /// A header-only list fails the command (exit status 2) with its problem at line 1, as the API and the
    /// console refuse it (422, a list refused: it was a 400 of the body there, beside the empty file's 422).
    @Test func aHeaderOnlyFileHasNoLinesToImport() async throws {
        let (_, url) = try await Self.prepared("cli_header_only")
        let report = try await Import.parse([try Self.csv([]), "--database-url", url]).report()
        #expect(report.lines == 0 && !report.isValid)
        #expect(report.problems.map(\.reason) == ["the list holds its header only: no talent to import"])
        #expect(
            Import.summary(of: report, day: try Day("2026-01-05"))
                == "rejected: the file holds no evaluation list; nothing written")
        #expect(Import.failed(report))
    }

    @Test func anAnchorWrittenByTheCLIIsCheckedByVerifyWithTheKeptPublicKey() async throws {
        let (_, url) = try await Self.prepared("cli_anchor")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = folder.appendingPathComponent("anchor.key").path
        try await AuditGroup.KeyGen.parse(["--key", key]).run()
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        await #expect(throws: CLIFailure.self) { try await AuditGroup.KeyGen.parse(["--key", key]).run() }
        let out = folder.appendingPathComponent("anchor.json").path
        let anchored = try await Self.anchor(url: url, key: key, out: out)
        #expect(anchored > 0)
        let verify = try Verify.parse(["--database-url", url, "--anchor", out, "--public-key", key + ".pub"])
        #expect(try await verify.check(try verify.read(out)).report.isIntact)
        let stranger = folder.appendingPathComponent("stranger.key").path
        try await AuditGroup.KeyGen.parse(["--key", stranger]).run()
        let distrusted = try Verify.parse(["--database-url", url, "--anchor", out, "--public-key", stranger + ".pub"])
        #expect(try await distrusted.check(try distrusted.read(out)).report.findings.map(\.problem) == [.badSignature])
        // The anchor is read before the chains are walked (before the database is reached at all), and a
        // trusted key is an anchor's: without one it is refused.
        let missing = await #expect(throws: CLIFailure.self) {
            try await Verify.parse(
                ["--database-url", "postgresql:///none?host=/nonexistent", "--anchor", folder.path + "/none.json"]
            ).output()
        }
        #expect(missing?.description.contains("none.json") == true, "\(String(describing: missing))")
        #expect(throws: (any Error).self) { try Verify.parse(["--database-url", url, "--public-key", key + ".pub"]) }
    }

    @Test func usersAreAddedListedAndRevokedFromTheCommandLine() async throws {
        let (configuration, url) = try await Self.prepared("cli_users")
        let issued = try await UsersGroup.Add.parse(
            ["--database-url", url, "--role", "unit-officer", "--organization", "unit-1", "--name", "吉大人事处"]
        ).issue()
        #expect(issued.account.role == "unit-officer")
        let listed = try await UsersGroup.List.parse(["--database-url", url]).accounts()
        #expect(listed.map(\.id) == [issued.account.id])
        try await UsersGroup.Revoke.parse([issued.account.id, "--database-url", url]).run()
        #expect(try await UsersGroup.List.parse(["--database-url", url]).accounts().first?.revokedAt != nil)
        #expect(throws: (any Error).self) { try UsersGroup.Add.parse(["--role", "system", "--name", "x"]) }
        let misfit = await #expect(throws: CLIFailure.self) {
            try await UsersGroup.Add.parse(
                ["--database-url", url, "--role", "hr-bureau", "--organization", "unit-1", "--name", "x"]
            ).issue()
        }
        #expect(misfit?.description.contains("organization") == true)
        // The token itself is nowhere in the database.
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        let found = try await connection.query(
            "SELECT count(*) FROM events WHERE data::text LIKE \("%" + issued.token + "%")"
        ).first?.decode(Int.self, at: 0)
        #expect(found == 0)
    }

    @Test func theDemoWritesAReadyTokenForEachRoleOnce() async throws {
        let configuration = try await TestDatabase.fresh("cli_demo_tokens")
        let url = try await TestDatabase.sharedCluster().url(database: try #require(configuration.database))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString).txt")
        try await Demo.parse(["--talents", "40", "--database-url", url, "--tokens", file.path]).run()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: "\t")
        }
        #expect(
            lines.map { String($0[0]) } == [
                "province-office", "hr-bureau", "supervising-dept", "unit-officer", "auditor", "monitor",
            ])
        try await TestDatabase.withStore(on: configuration) { store, _ in
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            for line in lines {
                let caller = try await register.caller(bearing: String(line[2]))
                #expect(caller?.role.rawValue == String(line[0]))
            }
        }
        // Run again (as `make run` does each time): the same file, no new accounts.
        try await Demo.parse(["--if-empty", "--talents", "40", "--database-url", url, "--tokens", file.path]).run()
        #expect(try String(contentsOf: file, encoding: .utf8).split(separator: "\n").count == 6)
        let accounts = try await UsersGroup.List.parse(["--database-url", url]).accounts()
        #expect(accounts.count == 6)
        // With the file gone, no accounts are issued on a store this command did not load (on a register
        // loaded otherwise, a province office's account would have been).
        try FileManager.default.removeItem(at: file)
        try await Demo.parse(["--if-empty", "--talents", "40", "--database-url", url, "--tokens", file.path]).run()
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(try await UsersGroup.List.parse(["--database-url", url]).accounts().count == 6)
    }

    /// Tokens that could not be written once the province and its accounts were committed would be lost (and
    /// a second run refuses the loaded store): a tokens file in no folder is refused before anything is loaded.
    @Test func theDemoRefusesATokensFileItCannotWriteBeforeLoading() async throws {
        let configuration = try await TestDatabase.fresh("cli_demo_tokens_path")
        let url = try await TestDatabase.sharedCluster().url(database: try #require(configuration.database))
        let nowhere = "/nonexistent-\(UUID().uuidString)/x/tokens.txt"
        let refused = await #expect(throws: CLIFailure.self) {
            try await Demo.parse(["--talents", "10", "--database-url", url, "--tokens", nowhere]).run()
        }
        #expect(refused?.description.contains("cannot write \(nowhere)") == true, "\(String(describing: refused))")
        let empty = try await TestDatabase.withStore(on: configuration) { store, _ in try await store.isEmpty() }
        #expect(empty)
    }

    /// Anchors the log at `url` with `key` into `out` and answers how many events the anchor covers. The
    /// horizon may trail the last evaluation for a moment on the shared cluster: the anchor is taken again
    /// until it covers an event (30 s at most).
    static func anchor(url: String, key: String, out: String) async throws -> Int {
        var anchored = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while anchored == 0, ContinuousClock.now < deadline {
            try? FileManager.default.removeItem(atPath: out)
            anchored = try await AuditGroup.Anchor.parse(["--database-url", url, "--key", key, "--out", out]).anchor()
                .digest.events
        }
        return anchored
    }
}

extension OperatorTests {
    /// O1: a register of the province's own (not the demo's) is loaded with its organization tree, then
    /// its accounts and its talents; a file with a bad line registers nothing, and a dry run nothing either.
    @Test func aRegisterOfItsOwnIsLoadedWithItsOrganizationTreeFirst() async throws {
        let configuration = try await TestDatabase.fresh("cli_organizations")
        let url = try await TestDatabase.sharedCluster().url(database: try #require(configuration.database))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orgs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let tree = try file(
            "tree.csv",
            """
            id,name,shortName,kind,parent,region
            unit-1,长春市第一中学,一中,cityUnit,city-cc,长春市
            jl-hrss,吉林省人力资源和社会保障厅,省人社厅,provincialOffice,,
            city-cc,长春市人力资源和社会保障局,长春市,cityBureau,jl-hrss,长春市
            """)
        let bad = try file("bad.csv", "id,name,shortName,kind,parent\nunit-2,单位,单位,countyUnit,city-cc\n")
        // Nothing to issue an account for, nor to import a talent into, before the tree is loaded.
        let early = await #expect(throws: (any Error).self) {
            try await UsersGroup.Add.parse([
                "--database-url", url, "--role", "unit-officer", "--organization", "unit-1", "--name", "张三",
            ]).issue()
        }
        #expect(String(describing: early).contains("unit-1"))
        let dry = try await OrganizationsGroup.Import.parse(["--database-url", url, tree, "--dry-run"]).load()
        #expect(dry.problems.isEmpty && dry.count == 3)
        let refused = try await OrganizationsGroup.Import.parse(["--database-url", url, bad]).load()
        #expect(refused.problems.map(\.line) == [2] && refused.count == 0, "\(refused.problems)")
        let loaded = try await OrganizationsGroup.Import.parse(["--database-url", url, tree]).load()
        #expect(loaded.problems.isEmpty && loaded.count == 3)
        let issued = try await UsersGroup.Add.parse([
            "--database-url", url, "--role", "unit-officer", "--organization", "unit-1", "--name", "张三",
        ]).issue()
        #expect(issued.account.organization == "unit-1")
        // Loaded again: every line is registered already, and nothing is written twice.
        let again = try await OrganizationsGroup.Import.parse(["--database-url", url, tree]).load()
        #expect(again.problems.count == 3 && again.problems.allSatisfy { $0.reason.hasSuffix("is registered already") })
    }
}
