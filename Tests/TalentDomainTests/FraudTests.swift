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

    /// F1, C3: fraud found after the talent exited for another reason (it left the province, which allows
    /// a new evaluation once the criteria are met again) is recorded, and its revocation bars every
    /// evaluation after it ("因严重违纪违法、失德失范失信等原因被退出管理的，不再进行人才分类评定"; §7(2)
    /// "弄虚作假…撤销人才资格"), with no second exit. Dated before the exit, where it took effect, alike.
    @Test func F1_C3_fraudFoundAfterAnExitForAnotherReasonBarsANewEvaluation() throws {
        for found in ["2026-06-01", "2026-02-09"] {
            var ledger = try Ledger(tier: .C, start: "2024-05-01")
            _ = try ledger.reportAndVerify(
                .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2026-02-01")), on: "2026-02-05",
                verifiedOn: "2026-02-10")
            #expect(ledger.state.exit?.reapplication.rule == .whenCriteriaMetAgain)
            let again = try Ledger.evaluation(tier: .B, certificate: "2026-07-01", document: "再次认定")
            #expect(try ledger.refusal(.evaluate(again), on: "2026-07-01") == nil, "\(found)")
            let events = try ledger.run(
                .findFraud(finding: "申报业绩材料伪造", measures: [.revokeQualification]), on: found)
            #expect(events.typeNames == ["FraudFound"], "\(found): no second exit")
            #expect(ledger.state.exits.count == 1 && ledger.state.exit?.reason == .leftProvince)
            #expect(ledger.state.qualificationRevokedOn == (try day(found)))
            let refused = try ledger.refusal(.evaluate(again), on: "2026-07-01")
            #expect(refused?.rule == .C3, "\(found)")
            #expect(refused?.reason == "该人才于\(found)被查实弄虚作假、撤销人才资格，不再进行人才分类评定")
        }
        // Other measures alone bar nothing.
        var kept = try Ledger(tier: .C, start: "2024-05-01")
        _ = try kept.reportAndVerify(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2026-02-01")), on: "2026-02-05",
            verifiedOn: "2026-02-10")
        try kept.run(.findFraud(finding: "材料不实", measures: [.talkToHead]), on: "2026-06-01")
        #expect(kept.state.qualificationRevokedOn == nil)
    }
}
