import Testing

@testable import TalentDomain

@Suite("As-of evaluation")
struct AsOfTests {
    @Test func foldAsOfReplaysOnlyEffectiveEvents() throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        _ = try ledger.confirmEndTerm(.fair)
        #expect(Talent.fold(ledger.events, asOf: try day("2026-01-19")).tier == .B)
        #expect(Talent.fold(ledger.events, asOf: try day("2026-01-20")).tier == .C)
    }

    @Test func timeDrivenFactsFollowTheDay() throws {
        var ledger = try Ledger(tier: .C, start: "2021-01-01", flexibleEnd: "2024-12-31")
        let policy = ledger.policy
        #expect(ledger.state.state(asOf: try day("2024-12-31"), policy: policy).flexibleAgreementExpired == false)
        #expect(ledger.state.state(asOf: try day("2025-01-01"), policy: policy).flexibleAgreementExpired)
        #expect(ledger.state.state(asOf: try day("2025-12-31"), policy: policy).periodExpired == false)
        #expect(ledger.state.state(asOf: try day("2026-01-01"), policy: policy).periodExpired)
        try ledger.run(.recordFlexibleAgreementExpired, on: "2025-01-10")
        try ledger.verifyExit(on: "2025-01-20")
        let facts = ledger.state.state(asOf: try day("2026-01-01"), policy: policy)
        #expect(facts.periodExpired == false)  // no longer under management
        #expect(facts.reapplication?.rule == .whenCriteriaMetAgain)
        #expect(facts.mayReapply)
    }
}
