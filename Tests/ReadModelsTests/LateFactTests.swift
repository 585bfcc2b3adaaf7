// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 and X9 are the register's own spelling.

import Foundation
import Postgres
import TalentDomain
import Testing

@testable import EventStore
@testable import ReadModels
@testable import TalentApplication

@Suite("Late facts and bitemporal answers")
struct LateFactTests {
    let context: ReadModelContext

    init() async throws {
        context = try await ReadModelContext("late_facts")
    }

    /// X9 on the timeline: a retirement recorded two months after it occurred sits on its own day, and the
    /// report, the verification and the exit each show the day the situation occurred beside their own.
    @Test func X9_theTimelineShowsTheDayAnExitSituationOccurredBesideTheReportAndTheExit() async throws {
        let id = TalentID("late-retired")
        try await context.evaluate("late-retired", tier: .C, certificate: "2021-04-01")
        try await context.handler.handle(
            .collectBasicInfo(
                campaign: 2025,
                info: BasicInfo(
                    industry: "制造业", professionalField: "材料", education: "博士", professionalTitle: "教授")),
            for: id, on: try day("2025-12-15"), by: officer)
        try await context.handler.handle(
            .retire(occurredOn: try day("2025-12-13"), rehire: nil), for: id, on: try day("2026-02-13"), by: officer)
        try await context.handler.handle(
            .verifyExitSituation(reason: .retiredNotRehired, confirmed: true, finding: "情况属实"), for: id,
            on: try day("2026-02-27"), by: province)
        let timeline = try await context.replay.timeline(of: id)
        func entry(_ type: String) -> TimelineEntry? { timeline.first { $0.type == type } }
        let occurred = try day("2025-12-13")
        #expect(entry("TalentRetired")?.effectiveDate == occurred)
        #expect(entry("ExitSituationReported")?.effectiveDate == (try day("2026-02-13")))
        #expect(entry("ExitSituationReported")?.occurredOn == occurred)
        #expect(entry("ExitSituationVerified")?.occurredOn == occurred)
        #expect(entry("TalentExited")?.occurredOn == occurred)
        #expect(entry("BasicInfoCollected")?.occurredOn == nil)
        // Each fact names its rule: a person's by what it is (W1, X9), a derived one by what derived it; a
        // retirement's by the tier it leaves the talent at (X1 here, X2 for tier E), as the exit it leads to.
        #expect(entry("BasicInfoCollected")?.ruleID == "W1")
        #expect(entry("ExitSituationVerified")?.ruleID == "X9")
        #expect(entry("TalentRetired")?.ruleID == "X1")
        #expect(entry("TalentExited")?.ruleID == "X1")
        // The retirement, recorded after the collection, still comes first in business order: the state
        // after the collection (recorded first) knew of no retirement; the replay as of that week sees it.
        #expect(entry("BasicInfoCollected")?.stateAfter.isRetired == false)
        #expect(try await context.replay.state(of: id, asOf: try day("2025-12-16"))?.isRetired == true)
        // Each step's state is the fold of every fact recorded up to it, in business order.
        let events = try await context.replay.events(of: id)
        #expect(timeline.count == events.count)
        for (index, entry) in timeline.enumerated() {
            #expect(entry.stateAfter == Array(events[...index]).foldedState(), "after \(entry.type)")
        }
    }

