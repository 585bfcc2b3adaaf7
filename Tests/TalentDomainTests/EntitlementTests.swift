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
        #expect(grants.first { $0.derivation?.rule == .E3 }?.derivation?.cause.contains("tier \(tier)") == true)
    }

    @Test func E4_housingSubsidyPaidInInstalmentsOnSchedule() throws {
        var ledger = try Ledger(tier: .B, start: "2024-01-10")
        #expect(ledger.state.entitlements.housingSubsidy.totalYuan == 1_000_000)
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 2), on: "2025-01-09")?.rule == .E4)
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 4), on: "2025-01-09")?.rule == .E4)
        try ledger.run(.payHousingSubsidyInstalment(number: 1), on: "2024-02-01")
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 1), on: "2024-02-02")?.rule == .E4)
        try ledger.run(.payHousingSubsidyInstalment(number: 2), on: "2025-01-10")
        try ledger.run(.payHousingSubsidyInstalment(number: 3), on: "2026-01-10")
        #expect(ledger.state.entitlements.housingSubsidy.paidYuan == 1_000_000)
        #expect(ledger.state.entitlements.housingSubsidy.paidInstalments == [1, 2, 3])
    }

    @Test func E5_medicalServiceComesWithTheJijianCard() throws {
        let (ledger, grants) = try grants(.C)
        #expect(ledger.state.entitlements.medicalService)
        #expect(
            grants.first { $0.derivation?.rule == .E5 }?.changes == [
                EntitlementChange(item: .medicalService, action: .granted)
            ])
        var withoutCard = try policy()
        withoutCard.entitlements.tiers[.C]?.jijianCard = false
        #expect(throws: PolicyError.self) {
            try Policy(
                management: withoutCard.management, publicity: withoutCard.publicity,
                entitlements: withoutCard.entitlements, campaigns: withoutCard.campaigns,
                calendar: withoutCard.calendar)
        }
    }
}
