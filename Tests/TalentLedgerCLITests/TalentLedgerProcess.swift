import Foundation
import ReadModels
import Testing

/// The built `talentledger` executable, run as an operator runs it: what it prints on each stream and the
/// exit code, where a command's own `main()` decides them (usage on a refusal, an error's wording).
struct TalentLedgerProcess {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Beside the test bundle in the build folder (`.build/debug`), as SwiftPM builds them together.
    static var executable: URL {
        get throws {
            let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let candidates = [folder, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
                .map { $0.appendingPathComponent("talentledger") }
            return try #require(
                candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                "the talentledger executable is built beside the tests")
        }
    }

    /// Runs `talentledger arguments` to its end, stopped after `timeLimit` (a command that should have
    /// failed at once may otherwise serve until the test run ends). With `awaited`, once standard output
    /// or standard error (where progress goes) holds it, `whileRunning` runs and the process is then
    /// interrupted, as Ctrl-C stops it.
    /// The process runs in a folder of its own, with `TALENTLEDGER_POLICY_DIR` naming `policyFolder` (the
    /// source tree's policy by default; nil: unset, as an operator's shell may have it).
    static func run(
        _ arguments: [String], timeLimit: Duration = .seconds(60), interruptingOnceOutputHolds awaited: String? = nil,
        policyFolder: String? = PolicyDirectory.defaultLocation().path, whileRunning: () async throws -> Void = {}
    ) async throws -> TalentLedgerProcess {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TALENTLEDGER_POLICY_DIR"] = policyFolder
        process.environment = environment
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Files, not pipes: nothing has to drain them while the process runs.
        let (out, err) = (folder.appendingPathComponent("out"), folder.appendingPathComponent("err"))
        try Data().write(to: out)
        try Data().write(to: err)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.currentDirectoryURL = folder
        try process.run()
        let id = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeLimit)
            kill(id, SIGINT)
        }
        if let awaited {
            // The file is all there is to watch: the line is waited for by reading it again.
            let deadline = ContinuousClock.now + timeLimit
            while process.isRunning, ContinuousClock.now < deadline {
                if try [out, err].contains(where: { try String(contentsOf: $0, encoding: .utf8).contains(awaited) }) {
                    try await whileRunning()
                    kill(id, SIGINT)
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        // The end is waited for with a bound of its own: a run that does not end (or is never seen to)
        // fails the test rather than holding the whole test run.
        let end = ContinuousClock.now + timeLimit + .seconds(30)
        while process.isRunning, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(50)) }
        watchdog.cancel()
        guard !process.isRunning else {
            kill(id, SIGKILL)
            Issue.record("talentledger \(arguments.joined(separator: " ")) did not end")
            return TalentLedgerProcess(status: -1, standardOutput: "", standardError: "")
        }
        return TalentLedgerProcess(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: out, encoding: .utf8),
            standardError: try String(contentsOf: err, encoding: .utf8))
    }
}
