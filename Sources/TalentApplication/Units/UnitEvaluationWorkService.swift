import EventStore
import Foundation
import ReadModels
import TalentDomain

extension TalentRegister {
    /// A unit's evaluation work (F1) as whoever may read the unit sees it: its suspensions and their lifting,
    /// and how much of them the caller reads (``EvaluationWorkReading``).
    public func evaluationWork(of unit: String, by caller: Caller) async throws -> EvaluationWorkReading {
        let access = try await queries.access()
        try Self.requireUnit(
            unit, readableBy: caller, access: access, only: "talent evaluation work (F1) is an employer unit's")
        let work = try await store.withConnection { store in
            try await UnitEvaluationWorkStream.read(unit: unit, on: store).work
        }
        return try await reading(work, by: caller, access: access)
    }

    /// `work` as `caller` reads it: the findings only in full, the talents only those it may see.
    func reading(_ work: UnitEvaluationWork, by caller: Caller, access: Access) async throws -> EvaluationWorkReading {
        var named: Set<TalentID> = []
        // Whose finding it was is the province's and the auditor's to know, not a level's or the unit's.
        if [.provinceOffice, .auditor, .system].contains(caller.role) {
            for talent in Set(work.suspensions.compactMap(\.talent)) {
                if (try? await queries.visible(talent, by: caller, access: access)) != nil { named.insert(talent) }
            }
        }
        return EvaluationWorkReading(
            work: work,
            showsFindings: access.visibility(ofTalentAnsweredBy: work.unit, classified: false, caller: caller) == .full,
            namedTalents: named)
    }

    /// F1: the province office suspends a unit's talent evaluation work on a finding of fraud, from the day
    /// it is recorded (it holds no evaluation made before), or lifts the suspension, dated `date` (a day that
    /// has come). A suspension while one holds records nothing (`recorded` says which); with the
    /// `commandID` of a step recorded before (a client's idempotency key), answered as that step left it.
    @discardableResult
    public func changeEvaluationWork(
        of unit: String, _ command: UnitEvaluationWorkCommand, on date: Day, by caller: Caller, commandID: UUID? = nil
    ) async throws -> (work: EvaluationWorkReading, recorded: Bool) {
        guard Self.changesEvaluationWork(caller) else {
            throw Forbidden("暂停或恢复单位人才认定工作由省人社厅决定（F1）", rule: .F1)
        }
        let access = try await queries.access()
        try Self.requireUnit(
            unit, readableBy: caller, access: access, only: "talent evaluation work (F1) is an employer unit's")
        let today = today()
        if let problem = limits.outsideDays(date) { throw InvalidInput("effectiveOn", problem) }
        if let problem = Self.dayToComeProblem(date, today: today, doing: "a unit's evaluation work is changed") {
            throw InvalidInput("effectiveOn", problem)
        }
        if case .suspend = command, date < today {
            throw Refusal(
                .F1, "暂停单位人才认定工作自记录之日（\(today)）起生效，不能记为更早的\(date)：此前已作出的人才认定不因此改变",
                field: "effectiveOn")
        }
        let (step, words): (String, String) =
            switch command {
            case .suspend(let finding, _): ("suspend", finding)
            case .resume(let reason): ("resume", reason)
            }
        try policy.management.registerLimits.check(text: words, field: step == "suspend" ? "finding" : "reason")
        let streamID = UnitEvaluationWorkStream.id(unit: unit)
        let retry = commandID.map {
            CampaignStepRetry(commandID: $0, step: step, streamID: streamID, on: date, words: [words])
        }
        let change = try await Self.retryingConflicts {
            try await store.withTransaction { transaction -> (work: UnitEvaluationWork, recorded: Bool) in
                // A retry is answered as its step left the work, whatever was recorded since.
                if let earlier = try await retry?.earlier(on: streamID, on: transaction) {
                    let version = earlier.map(\.version).max()
                    return (
                        try await UnitEvaluationWorkStream.read(unit: unit, upToVersion: version, on: transaction).work,
                        true
                    )
                }
                let read = try await UnitEvaluationWorkStream.read(unit: unit, on: transaction)
                guard
                    let append = try UnitEvaluationWorkStream.append(
                        command, to: read, on: date, metadata: CampaignStepRetry.metadata(of: retry, by: caller))
                else { return (read.work, false) }
                let appended = try await transaction.append([append], commandID: retry?.commandID ?? .timeOrdered())
                // The same retry, recorded by another request since the check above: answered from it, next.
                if appended.replayed { throw ConcurrentRepeat(commandID: appended.commandID) }
                return (try await UnitEvaluationWorkStream.read(unit: unit, on: transaction).work, true)
            }
        }
        if change.recorded { store.announcer.announce() }
        return (try await reading(change.work, by: caller, access: access), change.recorded)
    }
}

