// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S3 are the register's own spelling.

import Foundation
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

/// The README walks a newcomer through the 2025 campaign on the province `make run` loads (the demo's seed
/// 2025 and 3,000 talents): the units and talents it names, what blocks them and the counts it prints are
/// that province's. A change to the demo's generator that moves them fails here, and the README's steps are
/// to be walked again (they broke once unnoticed).
@Suite("The README's campaign walkthrough on the demo province")
struct ReadmeWalkthroughTests {
    @Test(.timeLimit(.minutes(5)))
    func S1_S3_S4_theReadmesCampaignStepsHoldOnTheDemoProvince() async throws {
        try await TestDatabase.withStore("readme_walkthrough") { store, _ in
            let policy = try PolicyDirectory.load()
            _ = try await DemoProvince(seed: 2025, talents: 3000).load(into: store, policy: policy)
            let register = TalentRegister(store: store, policy: policy)
            try await register.catchUpProjections()

            // unit-0205: two talents' work missing, recorded, submitted, accepted by its three levels.
            let blockers = try await register.readiness(
                campaign: 2025, unit: "unit-0205", on: try Day("2026-03-20"), by: .system
            ).blockers
            #expect(
                blockers.map { "\($0.talent.rawValue) \($0.rule.rawValue)" }
                    == ["JL000513 W2", "JL002709 W1", "JL002709 W3"])
            let survey = MidTermSurveyItems(
                innovationAndEntrepreneurship: "牵头省重点研发项目1项", technicalBreakthroughs: "突破关键工艺2项",
                transferOfResults: "转化专利1件", economicAndSocialBenefit: "新增产值500万元", professionalLevel: "发表论文3篇",
                talentCultivation: "培养研究生2名")
            try await register.handle(
                .submitMidTermSurvey(campaign: 2025, items: survey), for: TalentID("JL000513"),
                on: try Day("2026-01-20"), by: .system)
            try await register.handle(
                .collectBasicInfo(
                    campaign: 2025,
                    info: BasicInfo(
                        industry: "教育", professionalField: "光学", education: "博士", professionalTitle: "教授",
                        declaredSituations: [])),
                for: TalentID("JL002709"), on: try Day("2026-01-10"), by: .system)
            try await register.handle(
                .grade(campaign: 2025, grade: .good, decidedCollectively: true), for: TalentID("JL002709"),
                on: try Day("2026-03-10"), by: .system)
            let submitted = try await register.submit(
                campaign: 2025, unit: "unit-0205", on: try Day("2026-03-20"), by: .system)
            #expect(submitted.submission.awaiting == "county-bc-2")
            var accepted = submitted
            for _ in 1...3 {
                accepted = try await register.review(
                    campaign: 2025, unit: "unit-0205", .accept, on: try Day("2026-03-20"), by: .system)
            }
            #expect(accepted.submission.status == .accepted)

            // Every other unit late on 2026-04-01; unit-0065 makes up through its department, and is restored.
            let suspended = try await register.suspendLateUnits(
                campaign: 2025, on: try Day("2026-04-01"), by: .system)
            #expect(suspended.units.count == 319)
            #expect(suspended.counts[.applied] == 2443)
            let madeUp = try await register.submit(
                campaign: 2025, unit: "unit-0065", latenessReason: "经办人调整，材料延误", on: try Day("2026-05-10"),
                by: .system)
            #expect(madeUp.submission.awaiting == "dept-health")
            for day in ["2026-05-11", "2026-05-12"] {
                try await register.review(campaign: 2025, unit: "unit-0065", .accept, on: try Day(day), by: .system)
            }
            let restored = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-05-20"), by: .system)
            #expect(restored.units == ["unit-0065"])
            #expect(restored.counts[.applied] == 7)
            for (day, card) in [("2026-04-15", CardStatus.suspended), ("2026-07-01", .active)] {
                let state = try await register.queries.state(of: TalentID("JL000300"), asOf: try Day(day), by: .system)
                #expect(state.entitlements.jixiangCard == card, "on \(day)")
            }
        }
    }
}
