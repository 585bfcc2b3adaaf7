import Foundation
import TalentLedgerTesting
import Testing

@testable import talentledger

@Suite("Bench: one run of every phase at tiny sizes")
struct BenchRunTests {
    /// The HTTP phase posts one command to each imported talent. A run that outlasts the import goes round
    /// again with a command a talent takes any number of times: with a small `--import-talents` the run
    /// once ended in refusals (422) and no table.
    @Test func aTinyRunGoesThroughEveryPhaseAndItsCommandsOutlastTheImportWithoutARefusal() async throws {
        let cluster = try await TestDatabase.sharedCluster()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let talents = 30
        let bench = try Bench.parse([
            "--database-url", cluster.url(database: "postgres"), "--bench-database", "cli_tiny_bench",
            "--out", out.path, "--appends", "20", "--import-talents", "\(talents)", "--rebuild-talents", "40",
            "--replays", "2", "--http-seconds", "1", "--campaign-units", "4", "--late-talents", "20",
            "--export-talents", "30",
        ])
        try await bench.run()
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        // One second of commands went round the imported talents at least once, and none was refused.
        #expect(try #require(figures["http_command_per_second"] as? Double) > Double(talents))
        #expect(figures["http_command_failures"] as? Double == 0)
        #expect(figures["suspend_late_units_ratio"] is Double)
        // Every late talent's services suspended: the late units are on the campaign's roster.
        #expect(figures["suspend_late_units_events"] as? Double == 20, "\(figures["suspend_late_units_events"] ?? "-")")
        #expect(figures["rebuild_ratio"] is Double)
    }
}
