import Foundation
import Synchronization
import TalentLedgerTesting
import Testing

@testable import talentledger

/// The small things an operator reads every day: help without repeats, counts in the singular for one,
/// options named as they are typed, progress that suits where standard error goes.
@Suite("Command line: the wording of help, counts, refusals and progress")
struct OutputWordingTests {
    @Test func theLogLevelsDefaultIsSaidOnce() throws {
        // The help wraps: read it as one line.
        let help = Migrate.helpMessage().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let option = try #require(help.range(of: "--log-level <log-level> "))
        let text = help[option.upperBound...].prefix { $0 != "-" }
        #expect(text == "trace, debug, info, notice, warning, error or critical (default: $LOG_LEVEL, else info). ")
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

    @Test func offATerminalTheProgressIsOnePlainLineAtTheEnd() {
        let written = Mutex<[String]>([])
        let bar = ProgressBar(label: "export", isTerminal: false) { text in written.withLock { $0.append(text) } }
        for done in [100, 200, 300] { bar.update(done, 300) }
        bar.update(300, 300)
        bar.finish()
        #expect(written.withLock { $0 } == ["export 300/300 (100%)\n"])
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
