import EventStore
import Foundation
import Logging
import ReadModels
import Reports
import TalentApplication
import TalentDomain

/// The campaign phase of the bench: S3's job over a province of late units, against the bulk append's
/// rate of the same run, and the province's Attachment 4 written row by row, with its memory.
struct BenchCampaign {
    let store: EventStore
    let workload: BenchWorkload
    let units: Int
    let lateTalents: Int
    let exportTalents: Int
    let chunkTalents: Int
    let logger: Logger

    // Its own office and bureau: the phase runs before the HTTP phase registers the units of the engine's
    // talents, so that the late units are exactly these.
    static let province = "bench-campaign-office"
    static let city = "bench-campaign-city"

    static func unitID(_ number: Int) -> UnitID { UnitID("bench-late-\(String(number + 10_000).dropFirst())") }

    /// A unit with no talents that sent its submission in the window: S3 judges lateness only in a campaign
    /// run in the register (one whose units sent something).
    static let inTimeUnit = UnitID("bench-in-time")

    /// Registers a province office, a city bureau and `units` units under it, and places talents of
    /// `range` in them round robin, evaluated in 2020 (so each has campaign work, W1 and W3).
    func populate(_ range: Range<Int>) async throws {
        let placement = BenchWorkload.Placement(
            unit: { [units] in Self.unitID($0 % units) }, evaluatedOn: try Day(year: 2020, month: 3, day: 2))
        for first in stride(from: range.lowerBound, to: range.upperBound, by: chunkTalents) {
            let chunk = try workload.appends(
                prefix: "C", range: first..<min(first + chunkTalents, range.upperBound), eventsPerTalent: 1,
                placement: placement)
            try await store.appendBulk(chunk)
        }
    }

    /// The bulk append of the job's shape of write, apart from the job: one event appended to each of
    /// `count` existing streams of the talents' length, through `appendBulk` in the import's chunks and one
    /// transaction. The streams are of a type no read model projects, so that nothing else in the run sees
    /// them; they are written first (not timed), their last event held back for the timed append. Answers
    /// its events a second.
    func bulkAppendToExistingStreams(_ count: Int) async throws -> Double {
        let streams = try workload.appends(prefix: "B", range: 0..<count, eventsPerTalent: 1)
        let retyped = { (append: StreamAppend, expected: ExpectedVersion, events: [NewEvent]) in
            StreamAppend(
                streamID: "bench-baseline-" + append.streamID, streamType: Self.baselineStreamType, expected: expected,
                events: events)
        }
        let heads = streams.map { retyped($0, .noStream, Array($0.events.dropLast())) }
        let lasts = streams.map { retyped($0, .exact(Int64($0.events.count - 1)), [$0.events[$0.events.count - 1]]) }
        for first in stride(from: 0, to: heads.count, by: chunkTalents) {
            try await store.appendBulk(Array(heads[first..<min(first + chunkTalents, heads.count)]))
        }
        try await Bench.settle(store, before: "the bulk append to existing streams")
        let seconds = try await BenchImport.bulkImport(lasts, chunk: chunkTalents, store: store)
        return Double(lasts.count) / seconds
    }

    /// The stream type of ``bulkAppendToExistingStreams(_:)``'s streams, which no read model projects.
    static let baselineStreamType = "bench-baseline"

