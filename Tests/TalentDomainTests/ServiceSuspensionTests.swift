// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

/// S3/S4 belong to the submission chain (a later issue), but the domain already decides them.
@Suite("Late submission suspends services, make-up restores them (S3–S4)")
struct ServiceSuspensionTests {
    @Test func S3_lateSubmissionSuspendsOnlyTheJixiangAndJijianCards() throws {
        var ledger = try Ledger(tier: .C, start: "2023-05-01")
        let before = ledger.state.entitlements
        let events = try ledger.run(.suspendServices(reason: "unit-1 did not submit by 2026-03-31"), on: "2026-04-01")
        let change = try #require(events.first?.entitlementsChanged)
        #expect(events.count == 1)
        #expect(change.derivation?.rule == .S3)
        #expect(
            change.changes == [
                EntitlementChange(item: .jixiangCard, action: .suspended),
                EntitlementChange(item: .jijianCard, action: .suspended),
            ])
        var expected = before
        expected.jixiangCard = .suspended
        expected.jijianCard = .suspended
        // Talent code, certificate, medical-service entitlement and housing subsidy are untouched.
        #expect(ledger.state.entitlements == expected)
        #expect(ledger.state.entitlements.holdsCard)
        #expect(ledger.state.isUnderManagement)
        #expect(try ledger.refusal(.suspendServices(reason: "again"), on: "2026-04-02")?.rule == .S3)
    }

    @Test func S3_tierEHasOnlyTheJijianCardToSuspend() throws {
        var ledger = try Ledger(tier: .E, start: "2023-05-01")
        let events = try ledger.run(.suspendServices(reason: "late"), on: "2026-04-01")
        #expect(events.changes == [EntitlementChange(item: .jijianCard, action: .suspended)])
        #expect(ledger.state.entitlements.jixiangCard == .none)
    }

    /// S4 restores the cards named, when named: a late-unit job gives back what its own suspension took.
    /// Only the two service cards can be named, and a list naming none suspended restores nothing.
    @Test func S4_aRestoreNamingCardsGivesBackThoseOnly() throws {
        var ledger = try Ledger(tier: .C, start: "2023-05-01")
        try ledger.run(.suspendServices(reason: "late"), on: "2026-04-01")
        let events = try ledger.run(.restoreServices(reason: "made up", cards: [.jijianCard]), on: "2026-04-20")
        #expect(events.changes == [EntitlementChange(item: .jijianCard, action: .restored)])
        #expect(ledger.state.entitlements.jixiangCard == .suspended && ledger.state.entitlements.jijianCard == .active)
        #expect(
            try ledger.refusal(.restoreServices(reason: "again", cards: [.jijianCard]), on: "2026-04-21")?.rule == .S4)
        for cards in [[EntitlementChange.Item](), [.talentCode], [.jixiangCard, .jixiangCard]] {
            let refusal = try ledger.refusal(.restoreServices(reason: "x", cards: cards), on: "2026-04-21")
            #expect(refusal?.rule == .S4 && refusal?.field == "cards", "\(cards)")
        }
    }

    /// S3 ("对逾期未按要求报送材料的单位和个人…暂停"): there is no lateness before a campaign's window has
    /// closed, so no suspension dated before it (the 2025 window closes on 2026-03-31).
    @Test func S3_noSuspensionBeforeACampaignsWindowHasClosed() throws {
        var ledger = try Ledger(tier: .B, start: "2023-05-01")
        for day in ["2025-04-01", "2026-03-20", "2026-03-31"] {
            let refused = try ledger.refusal(.suspendServices(reason: "late"), on: day)
            #expect(refused?.rule == .S3 && refused?.field == "effectiveOn", "\(day)")
            #expect(refused?.reason.contains("2025年度材料报送截至2026-03-31") == true)
        }
        try ledger.run(.suspendServices(reason: "late"), on: "2026-04-01")
        #expect(ledger.state.entitlements.jixiangCard == .suspended)
    }

    @Test func S4_acceptedMakeUpRestoresExactlyWhatWasSuspended() throws {
        var ledger = try Ledger(tier: .B, start: "2023-05-01")
        let before = ledger.state.entitlements
        #expect(try ledger.refusal(.restoreServices(reason: "nothing suspended"), on: "2026-04-01")?.rule == .S4)
        try ledger.run(.suspendServices(reason: "late"), on: "2026-04-01")
        let events = try ledger.run(.restoreServices(reason: "make-up accepted on 2026-06-15"), on: "2026-06-15")
        #expect(events.first?.derivation?.rule == .S4)
        #expect(
            events.changes == [
                EntitlementChange(item: .jixiangCard, action: .restored),
                EntitlementChange(item: .jijianCard, action: .restored),
            ])
        #expect(ledger.state.entitlements == before)
        #expect(try ledger.refusal(.restoreServices(reason: "again"), on: "2026-06-16")?.rule == .S4)
    }

    @Test func S4_cardTakenBackForAnotherReasonIsNotRestored() throws {
        var ledger = try Ledger(tier: .D, start: "2020-01-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .fair, decidedCollectively: true), on: "2026-01-06")
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-01-14")
        try ledger.run(.suspendServices(reason: "late"), on: "2026-04-01")
        try ledger.run(.finalizeResult(campaign: 2025), on: "2026-04-02")  // C1: down to E while suspended
        #expect(ledger.state.entitlements.jixiangCard == .takenBack)
        #expect(ledger.state.entitlements.jijianCard == .suspended)
        let events = try ledger.run(.restoreServices(reason: "make-up accepted"), on: "2026-06-15")
        #expect(events.changes == [EntitlementChange(item: .jijianCard, action: .restored)])
        #expect(ledger.state.entitlements.jixiangCard == .takenBack)
        #expect(ledger.state.entitlements.jijianCard == .active)

        // evolve too: a restoration never revives a card that is not suspended.
        let stray = EntitlementsChanged(
            effectiveDate: try day("2026-06-16"), changes: [EntitlementChange(item: .jixiangCard, action: .restored)],
            derivation: Derivation(rule: .S4, cause: "replayed"))
        #expect(evolve(ledger.state, stray.event).entitlements.jixiangCard == .takenBack)
    }

    @Test func S4_exitWhileSuspendedTakesBothCardsBackForGood() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(.suspendServices(reason: "late"), on: "2026-04-01")
        let exit = try ledger.reportAndVerify(
            .recordOverdueAbroad(occurredOn: try day("2026-04-10")), on: "2026-04-15", verifiedOn: "2026-04-20")
        #expect(exit.changes.filter { $0.action == .takenBack }.map(\.item) == [.jixiangCard, .jijianCard])
        #expect(ledger.state.entitlements.holdsCard == false)
        #expect(try ledger.refusal(.restoreServices(reason: "make-up"), on: "2026-06-15")?.rule == .C2)
    }
}