    /// C2, E4: an instalment of the housing subsidy paid before the exit stopped it, and recorded only after
    /// the exit ("已发放的安家补贴不予追回"), is recorded on the day it was paid, and the exit withholds what was
    /// still unpaid then, no more (a tester's finding: it was refused, and the register said the money was
    /// withheld). One dated on or after the stop is refused, naming the day; nothing is paid twice; the rows
    /// are those a rebuild derives.
    @Test func C2_E4_anInstalmentPaidBeforeTheExitIsRecordedAfterItOnTheDayItWasPaid() async throws {
        let id = TalentID("late-paid")
        try await context.evaluate("late-paid", tier: .C, certificate: "2022-01-01")
        try await context.handler.handle(
            .payHousingSubsidyInstalment(number: 1), for: id, on: try day("2022-02-01"), by: province)
        try await context.handler.handle(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2025-03-01")), for: id,
            on: try day("2025-03-10"), by: officer)
        try await context.handler.handle(
            .verifyExitSituation(reason: .leftProvince, confirmed: true, finding: "已调往省外"), for: id,
            on: try day("2025-03-20"), by: province)
        func subsidy() async throws -> HousingSubsidy? {
            try await context.replay.state(of: id)?.entitlements.housingSubsidy
        }
        #expect(try await subsidy()?.withheldYuan == 300_000)
        #expect(try await subsidy()?.stoppedOn == (try day("2025-03-20")))
        // After the stop: refused, saying the day and how to record a payment made before it.
        let after = await #expect(throws: Refusal.self) {
            try await context.handler.handle(
                .payHousingSubsidyInstalment(number: 2), for: id, on: try day("2025-04-01"), by: province)
        }
        #expect(after?.rule == .C2 && after?.field == "effectiveOn")
        #expect(after?.reason.contains("已于2025-03-20停止发放") == true, "\(after?.reason ?? "")")
        // Paid on 2023-02-01, recorded now: the exit withholds the third instalment alone.
        let paid = try await context.handler.handle(
            .payHousingSubsidyInstalment(number: 2), for: id, on: try day("2023-02-01"), by: province)
        #expect(paid.events.map(\.effectiveDate) == [try day("2023-02-01")])
        var now = try #require(try await subsidy())
        #expect(now.paidYuan == 350_000 && now.withheldYuan == 150_000 && now.stopped)
        // Not paid twice; not before it fell due (the third, due 2024-01-01).
        await #expect(throws: Refusal.self) {
            try await context.handler.handle(
                .payHousingSubsidyInstalment(number: 2), for: id, on: try day("2024-06-01"), by: province)
        }
        await #expect(throws: Refusal.self) {
            try await context.handler.handle(
                .payHousingSubsidyInstalment(number: 3), for: id, on: try day("2023-12-01"), by: province)
        }
        try await context.handler.handle(
            .payHousingSubsidyInstalment(number: 3), for: id, on: try day("2024-06-01"), by: province)
        now = try #require(try await subsidy())
        #expect(now.paidYuan == 500_000 && now.withheldYuan == 0)
        // As the day of the exit saw it, and as a rebuild derives the rows.
        #expect(
            try await context.replay.state(of: id, asOf: try day("2025-03-21"))?.entitlements.housingSubsidy.paidYuan
                == 500_000)
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
    }

    /// C2, X9, LIMITS: a verification dated before a downgrade already recorded would take back the cards of
    /// the tier the downgrade left (E), where the talent held D on its day; the downgrade, folded after it,
    /// would then reissue what the exit cancelled. The register cannot decide the downgrade again, so the
    /// verification is refused naming its day, and nothing is written; dated after the downgrade it is
    /// recorded. A late fact whose decision the later facts do not change is recorded where it took effect,
    /// a report that none of them would have refused too.
    @Test func C2_X9_aFactDatedBeforeLaterFactsThatWouldChangeItsDecisionIsRefused() async throws {
        let id = TalentID("late-exit")
        try await context.evaluate("late-exit", tier: .D, certificate: "2021-04-01")
        try await context.handler.handle(
            .penalize(occurredOn: try day("2026-05-01"), sanction: Sanction(kind: .administrative, measure: .demotion)),
            for: id, on: try day("2026-05-10"), by: officer)
        try await context.handler.handle(
            .penalize(occurredOn: try day("2026-06-10"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            for: id, on: try day("2026-06-20"), by: officer)
        try await context.handler.handle(
            .recommend(outcome: .downgrade), for: id, on: try day("2026-07-05"), by: officer)
        let downgraded = try await context.handler.handle(
            .decideRecommendation(outcome: .downgrade), for: id, on: try day("2026-08-01"), by: province)
        #expect(downgraded.state.tier == .E)
        // Recorded late, effective before the downgrade, deciding the same on either state: recorded there.
        let assessed = try await context.handler.handle(
            .recordAnnualAssessment(
                occurredOn: try day("2026-01-20"),
                assessment: AnnualAssessment(year: 2025, kind: .annual, sector: .publicInstitution, result: .qualified)),
            for: id, on: try day("2026-05-12"), by: province)
        #expect(!assessed.events.isEmpty)
        // So is a situation's report that none of them would have refused (the recommendation that follows
        // covers the reports waiting, D3).
        let warned = try await context.handler.handle(
            .penalize(occurredOn: try day("2026-05-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            for: id, on: try day("2026-05-12"), by: province)
        #expect(!warned.events.isEmpty)
        let before = try await context.replay.events(of: id).count

        let refused = await #expect(throws: Refusal.self) {
            try await context.handler.handle(
                .verifyExitSituation(reason: .sanction, confirmed: true, finding: "核实"), for: id,
                on: try day("2026-06-01"), by: province)
        }
        #expect(refused?.rule == .registerLimits && refused?.field == "effectiveOn")
        #expect(refused?.reason.contains("2026-06-01之后已有记录（最近一项于2026-08-01生效）") == true)
        #expect(try await context.replay.events(of: id).count == before, "nothing written")

        let exited = try await context.handler.handle(
            .verifyExitSituation(reason: .sanction, confirmed: true, finding: "核实"), for: id,
            on: try day("2026-08-03"), by: province)
        #expect(exited.state.hasExited)
        #expect(exited.state.entitlements.talentCode.status == .cancelled)
    }

    /// W4, P3, LIMITS: a fact dated before steps already recorded, which would have refused those steps had
    /// it come first (an exit situation reported before a grade; an objection open before the result was made
    /// final), is refused naming what it opens; dated after them it is recorded.
    @Test func W4_P3_aLateFactThatWouldHaveRefusedTheStepsAfterItIsRefused() async throws {
        let id = TalentID("late-opening")
        try await context.evaluate("late-opening", tier: .C, certificate: "2019-05-01")
        for (command, on) in [
            (TalentCommand.registerEndTerm(campaign: 2025), "2026-01-05"),
            (.grade(campaign: 2025, grade: .good, decidedCollectively: true), "2026-01-10"),
            (.notifyResult(campaign: 2025), "2026-01-12"), (.finalizeResult(campaign: 2025), "2026-01-15"),
        ] {
            try await context.handler.handle(command, for: id, on: try day(on), by: province)
        }
        let sentence = TalentCommand.penalize(
            occurredOn: try day("2025-12-20"), sanction: Sanction(kind: .criminal, measure: .criminalSentence))
        let reported = await #expect(throws: Refusal.self) {
            try await context.handler.handle(sentence, for: id, on: try day("2025-12-22"), by: province)
        }
        #expect(reported?.rule == .registerLimits && reported?.field == "effectiveOn")
        #expect(reported?.reason.contains("会使该人才当日有待核实的") == true, "\(String(describing: reported))")
        let objection = TalentCommand.fileObjection(campaign: 2025, objectionId: "O2", summary: "对考核结果有异议")
        let objected = await #expect(throws: Refusal.self) {
            try await context.handler.handle(objection, for: id, on: try day("2026-01-14"), by: province)
        }
        #expect(objected?.reason.contains("2025年度考核结果的异议O2") == true, "\(String(describing: objected))")
        let filed = try await context.handler.handle(objection, for: id, on: try day("2026-01-16"), by: province)
        #expect(filed.state.campaign(2025).openObjections == ["O2"])
        let exitReport = try await context.handler.handle(sentence, for: id, on: try day("2026-01-16"), by: province)
        #expect(exitReport.state.pendingExitReports.map(\.occurredOn) == [try day("2025-12-20")])
    }

    /// X9, LIMITS: a report that reached the province on paper is entered on the day it arrived, before
    /// facts recorded since that it would not have refused (a collection, a service suspended), and is judged
    /// in time by that day; before a step it would have refused (a grade, W4), it is not.
    @Test func X9_aPaperReportIsEnteredOnItsDayBeforeFactsItWouldNotHaveRefused() async throws {
        let id = TalentID("paper-report")
        try await context.evaluate("paper-report", tier: .C, certificate: "2022-04-01")
        try await context.handler.handle(
            .collectBasicInfo(
                campaign: 2025,
                info: BasicInfo(industry: "制造业", professionalField: "材料", education: "博士", professionalTitle: "教授")),
            for: id, on: try day("2026-03-05"), by: province)
        try await context.handler.handle(
            .suspendServices(reason: "逾期未报"), for: id, on: try day("2026-04-01"), by: province)
        let retired = try await context.handler.handle(
            .retire(occurredOn: try day("2026-01-20"), rehire: nil), for: id, on: try day("2026-02-10"), by: province)
        let report = try #require(retired.state.pendingExitReports.first)
        #expect(report.reportedOn == (try day("2026-02-10")) && report.withinDeadline)
        let graded = TalentID("paper-report-graded")
        try await context.evaluate("paper-report-graded", tier: .C, certificate: "2020-04-01")
        try await context.handler.handle(
            .registerEndTerm(campaign: 2025), for: graded, on: try day("2026-01-05"), by: province)
        try await context.handler.handle(
            .grade(campaign: 2025, grade: .good, decidedCollectively: true), for: graded, on: try day("2026-03-05"),
            by: province)
        let refused = await #expect(throws: Refusal.self) {
            try await context.handler.handle(
                .retire(occurredOn: try day("2026-01-20"), rehire: nil), for: graded, on: try day("2026-02-10"),
                by: province)
        }
        #expect(refused?.rule == .registerLimits && refused?.reason.contains("其后已记录的步骤") == true)
    }

    /// X1, LIMITS: a rehire dated before the retirement occurred is refused under X1 as the talent stood on
    /// that day (not yet retired), naming `effectiveOn` and the later record, where the talent as it stands
    /// would take it; dated on or after the retirement it is recorded.
    @Test func X1_aRehireDatedBeforeTheRetirementNamesTheDay() async throws {
        let id = TalentID("early-rehire")
        try await context.evaluate("early-rehire", tier: .B, certificate: "2020-06-01")
        try await context.handler.handle(
            .retire(occurredOn: try day("2026-01-05"), rehire: nil), for: id, on: try day("2026-01-10"), by: officer)
        let terms = RehireTerms(agreementReference: "吉-返聘-1", sameField: true)
        let refused = await #expect(throws: Refusal.self) {
            try await context.handler.handle(.rehire(terms), for: id, on: try day("2026-01-03"), by: officer)
        }
        #expect(refused?.rule == .X1 && refused?.field == "effectiveOn", "\(String(describing: refused))")
        #expect(refused?.reason.contains("按2026-01-03当日的情况") == true)
        #expect(refused?.reason.contains("2026-01-10生效") == true)
        let rehired = try await context.handler.handle(.rehire(terms), for: id, on: try day("2026-01-12"), by: officer)
        #expect(rehired.state.isUnderManagement && rehired.state.pendingExitReports.isEmpty)
    }

    /// LIMITS: a fact that changes the talent's status on a day before later facts is refused even when it
    /// decides the same either way: the later facts were decided for the talent it then was (here a result
    /// confirmed, and an objection to it, for a talent now found to have exited before them). A report that would
    /// open before them is refused alike (X9): the result was confirmed with none waiting.
    @Test func X9_M4_anExitDatedBeforeLaterFactsIsRefusedAsTheyWereDecidedForTheTalentThen() async throws {
        let id = TalentID("late-death")
        try await context.evaluate("late-death", tier: .C, certificate: "2020-06-01")
        for (command, on) in [
            (TalentCommand.registerEndTerm(campaign: 2025), "2025-12-15"),
            (.grade(campaign: 2025, grade: .good, decidedCollectively: true), "2025-12-21"),
            (.notifyResult(campaign: 2025), "2025-12-22"), (.finalizeResult(campaign: 2025), "2025-12-24"),
        ] {
            try await context.handler.handle(command, for: id, on: try day(on), by: province)
        }
        let report = await #expect(throws: Refusal.self) {
            try await context.handler.handle(
                .recordDeath(occurredOn: try day("2025-12-19")), for: id, on: try day("2025-12-20"), by: province)
        }
        #expect(report?.rule == .registerLimits && report?.reason.contains("待核实的“死亡”报告") == true)
        // Reported after the result (the day it died kept), then an objection to the result is filed: a
        // verification dated between them would exit the talent before a fact recorded of one under management.
        try await context.handler.handle(
            .recordDeath(occurredOn: try day("2025-12-19")), for: id, on: try day("2025-12-25"), by: province)
        try await context.handler.handle(
            .fileObjection(campaign: 2025, objectionId: "O1", summary: "家属对考核结果有异议"), for: id,
            on: try day("2025-12-28"), by: province)
        let before = try await context.replay.events(of: id).count
        let refused = await #expect(throws: Refusal.self) {
            try await context.handler.handle(
                .verifyExitSituation(reason: .died, confirmed: true, finding: "核实"), for: id,
                on: try day("2025-12-26"), by: province)
        }
        #expect(refused?.rule == .registerLimits && refused?.field == "effectiveOn")
        #expect(refused?.reason.contains("会改变该人才当日的管理状态、层次或单位") == true, "\(String(describing: refused))")
        #expect(try await context.replay.events(of: id).count == before, "nothing written")
        // Verified as of a day after the last fact, the talent exits then.
        let exited = try await context.handler.handle(
            .verifyExitSituation(reason: .died, confirmed: true, finding: "核实"), for: id, on: try day("2025-12-29"),
            by: province)
        let exitDay = try day("2025-12-29")
        #expect(exited.state.hasExited && exited.state.exit?.on == exitDay)
    }

    /// A new talent whose id differs from one in the register only by case is one person typed twice:
    /// refused naming the id, nothing written.
    @Test func anEvaluationOfAnIdDifferingOnlyInCaseIsRefused() async throws {
        try await context.evaluate("CASE-A", tier: .C, certificate: "2021-04-01")
        let refused = await #expect(throws: Refusal.self) {
            try await context.evaluate("case-a", tier: .C, certificate: "2021-04-01")
        }
        #expect(refused?.rule == .registerLimits && refused?.field == "talentId")
        #expect(refused?.reason == "人才编号case-a与已在册的CASE-A仅大小写不同：同一人不能登记两次")
        #expect(try await context.replay.events(of: TalentID("case-a")).isEmpty)
    }

    /// Two evaluations of one id typed in two cases, sent at the same instant: one is registered, the other
    /// refused, in every round. Each checks the register and appends while the other cannot do the same.
    @Test func evaluationsOfOneIdInTwoCasesAtTheSameInstantRegisterOneTalent() async throws {
        for round in 0..<12 {
            let ids = ["RACE-\(round)", "race-\(round)"]
            let results = await withTaskGroup(of: Result<Int, any Error>.self) { group in
                for id in ids {
                    group.addTask {
                        do {
                            return .success(
                                try await context.evaluate(id, tier: .C, certificate: "2021-04-01").events.count)
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let refusals = results.compactMap { result -> Refusal? in
                if case .failure(let error) = result { return error as? Refusal }
                return nil
            }
            #expect(results.count(where: { if case .success = $0 { true } else { false } }) == 1, "round \(round)")
            #expect(refusals.count == 1 && refusals.first?.field == "talentId", "round \(round): \(results)")
            let registered = try await context.store.withConnection {
                try await $0.streamIDs(equalButForCaseTo: [TalentStream.id(TalentID(ids[0]))])
            }
            #expect(registered.count == 1, "round \(round): \(registered)")
        }
    }

    @Test func aDeathReportedLateIsAppliedInCurrentAndAsOfViewsButNotInTheOldKnowledge() async throws {
        let id = TalentID("late-1")
        try await context.evaluate("late-1", tier: .C, certificate: "2021-04-01")
        let moved = try await context.handler.handle(
            .relocate(kind: .withinProvince, newUnit: UnitID("unit-2"), occurredOn: try day("2026-02-20")), for: id,
            on: try day("2026-02-20"), by: officer)
        // What the register knew once the move was recorded: the store's recording time, not this clock's.
        let beforeReport = try #require(moved.events.last?.recordedAt)
        // Died on 2026-02-10, reported on 2026-03-03 — after the move was recorded — and verified.
        try await context.handler.handle(
            .recordDeath(occurredOn: try day("2026-02-10")), for: id, on: try day("2026-03-03"), by: officer)
        let verified = try await context.handler.handle(
            .verifyExitSituation(reason: .died, confirmed: true, finding: "death certificate"), for: id,
            on: try day("2026-03-05"), by: province
        )
        #expect(verified.state.hasExited)
        let exitDay = try #require(verified.state.exit?.on)

        // Current view.
        let status = try await context.store.pool.withConnection { connection in
            try await connection.query("SELECT status FROM talents WHERE talent_id = \("late-1")").first?.decode(
                String.self, at: 0)
        }
        #expect(status == "exited")
        // As of a day before the exit took effect: still managed at tier C, from the stream and the tables.
        let dayBefore = exitDay.adding(days: -1)
        #expect(try await context.replay.tier(of: id, asOf: dayBefore) == .C)
        #expect(try await context.history.tiers(on: dayBefore)[id] == .C)
        // As of the exit day, known now: no tier.
        #expect(try await context.replay.tier(of: id, asOf: exitDay) == nil)
        #expect(try await context.history.tiers(on: exitDay)[id] == nil)
        // As of the exit day, as known before the death was reported: the old answer.
        #expect(try await context.replay.tier(of: id, asOf: exitDay, knownAt: beforeReport) == .C)
        #expect(try await context.history.tiers(on: exitDay, knownAt: beforeReport)[id] == .C)
        #expect(try await context.replay.state(of: id, knownAt: beforeReport)?.hasExited == false)
        // Cards: taken back from the exit on (C2), active before.
        let takenBack = try await context.history.talents(
            whose: .jixiangCard, was: .takenBack, between: exitDay, and: exitDay.adding(days: 30))
        #expect(takenBack == [id])
    }

    @Test func streamReplayAndHistoryTablesAgreeOnGeneratedHistories() async throws {
        let ids = try await generateHistories(context, talents: 40, seed: 7)
        let knownTimes: [Date?] = try await context.store.pool.withConnection { connection in
            let times = try await connection.query(
                "SELECT DISTINCT recorded_at FROM events ORDER BY 1"
            ).map { try $0.decode(Date.self, at: 0) }
            return stride(from: 0, to: times.count, by: max(1, times.count / 8)).map { Optional(times[$0]) } + [nil]
        }
        let days = try ["2016-06-30", "2019-01-01", "2021-12-31", "2023-06-15", "2025-12-31", "2026-06-30"].map(day)
        var states: Set<String> = []
        for knownAt in knownTimes {
            for asOf in days {
                let fromTables = try await context.history.tiers(on: asOf, knownAt: knownAt)
                var byUnitAndTier: [String: Set<TalentID>] = [:]
                for id in ids {
                    let state = try await context.replay.state(of: id, asOf: asOf, knownAt: knownAt)
                    let held = state?.isUnderManagement == true ? state?.tier : nil
                    #expect(fromTables[id] == held, "\(id) as of \(asOf) known at \(String(describing: knownAt))")
                    if let held, let unit = state?.unit {
                        byUnitAndTier["\(unit.rawValue)/\(held.rawValue)", default: []].insert(id)
                    }
                    states.insert(state.map { "\($0.status)" } ?? "unknown")
                }
                // Unit-level answers from the tables equal the stream replays, unit by unit.
                for unit in ["unit-1", "unit-2", "unit-3"].map({ UnitID($0) }) {
                    for tier in Tier.allCases {
                        let holders = try await context.history.holders(
                            of: tier, on: asOf, knownAt: knownAt, unit: unit)
                        #expect(Set(holders) == byUnitAndTier["\(unit.rawValue)/\(tier.rawValue)", default: []])
                    }
                }
            }
        }
        // The generated histories reach the states the comparison is about.
        #expect(states.isSuperset(of: ["unknown", "underManagement", "exited"]))
    }
}

@Suite("Explained decisions")
struct TimelineTests {
    @Test func theTimelineNamesTheRuleAndCauseOfEveryDerivedEventAndTheStateAfterIt() async throws {
        let context = try await ReadModelContext("timeline")
        let id = TalentID("tl-1")
        try await context.evaluate("tl-1", tier: .B, certificate: "2022-06-01")
        try await context.handler.handle(
            .penalize(occurredOn: try day("2026-01-10"), sanction: Sanction(kind: .administrative, measure: .demotion)),
            for: id, on: try day("2026-01-12"), by: officer
        )
        try await context.handler.handle(
            .verifyExitSituation(reason: .sanction, confirmed: true, finding: "sanction document"), for: id,
            on: try day("2026-01-20"), by: province)
        let timeline = try await context.replay.timeline(of: id)
        #expect(timeline.map(\.version) == (1...Int64(timeline.count)).map { $0 })
        #expect(timeline.first?.type == "TalentEvaluated")
        #expect(timeline.first?.actor == province.id)
        #expect(timeline.first?.stateAfter.tier == .B)
        // The exit is derived from the verified X6 situation, and names its rule and cause.
        let exit = try #require(timeline.first { $0.type == "TalentExited" })
        #expect(exit.ruleID != nil)
        #expect(exit.cause?.isEmpty == false)
        #expect(exit.stateAfter.hasExited)
        let verifiedOn = try day("2026-01-20")
        #expect(exit.effectiveDate == verifiedOn)
        // Every derived card change names an E or C rule.
        let cardChanges = timeline.filter { $0.type == "EntitlementsChanged" && $0.effectiveDate == verifiedOn }
        #expect(!cardChanges.isEmpty)
        #expect(cardChanges.allSatisfy { $0.ruleID != nil && $0.cause != nil })
        #expect(timeline.last?.stateAfter.entitlements.holdsCard == false)
    }

    /// M3, C2: a correction recorded after the talent exited is dated on the evaluation it corrects. As the
    /// register stood once it was recorded, the talent had exited (`stateAfter`); on its own day, with
    /// every fact known now, the talent was under management at its tier (`stateOnItsDay`, what the
    /// console's strip and table draw), as the talent asked as of that day says.
    @Test func M3_aCorrectionRecordedAfterTheExitShowsTheTalentOfItsOwnDay() async throws {
        let context = try await ReadModelContext("timeline_late")
        let id = TalentID("tl-2")
        try await context.evaluate("tl-2", tier: .C, certificate: "2022-06-01")
        try await context.handler.handle(
            .penalize(occurredOn: try day("2026-01-10"), sanction: Sanction(kind: .administrative, measure: .demotion)),
            for: id, on: try day("2026-01-12"), by: officer)
        try await context.handler.handle(
            .verifyExitSituation(reason: .sanction, confirmed: true, finding: "处分决定"), for: id,
            on: try day("2026-01-20"), by: province)
        guard case .evaluate(let evaluation) = try context.evaluation("tl-2", tier: .C, certificate: "2022-06-01")
        else { return }
        try await context.handler.handle(
            .correctEvaluation(evaluation, reason: "文号更正"), for: id, on: try day("2026-02-01"), by: province)
        let timeline = try await context.replay.timeline(of: id)
        let correction = try #require(timeline.last)
        let evaluatedOn = try day("2022-06-01")
        #expect(correction.type == "EvaluationCorrected" && correction.effectiveDate == evaluatedOn)
        #expect(correction.stateAfter.hasExited)
        #expect(!correction.stateOnItsDay.hasExited && correction.stateOnItsDay.tier == .C)
        let asked = try #require(try await context.replay.state(of: id, asOf: try day("2022-06-01")))
        #expect(correction.stateOnItsDay == asked)
        // A fact recorded in its turn shows the same either way; the exit, on its day, the exit.
        let exit = try #require(timeline.first { $0.type == "TalentExited" })
        #expect(exit.stateOnItsDay.hasExited && exit.stateAfter.hasExited)
        #expect(timeline.first?.stateOnItsDay.tier == .C && timeline.first?.stateAfter.tier == .C)
    }
}
