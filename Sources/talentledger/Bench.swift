import ArgumentParser
import EventStore
import Foundation
import Logging
import Postgres
import ReadModels
import TalentDomain

/// `talentledger bench`: the performance benchmark. Every figure is a ratio against a baseline measured
/// in the same run on the same (scratch) database.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Measure appends, bulk import, rebuild, replay, memory and the HTTP API against baselines of the same run.",
        discussion: """
            Runs in a scratch database (default talentledger_bench) that is dropped and created afresh, on the \
            embedded cluster or the --database-url server; real data is never touched. Prints a table and \
            writes the same figures as JSON (each ratio under a key containing "ratio").
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions

    @Option(help: "Where the JSON results go.") var out = "bench-latest.json"
    @Option(help: "Concurrent writers of the multi-writer append run (the other run has one).") var writers = 8
    @Option(help: "Single-event appends per append run (and as many baseline INSERTs), in alternating rounds.")
    var appends = 8000
    @Option(help: "Evaluated talents of the bulk import.") var importTalents = 100_000
    @Option(help: "Talents of the rebuild data set.") var rebuildTalents = 100_000
    @Option(
        help:
            "Single-event append transactions at once before further appends share one (group commit; default: the processors here)."
    ) var appendConcurrency = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Events per talent of the rebuild data set.") var eventsPerTalent = 10
    @Option(help: "Single-talent as-of replays timed.") var replays = 2000
    @Option(help: "Events per batch of the rebuild and of the raw read.") var batchSize = 5000
    @Option(help: "Talents per bulk append (import and data generation).") var chunkTalents = 10_000
    @Option(help: "Name of the scratch database (dropped and recreated).") var benchDatabase = "talentledger_bench"
    @Option(help: "Seconds wrk loads each route of the HTTP phase.") var httpSeconds = 10
    @Option(help: "Late units of the campaign phase (S3's job).") var campaignUnits = 1000
    @Option(help: "Talents of those units whose services the job suspends.") var lateTalents = 50_000
    @Option(help: "Talents of the province's Attachment 4 export (those and more).") var exportTalents = 100_000
    @Flag(help: "Keep the scratch database after the run.") var keep = false

    func validate() throws {
        for (name, value) in [
            ("--writers", writers), ("--appends", appends), ("--import-talents", importTalents),
            ("--rebuild-talents", rebuildTalents), ("--events-per-talent", eventsPerTalent), ("--replays", replays),
            ("--batch-size", batchSize), ("--chunk-talents", chunkTalents), ("--append-concurrency", appendConcurrency),
            ("--http-seconds", httpSeconds), ("--campaign-units", campaignUnits), ("--late-talents", lateTalents),
            ("--export-talents", exportTalents),
        ] where value < 1 {
            throw ValidationError("\(name) must be positive")
        }
        guard writers <= 64 else { throw ValidationError("--writers must be at most 64") }
        let valid = PostgresIdentifier.isPlain(benchDatabase)
        // The bench drops and recreates this database: only names that say they are scratch are accepted.
        guard valid, benchDatabase.hasSuffix("_bench") else {
            throw ValidationError("--bench-database must be a plain identifier (a-z, 0-9, _) ending in _bench")
        }
    }

    func run() async throws {
        let logger = database.makeLogger("talentledger.bench")
        let policy = try self.policy.load()
        let workload = try BenchWorkload(policy: policy)
        let target = try await BenchDatabase.open(
            database, name: benchDatabase, connections: max(16, writers + 4), logger: logger)
        let report: BenchReport
        do {
            report = try await measure(on: target, workload: workload)
            await target.close(drop: !keep)
        } catch {
            await target.close(drop: !keep)
            throw error
        }
        print(report.table)
        print("")
        for note in report.notes { print("- \(note)") }
        let command = (["talentledger"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        try report.json(command: command).write(to: URL(fileURLWithPath: out))
        print("\nresults written to \(out)")
    }

    /// Rounds the append runs alternate in.
    static let appendRounds = 4

    static func say(_ line: String) {
        FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
    }

    /// `VACUUM ANALYZE` of what the phases before wrote, before a timed phase, as a server in service has
    /// long since done: otherwise autovacuum of the tables just loaded (the events, the talents, the
    /// baseline's table) runs inside the timed windows of whichever phase comes next. It did in every run
    /// watched, and a talent read's p99 measured it (99 and 151 ms in two runs, 15–19 ms in windows it
    /// missed).
    static func settle(_ store: EventStore, before phase: String) async throws {
        say("VACUUM ANALYZE before \(phase)")
        try await store.withConnection { try await $0.connection.executeScript("VACUUM ANALYZE") }
    }

    func measure(on target: BenchDatabase, workload: BenchWorkload) async throws -> BenchReport {
        var report = BenchReport()
        report.machine = BenchMachine.describe().merging(try await target.serverFacts()) { first, _ in first }
        report.sizes = [
            "writers": writers, "appends": appends, "import_talents": importTalents, "rebuild_talents": rebuildTalents,
            "events_per_talent": eventsPerTalent, "replays": replays, "batch_size": batchSize,
            "chunk_talents": chunkTalents, "append_concurrency": appendConcurrency, "campaign_units": campaignUnits,
            "late_talents": lateTalents, "export_talents": exportTalents,
        ]
        let store = EventStore(pool: target.pool, appendConcurrency: appendConcurrency, logger: target.logger)

        // 1. Single-event appends, 1 and N writers. The store shares a transaction between appends that
        // wait (group commit); with N writers the same appends with a transaction each (a store whose limit
        // is N, so that none waits) run in the same rounds and are shown without an aim.
        let event = try workload.appendEvent()
        for count in Array(Set([1, writers])).sorted() {
            let separately = count > 1 && appendConcurrency < count
            let eachStore =
                separately
                ? EventStore(pool: target.pool, appendConcurrency: count, logger: target.logger) : store
            Self.say(
                "appends with \(count) writer(s): \(appends) plain INSERTs and \(appends) appends"
                    + (separately ? " (and \(appends) with a transaction each)" : "")
                    + ", alternating in \(Self.appendRounds) rounds")
            // Alternating rounds: a slow spell of the machine then weighs on every side alike. Which side
            // goes first alternates too (A B, B A, …), so what one side leaves behind (WAL to flush,
            // autovacuum) falls on each side as often.
            var (plainCount, plainSeconds, oursCount, oursSeconds) = (0, 0.0, 0, 0.0)
            var (eachCount, eachSeconds) = (0, 0.0)
            let share = max(1, appends / Self.appendRounds)
            for round in 0..<Self.appendRounds {
                func plainInserts() async throws {
                    let (done, seconds) = try await BenchAppends.plainInserts(
                        writers: count, total: share, event: event, pool: target.pool)
                    (plainCount, plainSeconds) = (plainCount + done, plainSeconds + seconds)
                }
                func storeAppends() async throws {
                    let (done, seconds) = try await BenchAppends.storeAppends(
                        writers: count, total: share, streams: "r\(round)", event: event, store: store)
                    (oursCount, oursSeconds) = (oursCount + done, oursSeconds + seconds)
                }
                func appendsEachAlone() async throws {
                    guard separately else { return }
                    let (done, seconds) = try await BenchAppends.storeAppends(
                        writers: count, total: share, streams: "each-r\(round)", event: event, store: eachStore)
                    (eachCount, eachSeconds) = (eachCount + done, eachSeconds + seconds)
                }
                if round % 2 == 0 {
                    try await plainInserts()
                    try await storeAppends()
                    try await appendsEachAlone()
                } else {
                    try await appendsEachAlone()
                    try await storeAppends()
                    try await plainInserts()
                }
            }
            let plain = Double(plainCount) / plainSeconds
            let ours = Double(oursCount) / oursSeconds
            let key = count == 1 ? "append_1_writer" : "append_\(count)_writers"
            report.figures[key + "_per_second"] = ours
            report.figures[key + "_plain_insert_per_second"] = plain
            report.add(
                BenchLine(
                    measure: "appends/s, \(count) writer\(count == 1 ? "" : "s")", ours: BenchFormat.rate(ours, "/s"),
                    baseline: BenchFormat.rate(plain, "/s") + " INSERT", ratioKey: key + "_ratio", ratio: ours / plain,
                    aim: "≥ 0.70", meetsAim: ours / plain >= 0.7))
            if separately {
                let alone = Double(eachCount) / eachSeconds
                report.figures[key + "_transaction_each_per_second"] = alone
                report.add(
                    BenchLine(
                        measure: "appends/s, \(count) writers, a transaction each", ours: BenchFormat.rate(alone, "/s"),
                        baseline: BenchFormat.rate(plain, "/s") + " INSERT", ratioKey: key + "_transaction_each_ratio",
                        ratio: alone / plain, aim: "-", meetsAim: true))
            }
        }

        // 2. The rebuild data set, in bulk appends of `chunkTalents` talents (not a figure of the table).
        _ = try await generateRebuildSet(store: store, workload: workload, report: &report)

        // 3. The raw read and the rebuild of every event, with the rebuild's memory.
        try await Self.settle(store, before: "the raw read and the rebuild")
        Self.say("raw libpq read of every event in batches of \(batchSize)")
        let (rawCount, rawSeconds) = try await BenchRead.rawReadAll(store: store, batchSize: batchSize)
        let rawRate = Double(rawCount) / rawSeconds
        Self.say("rebuild of the read models (\(rawCount) events)")
        let residentBefore = ProcessMemory.residentBytes
        let highWaterBefore = ProcessMemory.highWaterBytes
        let sampler = MemorySampler()
        sampler.start()
        let bar = ProgressBar(label: "rebuild")
        let rebuildStart = ContinuousClock.now
        let rebuilt = try await ProjectionMaintenance(store: store, policy: workload.policy).rebuild(
            batchSize: batchSize
        ) {
            done, total in
            bar.update(done, total)
            if done * 2 >= total { sampler.markHalf() }
        }
        let rebuildSeconds = BenchFormat.seconds(ContinuousClock.now - rebuildStart)
        let peak = sampler.stop()
        bar.finish()
        let firstHalfPeak = sampler.halfPeakBytes ?? peak
        let rebuildRate = Double(rebuilt) / rebuildSeconds
        report.figures["rebuild_events"] = Double(rebuilt)
        report.figures["rebuild_events_per_second"] = rebuildRate
        report.figures["raw_read_events"] = Double(rawCount)
        report.figures["raw_read_events_per_second"] = rawRate
        report.add(
            BenchLine(
                measure: "rebuild events/s (\(rebuilt) events)", ours: BenchFormat.rate(rebuildRate, "ev/s"),
                baseline: BenchFormat.rate(rawRate, "ev/s") + " raw read", ratioKey: "rebuild_ratio",
                ratio: rebuildRate / rawRate, aim: "≥ 0.25", meetsAim: rebuildRate / rawRate >= 0.25))
        report.figures["rebuild_peak_rss_mib"] = Double(peak) / 1_048_576
        report.figures["rebuild_first_half_peak_rss_mib"] = Double(firstHalfPeak) / 1_048_576
        report.figures["rss_before_rebuild_mib"] = Double(residentBefore) / 1_048_576
        report.figures["vmhwm_before_rebuild_mib"] = Double(highWaterBefore) / 1_048_576
        report.figures["vmhwm_after_rebuild_mib"] = Double(ProcessMemory.highWaterBytes) / 1_048_576
        let budget = 500 * 1_048_576
        report.add(
            BenchLine(
                measure: "rebuild peak RSS", ours: BenchFormat.mebibytes(peak),
                baseline: BenchFormat.mebibytes(residentBefore) + " before", ratioKey: "rebuild_peak_rss_ratio",
                ratio: Double(peak) / Double(max(residentBefore, 1)), aim: "< 500 MiB", meetsAim: peak < budget))
        let growth = Double(peak) / Double(max(firstHalfPeak, 1))
        report.add(
            BenchLine(
                measure: "rebuild RSS growth, whole vs 1st half", ours: BenchFormat.mebibytes(peak),
                baseline: BenchFormat.mebibytes(firstHalfPeak) + " 1st half", ratioKey: "rebuild_rss_growth_ratio",
                ratio: growth, aim: "flat (≤ 1.10)", meetsAim: growth <= 1.10))
        report.notes.append(
            "memory: peak RSS of the bench process sampled every 20 ms during the rebuild phase only (VmHWM cannot be reset: "
                + "\(BenchFormat.mebibytes(highWaterBefore)) before, \(BenchFormat.mebibytes(ProcessMemory.highWaterBytes)) after); "
                + "the rebuild streams in batches of \(batchSize) events")

        // 4. Single-talent as-of replays against the raw read of the same stream.
        Self.say("\(replays) single-talent as-of replays")
        let replay = try await BenchRead.replays(
            count: replays, talents: rebuildTalents, store: store,
            asOf: workload.collectedFrom.adding(days: eventsPerTalent / 2))
        report.figures["replay_p50_ms"] = replay.oursP50
        report.figures["replay_p99_ms"] = replay.oursP99
        report.figures["raw_stream_read_p50_ms"] = replay.rawP50
        report.figures["raw_stream_read_p99_ms"] = replay.rawP99
        report.add(
            BenchLine(
                measure: "as-of replay p50", ours: BenchFormat.milliseconds(replay.oursP50),
                baseline: BenchFormat.milliseconds(replay.rawP50) + " raw read", ratioKey: "replay_p50_ratio",
                ratio: replay.rawP50 / replay.oursP50, aim: "-", meetsAim: true))
        report.add(
            BenchLine(
                measure: "as-of replay p99", ours: BenchFormat.milliseconds(replay.oursP99),
                baseline: BenchFormat.milliseconds(replay.rawP99) + " raw read", ratioKey: "replay_p99_ratio",
                ratio: replay.rawP99 / replay.oursP99, aim: "p99 < 2 ms", meetsAim: replay.oursP99 < 2))

        // 5. Bulk import of evaluated talents against COPY of the same rows.
        try await measureImport(target: target, store: store, workload: workload, report: &report)

        // 6. The campaign: S3's job over a province of late units, and the province's Attachment 4.
        try await BenchCampaign(
            store: store, workload: workload, units: campaignUnits, lateTalents: lateTalents,
            exportTalents: max(exportTalents, lateTalents), chunkTalents: chunkTalents, logger: target.logger
        ).measure(
            into: &report, bulkEventsPerSecond: report.figures["import_events_per_second"] ?? 1,
            bulkTalentsPerSecond: report.figures["import_talents_per_second"] ?? 1)

        // 7. The HTTP API under 16 clients: reads of the rebuild set's talents, a command on each imported one.
        try await BenchHTTP(
            store: store, policy: workload.policy, readTalents: rebuildTalents, commandTalents: importTalents,
            seconds: httpSeconds
        ).measure(into: &report, singleAppendRate: report.figures["append_1_writer_per_second"] ?? 1)

        report.notes.append(
            "appends: EventStore.append, where single-event appends that wait for one of \(appendConcurrency) "
                + "transaction slots share the next transaction (group commit, --append-concurrency); "
                + "'a transaction each' is the same store with as many slots as writers, so none waits")
        report.notes.append(
            "ratio = TalentLedger ÷ baseline for rates; raw ÷ TalentLedger for latencies; peak ÷ before for memory")
        report.notes.append(
            "settled: VACUUM ANALYZE before the raw read, before each side of the import, before the late-unit job "
                + "and before the HTTP phase, so that autovacuum of what one phase wrote does not run in the next one's window"
        )
        report.notes.append(
            "baselines: plain tables LIKE events (primary key only: no foreign keys, unique version, indexes, trigger or hash chain), "
                + "written through the same libpq layer and connection pool")
        return report
    }

    func generateRebuildSet(store: EventStore, workload: BenchWorkload, report: inout BenchReport) async throws -> Int {
        Self.say("generating \(rebuildTalents) talents × \(eventsPerTalent) events for the rebuild")
        let bar = ProgressBar(label: "generate")
        let start = ContinuousClock.now
        var written = 0
        for first in stride(from: 0, to: rebuildTalents, by: chunkTalents) {
            let chunk = try workload.appends(
                prefix: "R", range: first..<min(first + chunkTalents, rebuildTalents), eventsPerTalent: eventsPerTalent)
            written += try await store.appendBulk(chunk)
            bar.update(min(first + chunkTalents, rebuildTalents), rebuildTalents)
        }
        bar.finish()
        let seconds = BenchFormat.seconds(ContinuousClock.now - start)
        report.figures["generate_events"] = Double(written)
        report.figures["generate_events_per_second"] = Double(written) / seconds
        return written
    }

    func measureImport(target: BenchDatabase, store: EventStore, workload: BenchWorkload, report: inout BenchReport)
        async throws
    {
        Self.say("deciding \(importTalents) evaluations for the import")
        let decideStart = ContinuousClock.now
        let appends = try workload.appends(prefix: "I", range: 0..<importTalents, eventsPerTalent: 1)
        let decideSeconds = BenchFormat.seconds(ContinuousClock.now - decideStart)
        let events = appends.reduce(0) { $0 + $1.events.count }
        try await Self.settle(store, before: "the import")
        Self.say("COPY of the \(events) rows into a plain table, then the bulk import")
        let plainSeconds = try await BenchImport.plainCopy(appends, chunk: chunkTalents, pool: target.pool)
        // Each side after a settled database: the baseline's 580,000 new rows would otherwise be vacuumed
        // during the bulk import.
        try await Self.settle(store, before: "the bulk import")
        let oursSeconds = try await BenchImport.bulkImport(appends, chunk: chunkTalents, store: store)
        let ours = Double(importTalents) / oursSeconds
        let plain = Double(importTalents) / plainSeconds
        report.figures["import_talents_per_second"] = ours
        report.figures["import_events_per_second"] = Double(events) / oursSeconds
        report.figures["import_events"] = Double(events)
        report.figures["import_seconds"] = oursSeconds
        report.figures["import_decide_seconds"] = decideSeconds
        report.figures["plain_copy_seconds"] = plainSeconds
        report.figures["plain_copy_talents_per_second"] = plain
        report.add(
            BenchLine(
                measure: "bulk import, \(importTalents) talents (\(events) events)",
                ours: String(format: "%.2f s", oursSeconds), baseline: String(format: "%.2f s COPY", plainSeconds),
                ratioKey: "import_ratio", ratio: ours / plain, aim: "≥ 0.50", meetsAim: ours / plain >= 0.5))
        report.notes.append(
            "import: decided events appended with appendBulk in one transaction, \(chunkTalents) talents per bulk append; "
                + String(format: "deciding them took %.2f s more (outside both timings)", decideSeconds))
    }
}
