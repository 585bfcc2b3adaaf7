// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Who and what (T1–T4)")
struct TierAndUnitTests {
    @Test func T1_tiersRunFromAToEAndDowngradeOneStep() throws {
        #expect(Tier.allCases.map(\.rawValue) == ["A", "B", "C", "D", "E"])
        #expect(Tier.allCases.map(\.lowered) == [.B, .C, .D, .E, nil])
        var ledger = Ledger(policy: try policy())
        let refusal = try ledger.refusal(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        #expect(refusal?.rule == .T1)
        try ledger.run(
            .evaluate(
                Evaluation(
                    talentId: TalentID("t-9"), tier: .C, unit: UnitID("u"), professionalField: "f",
                    evaluatingDocument: "doc", certificateDate: try day("2024-03-01"))), on: "2024-03-01")
        #expect(ledger.state.tier == .C)
        #expect(ledger.state.status == .underManagement)
    }

    @Test func T2_everyTalentBelongsToOneUnitAndMovesWithinTheProvince() throws {
        var ledger = Ledger(policy: try policy())
        let noUnit = try ledger.refusal(
            .evaluate(
                Evaluation(
                    talentId: TalentID("t"), tier: .C, unit: UnitID(""), professionalField: "f",
                    evaluatingDocument: "doc", certificateDate: try day("2024-03-01"))), on: "2024-03-01")
        #expect(noUnit?.rule == .T2)
        ledger = try Ledger(tier: .C, start: "2023-05-01", unit: "first-unit")
        #expect(ledger.state.unit == UnitID("first-unit"))
        let missing = try ledger.refusal(
            .relocate(kind: .withinProvince, newUnit: nil, occurredOn: try day("2025-06-01")), on: "2025-06-10")
        #expect(missing?.rule == .T2)
        let events = try ledger.run(
            .relocate(kind: .withinProvince, newUnit: UnitID("second-unit"), occurredOn: try day("2025-06-01")),
            on: "2025-06-10")
        #expect(events.exit == nil)
        #expect(ledger.state.unit == UnitID("second-unit"))
        #expect(ledger.state.isUnderManagement)
    }

    @Test func T3_flexibleAgreementRenewsOnlyForFlexibleTalentsAndLater() throws {
        let regular = try Ledger(tier: .C, start: "2023-05-01")
        #expect(
            try regular.refusal(.renewFlexibleAgreement(newEnd: try day("2027-01-01")), on: "2025-01-01")?.rule == .T3)
        var flexible = try Ledger(tier: .C, start: "2023-05-01", flexibleEnd: "2025-12-31")
        #expect(flexible.state.isFlexible)
        // A new end no later than the one held is refused beside that field.
        let earlier = try flexible.refusal(.renewFlexibleAgreement(newEnd: try day("2025-06-30")), on: "2025-01-01")
        #expect(earlier?.rule == .T3 && earlier?.field == "newEnd", "\(String(describing: earlier))")
        try flexible.run(.renewFlexibleAgreement(newEnd: try day("2027-12-31")), on: "2025-11-01")
        #expect(flexible.state.flexibleAgreementEnd == (try day("2027-12-31")))
    }

    @Test func T4_classifiedTalentIsNotPublicized() throws {
        var ledger = try Ledger(tier: .B, start: "2020-05-01", classified: true)
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-01-06")
        #expect(try ledger.refusal(.startPublicity(campaign: 2025), on: "2026-01-07")?.rule == .T4)
        // Exempt, so the excellent result is final without any publicity.
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-01-08")
        let final = try ledger.run(.finalizeResult(campaign: 2025), on: "2026-01-09")
        #expect(final.typeNames.first == "EndTermResultConfirmed")
    }
}

@Suite("O2: who reports for a talent who moved")
struct ReportingUnitTests {
    @Test(arguments: [
        (RelocationKind.withinProvince, UnitID?.some(UnitID("unit-2")), "unit-2"),
        (.unrelatedPost, UnitID("unit-2"), "unit-2"),
        (.unrelatedPost, nil, "unit-1"),
        (.outOfProvince, nil, "unit-1"),
        (.civilService, UnitID("bureau-x"), "unit-1"),
        (.outOfProvinceBranchPosting, nil, "unit-1"),
    ])
    func O2_theCurrentUnitReportsAfterAMoveInTheProvinceTheOriginalOneOtherwise(
        kind: RelocationKind, newUnit: UnitID?, reporting: String
    ) throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01", unit: "unit-1")
        #expect(ledger.state.reportingUnit == UnitID("unit-1"))
        _ = try ledger.run(.relocate(kind: kind, newUnit: newUnit, occurredOn: try day("2025-05-01")), on: "2025-05-20")
        #expect(ledger.state.reportingUnit == UnitID(reporting))
    }

    /// O2, T2: a posting to a branch keeps the talent with its unit, so a unit named for it would be kept by
    /// nobody, and is refused naming the member; a move within the province to the unit the talent is in
    /// is no move, and an unrelated post in it is a change of post that names no unit.
    @Test(arguments: [RelocationKind.outOfProvinceBranchPosting, .withinProvince, .unrelatedPost])
    func O2_T2_aUnitNamedWhereTheMoveTakesNoneOrTheSameUnitIsRefused(kind: RelocationKind) throws {
        let ledger = try Ledger(tier: .C, start: "2022-01-01", unit: "unit-1")
        let named = kind == .outOfProvinceBranchPosting ? UnitID("elsewhere") : UnitID("unit-1")
        let refusal = try ledger.refusal(
            .relocate(kind: kind, newUnit: named, occurredOn: try day("2025-05-01")), on: "2025-05-20")
        #expect(refusal?.rule == .T2 && refusal?.field == "newUnit", "\(String(describing: refusal))")
    }
}
