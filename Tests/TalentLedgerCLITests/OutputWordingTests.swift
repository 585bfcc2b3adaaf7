import ArgumentParser
import Foundation
import Postgres
import Schema
import Synchronization
import TalentLedgerTesting
import Testing

@testable import talentledger

/// The small things an operator reads every day: help without repeats, counts in the singular for one,
/// options named as they are typed, progress that suits where standard error goes.
@Suite("Command line: the wording of help, counts, refusals and progress")
struct OutputWordingTests {
    /// `--version` says the schema this binary applies and the read models it derives: what an operator
    /// compares with a database (the unknown option it once was showed the server's usage).
    @Test func theVersionNamesTheSchemaAndTheReadModelsRevision() throws {
        let version = TalentLedger.configuration.version
        #expect(version.contains("schema \(Schema.version) (revision \(Schema.revision))"), "\(version)")
        #expect(version.hasSuffix("read models revision \(Schema.readModelRevision)"))
        do {
            _ = try TalentLedger.parseAsRoot(["--version"])
            Issue.record("--version was parsed as a command")
        } catch {
            #expect(TalentLedger.fullMessage(for: error) == version)
            #expect(TalentLedger.exitCode(for: error) == .success)
        }
    }

    /// A misspelt command is refused as one, naming the commands, not taken as the server's argument (its
    /// usage said "Unexpected argument"); an option first is still the server's, as the default command's.
    @Test func aMisspeltCommandIsRefusedNamingTheCommands() async throws {
        let misspelt = try await TalentLedgerProcess.run(["verfiy", "--state-dir", "/nonexistent"])
        #expect(misspelt.status == 64)
        #expect(misspelt.standardError.contains("no command 'verfiy': the commands are serve, migrate, verify"))
        #expect(!misspelt.standardError.contains("Unexpected argument"))
        #expect(TalentLedger.unknownCommand(in: ["--port", "8090"]) == nil)
        #expect(TalentLedger.unknownCommand(in: ["help", "users"]) == nil)
        #expect(TalentLedger.unknownCommand(in: ["jobs", "overdue"]) == nil)
        #expect(TalentLedger.unknownCommand(in: []) == nil)
        // One level down too: a group's misspelt command is named with the group's commands.
        #expect(
            TalentLedger.unknownCommand(in: ["users", "ad", "--role", "auditor"])?.message
                == "no command 'users ad': the commands of users are add, list, revoke")
        #expect(
            TalentLedger.unknownCommand(in: ["jobs", "overdeu"])?.message.hasPrefix("no command 'jobs overdeu'") == true
        )
        #expect(TalentLedger.unknownCommand(in: ["users", "--help"]) == nil)
        #expect(TalentLedger.unknownCommand(in: ["verify", "--anchor", "a.json"]) == nil)
    }

    /// With no `--policy-dir`, the policy is `TALENTLEDGER_POLICY_DIR`'s, else `./policy`; a folder without
    /// one is refused, saying how to name it, never passed over for another (the source tree's, once: an
    /// operator's edited policy was ignored without a word).
    @Test func aCommandRunWhereNoPolicyIsFoundIsRefusedNotGivenAnother() async throws {
        let run = try await TalentLedgerProcess.run(
            ["jobs", "overdue", "--on", "2026-04-01", "--state-dir", "/nonexistent"], policyFolder: nil)
        #expect(run.status == 1)
        #expect(
            run.standardError.contains("cannot load the policy: policy folder ")
                && run.standardError.contains("give --policy-dir or TALENTLEDGER_POLICY_DIR"), "\(run.standardError)")
    }

    /// `migrate` says what it did: the schema applied to a new register, nothing to apply the second time.
    @Test func migrateSaysWhetherItAppliedTheSchema() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let first = try await TalentLedgerProcess.run(["migrate", "--state-dir", state.path])
        #expect(
            first.standardOutput.hasPrefix("schema applied (revision \(Schema.revision), version \(Schema.version))"),
            "\(first.standardOutput)")
        let again = try await TalentLedgerProcess.run(["migrate", "--state-dir", state.path])
        #expect(
            again.standardOutput.hasPrefix(
                "schema current (revision \(Schema.revision), version \(Schema.version)): nothing to apply"))
    }

    /// A full disk (SQLSTATE 53100) is said as one, with what became of the command's writes and what to
    /// do, the database's own words kept after it; another failure is left as it is.
    @Test func aFullDiskIsSaidWithWhatToDo() {
        let full = PostgresError(
            .server, #"could not extend file "base/16384/2619": No space left on device"#, sqlState: "53100")
        let said = "\(TalentLedger.explained(full))"
        #expect(
            said.hasPrefix("the database's disk is full: the statement was refused and its transaction rolled back"))
        #expect(said.contains("Make room on the disk that holds the database"))
        #expect(said.contains("No space left on device"))
        let other = PostgresError(.server, "duplicate key value", sqlState: "23505")
        #expect((TalentLedger.explained(other) as? PostgresError)?.sqlState == "23505")
    }

    @Test func theLogLevelsDefaultIsSaidOnce() throws {
        // The help wraps: read it as one line.
        let help = Migrate.helpMessage().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let option = try #require(help.range(of: "--log-level <log-level> "))
        let text = help[option.upperBound...].prefix { $0 != "-" }
        #expect(text == "trace, debug, info, notice, warning, error or critical (default: $LOG_LEVEL, else info). ")
    }

    /// A file that cannot be written is said why, in words: a folder on the way missing or a file, or a
    /// folder where a file was named (not Foundation's "NSCocoaErrorDomain error 512", nor nothing).
    @Test func aFileThatCannotBeWrittenIsSaidWhy() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wording-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("afile").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        for (key, why) in [
            ("\(folder.path)/none/x.key", "no such folder \(folder.path)/none"),
            ("\(file)/x.key", "\(file) is a file, not a folder"),
        ] {
            let refused = await #expect(throws: CLIFailure.self) {
                try await AuditGroup.KeyGen.parse(["--key", key]).run()
            }
            #expect(refused?.description == "cannot write \(key): \(why)")
        }
        #expect(CLIValues.whyNotWritable(folder.path) == "it is a folder, not a file")
        #expect(CLIValues.whyNotWritable("\(folder.path)/new.json") == nil)
        // Foundation's own error for a folder that cannot be made under a file reads the same.
        do {
            try FileManager.default.createDirectory(
                atPath: "\(file)/sub", withIntermediateDirectories: true)
            Issue.record("a folder was made under a file")
        } catch {
            #expect(CLIValues.describe(error) == "\(file) is a file, not a folder")
        }
    }

    /// A bound an option cannot hold is refused as it is read (exit 64), not by the database after the work.
    @Test func aNegativeLimitIsRefusedBeforeAnythingRuns() {
        #expect(throws: (any Error).self) { try ProjectionsGroup.Check.parse(["--limit", "-1"]) }
        #expect(throws: (any Error).self) { try ProjectionsGroup.Check.parse(["--limit", "0"]) }
        #expect(JobsGroup.Overdue.configuration.abstract.contains("contact forms missing (O3)"))
    }

    @Test func oneIsCountedInTheSingular() {
        #expect(CLIValues.count(1, "unit") == "1 unit")
        #expect(CLIValues.count(0, "unit") == "0 units")
        #expect(CLIValues.count(2, "differing row") == "2 differing rows")
    }

    @Test func aJobRefusedForItsDayNamesTheOptionAsTyped() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_wording_on")
        let failure = await #expect(throws: CLIFailure.self) {
            try await JobsGroup.SuspendLateUnits.parse(["--on", "2026-03-01", "--database-url", url]).output()
        }
        #expect(failure?.description.hasPrefix("--on: the window closes on 2026-03-31") == true)
    }

    /// Off a terminal (a log, the journal), a quick run writes one plain line at the end; a long one a line
    /// every interval besides (a job of a minute under a timer said nothing until it ended).
    @Test func offATerminalTheProgressIsAPlainLineEveryIntervalAndAtTheEnd() {
        let written = Mutex<[String]>([])
        let bar = ProgressBar(label: "export", isTerminal: false) { text in written.withLock { $0.append(text) } }
        for done in [100, 200, 300] { bar.update(done, 300) }
        bar.update(300, 300)
        bar.finish()
        #expect(written.withLock { $0 } == ["export 300/300 (100%)\n"])
        let logged = Mutex<[String]>([])
        let long = ProgressBar(label: "job", isTerminal: false, logInterval: .zero) { text in
            logged.withLock { $0.append(text) }
        }
        for done in [1, 5, 10] { long.update(done, 10) }
        long.finish()
        #expect(logged.withLock { $0 } == ["job 1/10 (10%)\n", "job 5/10 (50%)\n", "job 10/10 (100%)\n"])
    }

    /// A total counted at the start and passed meanwhile (a rebuild while events are appended, as a chaos
    /// test's was) is shown as what was done, not as more done than there is.
    @Test func aTotalPassedMeanwhileIsShownAsWhatWasDone() {
        let written = Mutex<[String]>([])
        let bar = ProgressBar(label: "rebuild", isTerminal: false) { text in written.withLock { $0.append(text) } }
        bar.update(43_268, 43_256)
        bar.finish()
        #expect(written.withLock { $0 } == ["rebuild 43268/43268 (100%)\n"])
    }

    @Test func onATerminalTheSameCountIsDrawnOnce() {
        let written = Mutex<[String]>([])
        let bar = ProgressBar(label: "export", isTerminal: true) { text in written.withLock { $0.append(text) } }
        bar.update(300, 300)
        bar.update(300, 300)
        bar.finish()
        let frames = written.withLock { $0 }
        #expect(frames.filter { $0.hasPrefix("\r") }.count == 1)
        #expect(frames.last == "\n")
    }

    @Test func theDemoOnAStoreThatHoldsDataSaysSoPlainly() async throws {
        let configuration = try await TestDatabase.fresh("cli_demo_not_empty")
        let url = try await TestDatabase.sharedCluster().url(database: try #require(configuration.database))
        let tokens = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString).txt")
        try await Demo.parse(["--talents", "5", "--database-url", url, "--tokens", tokens.path]).run()
        let failure = await #expect(throws: CLIFailure.self) {
            try await Demo.parse(["--talents", "5", "--database-url", url, "--tokens", tokens.path]).run()
        }
        #expect(failure?.description.hasPrefix("the store already holds data") == true)
        #expect(failure?.description.contains("--if-empty") == true)
    }
}
