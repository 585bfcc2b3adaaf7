// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("End-term results (G1–G6)")
struct EndTermResultTests {
    @Test(arguments: Grade.allCases)
    func G1_eachOfTheFourGradesIsGivenAndConfirmed(grade: Grade) throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        #expect(try ledger.refusal(.finalizeResult(campaign: 2025), on: "2026-01-05")?.rule == .G1)
        _ = try ledger.confirmEndTerm(grade)
        #expect(ledger.state.campaign(2025).grade == grade)
        #expect(ledger.state.campaign(2025).confirmedOn == (try day("2026-01-20")))
    }

    /// No quota on any grade: every talent of one unit may be excellent, each confirmed, none blocking the
    /// unit, and the unit's submission of those figures goes up.
    @Test func G1_noQuotaEveryTalentOfAUnitMayBeExcellent() throws {
        let campaign = try policy().campaign(year: 2025)
        var blockers: [SubmissionBlocker] = []
        for _ in 1...6 {
            var ledger = try Ledger(tier: .C, start: "2020-01-01")
            try ledger.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-04")
            let confirmed = try ledger.confirmEndTerm(.excellent)
            #expect(confirmed.typeNames.contains("EndTermResultConfirmed"))
            #expect(ledger.state.campaign(2025).grade == .excellent && ledger.state.unit == UnitID("unit-1"))
            blockers += campaign.blockers(of: ledger.state, on: try day("2026-03-20"))
        }
        #expect(blockers.isEmpty)
        let figures = SubmissionFigures(talents: 6, byTier: ["C": 6], byGrade: ["excellent": 6], pending: 0)
        let submitted = try Submission.initial.decide(
            .submit(figures: figures, latenessReason: nil), chain: ["unit-1", "city-1", "province"],
            campaign: campaign, blockers: blockers, on: try day("2026-03-20"))
        #expect(submitted.count == 1)
    }

    @Test func G2_pendingGradeWaitsForTheConclusionThenIsGraded() throws {
        var ledger = try Ledger(tier: .C, start: "2020-03-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-01-05")
        try ledger.run(.markGradePending(campaign: 2025, investigation: "case 17"), on: "2026-01-06")
        // 暂不确定等次: a grade given before the investigation came to light no longer stands.
        #expect(ledger.state.campaign(2025).grade == nil)
        #expect(ledger.state.status == .pendingInvestigation)
        #expect(ledger.state.isUnderManagement)
        #expect(
            try ledger.refusal(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-01-07")?
                .rule == .G2)
        #expect(try ledger.refusal(.finalizeResult(campaign: 2025), on: "2026-01-07")?.rule == .G2)
        try ledger.run(.concludeInvestigation(conclusion: "no finding"), on: "2026-03-01")
        #expect(ledger.state.status == .underManagement)
        #expect(try ledger.refusal(.finalizeResult(campaign: 2025), on: "2026-03-01")?.rule == .G1)
        try ledger.run(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-03-02")
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-03-03")
        let final = try ledger.run(.finalizeResult(campaign: 2025), on: "2026-03-04")
        #expect(final.typeNames.contains("EndTermResultConfirmed"))
        #expect(ledger.state.campaign(2025).grade == .good)
        #expect(ledger.state.campaign(2025).confirmedOn == (try day("2026-03-04")))
        #expect(try ledger.refusal(.concludeInvestigation(conclusion: "again"), on: "2026-03-05")?.rule == .G2)
    }

    @Test(arguments: [Grade.excellent, .good])
    func G3_excellentOrGoodKeepsTheTier(grade: Grade) throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        let events = try ledger.confirmEndTerm(grade)
        #expect(events.downgrade == nil)
        #expect(events.exit == nil)
        #expect(ledger.state.tier == .B)
        #expect(ledger.state.isUnderManagement)
    }

    @Test func G4_fairDowngradesOneTier() throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        let events = try ledger.confirmEndTerm(.fair)
        let downgrade = try #require(events.downgrade)
        #expect((downgrade.from, downgrade.to) == (.B, .C))
        #expect(downgrade.derivation?.rule == .G4)
        #expect(downgrade.derivation?.cause.contains("一般") == true)
        #expect(ledger.state.tier == .C)
        #expect(ledger.state.period?.tier == .C)
    }

    @Test func G4_fairAtTierEExits() throws {
        var ledger = try Ledger(tier: .E, start: "2020-01-01")
        let events = try ledger.confirmEndTerm(.fair)
        #expect(events.downgrade == nil)
        let exit = try #require(events.exit)
        #expect(exit.reason == .endTermFairAtTierE)
        #expect(exit.derivation?.rule == .G4)
        #expect(ledger.state.status == .exited)
        #expect(ledger.state.entitlements.holdsCard == false)
        #expect(ledger.state.entitlements.talentCode.status == .cancelled)
    }

    @Test(arguments: [Tier.B, .C, .D, .E])
    func G4_fairLowersEachTierByExactlyOneOrExitsAtE(tier: Tier) throws {
        var ledger = try Ledger(tier: tier, start: "2020-01-01")
        let events = try ledger.confirmEndTerm(.fair)
        #expect(ledger.state.tier == tier.lowered ?? .E)
        #expect(ledger.state.hasExited == (tier == .E))
        #expect((events.exit?.reason == .endTermFairAtTierE) == (tier == .E))
        // M4: the period renews at the lowered tier, never after an exit.
        #expect(events.compactMap(\.renewed).map(\.tier) == (tier.lowered.map { [$0] } ?? []))
    }

    @Test func G5_unqualifiedExits() throws {
        var ledger = try Ledger(tier: .A, start: "2020-01-01")
        let events = try ledger.confirmEndTerm(.unqualified)
        #expect(events.exit?.reason == .endTermUnqualified)
        #expect(events.exit?.derivation?.rule == .G5)
        #expect(events.compactMap(\.renewed).isEmpty)
        #expect(ledger.state.hasExited)
    }

    @Test func G6_collectiveDecisionAndWrittenNoticeBeforeTheResultIsFinal() throws {
        var ledger = try Ledger(tier: .C, start: "2020-01-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        let alone = try ledger.refusal(
            .grade(campaign: 2025, grade: .good, decidedCollectively: false), on: "2026-01-06")
        #expect(alone?.rule == .G6)
        // About the member that says it: a form shows it beside its box.
        #expect(alone?.field == "decidedCollectively")
        #expect(try ledger.refusal(.notifyResult(campaign: 2025), on: "2026-01-06")?.rule == .G6)
        try ledger.run(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-01-06")
        #expect(try ledger.refusal(.finalizeResult(campaign: 2025), on: "2026-01-07")?.rule == .G6)
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-01-08")
        try ledger.run(.finalizeResult(campaign: 2025), on: "2026-01-09")
        #expect(
            try ledger.refusal(.grade(campaign: 2025, grade: .fair, decidedCollectively: true), on: "2026-01-10")?
                .rule == .G6)
    }

    /// W4 (应予及时退出管理的人员，不再对其开展……期末考核): a talent reported for an exit situation is not
    /// graded while the province verifies it, nor once the exit took effect.
    @Test func W4_neitherATalentReportedForAnExitNorOneThatExitedIsGraded() throws {
        var ledger = try Ledger(tier: .C, start: "2020-01-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.findMisconduct(occurredOn: try day("2026-01-02"), finding: "plagiarism"), on: "2026-01-06")
        let grade = TalentCommand.grade(campaign: 2025, grade: .good, decidedCollectively: true)
        #expect(try ledger.refusal(grade, on: "2026-01-07")?.rule == .W4)
        try ledger.verifyExit(on: "2026-01-10")
        #expect(ledger.state.hasExited)
        let afterExit = try ledger.refusal(grade, on: "2026-01-12")
        #expect(afterExit?.rule == .W4, "\(String(describing: afterExit))")
    }
}
