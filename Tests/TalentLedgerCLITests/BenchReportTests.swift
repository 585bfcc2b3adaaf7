import Testing

@testable import talentledger

@Suite("Benchmark report")
struct BenchReportTests {
    /// A ratio just under its aim must not read as the aim next to "NOT met".
    @Test func ratiosAreCutNotRounded() {
        #expect(BenchReport.shown(0.6995) == "0.699")
        #expect(BenchReport.shown(0.7) == "0.700")
        var report = BenchReport()
        report.add(
            BenchLine(
                measure: "appends/s, 8 writers", ours: "8816 /s", baseline: "12603 /s INSERT",
                ratioKey: "append_8_writers_ratio", ratio: 8816.0 / 12603.0, aim: "≥ 0.70", meetsAim: false))
        #expect(report.table.contains("| 0.699 "))
        #expect(report.table.contains("NOT met"))
        #expect(report.figures["append_8_writers_ratio"] == 8816.0 / 12603.0)
    }
}
