import EventStore
import Foundation
import Logging
import Postgres
import ReadModels
import TalentDomain

/// The late-unit jobs of a campaign (S3, S4). Each step is a command with a command id derived from the
/// job, the campaign and the talent, so a job run twice records nothing the second time; a job record
/// (its own stream: started, checkpoints, finished) lets a job stopped halfway resume after its last
/// checkpoint. A dry run runs every check and records nothing, the job record included.
extension TalentRegister {
    /// S3: every unit not in time when the campaign's window closed, and not made up by the job's day, has
    /// its talents' 吉享卡 and 吉健卡 services suspended, one command per talent naming the rule, the unit
    /// and its lateness. Its talents are those it held when the window closed ("逾期未按要求报送材料的单位和个人": theirs were the materials
    /// not sent), wherever they are since; a talent that joined it later, from a unit in time or as a new
    /// talent, is passed over, said why. Each is decided as it stood on the job's day. Talents exited,
    /// outside the campaign's scope or with no active card are skipped with the reason.
    public func suspendLateUnits(
        campaign year: Int, on date: Day, dryRun: Bool = false, by caller: Caller, logger: Logger? = nil,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }, checkpointEvery: Int = JobReport.checkpointInterval,
        stopAfter: Int? = nil
    ) async throws -> JobReport {
        try Self.requireJobRunner(caller)
        try requireJobDay(date)
        let campaign = try campaign(year)
        guard date > campaign.submissionCloses else {
            throw InvalidInput("on", "the window closes on \(campaign.submissionCloses): no unit is late before")
        }
        let access = try await queries.access(fresh: true)
        let rows = try await submissionRows(year)
        try Self.requireCampaignRunHere(campaign, rows)
        // Late when the window closed, and not made up by the job's day: a daily job run after a unit's
        // make-up was accepted (and its services restored) does not take them again.
        // A unit with no talent on the campaign's roster had nothing to send (无需报送), as where submissions
        // stand says: not late, whatever talents of it the campaign does not reach.
        let onRoster = try await SubmissionProjection.rosterUnits(campaign: year, scope: .province, in: store)
        let late = access.tree.organizations.values.filter { unit in
            unit.kind.isEmployerUnit && onRoster[unit.id] != nil && !(rows[unit.id]?.inTimeAtClose ?? false)
                && !(rows[unit.id]?.madeUp(by: date) ?? false)
        }.map(\.id).sorted()
        let (work, heldAtClose) = try await talentsHeld(by: late, at: campaign)
        return try await runJob(
            Self.suspendJob, campaign: campaign, on: date, work: work, dryRun: dryRun, by: caller,
            logger: logger, progress: progress, checkpointEvery: checkpointEvery, stopAfter: stopAfter,
            .onState { unit, state in
                guard state.isUnderManagement else { return .skip("不在管理期内（\(state.status.chineseName)）") }
                if let problem = Self.notHeldAtClose(state, by: unit, heldAtClose, campaign) { return .skip(problem) }
                guard !campaign.workItems(for: state, on: campaign.submissionCloses).isEmpty else {
                    return .skip("不在\(year)年度考核工作范围内")
                }
                guard !state.entitlements.serviceCards(in: .active).isEmpty else {
                    return .skip("没有正常使用的吉享卡或吉健卡")
                }
                let days = campaign.submissionCloses.days(until: date)
                let name = access.tree[unit]?.name ?? unit
                // In the notice's words, as the console shows it beside the rule's name (the rule is the
                // event's own: the reason does not repeat it).
                return .run(
                    .suspendServices(
                        reason:
                            "\(name)（\(unit)）未在\(campaign.submissionCloses)前报送\(year)年度考核材料，至\(date)逾期\(days)天"
                    ))
            })
    }

    /// S4: for every late unit whose make-up was accepted by `date`, having been sent by the campaign's
    /// make-up deadline, exactly the services this campaign's S3 job suspended come back (the cards its
    /// suspension took, not one suspended otherwise); a unit that made up after the deadline stays
    /// suspended. A unit found in time after the job ran (a submission that reached the province on paper
    /// within the window, entered later) gets back what the job took from it too. The talents are, as for
    /// S3, those the unit held when the window closed.
    public func restoreMadeUpUnits(
        campaign year: Int, on date: Day, dryRun: Bool = false, by caller: Caller, logger: Logger? = nil,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }, checkpointEvery: Int = JobReport.checkpointInterval,
        stopAfter: Int? = nil
    ) async throws -> JobReport {
        try Self.requireJobRunner(caller)
        try requireJobDay(date)
        let campaign = try campaign(year)
        let access = try await queries.access(fresh: true)
        let rows = try await submissionRows(year)
        let madeUp = Set(rows.values.filter { $0.madeUp(by: date) }.map(\.unit))
        // Units in time that held, when the window closed, talents suspended since: few, found from the card
        // rows rather than by reading every unit's talents. Restored ones count too, so that a run after
        // another lists the same units (their steps done already).
        let suspended = try await queries.talents.suspendedAfter(campaign.submissionCloses)
        let holdingSuspended = try await queries.talents.units(of: suspended, on: campaign.submissionCloses)
        let inTime = Set(holdingSuspended.values).filter { rows[$0]?.inTimeAtClose == true }
        let units = madeUp.union(inTime).sorted()
        let (work, heldAtClose) = try await talentsHeld(by: units, at: campaign)
        return try await runJob(
            "restore", campaign: campaign, on: date, work: work, dryRun: dryRun, by: caller,
            logger: logger, progress: progress, checkpointEvery: checkpointEvery, stopAfter: stopAfter,
            .onHistory { unit, state, history in
                let suspended = state.entitlements.serviceCards(in: .suspended)
                guard !suspended.isEmpty else { return .skip("没有暂停的服务待遇") }
                if let problem = Self.notHeldAtClose(state, by: unit, heldAtClose, campaign) { return .skip(problem) }
                // Only what this campaign's job suspended: each card whose suspension in force is the job's (its
                // correlation id), not one suspended by hand before it or again after it.
                let job = Self.stepID(Self.suspendJob, campaign: year, talent: state.id ?? TalentID("")).uuidString
                    .lowercased()
                let taken = try suspended.filter { card in
                    let suspension = history.last { stored in
                        guard case .entitlementsChanged(let change) = stored.event else { return false }
                        return change.changes.contains(EntitlementChange(item: card, action: .suspended))
                    }
                    return try suspension?.metadata.correlationID == job
                }
                guard !taken.isEmpty else { return .skip("其服务待遇不是由\(year)年度逾期未报的暂停任务暂停的") }
                let name = access.tree[unit]?.name ?? unit
                if madeUp.contains(unit) {
                    let sentOn = rows[unit]?.submission.lastSubmittedOn.map { "于\($0)" } ?? ""
                    let acceptedOn = rows[unit]?.submission.acceptedOn.map { "于\($0)" } ?? ""
                    return .run(
                        .restoreServices(
                            reason:
                                "\(name)（\(unit)）\(sentOn)补报\(year)年度考核材料，未超过补报截止日\(campaign.makeUpDeadline)，已\(acceptedOn)审核通过",
                            cards: taken))
                }
                let submitted = rows[unit]?.submission.firstSubmittedOn.map { "（\($0)报送）" } ?? ""
                return .run(
                    .restoreServices(
                        reason: "\(name)（\(unit)）已按时报送\(year)年度考核材料\(submitted)，其人才不在逾期暂停之列", cards: taken))
            })
    }

    /// S3: a campaign not run in this register (``SubmissionRow/campaignRunHere(_:)``) is refused, so that a
    /// daily timer on a new register suspends nobody.
    static func requireCampaignRunHere(_ campaign: Campaign, _ rows: [String: SubmissionRow]) throws(Refusal) {
        guard !SubmissionRow.campaignRunHere(rows.values) else { return }
        throw Refusal(
            .S3,
            "本登记簿中没有任何单位在\(campaign.submissionCloses)前报送\(campaign.year)年度考核材料，无从判断哪些单位逾期"
                + "（登记簿在该年度考核之后建立，或材料以纸质报送未录入），不暂停任何服务")
    }

    /// The talents `units` held when `campaign`'s window closed, and those they answer for now (a talent
    /// that joined since is a step the job passes over, said why), each once, under the unit it was held by
    /// when it was: the late-unit jobs' work, and who was whose.
    func talentsHeld(by units: [String], at campaign: Campaign) async throws -> (
        work: [(unit: String, talent: TalentID)], heldAtClose: [TalentID: String]
    ) {
        let held = try await queries.talents.held(by: units, on: campaign.submissionCloses)
        let heldAtClose = Dictionary(
            held.map { ($0.talent, $0.unit) }, uniquingKeysWith: { (first: String, _) in first })
        var work = heldAtClose.map { (unit: $0.value, talent: $0.key) }
        work += try await queries.talents.answering(units).filter { heldAtClose[$0.talent] == nil }
        return (work, heldAtClose)
    }

    /// Why a late-unit job passes over a talent `unit` did not hold when the window closed; nil when it did.
    static func notHeldAtClose(
        _ state: Talent, by unit: String, _ heldAtClose: [TalentID: String], _ campaign: Campaign
    )
        -> String?
    {
        guard let talent = state.id, heldAtClose[talent] != unit else { return nil }
        return "\(campaign.submissionCloses)材料接收截止时不属\(unit)（此后才调入），其材料不由该单位报送"
    }

    /// The S3 job's name, in its record and its steps' ids.
    static let suspendJob = "suspend-late-units"

    /// The id of a job's step for one talent (its events' correlation id): the same in every run.
    static func stepID(_ job: String, campaign year: Int, talent: TalentID) -> UUID {
        UUID.derived(from: "\(job)\u{0}\(year)\u{0}\(talent.rawValue)")
    }

    func submissionRows(_ year: Int) async throws -> [String: SubmissionRow] {
        Dictionary(
            uniqueKeysWithValues: try await SubmissionProjection.rows(campaign: year, scope: .province, in: store).map {
                ($0.unit, $0)
            })
    }

    /// What a job does for one talent.
    enum JobAction {
        case run(TalentCommand)
        case skip(String)
    }

    /// How a job decides what to do for one talent (given the unit its step is for: the one that answered
    /// for it when the window closed, or answers for it now): on the talent's state alone,
    /// so that a batch decides on the states the talents' rows keep without reading their histories, or on
    /// the state and the history.
    enum JobDecider: Sendable {
        case onState(@Sendable (String, Talent) throws -> JobAction)
        case onHistory(@Sendable (String, Talent, [StoredTalentEvent]) throws -> JobAction)

        func callAsFunction(_ unit: String, _ state: Talent, _ history: [StoredTalentEvent]) throws -> JobAction {
            switch self {
            case .onState(let action): try action(unit, state)
            case .onHistory(let action): try action(unit, state, history)
            }
        }
    }

    /// Refuses a caller whose role does not run the batch jobs: asked first, before a job reads the tree,
    /// the submissions or a talent.
    public static func requireJobRunner(_ caller: Caller) throws {
        guard runsJobs(caller) else {
            throw Forbidden("批处理作业由省人社厅运行")
        }
    }

    /// Refuses a job's day that has not come (by the register's clock): a job run ahead would record
    /// lateness that is not yet so (a unit may still submit in time) and suspend services now. A day
    /// outside the register's days is no job's either.
    func requireJobDay(_ date: Day) throws { try requireRegisterDayHasCome(date, doing: "a job acts") }

    func runJob(
        _ job: String, campaign: Campaign, on date: Day, work: [(unit: String, talent: TalentID)],
        dryRun: Bool, by caller: Caller, logger: Logger?, progress: @Sendable (Int, Int) -> Void,
        checkpointEvery: Int, stopAfter: Int?, _ action: JobDecider
    ) async throws -> JobReport {
        // The role was checked by the job before it read anything (`requireJobRunner`).
        // In the order the record resumes by.
        var work = work
        work.sort { ($0.unit, $0.talent.rawValue) < ($1.unit, $1.talent.rawValue) }
        let record = JobRecord(store: store, job: job, campaign: campaign.year, on: date)
        // Steps up to a stopped run's last checkpoint are passed over (by unit and talent, so that a talent
        // registered meanwhile is not skipped); redoing any of them would record nothing anyway.
        let resume = dryRun ? nil : try await record.resumePoint()
        let pending = work.enumerated().filter { _, item in
            guard let resume else { return true }
            return (item.unit, item.talent.rawValue) > (resume.unit, resume.talent)
        }
        // A run that changes nothing records nothing, its job record included: the record starts with the
        // first batch, in order, that records a step (or goes on from the stopped run it resumes). A run that
        // ends before that batch is taken (a later batch committed first) leaves steps and no record: the next
        // run starts from the beginning and finds them already done.
        var recording = resume != nil
        // The job record counts what every run did, the stopped runs' steps too (those of a release that did
        // not count them are said to be uncounted); the report, this run's.
        func countsOfEveryRun(_ report: JobReport) -> [JobStep.Outcome: Int] {
            report.counts.merging(resume?.counts ?? [:], uniquingKeysWith: +)
        }
        let uncounted = resume.flatMap { $0.counts == nil ? $0.done : $0.uncounted }
        // The units acted for are those with talents: one that held none and answers for none had nothing
        // to send (无需报送), so it is neither late nor made up.
        var report = JobReport(
            job: job, campaign: campaign.year, on: date, dryRun: dryRun, units: Set(work.map(\.unit)).sorted(),
            steps: [],
            resumedAfter: work.count - pending.count)
        let size = max(1, checkpointEvery)
        let batches = stride(from: 0, to: pending.count, by: size).map {
            Array(pending[$0..<min($0 + size, pending.count)])
        }
        // A run stopped at `stopAfter` (a test's stand-in for a killed process) starts no batch from there.
        let started = stopAfter.map { stop in min(batches.count, (stop + size - 1) / size) } ?? batches.count
        // Batches end in any order and are taken in order, so that a checkpoint follows every batch before
        // it; a batch starts as the one `batchesAtOnce` places before it is taken. An error in any batch ends
        // the run (batches before it may have ended well and have no checkpoint yet) once the batches running
        // have been cancelled and have given their connections back; what any of them committed is "already
        // done" to the run that resumes.
        try await withThrowingTaskGroup(of: (Int, [JobStep]).self) { group in
            func start(_ number: Int) {
                guard number < started else { return }
                let batch = batches[number].map(\.element)
                group.addTask { [self] in
                    let steps = try await runBatch(
                        job, batch, campaign: campaign, on: date, dryRun: dryRun, by: caller, logger: logger, action)
                    return (number, steps)
                }
            }
            for number in 0..<JobReport.batchesAtOnce { start(number) }
            var ended: [Int: [JobStep]] = [:]
            for (number, batch) in batches.enumerated() {
                guard number < started else { throw CancellationError() }
                while ended[number] == nil, let (done, steps) = try await group.next() { ended[done] = steps }
                guard let steps = ended.removeValue(forKey: number) else {
                    preconditionFailure("batch \(number) was taken before it was started")
                }
                start(number + JobReport.batchesAtOnce)
                report.steps += steps
                guard let (index, last) = batch.last else { continue }
                progress(index + 1, work.count)
                if !dryRun, !recording, steps.contains(where: { $0.outcome == .applied }) {
                    try await record.started(steps: work.count, by: caller)
                    recording = true
                }
                if recording {
                    try await record.checkpoint(
                        done: index + 1, unit: last.unit, talent: last.talent, counts: countsOfEveryRun(report),
                        uncounted: uncounted)
                }
            }
        }
        if recording {
            try await record.finished(steps: work.count, counts: countsOfEveryRun(report), uncounted: uncounted)
        }
        return report
    }

    /// Carries a dry run's steps out of the transaction it rolls back.
    struct DryRunBatch: Error {
        var steps: [JobStep]
    }

    /// One batch of a job's steps, written in one transaction (``writeBatch(_:job:campaign:on:dryRun:by:logger:_:beforeAppend:)``).
    /// A talent someone else changes between the batch's reading and its append (the append's versions
    /// refuse, naming its stream) is set aside and the rest of the batch is written again at once: each
    /// such conflict makes the batch smaller, so a job run while people work on some of its talents still
    /// writes the others. The talents set aside are then written one at a time, each tried
    /// ``JobReport/attemptsAlone`` times a little apart. `beforeAppend` runs before each append with the
    /// talents it holds: a test's stand-in for a concurrent change.
    func runBatch(
        _ job: String, _ batch: [(unit: String, talent: TalentID)], campaign: Campaign, on date: Day, dryRun: Bool,
        by caller: Caller, logger: Logger?, _ action: JobDecider,
        beforeAppend: @escaping @Sendable (_ talents: [TalentID]) async throws -> Void = { _ in }
    ) async throws -> [JobStep] {
        func write(_ talents: [(unit: String, talent: TalentID)]) async throws -> [JobStep] {
            try await writeBatch(
                talents, job: job, campaign: campaign, on: date, dryRun: dryRun, by: caller, logger: logger, action,
                beforeAppend: beforeAppend)
        }
        var steps: [TalentID: JobStep] = [:]
        var remaining = batch
        var setAside: [(unit: String, talent: TalentID)] = []
        while !remaining.isEmpty {
            do {
                for step in try await write(remaining) { steps[step.talent] = step }
                remaining = []
            } catch let conflict as VersionConflict {
                guard let talent = TalentStream.talentID(fromStreamID: conflict.streamID),
                    let index = remaining.firstIndex(where: { $0.talent == talent }), remaining.count > 1
                else { throw conflict }
                (logger ?? self.logger).debug(
                    "a talent of the batch changed meanwhile; it is set aside and the rest written again",
                    metadata: ["job": "\(job)", "conflict": "\(conflict)"])
                setAside.append(remaining.remove(at: index))
            }
        }
        for item in setAside {
            for attempt in 1...JobReport.attemptsAlone {
                do {
                    for step in try await write([item]) { steps[step.talent] = step }
                    break
                } catch let conflict as VersionConflict where attempt < JobReport.attemptsAlone {
                    (logger ?? self.logger).debug(
                        "a talent set aside changed again; trying it once more",
                        metadata: ["job": "\(job)", "conflict": "\(conflict)", "attempt": "\(attempt)"])
                    // Apart from the other writer's next change, which is likely a person's command in flight.
                    try await Task.sleep(for: .milliseconds(Int.random(in: 10...40) * attempt))
                }
            }
        }
        return batch.compactMap { steps[$0.talent] }
    }

    /// `batch` written in one transaction: each step decided in memory, every event appended in one bulk
    /// append with the read models' rows, so that a job over a province costs a few statements per batch
    /// rather than per talent. A job that decides on the state alone decides on the states the rows keep
    /// (read with the streams' heads in one query) and moves the rows on from them
    /// (``TalentProjection/write(_:on:)``); a talent whose row is behind its stream, or whose step needs
    /// the history's rows, is decided on its history (the streams read in one query) as a job that needs
    /// the history is. Each talent's events carry a correlation id derived from the job, the campaign and
    /// the talent: a step found in a stream (or recorded under that command id by an earlier,
    /// talent-at-a-time run) is already done. Rows that moved without their stream (``RowsMoved``: decided
    /// again from the histories), or a transaction the batch deadlocked with (the server rolls one of the
    /// two back), have the batch decided again; a talent appended to meanwhile is the caller's to set aside
    /// (``VersionConflict``).
    func writeBatch(
        _ batch: [(unit: String, talent: TalentID)], job: String, campaign: Campaign, on date: Day, dryRun: Bool,
        by caller: Caller, logger: Logger?, _ action: JobDecider,
        beforeAppend: @Sendable (_ talents: [TalentID]) async throws -> Void
    ) async throws -> [JobStep] {
        var attempt = 1
        var trustingKeptState = true
        while true {
            do {
                let (steps, appended) = try await store.withTransaction(logger: logger) {
                    transaction -> ([JobStep], [String: Int]) in
                    var batchSteps = JobBatch(
                        batch, job: job, campaign: campaign, on: date, caller: caller, policy: policy, action: action)
                    if trustingKeptState, case .onState = action {
                        try await batchSteps.decideOnKeptStates(on: transaction)
                    }
                    try await batchSteps.decideOnHistories(on: transaction)
                    try await beforeAppend(batch.map(\.talent))
                    let steps = batch.compactMap { batchSteps.steps[$0.talent] }
                    guard !batchSteps.appends.isEmpty else { return (steps, [:]) }
                    // The batch's append is its own: whether a step was done is each talent's correlation id,
                    // and a run that meets a batch appended meanwhile by another conflicts on its versions.
                    let commandID = UUID.timeOrdered()
                    try await transaction.appendBulk(batchSteps.appends, commandID: commandID)
                    // The read models' rows of the changed talents, in the same transaction: moved on from the
                    // kept states, or derived from the histories read above and what this append added to them
                    // (the streams are locked until commit).
                    try await TalentProjection.write(batchSteps.advances, on: transaction.connection)
                    if !batchSteps.histories.isEmpty {
                        var histories = batchSteps.histories
                        for event in try await transaction.events(ofCommand: commandID) {
                            guard let talent = TalentStream.talentID(fromStreamID: event.streamID) else { continue }
                            histories[talent]?.append(try StoredTalentEvent(event))
                        }
                        try await TalentProjection.write(histories, policy: policy, on: transaction.connection)
                    }
                    try await ProjectionQuarantine.clear(
                        batchSteps.appends.map(\.streamID), on: transaction.connection)
                    // A dry run has run the append and written the rows, every check they make: undone here.
                    if dryRun { throw DryRunBatch(steps: steps) }
                    let types = batchSteps.appends.flatMap(\.events).map(\.type)
                    return (steps, Dictionary(types.map { ($0, 1) }, uniquingKeysWith: +))
                }
                if !appended.isEmpty {
                    store.announcer.announce()
                    for (type, count) in appended { Self.countAppended(count, origin: "job", type: type) }
                }
                return steps
            } catch let rollback as DryRunBatch {
                return rollback.steps
            } catch let moved as RowsMoved where attempt < 3 {
                (logger ?? self.logger).debug(
                    "a talent's rows moved meanwhile; deciding the batch again from the histories",
                    metadata: ["job": "\(job)", "moved": "\(moved)"])
                attempt += 1
                // Rows that moved show another version than their streams, and are read from the histories
                // anyway; this keeps rows that move again and again from refusing the batch every time.
                trustingKeptState = false
            } catch let failure as PostgresError where failure.isSerializationFailure && attempt < 3 {
                // A deadlock with another writer of the same rows (the projector's, say): the server rolled this
                // batch back so that the other could go on.
                (logger ?? self.logger).debug(
                    "the batch was chosen to end a deadlock; running it again",
                    metadata: ["job": "\(job)", "error": "\(failure.message)"])
                attempt += 1
            }
        }
    }

    static func reason(of command: TalentCommand) -> String {
        switch command {
        case .suspendServices(let reason), .restoreServices(let reason, _): reason
        default: "\(command)"
        }
    }
}
