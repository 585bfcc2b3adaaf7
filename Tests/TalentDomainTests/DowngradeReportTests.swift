// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Downgrade or exit on report (D1–D3)")
struct DowngradeReportTests {
    @Test(arguments: [
        (AnnualAssessment.Result.basicQualified, true), (.undetermined, true), (.qualified, false), (.excellent, false),
    ])
    func D1_weakAnnualAssessmentMustBeReported(result: AnnualAssessment.Result, reportable: Bool) throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        let assessment = AnnualAssessment(year: 2024, kind: .annual, sector: .publicInstitution, result: result)
        let events = try ledger.run(
            .recordAnnualAssessment(occurredOn: try day("2025-01-31"), assessment: assessment), on: "2025-02-05")
        #expect(events.exit == nil)
        #expect(ledger.state.pendingReports.map(\.rule) == (reportable ? [.D1] : []))
        if reportable { #expect(ledger.state.pendingReports.first?.reportDue == (try day("2025-02-28"))) }
    }

    @Test func D1_enterpriseAnalogueOnlyForPersonalReasons() throws {
        var personal = try Ledger(tier: .C, start: "2022-01-01")
        try personal.run(
            .recordAnnualAssessment(
                occurredOn: try day("2025-01-31"),
                assessment: AnnualAssessment(year: 2024, kind: .annual, sector: .enterprise, result: .basicQualified)),
            on: "2025-02-05")
        #expect(personal.state.pendingReports.map(\.rule) == [.D1])
        var objective = try Ledger(tier: .C, start: "2022-01-01")
        try objective.run(
            .recordAnnualAssessment(
                occurredOn: try day("2025-01-31"),
                assessment: AnnualAssessment(
                    year: 2024, kind: .annual, sector: .enterprise, result: .basicQualified, personalReasons: false)),
            on: "2025-02-05")
        #expect(objective.state.pendingReports.isEmpty)
    }

    @Test func D2_sanctionBelowX6ThresholdIsReportedNotExited() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        let events = try ledger.run(
            .penalize(occurredOn: try day("2025-04-01"), sanction: Sanction(kind: .administrative, measure: .demerit)),
            on: "2025-04-10")
        #expect(events.exit == nil)
        #expect(events.downgrade == nil)
        let report = try #require(ledger.state.pendingReports.first)
        #expect(report.rule == .D2)
        #expect(report.reportDue == (try day("2025-05-01")))
        #expect(ledger.state.state(asOf: try day("2025-05-02"), policy: ledger.policy).overdueReports.count == 1)
    }

    /// D3 (§5(3)2): the unit recommends *whether* to downgrade or exit, so "no change" is a recommendation
    /// of its own, and the province decides on it like any other.
    @Test func D3_aUnitMayRecommendNoChangeAndTheProvinceDecidesIt() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(
            .penalize(occurredOn: try day("2025-04-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2025-04-10")
        let recommended = try ledger.run(.recommend(outcome: .noAction), on: "2025-04-20")
        guard case .exitOrDowngradeRecommended(let recommendation) = recommended.first else {
            Issue.record("expected the recommendation")
            return
        }
        #expect(recommendation.outcome == .noAction)
        #expect(ledger.state.openRecommendation?.outcome == .noAction)
        let decided = try ledger.run(.decideRecommendation(outcome: .noAction), on: "2025-05-10")
        #expect(decided.typeNames == ["RecommendationDecided"])
        #expect(ledger.state.tier == .C)
        #expect(ledger.state.openRecommendation == nil)
        #expect(ledger.state.isUnderManagement)
    }

    /// D3: a downgrade situation declared with the basic information (W1) names no day and starts no report:
    /// until a fact of the management period records it (a sanction for D2), it is owed, and said so.
    @Test func D3_aDowngradeSituationDeclaredAndNotRecordedIsOwed() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        var declared = basicInfo
        declared.declaredSituations = [.D2]
        try ledger.run(.collectBasicInfo(campaign: 2025, info: declared), on: "2026-01-20")
        #expect(ledger.state.declaredDowngradeSituationsNotRecorded(in: ledger.events) == [.D2])
        try ledger.run(
            .penalize(occurredOn: try day("2025-11-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2026-01-25")
        #expect(ledger.state.declaredDowngradeSituationsNotRecorded(in: ledger.events).isEmpty)
        // Decided since, it stays recorded: nothing is owed again.
        try ledger.run(.recommend(outcome: .noAction), on: "2026-02-01")
        try ledger.run(.decideRecommendation(outcome: .noAction), on: "2026-02-10")
        #expect(ledger.state.declaredDowngradeSituationsNotRecorded(in: ledger.events).isEmpty)
        // A D1 declared with no weak annual assessment recorded is owed on its own.
        declared.declaredSituations = [.D1, .D2]
        try ledger.run(.collectBasicInfo(campaign: 2025, info: declared), on: "2026-02-15")
        #expect(ledger.state.declaredDowngradeSituationsNotRecorded(in: ledger.events) == [.D1])
    }

    @Test func D3_unitRecommendsProvinceDecidesDowngradeOrExit() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        #expect(try ledger.refusal(.recommend(outcome: .downgrade), on: "2025-04-20")?.rule == .D3)
        try ledger.run(
            .penalize(occurredOn: try day("2025-04-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2025-04-10")
        #expect(try ledger.refusal(.decideRecommendation(outcome: .downgrade), on: "2025-04-20")?.rule == .D3)
        let recommended = try ledger.run(.recommend(outcome: .downgrade), on: "2025-04-20")
        guard case .exitOrDowngradeRecommended(let recommendation) = recommended.first else {
            Issue.record("expected the recommendation")
            return
        }
        #expect(recommendation.reportedWithinDeadline)
        #expect(ledger.state.openRecommendation != nil)
        let decided = try ledger.run(.decideRecommendation(outcome: .downgrade), on: "2025-06-01")
        let downgrade = try #require(decided.downgrade)
        #expect((downgrade.from, downgrade.to) == (.B, .C))
        #expect(downgrade.derivation?.rule == .D3)
        #expect(ledger.state.openRecommendation == nil)

        var tierE = try Ledger(tier: .E, start: "2022-01-01")
        try tierE.run(
            .penalize(occurredOn: try day("2025-04-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2025-04-10")
        try tierE.run(.recommend(outcome: .downgrade), on: "2025-05-20")
        #expect(
            tierE.events.compactMap {
                if case .exitOrDowngradeRecommended(let r) = $0 { r.reportedWithinDeadline } else { nil }
            } == [false])
        let exited = try tierE.run(.decideRecommendation(outcome: .downgrade), on: "2025-06-01")
        #expect(exited.exit?.reason == .downgradedFromTierE)
        #expect(exited.exit?.derivation?.rule == .D3)

        var exitCase = try Ledger(tier: .C, start: "2022-01-01")
        try exitCase.run(
            .penalize(occurredOn: try day("2025-04-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2025-04-10")
        try exitCase.run(.recommend(outcome: .exit), on: "2025-04-20")
        #expect(
            try exitCase.run(.decideRecommendation(outcome: .exit), on: "2025-06-01").exit?.reason
                == .provinceDecidedExit)
    }
}
