// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Campaign work items (W1–W5)")
struct CampaignScopeTests {
    func items(_ tier: Tier, start: String, year: Int = 2025) throws -> Set<WorkItem> {
        let ledger = try Ledger(tier: tier, start: start)
        return try ledger.policy.campaign(year: year).workItems(for: ledger.state, on: try day("2026-01-05"))
    }

    /// W1–W3 (policy assumption `workOpens`): no step of a campaign's work is dated before its work opens:
    /// 2025's on its notice's day, 2025-12-12 ("现就组织开展2025年度……工作通知如下"); an entry that names no
    /// day, on January 1 of its year. Dated years before, a 2025 result made a talent evaluated in 2016 exit
    /// four days into its period; dated 2025-01 (a 2026 typed as 2025), it took the cards back a year early.
    @Test func W1_W3_noStepOfACampaignIsDatedBeforeItsWorkOpens() throws {
        var early = try Ledger(tier: .E, start: "2016-06-01")
        for (command, rule) in [
            (TalentCommand.registerEndTerm(campaign: 2025), RuleID.W3),
            (.collectBasicInfo(campaign: 2025, info: basicInfo), .W1),
            (.grade(campaign: 2025, grade: .unqualified, decidedCollectively: true), .W3),
            (.startPublicity(campaign: 2025), .P1),
            (.fileObjection(campaign: 2025, objectionId: "O1", summary: "异议"), .P3),
            (.finalizeResult(campaign: 2025), .G6),
        ] {
            for on in ["2016-06-02", "2025-01-06"] {
                let refusal = try early.refusal(command, on: on)
                #expect(refusal?.rule == rule && refusal?.field == "effectiveOn", "\(command)")
                #expect(refusal?.reason == "2025年度考核工作自2025-12-12起开展，本步骤不能记为\(on)", "\(command)")
            }
        }
        #expect(try early.refusal(.registerEndTerm(campaign: 2025), on: "2025-12-11")?.rule == .W3)
        try early.run(.registerEndTerm(campaign: 2025), on: "2025-12-12")
        #expect(early.state.campaign(2025).endTermRegisteredOn == (try day("2025-12-12")))
        // An entry that names no day opens its work on January 1 of its year; none opens after its window.
        let unnamed = try Fixture.policy(editing: \.campaigns) { json in
            var years = json["years"] as? [[String: Any]] ?? []
            years[0]["workOpens"] = nil
            json["years"] = years
        }
        var ledger = Ledger(policy: unnamed, replaying: try Ledger(tier: .C, start: "2020-05-01").events)
        #expect(try ledger.refusal(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2024-12-31")?.rule == .W1)
        try ledger.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2025-01-01")
        let refused = #expect(throws: PolicyError.self) {
            try Fixture.policy(editing: \.campaigns) { json in
                var years = json["years"] as? [[String: Any]] ?? []
                years[0]["workOpens"] = "2026-03-17"
                json["years"] = years
            }
        }
        #expect(String(describing: refused).contains("years[0].workOpens"), "\(String(describing: refused))")
    }

    /// W1, M3: a talent managed in the campaign's year and evaluated again after it (a higher tier, a new
    /// period from 2026) still gives that year's basic information ("所有评定的A—E类高层次人才"): it once fell
    /// out of 2025's collection, its roster and its forms, and the refusal blamed its tier. A talent that
    /// comes under management after the year, or again after an exit, is not the year's.
    @Test func W1_M3_aTalentEvaluatedAgainAfterTheYearStillGivesTheYearsBasicInfo() throws {
        var ledger = try Ledger(tier: .C, start: "2021-06-01")
        try ledger.run(
            .evaluate(try Ledger.evaluation(tier: .B, certificate: "2026-02-01", document: "再次认定")), on: "2026-02-01")
        let newStart = try day("2026-02-01")
        #expect(ledger.state.tier == .B && ledger.state.period?.start == newStart)
        #expect(ledger.state.managedSince == (try day("2021-06-01")))
        let campaign = try ledger.policy.campaign(year: 2025)
        #expect(campaign.workItems(for: ledger.state, on: try day("2026-03-01")) == [.basicInfoCollection])
        try ledger.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-03-01")
        #expect(ledger.state.campaign(2025).basicInfo != nil)
        // Evaluated first in 2026: not the year's, said so (not by its tier, which W1 holds).
        let late = try Ledger(tier: .C, start: "2026-02-01")
        let refused = try late.refusal(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-03-01")
        #expect(refused?.rule == .W1)
        #expect(
            refused?.reason == "2025年度基本信息采集的范围是2025年内已在管理期的人才；该人才管理期始于2026-02-01", "\(String(describing: refused))")
    }

    @Test(arguments: Tier.allCases)
    func W1_everyTierUnderManagementGivesBasicInfo(tier: Tier) throws {
        #expect(try items(tier, start: "2024-06-01").contains(.basicInfoCollection))
        var ledger = try Ledger(tier: tier, start: "2024-06-01")
        let events = try ledger.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-05")
        #expect(events.typeNames == ["BasicInfoCollected"])
        #expect(ledger.state.campaign(2025).basicInfo?.professionalTitle == "professor-level senior engineer")
    }

    /// W1: a campaign's work is recorded only for a campaign the policy arranges; a year it does not name is
    /// refused, and the refusal names the campaign member.
    @Test func W1_aCampaignThePolicyDoesNotArrangeIsRefusedNamingIt() throws {
        var ledger = try Ledger(tier: .C, start: "2024-06-01")
        let refusal = try ledger.refusal(.collectBasicInfo(campaign: 2031, info: basicInfo), on: "2026-01-05")
        #expect(refusal?.rule == .W1)
        #expect(refusal?.field == "campaign")
        #expect(refusal?.reason.contains("2031") == true)
    }

    /// W2, W3: a survey or a grade for a year the policy does not arrange is refused under the rule of
    /// that step of the campaign, not under the basic-info collection's W1.
    @Test func W3_aGradeForACampaignThePolicyDoesNotArrangeCitesTheAssessmentsRule() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        let grade = try ledger.refusal(
            .grade(campaign: 2031, grade: .good, decidedCollectively: true), on: "2026-01-05")
        #expect(grade?.rule == .W3)
        #expect(grade?.field == "campaign")
        let survey = try ledger.refusal(.submitMidTermSurvey(campaign: 2031, items: surveyItems), on: "2026-01-05")
        #expect(survey?.rule == .W2)
        // The assessment's later steps say the year has no campaign, not that a step is missing.
        for step in [
            TalentCommand.markGradePending(campaign: 2031, investigation: "调查"), .notifyResult(campaign: 2031),
            .finalizeResult(campaign: 2031), .startPublicity(campaign: 2031),
        ] {
            let refusal = try ledger.refusal(step, on: "2026-01-05")
            #expect(refusal?.rule == .W3 && refusal?.reason.contains("没有2031年度考核工作的安排") == true, "\(step)")
        }
    }

    @Test(arguments: [
        ("2022-12-31", false), ("2023-01-01", true), ("2023-12-31", true), ("2024-01-01", false),
    ])
    func W2_midTermSurveyForPeriodsStartedInYearMinusTwo(start: String, inScope: Bool) throws {
        for tier in [Tier.B, .C, .D] {
            #expect(try items(tier, start: start).contains(.midTermSurvey) == inScope)
        }
        var ledger = try Ledger(tier: .C, start: start)
        let refusal = try ledger.refusal(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-05")
        #expect((refusal == nil) == inScope)
        if inScope {
            try ledger.run(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-05")
            #expect(ledger.state.campaign(2025).survey == surveyItems)
        } else {
            #expect(refusal?.rule == .W2)
        }
    }

    @Test(arguments: [Tier.A, .E])
    func W2_tiersAAndEHaveNoMidTermSurvey(tier: Tier) throws {
        #expect(try items(tier, start: "2023-06-01").contains(.midTermSurvey) == false)
        let ledger = try Ledger(tier: tier, start: "2023-06-01")
        #expect(
            try ledger.refusal(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-05")?.rule == .W2)
    }

    /// The shared scopes are offsets from a campaign's year: an entry for 2026 shifts every window a year.
    @Test func W2_aCampaignOfAnotherYearShiftsTheWindow() throws {
        let policy = try Fixture.policy(withCampaignLike2025: 2026)
        func items(_ start: String) throws -> Set<WorkItem> {
            let ledger = Ledger(policy: policy, replaying: try Ledger(tier: .C, start: start).events)
            return try policy.campaign(year: 2026).workItems(for: ledger.state, on: try day("2026-01-05"))
        }
        #expect(try items("2024-03-01").contains(.midTermSurvey))
        #expect(try items("2021-12-31").contains(.endTermAssessment))
        #expect(try items("2022-01-01").contains(.endTermAssessment) == false)
    }

    /// W3, G2: a period registered with 2025's end-term assessment, its grade still pending an investigation
    /// when 2026's begins, is 2025's to finish: not a 2026 work item (its readiness would wait on a grade no
    /// command can give), and its registration with 2026 says why.
    @Test func W3_G2_aPeriodRegisteredWithOneCampaignIsNoEndTermOfTheNext() throws {
        let policy = try Fixture.policy(withCampaignLike2025: 2026)
        var ledger = Ledger(policy: policy, replaying: try Ledger(tier: .C, start: "2020-06-01").events)
        let campaign2026 = try policy.campaign(year: 2026)
        #expect(campaign2026.workItems(for: ledger.state, on: try day("2026-12-01")).contains(.endTermAssessment))
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.markGradePending(campaign: 2025, investigation: "立案调查"), on: "2026-02-10")
        #expect(
            campaign2026.workItems(for: ledger.state, on: try day("2026-12-01")).contains(.endTermAssessment) == false)
        #expect(
            try policy.campaign(year: 2025).workItems(for: ledger.state, on: try day("2026-12-01"))
                .contains(.endTermAssessment))
        let refusal = try ledger.refusal(.registerEndTerm(campaign: 2026), on: "2026-12-01")
        #expect(
            refusal?.rule == .W3 && refusal?.reason.contains("已登记参加2025年度期末考核") == true,
            "\(String(describing: refusal))")
    }

    @Test(arguments: [("2020-12-31", true), ("2021-01-01", false)])
    func W3_endTermForPeriodsStartedOnOrBeforeYearMinusFive(start: String, inScope: Bool) throws {
        for tier in Tier.allCases {
            #expect(try items(tier, start: start).contains(.endTermAssessment) == inScope)
        }
        var ledger = try Ledger(tier: .B, start: start)
        if inScope {
            try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
            #expect(ledger.state.campaign(2025).endTermRegisteredOn != nil)
        } else {
            #expect(try ledger.refusal(.registerEndTerm(campaign: 2025), on: "2026-01-05")?.rule == .W3)
            #expect(
                try ledger.refusal(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-01-05")?
                    .rule == .W3)
        }
    }

    /// A period an evaluation began after the campaign's year is the next campaign's, whatever day it is
    /// asked on (a 2025 make-up in May 2026); a period renewed on a result (M4) in the next year follows one
    /// the talent was managed in, and stays part of the campaign that renewed it.
    @Test func W1_aPeriodBegunAfterTheCampaignsYearIsTheNextCampaignsAndARenewedOneStays() throws {
        let late = try Ledger(tier: .C, start: "2026-01-02")
        let campaign = try late.policy.campaign(year: 2025)
        #expect(campaign.workItems(for: late.state, on: try day("2026-05-01")).isEmpty)
        #expect(try late.refusal(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-05-01")?.rule == .W1)
        let inYear = try Ledger(tier: .C, start: "2025-12-31")
        #expect(campaign.workItems(for: inYear.state, on: try day("2026-05-01")) == [.basicInfoCollection])

        var renewed = try Ledger(tier: .C, start: "2020-06-01")
        try renewed.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try renewed.run(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-02-10")
        try renewed.run(.notifyResult(campaign: 2025), on: "2026-02-11")
        try renewed.run(.finalizeResult(campaign: 2025), on: "2026-02-20")
        #expect(renewed.state.period?.basis == .resultConfirmation)
        #expect(renewed.state.period?.start == (try day("2026-02-20")))
        #expect(campaign.workItems(for: renewed.state, on: try day("2026-03-20")).contains(.basicInfoCollection))
        try renewed.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-03-20")
    }

    @Test func W1_W4_exitedTalentGetsNoCollectionNoSurveyAndNoAssessment() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        #expect(try items(.C, start: "2020-06-01").contains(.endTermAssessment))
        try ledger.run(.recordDeath(occurredOn: try day("2025-11-01")), on: "2025-11-20")
        try ledger.verifyExit(on: "2025-12-01")
        #expect(try ledger.policy.campaign(year: 2025).workItems(for: ledger.state, on: try day("2026-01-05")).isEmpty)
        #expect(try ledger.refusal(.registerEndTerm(campaign: 2025), on: "2026-01-05")?.rule == .W4)
        #expect(
            try ledger.refusal(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-05")?.rule == .W4)
        // Nor is its basic information collected: W1's are the talents under management (an auditor tester's
        // finding: the refusal named W4, which speaks of the survey and the assessment only).
        let collection = try ledger.refusal(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-05")
        #expect(collection?.rule == .W1 && collection?.reason.contains("管理期内的人才") == true)
    }

    /// §5(3)4 "应予及时退出管理的人员": a reported situation already stops survey and assessment, before the
    /// province verifies it; basic info is still collected, since W1 records the situation.
    @Test func W4_reportedExitSituationStopsSurveyAndAssessmentBeforeVerification() throws {
        var assessed = try Ledger(tier: .C, start: "2020-06-01")
        try assessed.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try assessed.run(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2026-01-06")), on: "2026-01-07")
        #expect(assessed.state.isUnderManagement)
        #expect(
            try assessed.policy.campaign(year: 2025).workItems(for: assessed.state, on: try day("2026-01-08"))
                == [.basicInfoCollection])
        #expect(
            try assessed.refusal(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-01-08")?
                .rule == .W4)
        try assessed.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-08")

        var surveyed = try Ledger(tier: .D, start: "2023-06-01")
        try surveyed.run(
            .relocate(kind: .civilService, newUnit: nil, occurredOn: try day("2025-12-20")), on: "2025-12-28")
        #expect(
            try surveyed.refusal(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-05")?.rule
                == .W4)
    }

    @Test func W5_aWeakJudgementIsAFactOfItsOwnAndItsFollowUpIsOwedUntilRecorded() throws {
        var ledger = try Ledger(tier: .D, start: "2023-04-01")
        #expect(try ledger.refusal(.judgeMidTermWeak(campaign: 2025), on: "2026-02-01")?.rule == .W5)
        try ledger.run(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-10")
        let followUp = TalentCommand.recordMidTermFollowUp(
            campaign: 2025, responsiblePerson: "deputy head", reminderTalkOn: try day("2026-02-01"),
            helpMeasures: "mentoring", improveBy: try day("2026-12-31"))
        // No follow-up without a weak judgement.
        #expect(try ledger.refusal(followUp, on: "2026-02-01")?.rule == .W5)
        let judged = try ledger.run(.judgeMidTermWeak(campaign: 2025), on: "2026-01-20")
        #expect(judged.typeNames == ["MidTermJudgedWeak"])
        #expect(ledger.state.campaign(2025).judgedWeakOn == (try day("2026-01-20")))
        #expect(ledger.state.campaign(2025).weakFollowUp == nil, "the follow-up is owed")
        #expect(try ledger.refusal(.judgeMidTermWeak(campaign: 2025), on: "2026-01-21")?.rule == .W5)
        let backwards = try ledger.refusal(
            .recordMidTermFollowUp(
                campaign: 2025, responsiblePerson: "deputy head", reminderTalkOn: try day("2026-02-01"),
                helpMeasures: "mentoring", improveBy: try day("2026-01-31")), on: "2026-02-01")
        #expect(backwards?.rule == .W5 && backwards?.field == "improveBy")
        // A step dated before the judgement it follows is refused beside its day.
        let beforeJudged = try ledger.refusal(
            .recordMidTermFollowUp(
                campaign: 2025, responsiblePerson: "deputy head", reminderTalkOn: try day("2026-01-19"),
                helpMeasures: "mentoring", improveBy: try day("2026-12-31")), on: "2026-01-19")
        #expect(
            beforeJudged?.rule == .W5 && beforeJudged?.field == "effectiveOn", "\(String(describing: beforeJudged))")
        try ledger.run(followUp, on: "2026-02-01")
        let recorded = try #require(ledger.state.campaign(2025).weakFollowUp)
        #expect(recorded.responsiblePerson == "deputy head")
        #expect(recorded.improveBy == (try day("2026-12-31")))
        #expect(try ledger.refusal(followUp, on: "2026-02-02")?.rule == .W5)
    }

    /// Judgements recorded before the follow-up was a fact of its own carry it: they still read as both.
    @Test func W5_aJudgementRecordedWithItsFollowUpInOneReadsAsBoth() throws {
        let old = MidTermJudgedWeak(
            effectiveDate: try day("2026-01-20"), campaignYear: 2025, responsiblePerson: "head",
            reminderTalkOn: try day("2026-01-25"), helpMeasures: "mentoring", improveBy: try day("2026-06-30"))
        let decoded = try TalentEvent.decode(
            typeName: MidTermJudgedWeak.typeName, schemaVersion: 1, payload: try old.event.encodedPayload())
        let state = Talent.fold([decoded])
        #expect(state.campaign(2025).judgedWeakOn == (try day("2026-01-20")))
        #expect(state.campaign(2025).weakFollowUp?.responsiblePerson == "head")
    }
}
