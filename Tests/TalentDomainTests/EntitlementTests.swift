// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Entitlements by tier (E1–E5)")
struct EntitlementTests {
    func grants(_ tier: Tier) throws -> (Ledger, [EntitlementsChanged]) {
        let ledger = try Ledger(tier: tier, start: "2024-01-10")
        return (ledger, ledger.events.compactMap(\.entitlementsChanged))
    }

    @Test(arguments: Tier.allCases)
    func E1_jixiangCardForTiersAToD(tier: Tier) throws {
        let (ledger, grants) = try grants(tier)
        #expect((ledger.state.entitlements.jixiangCard == .active) == (tier != .E))
        #expect(grants.contains { $0.derivation?.rule == .E1 } == (tier != .E))
    }

    @Test(arguments: Tier.allCases)
    func E2_jijianCardForEveryTierAsPolicyAssumes(tier: Tier) throws {
        let (ledger, grants) = try grants(tier)
        #expect(ledger.policy.entitlements.entitlements(of: tier).jijianCard)
        #expect(ledger.state.entitlements.jijianCard == .active)
        #expect(
            grants.first { $0.derivation?.rule == .E2 }?.changes == [
                EntitlementChange(item: .jijianCard, action: .issued)
            ])
    }

    @Test(arguments: Tier.allCases)
    func E3_talentCodeAndCertificateShowTheTier(tier: Tier) throws {
        let (ledger, grants) = try grants(tier)
        #expect(ledger.state.entitlements.talentCode == Credential(status: .valid, tier: tier))
        #expect(ledger.state.entitlements.certificate == Credential(status: .valid, tier: tier))
        #expect(grants.first { $0.derivation?.rule == .E3 }?.derivation?.cause.contains("认定为\(tier)类人才") == true)
    }

    @Test func E4_housingSubsidyPaidInInstalmentsOnSchedule() throws {
        var ledger = try Ledger(tier: .B, start: "2024-01-10")
        #expect(ledger.state.entitlements.housingSubsidy.totalYuan == 1_000_000)
        // Not yet due on the day given: that day is what to correct.
        let early = try ledger.refusal(.payHousingSubsidyInstalment(number: 2), on: "2025-01-09")
        #expect(early?.rule == .E4 && early?.field == "effectiveOn", "\(String(describing: early))")
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 4), on: "2025-01-09")?.rule == .E4)
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 0), on: "2025-01-09")?.rule == .E4)
        try ledger.run(.payHousingSubsidyInstalment(number: 1), on: "2024-02-01")
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 1), on: "2024-02-02")?.rule == .E4)
        let second = try ledger.run(.payHousingSubsidyInstalment(number: 2), on: "2025-01-10")
        guard case .housingSubsidyInstalmentPaid(let paid) = second.first else {
            Issue.record("expected the instalment")
            return
        }
        #expect(paid.amountYuan == 300_000)
        try ledger.run(.payHousingSubsidyInstalment(number: 3), on: "2026-01-10")
        #expect(ledger.state.entitlements.housingSubsidy.paidYuan == 1_000_000)
        #expect(ledger.state.entitlements.housingSubsidy.paidInstalments == [1, 2, 3])
    }

    /// E4, M3 (ASSUMPTION `housingSubsidyOnReevaluation`): a tier-C talent paid its first instalment (40 % of
    /// 500 000) and evaluated again as B has the instalments still to come paid at B's amount (30 % and 30 %
    /// of 1 000 000), what was paid kept; with `keepOldTierSchedule`, at the amount granted.
    @Test(arguments: [("switchToNewTierAmount", 1_000_000, 800_000), ("keepOldTierSchedule", 500_000, 500_000)])
    func E4_M3_aReevaluationAtAnotherTierPaysTheRestAsThePolicySays(setting: String, amount: Int, total: Int) throws {
        let policy = try Fixture.policy(editing: \.entitlements) { $0["housingSubsidyOnReevaluation"] = setting }
        var ledger = Ledger(policy: policy, replaying: try Ledger(tier: .C, start: "2024-01-10").events)
        try ledger.run(.payHousingSubsidyInstalment(number: 1), on: "2024-01-15")
        try ledger.run(
            .evaluate(try Ledger.evaluation(tier: .B, certificate: "2026-06-01", document: "吉人社发〔2026〕3号")),
            on: "2026-06-01")
        let subsidy = ledger.state.entitlements.housingSubsidy
        #expect(ledger.state.tier == .B)
        #expect(subsidy.scheduleYuan == amount && subsidy.totalYuan == total, "\(subsidy)")
        #expect(subsidy.paidYuan == 200_000)
    }

    @Test func E5_medicalServiceComesWithTheJijianCard() throws {
        let (ledger, grants) = try grants(.C)
        #expect(ledger.state.entitlements.medicalService)
        #expect(
            grants.first { $0.derivation?.rule == .E5 }?.changes == [
                EntitlementChange(item: .medicalService, action: .granted)
            ])
        // A policy granting medical service without the 吉健卡 does not load.
        #expect(throws: PolicyError.self) {
            try Fixture.policy(editing: \.entitlements) { json in
                var tiers = json["tiers"] as? [String: Any] ?? [:]
                var c = tiers["C"] as? [String: Any] ?? [:]
                c["jijianCard"] = false
                tiers["C"] = c
                json["tiers"] = tiers
            }
        }
    }

    /// E4 ASSUMPTION: the schedule counts from the period start (the M2 date), not the recording day.
    @Test func E4_instalmentsCountFromThePeriodStartNotTheRecordingDay() throws {
        let evaluation = Evaluation(
            talentId: TalentID("t-1"), tier: .C, unit: UnitID("u"), professionalField: "f", evaluatingDocument: "d",
            certificateDate: try day("2024-01-10"))
        var late = Ledger(policy: try policy())
        try late.run(.evaluate(evaluation), on: "2025-03-01")  // recorded 14 months after the certificate
        #expect(late.state.entitlements.housingSubsidy.grantedOn == (try day("2024-01-10")))
        try late.run(.payHousingSubsidyInstalment(number: 2), on: "2025-03-01")
        #expect(try late.refusal(.payHousingSubsidyInstalment(number: 3), on: "2026-01-09")?.rule == .E4)
        #expect(try late.refusal(.payHousingSubsidyInstalment(number: 3), on: "2026-01-10") == nil)

        let byGrantDay = try Fixture.policy(editing: \.entitlements) { $0["housingSubsidyScheduleStart"] = "grantDay" }
        var recorded = Ledger(policy: byGrantDay)
        try recorded.run(.evaluate(evaluation), on: "2025-03-01")
        #expect(recorded.state.entitlements.housingSubsidy.grantedOn == (try day("2025-03-01")))
        #expect(try recorded.refusal(.payHousingSubsidyInstalment(number: 2), on: "2026-02-28")?.rule == .E4)
        #expect(try recorded.refusal(.payHousingSubsidyInstalment(number: 2), on: "2026-03-01") == nil)
    }
}
