import EventStore
import Foundation
import ReadModels
import TalentDomain

extension TalentRegister {
    /// A unit's evaluation work (F1) as whoever may read the unit sees it: its suspensions and their lifting.
    public func evaluationWork(of unit: String, by caller: Caller) async throws -> UnitEvaluationWork {
        let access = try await queries.access()
        try Self.requireUnit(
            unit, readableBy: caller, access: access, only: "talent evaluation work (F1) is an employer unit's")
        return try await store.withConnection { store in
            try await UnitEvaluationWorkStream.read(unit: unit, on: store).work
        }
    }

    /// F1: the province office suspends a unit's talent evaluation work on a finding of fraud, or lifts the
    /// suspension, dated `date` (a day that has come). A suspension while one holds changes nothing; with
    /// the `commandID` of a step recorded before (a client's idempotency key), answered as it left things.
    @discardableResult
    public func changeEvaluationWork(
        of unit: String, _ command: UnitEvaluationWorkCommand, on date: Day, by caller: Caller, commandID: UUID? = nil
    ) async throws -> UnitEvaluationWork {
        guard [.provinceOffice, .system].contains(caller.role) else {
            throw Forbidden("暂停或恢复单位人才认定工作由省人社厅决定（F1）", rule: .F1)
        }
        let access = try await queries.access()
        try Self.requireUnit(
            unit, readableBy: caller, access: access, only: "talent evaluation work (F1) is an employer unit's")
        if let problem = limits.outsideDays(date) { throw InvalidInput("effectiveOn", problem) }
        if let problem = Self.dayToComeProblem(date, today: today(), doing: "a unit's evaluation work is changed") {
            throw InvalidInput("effectiveOn", problem)
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
        let work = try await Self.retryingConflicts {
            try await store.withTransaction { transaction in
                if try await retry?.earlier(on: streamID, on: transaction) == nil,
                    let append = try UnitEvaluationWorkStream.append(
                        command, to: try await UnitEvaluationWorkStream.read(unit: unit, on: transaction), on: date,
                        metadata: CampaignStepRetry.metadata(of: retry, by: caller))
                {
                    let appended = try await transaction.append([append], commandID: retry?.commandID ?? .timeOrdered())
                    // The same retry, recorded by another request since the check above: answered from it, next.
                    if appended.replayed { throw ConcurrentRepeat(commandID: appended.commandID) }
                }
                return try await UnitEvaluationWorkStream.read(unit: unit, on: transaction).work
            }
        }
        store.announcer.announce()
        return work
    }
}
