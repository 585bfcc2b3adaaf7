// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("What a downgrade or an exit does (C1–C3)")
struct ConsequenceTests {
    @Test func C1_downgradeReissuesCodeAndCertificateForTheNewTier() throws {
        var ledger = try Ledger(tier: .C, start: "2020-01-01")
        let events = try ledger.confirmEndTerm(.fair)
        let change = try #require(events.compactMap(\.entitlementsChanged).first { $0.derivation?.rule == .C1 })
        #expect(change.changes.contains(EntitlementChange(item: .talentCode, action: .reissued, tier: .D)))
        #expect(change.changes.contains(EntitlementChange(item: .certificate, action: .reissued, tier: .D)))
        #expect(ledger.state.entitlements.talentCode == Credential(status: .valid, tier: .D))
        #expect(ledger.state.entitlements.jixiangCard == .active)
    }

    @Test func C1_downgradeToETakesBackTheJixiangCardAndReissuesCodeAndCertificate() throws {
        var ledger = try Ledger(tier: .D, start: "2020-01-01")
        let events = try ledger.confirmEndTerm(.fair)
        let c1 = try #require(events.compactMap(\.entitlementsChanged).first { $0.derivation?.rule == .C1 })
        #expect(c1.changes.contains(EntitlementChange(item: .jixiangCard, action: .takenBack)))
        #expect(c1.changes.contains(EntitlementChange(item: .talentCode, action: .reissued, tier: .E)))
        #expect(c1.changes.contains(EntitlementChange(item: .certificate, action: .reissued, tier: .E)))
        #expect(!c1.changes.contains { $0.item == .jijianCard })
        #expect(ledger.state.tier == .E)
        #expect(ledger.state.entitlements.jixiangCard == .takenBack)
        #expect(ledger.state.entitlements.jijianCard == .active)
        #expect(ledger.state.entitlements.talentCode == Credential(status: .valid, tier: .E))
        #expect(ledger.state.entitlements.certificate == Credential(status: .valid, tier: .E))
        #expect(ledger.state.isUnderManagement)
    }