/// A fraud finding recorded by a release before F1 had an effect, whose measure suspends its unit's
/// evaluation work: what carrying it over does.
public struct EarlierFinding: Sendable, Hashable {
    public var talent: TalentID
    public var foundOn: Day
    public var finding: String
    /// The unit that answered for the talent on the finding's day; nil when none did.
    public var unit: String?
    public enum Outcome: String, Sendable, Hashable {
        /// Suspended from the day it is carried over.
        case suspended
        /// The unit is suspended already (by this finding, or another).
        case suspendedAlready
        /// No unit answered for the talent then.
        case noUnit
    }
    public var outcome: Outcome
}

extension TalentRegister {
    /// F1 after an upgrade: the fraud findings an earlier release recorded with the measure
    /// 暂停单位人才认定工作, which then had no effect, each suspending the evaluation work of the unit that
    /// answered for its talent on the finding's day, from today (an evaluation made since stands). A unit
    /// suspended already is left as it is, so that running it again records nothing. A dry run records
    /// nothing and answers what it would do.
    public func carryOverEarlierFindings(dryRun: Bool, by caller: Caller) async throws -> [EarlierFinding] {
        guard caller.role == .system else { throw Forbidden("由运维人员在升级后执行（F1）", rule: .F1) }
        let today = today()
        do {
            let findings = try await carryOver(on: today, dryRun: dryRun, by: caller)
            if findings.contains(where: { $0.outcome == .suspended }) { store.announcer.announce() }
            return findings
        } catch let rolledBack as CarryOverDryRun {
            return rolledBack.findings
        }
    }

    private func carryOver(on today: Day, dryRun: Bool, by caller: Caller) async throws -> [EarlierFinding] {
        try await store.withTransaction { transaction in
            var findings: [EarlierFinding] = []
            let recorded = try await transaction.events(ofType: FraudFound.typeName, streamType: TalentStream.type)
            for event in recorded {
                guard case .fraudFound(let found) = try TalentStream.talentEvent(event),
                    found.measures.contains(.suspendUnitEvaluationWork),
                    let talent = TalentStream.talentID(fromStreamID: event.streamID)
                else { continue }
                let history = try await transaction.readStream(event.streamID).map(StoredTalentEvent.init)
                let unit = Talent.fold(history.map(\.event), asOf: found.effectiveDate).answeringUnit?.rawValue
                var finding = EarlierFinding(
                    talent: talent, foundOn: found.effectiveDate, finding: found.finding, unit: unit, outcome: .noUnit)
                if let unit {
                    let metadata = EventMetadata(
                        actor: caller.id, role: caller.role.rawValue, reason: "F1 carried over after an upgrade")
                    // Appended one by one in this transaction, so that two findings of one unit suspend it once.
                    let read = try await UnitEvaluationWorkStream.read(unit: unit, on: transaction)
                    if let append = try UnitEvaluationWorkStream.append(
                        .suspend(finding: "\(found.finding)（\(found.effectiveDate)查实）", talent: talent), to: read,
                        on: today, metadata: metadata)
                    {
                        try await transaction.append([append], commandID: .timeOrdered())
                        finding.outcome = .suspended
                    } else {
                        finding.outcome = .suspendedAlready
                    }
                }
                findings.append(finding)
            }
            if dryRun { throw CarryOverDryRun(findings: findings) }
            return findings
        }
    }
}

/// Carries a dry run's answer out of the transaction it rolls back.
struct CarryOverDryRun: Error {
    var findings: [EarlierFinding]
}

/// A unit's evaluation work (F1) as a caller reads it. A finding, and why a suspension was lifted, are free
/// texts, which may name people: they are said to whoever sees the unit's talents in full (the province office, the unit's officers), as a
/// talent's timeline says its findings (SEC2). The talent whose finding took the measure is named only to
/// the province office and the auditor, and only where they may see that talent: a classified one (T4)
/// is in no auditor's view.
public struct EvaluationWorkReading: Sendable, Hashable {
    public var work: UnitEvaluationWork
    public var showsFindings: Bool
    public var namedTalents: Set<TalentID>

    /// The suspension holding now, as ``UnitEvaluationWork/current`` says.
    public var current: UnitEvaluationWork.Suspension? { work.current }

    /// What the caller reads of `suspension`'s finding; nil when it is not the caller's to read.
    public func finding(of suspension: UnitEvaluationWork.Suspension) -> String? {
        showsFindings ? suspension.finding : nil
    }

    /// Why `suspension` was lifted, as the caller reads it: a free text as the finding is.
    public func resumeReason(of suspension: UnitEvaluationWork.Suspension) -> String? {
        showsFindings ? suspension.resumeReason : nil
    }

    /// The talent the caller reads as `suspension`'s; nil when none, or not the caller's to know.
    public func talent(of suspension: UnitEvaluationWork.Suspension) -> TalentID? {
        suspension.talent.flatMap { namedTalents.contains($0) ? $0 : nil }
    }
}
