// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Fraud (F1)")
struct FraudTests {
    @Test func F1_revokedQualificationExitsForGood() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        let events = try ledger.run(
            .findFraud(finding: "forged patent certificate", measures: [.talkToHead, .revokeQualification]),
            on: "2025-09-01")
        #expect(events.typeNames.first == "FraudFound")
        #expect(events.exit?.reason == .fraud)
        #expect(events.exit?.derivation?.rule == .F1)
        #expect(ledger.state.exit?.reapplication.rule == .never)
        #expect(ledger.state.entitlements.holdsCard == false)
    }

    @Test func F1_measuresWithoutRevocationKeepTheTalent() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        #expect(try ledger.refusal(.findFraud(finding: "x", measures: []), on: "2025-09-01")?.rule == .F1)
        let events = try ledger.run(
            .findFraud(finding: "inflated figures", measures: [.rectificationWithDeadline]), on: "2025-09-01")
        #expect(events.exit == nil)
        #expect(ledger.state.isUnderManagement)
    }
}
