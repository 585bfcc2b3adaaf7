import EventStore
import Foundation
import ReadModels
import TalentDomain

/// The steps of one batch of a job as they are decided, and what they append and write: the events, and
/// the rows moved on from kept states or the histories to derive rows from.
struct JobBatch {
    let job: String
    let campaign: Campaign
    let date: Day
    let caller: Caller
    let policy: Policy
    let action: TalentRegister.JobDecider

    private(set) var steps: [TalentID: JobStep] = [:]
    private(set) var appends: [StreamAppend] = []
    private(set) var advances: [RowsAdvance] = []
    /// The histories read for talents whose steps append: their rows are derived with what the append adds.
    private(set) var histories: [TalentID: [StoredTalentEvent]] = [:]
    /// The talents to be decided on their histories: the whole batch, until ``decideOnKeptStates(on:)``
    /// decides on the others.
    private(set) var needingHistory: [(unit: String, talent: TalentID)]

    init(
        _ batch: [(unit: String, talent: TalentID)], job: String, campaign: Campaign, on date: Day, caller: Caller,
        policy: Policy, action: TalentRegister.JobDecider
    ) {
        needingHistory = batch
        self.job = job
        self.campaign = campaign
        self.date = date
        self.caller = caller
        self.policy = policy
        self.action = action
    }

    /// Decides on the states the talents' rows keep, on the processors at hand; leaves in
    /// ``needingHistory`` the talents that need their histories (a row behind its stream or without a state
    /// this build reads, a step whose rows need the history). The rows are read, not locked: whatever moves
    /// before the batch is written, the append's versions or the rows' (``RowsMoved``) refuse.
    mutating func decideOnKeptStates(on connection: StoreConnection) async throws {
        let batch = needingHistory
        needingHistory = []
        let kept = try await KeptRow.read(batch.map { ($0.talent, stepID($0.talent)) }, on: connection)
        let decider = self
        let decisions = try await batch.map { ($0.unit, $0.talent, kept[$0.talent]) }.concurrentMap {
            unit, talent, row in try decider.decision(unit, talent, row)
        }
        for (item, decision) in zip(batch, decisions) {
            switch decision {
            case .needsHistory:
                needingHistory.append(item)
            case .step(let step):
                steps[item.talent] = step
            case .applied(let step, let append, let advance):
                steps[item.talent] = step
                appends.append(append)
                advances.append(advance)
            }
        }
    }

    /// What a batch does for one talent decided on the state its row keeps.
    enum KeptStateDecision: Sendable {
        case needsHistory
        case step(JobStep)
        case applied(JobStep, StreamAppend, RowsAdvance)
    }

    func decision(_ unit: String, _ talent: TalentID, _ row: KeptRow?) throws -> KeptStateDecision {
        guard let row else { return .needsHistory }
        if let earlier = row.earlier { return .step(alreadyDone((unit, talent), version: earlier)) }
        // A talent whose last fact takes effect after the job's day is decided on its history: the step would
        // take its place before that fact, or the talent was not in the register on the day at all.
        guard let state = row.state, row.lastDay <= date else { return .needsHistory }
        var step = JobStep(unit: unit, talent: talent, outcome: .skipped, reason: "")
        switch try action(unit, state, []) {
        case .skip(let reason):
            step.reason = reason
            return .step(step)
        case .run(let command):
            let decided: [TalentEvent]
            do {
                decided = try decide(command, state, policy, date)
            } catch {
                step.reason = error.description
                return .step(step)
            }
            guard
                let advance = TalentProjection.advance(
                    keptState: state, of: talent, lastDay: row.lastDay, adding: decided, policy: policy,
                    over: row.shown)
            else { return .needsHistory }
            step.outcome = .applied
            step.reason = TalentRegister.reason(of: command)
            return .applied(step, try append(decided, to: talent, after: row.shown.version), advance)
        }
    }

    /// Decides on the histories of the talents ``needingHistory``, read in one query.
    mutating func decideOnHistories(on transaction: StoreConnection) async throws {
        let batch = needingHistory
        needingHistory = []
        guard !batch.isEmpty else { return }
        let (events, heads) = try await transaction.readStreams(
            batch.map { (TalentStream.id($0.talent), stepID($0.talent)) })
        let streams = Dictionary(grouping: events, by: \.streamID)
        for item in batch {
            let streamID = TalentStream.id(item.talent)
            let recorded = streams[streamID] ?? []
            guard !recorded.isEmpty else { continue }
            let history = try recorded.map(StoredTalentEvent.init)
            var step = JobStep(unit: item.unit, talent: item.talent, outcome: .skipped, reason: "")
            if let earlier = heads[streamID]?.firstOfStep {
                step = alreadyDone(item, version: earlier)
            } else if let entered = history.map(\.effectiveDate).min(), entered > date {
                // A talent evaluated after the job's day was not in the register then: nothing of that day is its.
                step.reason = "\(date)尚未在册（其首项记录于\(entered)生效）"
            } else {
                // Asked as the talent stood on the job's day, on the facts in force then: a job run for a
                // past day acts on who was under management and what they held that day, not on what became
                // of them since.
                let thatDay = history.inEffectiveOrder().filter { $0.effectiveDate <= date }
                switch try action(item.unit, thatDay.foldedState(), thatDay) {
                case .skip(let reason):
                    step.reason = reason
                case .run(let command):
                    do {
                        // Decided as a command is: on the talent as it stands, and left, said why, when facts
                        // after the day decide it otherwise (a talent that has died since, a tier lowered
                        // since) or when it would change the talent on that day.
                        let now = Result { try decide(command, history.foldedState(), policy, date) }
                        if let refusal = try TalentCommandHandler.laterFactsRefusal(
                            command, decided: (try? now.get()) ?? [], history: history, policy: policy, on: date)
                        {
                            throw refusal
                        }
                        // Refused as the talent stands, with no later fact to blame: that refusal, as it is.
                        let decided = try now.get()
                        appends.append(try append(decided, to: item.talent, after: recorded.last?.version ?? 0))
                        histories[item.talent] = history
                        step.outcome = .applied
                        step.reason = TalentRegister.reason(of: command)
                    } catch let refusal as Refusal {
                        step.reason = refusal.description
                    }
                }
            }
            steps[item.talent] = step
        }
    }

    /// The id of this job's step for a talent: the command id and correlation id its events carry.
    func stepID(_ talent: TalentID) -> UUID {
        TalentRegister.stepID(job, campaign: campaign.year, talent: talent)
    }

    func alreadyDone(_ item: (unit: String, talent: TalentID), version: Int64) -> JobStep {
        JobStep(
            unit: item.unit, talent: item.talent, outcome: .alreadyDone,
            reason: "此前运行时已记录（记录版本\(version)）")
    }

    func append(_ decided: [TalentEvent], to talent: TalentID, after version: Int64) throws -> StreamAppend {
        let metadata = EventMetadata(
            actor: caller.id, role: caller.role.rawValue, organization: caller.organization,
            correlationID: stepID(talent).uuidString.lowercased())
        return StreamAppend(
            streamID: TalentStream.id(talent), streamType: TalentStream.type, expected: .exact(version),
            events: try decided.map { try TalentStream.newEvent($0, metadata: metadata) })
    }
}
