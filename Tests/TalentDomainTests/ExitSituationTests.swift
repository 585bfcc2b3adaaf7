// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Exit at once (X1–X10)")
struct ExitSituationTests {
    @Test(arguments: [Tier.B, .C, .D])
    func X1_retiredWithoutRehireExits(tier: Tier) throws {
        var ledger = try Ledger(tier: tier, start: "2022-01-01")
        let events = try ledger.run(.retire(rehire: nil), on: "2025-07-01")
        let exit = try #require(events.exit)
        #expect(exit.reason == .retiredNotRehired)
        #expect(exit.derivation?.rule == .X1)
        #expect(ledger.state.hasExited)
    }

    @Test func X1_rehiredInTheSameFieldStaysAndIsAssessed() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        let terms = RehireTerms(agreementReference: "返聘-2025-3", sameField: true, validUntil: try day("2027-06-30"))
        let events = try ledger.run(.retire(rehire: terms), on: "2025-07-01")
        #expect(events.typeNames == ["TalentRetired", "TalentRehired"])
        #expect(ledger.state.isRehired)
        #expect(ledger.state.isUnderManagement)
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        // A rehire outside the field does not keep the talent.
        var other = try Ledger(tier: .C, start: "2020-06-01")
        let outside = RehireTerms(agreementReference: "r", sameField: false)
        #expect(try other.run(.retire(rehire: outside), on: "2025-07-01").exit?.reason == .retiredNotRehired)
        // When the rehire ends, the retirement exit follows.
        let ended = try ledger.run(.endRehire, on: "2027-07-01")
        #expect(ended.exit?.reason == .retiredNotRehired)
    }

    @Test func X1_tierAIsNotExitedOnRetirement() throws {
        var ledger = try Ledger(tier: .A, start: "2022-01-01")
        let events = try ledger.run(.retire(rehire: nil), on: "2025-07-01")
        #expect(events.exit == nil)
        #expect(ledger.state.isRetired)
        #expect(ledger.state.isUnderManagement)
    }

    @Test func X2_tierERetiredExitsEvenWhenRehired() throws {
        var ledger = try Ledger(tier: .E, start: "2022-01-01")
        let terms = RehireTerms(agreementReference: "r", sameField: true)
        let events = try ledger.run(.retire(rehire: terms), on: "2025-07-01")
        #expect(events.exit?.reason == .retiredAtTierE)
        #expect(events.exit?.derivation?.rule == .X2)
    }

    @Test(arguments: [
        (RelocationKind.outOfProvince, ExitReason?.some(.leftProvince)),
        (.civilService, .becameCivilServant),
        (.unrelatedPost, .unrelatedPost),
        (.outOfProvinceBranchPosting, nil),
        (.withinProvince, nil),
    ])
    func X3_relocationExitsExceptBranchPostingAndRelatedMoves(kind: RelocationKind, reason: ExitReason?) throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        let events = try ledger.run(
            .relocate(kind: kind, newUnit: UnitID("unit-2"), occurredOn: try day("2025-05-01")), on: "2025-05-20")
        #expect(events.exit?.reason == reason)
        if reason != nil {
            #expect(events.exit?.derivation?.rule == .X3)
            #expect(ledger.state.exit?.reapplication.rule == .whenCriteriaMetAgain)
        } else {
            #expect(ledger.state.isUnderManagement)
        }
        if kind == .outOfProvinceBranchPosting { #expect(ledger.state.postedToBranch) }
    }

    @Test func X4_flexibleAgreementExpiredAndNotRenewedExits() throws {
        var ledger = try Ledger(tier: .D, start: "2022-01-01", flexibleEnd: "2025-06-30")
        #expect(try ledger.refusal(.recordFlexibleAgreementExpired, on: "2025-06-30")?.rule == .X4)
        #expect(ledger.state.state(asOf: try day("2025-07-01"), policy: ledger.policy).flexibleAgreementExpired)
        let events = try ledger.run(.recordFlexibleAgreementExpired, on: "2025-07-15")
        #expect(events.typeNames.first == "FlexibleAgreementExpired")
        #expect(events.exit?.reason == .flexibleAgreementExpired)
        #expect(events.exit?.derivation?.rule == .X4)
        let regular = try Ledger(tier: .D, start: "2022-01-01")
        #expect(try regular.refusal(.recordFlexibleAgreementExpired, on: "2025-07-15")?.rule == .T3)
    }

    @Test func X5_misconductExits() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        let events = try ledger.run(
            .findMisconduct(occurredOn: try day("2025-03-01"), finding: "academic fraud confirmed"), on: "2025-03-20")
        #expect(events.exit?.reason == .misconduct)
        #expect(events.exit?.derivation?.rule == .X5)
        #expect(ledger.state.exit?.reapplication.rule == .never)
    }

    @Test(arguments: [
        (Sanction(kind: .party, measure: .removalFromPartyPost), true),
        (Sanction(kind: .party, measure: .partySeriousWarning), false),
        (Sanction(kind: .administrative, measure: .demotion), true),
        (Sanction(kind: .administrative, measure: .majorDemerit), false),
        (Sanction(kind: .publicInstitution, measure: .lowerPostGrade), true),
        (Sanction(kind: .publicInstitution, measure: .institutionDemerit), false),
        (Sanction(kind: .criminal, measure: .criminalSentence), true),
        (Sanction(kind: .party, measure: .expulsionFromParty), true),
    ])
    func X6_sanctionAtOrAboveThresholdExitsBelowIsD2(sanction: Sanction, exits: Bool) throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        let events = try ledger.run(.penalize(occurredOn: try day("2025-04-01"), sanction: sanction), on: "2025-04-10")
        #expect((events.exit != nil) == exits)
        if exits {
            #expect(events.exit?.derivation?.rule == .X6)
            #expect(ledger.state.pendingReports.isEmpty)
        } else {
            #expect(ledger.state.pendingReports.map(\.rule) == [.D2])
            #expect(ledger.state.isUnderManagement)
        }
        #expect(sanction.meetsExitThreshold == exits)
    }

    @Test func X6_measureMustBelongToItsKind() throws {
        let ledger = try Ledger(tier: .C, start: "2022-01-01")
        let wrong = Sanction(kind: .party, measure: .demotion)
        #expect(
            try ledger.refusal(.penalize(occurredOn: try day("2025-04-01"), sanction: wrong), on: "2025-04-10")?.rule
                == .X6)
    }

    @Test func X7_unqualifiedAssessmentOrContractEndedUnderArticle19Exits() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        let unqualified = AnnualAssessment(
            year: 2024, kind: .appointmentTerm, sector: .publicInstitution, result: .unqualified)
        let events = try ledger.run(
            .recordAnnualAssessment(occurredOn: try day("2025-01-20"), assessment: unqualified), on: "2025-02-01")
        #expect(events.exit?.reason == .assessmentUnqualified)
        #expect(events.exit?.derivation?.rule == .X7)

        for (item, exits) in [(2, false), (3, true), (9, true), (10, false)] {
            var enterprise = try Ledger(tier: .D, start: "2022-01-01")
            let ended = try enterprise.run(
                .endLabourContract(occurredOn: try day("2025-05-01"), article19Item: item), on: "2025-05-10")
            #expect((ended.exit?.reason == .labourContractEnded) == exits, "item \(item)")
        }
        #expect(
            try Ledger(tier: .D, start: "2022-01-01").refusal(
                .endLabourContract(occurredOn: try day("2025-05-01"), article19Item: 15), on: "2025-05-10")?.rule == .X7
        )
    }

    @Test func X8_deathOverdueAbroadAndSixMonthsLostContactExit() throws {
        var died = try Ledger(tier: .B, start: "2022-01-01")
        #expect(try died.run(.recordDeath(occurredOn: try day("2025-08-01")), on: "2025-08-05").exit?.reason == .died)
        #expect(died.state.exit?.reapplication.rule == .notApplicable)

        var abroad = try Ledger(tier: .B, start: "2022-01-01")
        let overdue = try abroad.run(.recordOverdueAbroad(occurredOn: try day("2025-08-01")), on: "2025-08-05")
        #expect(overdue.exit?.reason == .overdueAbroad)
        #expect(overdue.exit?.derivation?.rule == .X8)

        var lost = try Ledger(tier: .C, start: "2022-01-01")
        try lost.run(.recordLostContact(since: try day("2025-01-31")), on: "2025-02-15")
        #expect(try lost.refusal(.exitForLostContact, on: "2025-07-30")?.rule == .X8)
        let facts = lost.state.state(asOf: try day("2025-07-31"), policy: lost.policy)
        #expect(facts.lostContactExitFrom == (try day("2025-07-31")))
        #expect(facts.lostContactLongEnough)
        #expect(try lost.run(.exitForLostContact, on: "2025-07-31").exit?.reason == .lostContact)

        var found = try Ledger(tier: .C, start: "2022-01-01")
        try found.run(.recordLostContact(since: try day("2025-01-31")), on: "2025-02-15")
        try found.run(.restoreContact, on: "2025-03-01")
        #expect(try found.refusal(.exitForLostContact, on: "2025-09-01")?.rule == .X8)

        var other = try Ledger(tier: .C, start: "2022-01-01")
        let situation = try other.run(
            .recordOtherExitSituation(
                occurredOn: try day("2025-03-01"), situation: "qualification obtained by mistake"),
            on: "2025-03-02")
        #expect(situation.exit?.reason == .otherSituation)
    }

    @Test func X9_exitSituationReportedWithinOneMonthOfItsOccurrence() throws {
        var onTime = try Ledger(tier: .C, start: "2022-01-01")
        let timely = try onTime.run(.recordDeath(occurredOn: try day("2025-02-10")), on: "2025-03-10")
        #expect(timely.exit?.reportedWithinDeadline == true)
        #expect(timely.exit?.situationOccurredOn == (try day("2025-02-10")))
        #expect(timely.exit?.effectiveDate == (try day("2025-03-10")))

        var late = try Ledger(tier: .C, start: "2022-01-01")
        #expect(
            try late.run(.recordDeath(occurredOn: try day("2025-02-10")), on: "2025-03-11").exit?.reportedWithinDeadline
                == false)

        let future = try Ledger(tier: .C, start: "2022-01-01")
        #expect(
            try future.refusal(
                .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2025-04-01")), on: "2025-03-01")?
                .rule == .X9)
    }

    @Test func X10_retiredTierBMovesToContactListKeepingMedicalService() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        let events = try ledger.run(.retire(rehire: nil), on: "2025-07-01")
        let moved = try #require(events.compactMap(\.movedToContactList).first)
        #expect(moved.medicalServiceKept)
        #expect(moved.derivation?.rule == .X10)
        #expect(ledger.state.status == .contactList)
        #expect(ledger.state.entitlements.medicalService)
        #expect(ledger.state.entitlements.jijianCard == .takenBack)

        var tierC = try Ledger(tier: .C, start: "2022-01-01")
        let cEvents = try tierC.run(.retire(rehire: nil), on: "2025-07-01")
        #expect(cEvents.compactMap(\.movedToContactList).isEmpty)
        #expect(tierC.state.status == .exited)
        #expect(tierC.state.entitlements.medicalService == false)
    }
}