    /// The baseline of the export: the same number of rows of one talent's record written to the same
    /// form by libxlsxwriter alone, without reading the register.
    static func plainRowsPerSecond(_ count: Int, campaign year: Int, on day: Day) throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var record = CampaignRecord.empty
        record.endTermRegisteredOn = day
        record.grade = .good
        let row = CampaignForms.AssessmentRow(
            id: "C0000001", name: "", tier: .C, employer: "基准单位1", workItems: [.endTermAssessment], record: record,
            consequence: "无")
        let start = ContinuousClock.now
        let form = try CampaignForms.assessmentForm(
            path: folder.appendingPathComponent("plain.xlsx").path,
            heading: .init(title: CampaignForms.attachmentFourTitle(campaign: year), organization: "基准", date: day),
            merged: true)
        for _ in 0..<max(1, count) { form.append(row) }
        try form.finish(classifiedCount: 0)
        return Double(max(1, count)) / BenchFormat.seconds(ContinuousClock.now - start)
    }

    func measure(into report: inout BenchReport, bulkEventsPerSecond: Double, bulkTalentsPerSecond: Double)
        async throws
    {
        // S3 as of the day after the window closed: every unit is late. The register's clock stands on that
        // day (a job acts on a day that has come), whatever the campaign and the host's date.
        let day = try Day(year: workload.campaign + 1, month: 4, day: 1)
        let jobDay = BusinessDay.moment(day, seconds: 12 * 3600)
        let register = TalentRegister(store: store, policy: workload.policy, logger: logger, clock: { jobDay })
        Bench.say("campaign: \(units) units holding \(lateTalents) talents, none of which submitted")
        try await BenchWorkload.registerCity(
            office: (Self.province, "基准省人社厅"), city: Self.city,
            units: (0..<units).map(Self.unitID) + [Self.inTimeUnit], in: store)
        try await populate(0..<lateTalents)
        try await register.catchUpProjections()
        let campaign = try workload.policy.campaign(year: workload.campaign)
        _ = try await register.submit(
            campaign: workload.campaign, unit: Self.inTimeUnit.rawValue, on: campaign.submissionOpens, by: .system)
        try await Bench.settle(store, before: "the late-unit job")

        let bar = ProgressBar(label: "suspend")
        let start = ContinuousClock.now
        let suspended = try await register.suspendLateUnits(
            campaign: workload.campaign, on: day, by: .system, progress: { bar.update($0, $1) })
        let seconds = BenchFormat.seconds(ContinuousClock.now - start)
        bar.finish()
        let applied = suspended.counts[.applied] ?? 0
        let rate = Double(applied) / seconds
        report.figures["suspend_late_units_talents"] = Double(suspended.steps.count)
        report.figures["suspend_late_units_events"] = Double(applied)
        report.figures["suspend_late_units_seconds"] = seconds
        report.figures["suspend_late_units_events_per_second"] = rate
        report.add(
            BenchLine(
                measure: "suspend-late-units, \(units) units, \(suspended.steps.count) talents",
                ours: BenchFormat.rate(rate, "ev/s"), baseline: BenchFormat.rate(bulkEventsPerSecond, "ev/s") + " bulk",
                ratioKey: "suspend_late_units_ratio", ratio: rate / bulkEventsPerSecond, aim: "≥ 0.50",
                meetsAim: rate / bulkEventsPerSecond >= 0.5))
        // The same run counted in talents: the import writes several events to each new stream, the job one
        // to each existing stream (one step a talent).
        report.add(
            BenchLine(
                measure: "suspend-late-units, talents/s", ours: BenchFormat.rate(rate, "/s"),
                baseline: BenchFormat.rate(bulkTalentsPerSecond, "/s") + " import",
                ratioKey: "suspend_late_units_talents_ratio",
                ratio: rate / bulkTalentsPerSecond, aim: "-", meetsAim: true))
        // And against the bulk append of its own shape of write: one event to each of as many existing
        // streams (the import appends several events to each new stream).
        Bench.say("campaign: the bulk append of one event to each of \(suspended.steps.count) existing streams")
        let sameShape = try await bulkAppendToExistingStreams(suspended.steps.count)
        report.figures["bulk_append_existing_streams_events_per_second"] = sameShape
        report.add(
            BenchLine(
                measure: "suspend-late-units vs one event to each existing stream",
                ours: BenchFormat.rate(rate, "ev/s"),
                baseline: BenchFormat.rate(sameShape, "ev/s") + " bulk",
                ratioKey: "suspend_late_units_same_shape_ratio", ratio: rate / sameShape, aim: "-", meetsAim: true))

        // The province's Attachment 4 over `exportTalents` talents, every one assessed (W3).
        if exportTalents > lateTalents {
            Bench.say("campaign: \(exportTalents - lateTalents) more talents for the export")
            try await populate(lateTalents..<exportTalents)
            try await register.catchUpProjections()
        }
        Bench.say("campaign: the province's Attachment 4 of \(exportTalents) talents")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = ProcessMemory.residentBytes
        let sampler = MemorySampler()
        sampler.start()
        let exportBar = ProgressBar(label: "export")
        let exportStart = ContinuousClock.now
        let export = try await register.exportCampaign(
            workload.campaign, scope: .province, on: day, to: folder, documents: [.assessments], by: .system
        ) { done, total in
            exportBar.update(done, total)
            if done * 2 >= total { sampler.markHalf() }
        }
        let exportSeconds = BenchFormat.seconds(ContinuousClock.now - exportStart)
        let peak = sampler.stop()
        exportBar.finish()
        let firstHalf = sampler.halfPeakBytes ?? peak
        let rows = Double(export.rows) / exportSeconds
        let plainRows = try Self.plainRowsPerSecond(export.rows, campaign: workload.campaign, on: day)
        let growth = peak - before
        report.figures["export_rows"] = Double(export.rows)
        report.figures["export_rows_per_second"] = rows
        report.figures["export_plain_rows_per_second"] = plainRows
        report.figures["export_peak_rss_above_start_mib"] = Double(growth) / 1_048_576
        report.figures["export_rss_before_mib"] = Double(before) / 1_048_576
        report.add(
            BenchLine(
                measure: "Attachment 4, province, \(export.rows) rows", ours: BenchFormat.rate(rows, "rows/s"),
                baseline: BenchFormat.rate(plainRows, "rows/s") + " xlsx alone", ratioKey: "export_rows_ratio",
                ratio: rows / plainRows, aim: "-", meetsAim: true))
        report.add(
            BenchLine(
                measure: "Attachment 4 peak RSS above start", ours: BenchFormat.mebibytes(growth),
                baseline: BenchFormat.mebibytes(before) + " before", ratioKey: "export_rss_growth_ratio",
                ratio: Double(peak) / Double(max(firstHalf, 1)), aim: "< 200 MiB, flat (≤ 1.10)",
                meetsAim: growth < 200 * 1_048_576 && Double(peak) / Double(max(firstHalf, 1)) <= 1.10))
        report.notes.append(
            "campaign: suspend-late-units decides a batch of \(JobReport.checkpointInterval) talents in memory and "
                + "appends its events in one bulk append with the read models' rows; its baseline is the bulk "
                + "import's events/s of this run; shown beside it (no aim), the bulk append of one event to each of "
                + "as many existing streams of a talent's length (a stream type no read model projects). The "
                + "export's ratio column is the RSS growth, whole vs 1st half")
    }
}