    /// A C-tier talent paid the first instalment (40 % of 500 000), then downgraded to D (300 000) by D3.
    func downgradedAfterFirstInstalment(_ policy: Policy) throws -> (Ledger, [TalentEvent]) {
        var ledger = Ledger(policy: policy, replaying: try Ledger(tier: .C, start: "2025-01-10").events)
        try ledger.run(.payHousingSubsidyInstalment(number: 1), on: "2025-01-15")
        try ledger.run(
            .penalize(occurredOn: try day("2025-03-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2025-03-05")
        try ledger.run(.recommend(outcome: .downgrade), on: "2025-03-10")
        let events = try ledger.run(.decideRecommendation(outcome: .downgrade), on: "2025-04-01")
        #expect(ledger.state.tier == .D)
        return (ledger, events)
    }

    func policyWith(onDowngrade setting: String) throws -> Policy {
        try Fixture.policy(editing: \.entitlements) { $0["housingSubsidyOnDowngrade"] = setting }
    }

    @Test func C1_unpaidHousingSubsidySwitchesToTheNewTierAmountByDefault() throws {
        #expect(try policy().entitlements.housingSubsidyOnDowngrade == .switchToNewTierAmount)
        var (ledger, events) = try downgradedAfterFirstInstalment(try policy())
        let c1 = try #require(events.compactMap(\.entitlementsChanged).first { $0.derivation?.rule == .C1 })
        // The total is what was paid and what is still to come: 200 000 + 90 000 + 90 000.
        #expect(
            c1.changes.contains(
                EntitlementChange(item: .housingSubsidy, action: .adjusted, amountYuan: 300_000, totalYuan: 380_000)))
        #expect(ledger.state.entitlements.housingSubsidy.paidYuan == 200_000)  // paid stays paid
        #expect(ledger.state.entitlements.housingSubsidy.totalYuan == 380_000)
        try ledger.run(.payHousingSubsidyInstalment(number: 2), on: "2026-01-10")
        try ledger.run(.payHousingSubsidyInstalment(number: 3), on: "2027-01-10")
        #expect(ledger.state.entitlements.housingSubsidy.paidYuan == 200_000 + 90_000 + 90_000)
        #expect(ledger.state.entitlements.housingSubsidy.paidYuan == ledger.state.entitlements.housingSubsidy.totalYuan)
    }

    /// An A-tier talent paid two instalments (1 400 000 of 2 000 000), then downgraded to B (1 000 000): never
    /// more paid than the subsidy comes to, and an exit withholds only what was still to come.
    @Test func C1_C2_aSubsidyPaidBeyondTheNewTiersAmountIsNeverMorePaidThanItsTotal() throws {
        var ledger = Ledger(policy: try policy(), replaying: try Ledger(tier: .A, start: "2024-06-01").events)
        try ledger.run(.payHousingSubsidyInstalment(number: 1), on: "2024-06-10")
        try ledger.run(.payHousingSubsidyInstalment(number: 2), on: "2025-06-10")
        try ledger.run(
            .penalize(occurredOn: try day("2026-03-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2026-03-05")
        try ledger.run(.recommend(outcome: .downgrade), on: "2026-03-06")
        try ledger.run(.decideRecommendation(outcome: .downgrade), on: "2026-03-09")
        let subsidy = ledger.state.entitlements.housingSubsidy
        #expect(subsidy.paidYuan == 1_400_000)
        #expect(subsidy.totalYuan == 1_700_000, "paid, and the third instalment at B's amount (30 % of 1 000 000)")
        try ledger.run(.payHousingSubsidyInstalment(number: 3), on: "2026-06-10")
        #expect(ledger.state.entitlements.housingSubsidy.paidYuan == 1_700_000)
    }

    @Test func C1_unpaidHousingSubsidyKeepsTheOldScheduleWhenPolicySaysSo() throws {
        var (ledger, events) = try downgradedAfterFirstInstalment(try policyWith(onDowngrade: "keepOldTierSchedule"))
        #expect(!events.changes.contains { $0.item == .housingSubsidy })
        try ledger.run(.payHousingSubsidyInstalment(number: 2), on: "2026-01-10")
        #expect(ledger.state.entitlements.housingSubsidy.paidYuan == 200_000 + 150_000)
    }

    @Test func C1_unpaidHousingSubsidyStopsWhenPolicySaysSo() throws {
        let (ledger, events) = try downgradedAfterFirstInstalment(try policyWith(onDowngrade: "stop"))
        #expect(
            events.changes.contains(
                EntitlementChange(item: .housingSubsidy, action: .stopped, amountYuan: 200_000, withheldYuan: 300_000)))
        #expect(ledger.state.isUnderManagement)
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 2), on: "2026-01-10")?.rule == .C1)
        #expect(throws: PolicyError.self) { try policyWith(onDowngrade: "halve") }
    }

    @Test func C2_exitTakesBackCardsCancelsCredentialsAndWithholdsUnpaidSubsidy() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(.payHousingSubsidyInstalment(number: 1), on: "2022-02-01")
        let events = try ledger.reportAndVerify(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2025-03-01")), on: "2025-03-10",
            verifiedOn: "2025-03-20")
        let c2 = try #require(events.compactMap(\.entitlementsChanged).first { $0.derivation?.rule == .C2 })
        #expect(c2.effectiveDate == (try day("2025-03-20")))
        #expect(c2.derivation?.cause == "退出管理：\(ExitReason.leftProvince.chineseName)")
        let subsidy = try #require(c2.changes.first { $0.item == .housingSubsidy })
        #expect(subsidy.action == .stopped)
        #expect(subsidy.amountYuan == 200_000)  // paid, not recovered
        #expect(subsidy.withheldYuan == 300_000)  // unpaid, not paid
        let state = ledger.state.entitlements
        #expect(state.jixiangCard == .takenBack)
        #expect(state.jijianCard == .takenBack)
        #expect(state.talentCode.status == .cancelled)
        #expect(state.certificate.status == .cancelled)
        #expect(state.housingSubsidy.paidYuan == 200_000)
        #expect(state.housingSubsidy.stopped)
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 2), on: "2025-04-01")?.rule == .C2)
    }

    /// C2: an instalment that fell due after the exit stopped the subsidy is withheld, and said so (a tester's
    /// finding: it was refused as "already paid"); one that fell due before it may be recorded on its day.
    @Test func C2_anInstalmentDueAfterTheStopIsSaidWithheld() throws {
        var ledger = try Ledger(tier: .C, start: "2024-06-01")
        _ = try ledger.reportAndVerify(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2025-03-01")), on: "2025-03-10",
            verifiedOn: "2025-03-20")
        let withheld = try ledger.refusal(.payHousingSubsidyInstalment(number: 3), on: "2025-03-01")
        #expect(withheld?.rule == .C2 && withheld?.field == "number")
        #expect(withheld?.reason == "第3期安家补贴在停发（2025-03-20）之后到期，未发放部分不再发放", "\(withheld?.reason ?? "")")
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 1), on: "2024-07-01") == nil)
    }

    /// M3, X1: a new evaluation starts the management period afresh, not the person's life: a retirement and
    /// its rehire stay, and X1 applies when the rehire ends.
    @Test func M3_aNewEvaluationKeepsTheRetirementAndItsRehire() throws {
        var ledger = try Ledger(tier: .C, start: "2024-03-01")
        let terms = RehireTerms(agreementReference: "返聘-R2", sameField: true, validUntil: try day("2026-12-31"))
        try ledger.run(.retire(occurredOn: try day("2026-01-10"), rehire: terms), on: "2026-01-15")
        let higher = Evaluation(
            talentId: TalentID("t-1"), tier: .B, unit: UnitID("unit-1"), professionalField: "materials",
            evaluatingDocument: "再次认定", certificateDate: try day("2026-06-01"))
        try ledger.run(.evaluate(higher), on: "2026-06-01")
        #expect(ledger.state.tier == .B && ledger.state.isRetired && ledger.state.isRehired)
        #expect(
            try ledger.refusal(.retire(occurredOn: try day("2026-07-01"), rehire: nil), on: "2026-07-01")?.rule == .X1)
        let ended = try ledger.run(.endRehire(occurredOn: try day("2027-01-01")), on: "2027-01-05")
        #expect(ended.report?.reason == .retiredNotRehired)
    }

    /// M3, X1, X2: a retired talent evaluated into a tier whose retirement is an exit situation has it
    /// reported at once, as a downgrade has: B–D without a valid rehire (X1), E whatever its rehire (X2);
    /// tier A's retirement is none. A rehire then recorded withdraws X1's report.
    @Test func M3_X1_X2_aRetiredTalentEvaluatedIntoATierWhoseRetirementIsASituationHasItReported() throws {
        func evaluated(from tier: Tier, to new: Tier, rehire: RehireTerms? = nil) throws -> Ledger {
            var ledger = try Ledger(tier: tier, start: "2024-03-01")
            try ledger.run(.retire(occurredOn: try day("2026-01-10"), rehire: rehire), on: "2026-01-15")
            let again = Evaluation(
                talentId: TalentID("t-1"), tier: new, unit: UnitID("unit-1"), professionalField: "materials",
                evaluatingDocument: "再次认定", certificateDate: try day("2026-06-01"))
            try ledger.run(.evaluate(again), on: "2026-06-01")
            return ledger
        }
        var notRehired = try evaluated(from: .A, to: .B)
        #expect(notRehired.state.pendingExitReports.map(\.reason) == [.retiredNotRehired])
        #expect(notRehired.state.pendingExitReports.first?.occurredOn == (try day("2026-06-01")))
        try notRehired.run(.rehire(RehireTerms(agreementReference: "返聘", sameField: true)), on: "2026-06-05")
        #expect(notRehired.state.pendingExitReports.isEmpty, "a rehire withdraws it")
        let valid = RehireTerms(agreementReference: "返聘", sameField: true, validUntil: try day("2027-12-31"))
        #expect(try evaluated(from: .C, to: .B, rehire: valid).state.pendingExitReports.isEmpty)
        #expect(
            try evaluated(from: .C, to: .E, rehire: valid).state.pendingExitReports.map(\.reason) == [.retiredAtTierE])
        #expect(try evaluated(from: .A, to: .A).state.pendingExitReports.isEmpty)
    }

    /// C3 "满两年后": the day after the two years are full. Counted as the Civil Code counts a period in years
    /// (arts. 201–202: from the day after the exit, to the corresponding day), an exit of 2026-01-20 has its
    /// years full at the end of 2028-01-20: a new evaluation from 2028-01-21.
    @Test func C3_performanceExitMayReapplyTheDayAfterTwoFullYears() throws {
        var ledger = try Ledger(tier: .C, start: "2020-01-01")
        _ = try ledger.confirmEndTerm(.unqualified)  // confirmed 2026-01-20
        #expect(
            ledger.state.exit?.reapplication
                == Reapplication(rule: .afterWaitingPeriod, allowedFrom: try day("2028-01-21")))
        let again = Evaluation(
            talentId: TalentID("t-1"), tier: .C, unit: UnitID("unit-1"), professionalField: "materials",
            evaluatingDocument: "second", certificateDate: try day("2028-01-20"))
        let early = try ledger.refusal(.evaluate(again), on: "2028-01-20")
        #expect(early?.rule == .C3)
        // The refusal names the exit's own cause, not "performance" whatever it was.
        #expect(
            early?.reason
                == "因\(ExitReason.endTermUnqualified.chineseName)于2026-01-20退出管理，满2年后（2028-01-21起）方可再次申报认定")
        #expect(ledger.state.state(asOf: try day("2028-01-20"), policy: ledger.policy).mayReapply == false)
        #expect(ledger.state.state(asOf: try day("2028-01-21"), policy: ledger.policy).mayReapply)
        // Recorded once the waiting years are over, an evaluation whose certificate (or evaluation day) falls
        // inside them is one made before: C3 refuses it too, naming the day.
        let backdated = try ledger.refusal(.evaluate(again), on: "2028-12-10")
        #expect(backdated?.rule == .C3 && backdated?.field == "evaluation.certificateDate")
        #expect(backdated?.reason.contains("新的管理期起算时间2028-01-20早于此日") == true)
        var evaluatedEarly = again
        evaluatedEarly.certificateDate = try day("2028-03-01")
        evaluatedEarly.evaluatedOn = try day("2027-06-01")
        #expect(try ledger.refusal(.evaluate(evaluatedEarly), on: "2028-12-10")?.field == "evaluation.evaluatedOn")
        var renewed = again
        renewed.certificateDate = try day("2028-01-21")
        try ledger.run(.evaluate(renewed), on: "2028-01-21")
        #expect(ledger.state.isUnderManagement)
        #expect(ledger.state.entitlements.jixiangCard == .active)
    }

    @Test func C3_downgradedMayApplyForAHigherTierAfterTwoYears() throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        _ = try ledger.confirmEndTerm(.fair)
        let higher = Evaluation(
            talentId: TalentID("t-1"), tier: .B, unit: UnitID("unit-1"), professionalField: "materials",
            evaluatingDocument: "again", certificateDate: try day("2028-01-20"))
        #expect(try ledger.refusal(.evaluate(higher), on: "2028-01-20")?.rule == .C3)
        // A higher tier's certificate dated inside the waiting years is refused whenever it is recorded.
        #expect(try ledger.refusal(.evaluate(higher), on: "2028-01-21")?.rule == .C3)
        var inTime = higher
        inTime.certificateDate = try day("2028-01-21")
        #expect(try ledger.refusal(.evaluate(inTime), on: "2028-01-21") == nil)
        // Only a higher tier waits: evaluated again at the tier it was downgraded to, it need not.
        var sameTier = higher
        sameTier.tier = .C
        #expect(try ledger.refusal(.evaluate(sameTier), on: "2028-01-20") == nil)
    }

    @Test(arguments: [
        (TalentCommand.findMisconduct(occurredOn: Day(ordinal: 20_100), finding: "x"), ReapplicationRule.never),
        (
            .penalize(
                occurredOn: Day(ordinal: 20_100), sanction: Sanction(kind: .criminal, measure: .criminalSentence)),
            .never
        ),
        (.findFraud(finding: "forged papers", measures: [.revokeQualification]), .never),
        (.relocate(kind: .unrelatedPost, newUnit: nil, occurredOn: Day(ordinal: 20_100)), .whenCriteriaMetAgain),
    ])
    func C3_reapplicationRuleFollowsTheExitReason(command: TalentCommand, rule: ReapplicationRule) throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(command, on: "2025-06-01")
        if !ledger.state.pendingExitReports.isEmpty { try ledger.verifyExit(on: "2025-06-10") }
        #expect(ledger.state.exit?.reapplication.rule == rule)
        let again = Evaluation(
            talentId: TalentID("t-1"), tier: .C, unit: UnitID("u"), professionalField: "f", evaluatingDocument: "d",
            certificateDate: try day("2030-01-01"))
        #expect((try ledger.refusal(.evaluate(again), on: "2030-01-01")?.rule == .C3) == (rule == .never))
    }

    /// C3 "因严重违纪违法、失德失范失信等原因被退出管理的，不再进行人才分类评定": a labour contract ended (X7) for a
    /// serious violation of the rules, malfeasance, fraud in the contract or a criminal liability (Art. 19
    /// items 3, 4, 6, 7: the policy's `labourContractItemsForMisconduct`) bars every evaluation after the
    /// exit; one ended for another employment, ill health or unfitness (items 5, 8, 9) waits two years.
    @Test(arguments: [(3, true), (4, true), (5, false), (6, true), (7, true), (8, false), (9, false)])
    func C3_X7_aContractEndedForASeriousViolationBarsEvaluationForGood(item: Int, never: Bool) throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        let ended = try ledger.run(
            .endLabourContract(occurredOn: try day("2026-04-01"), article19Item: item), on: "2026-04-10")
        #expect(ended.report?.reason == (never ? .labourContractEndedForMisconduct : .labourContractEnded))
        let exit = try ledger.verifyExit(on: "2026-04-20").exit
        #expect(exit?.derivation?.rule == .X7)
        #expect(ledger.state.exit?.reapplication.rule == (never ? .never : .afterWaitingPeriod), "item \(item)")
        let again = Evaluation(
            talentId: TalentID("t-1"), tier: .C, unit: UnitID("u"), professionalField: "f", evaluatingDocument: "d",
            certificateDate: try day("2030-01-01"))
        #expect((try ledger.refusal(.evaluate(again), on: "2030-01-01")?.rule == .C3) == never)
    }
}
