// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Exit at once (X1–X10)")
struct ExitSituationTests {
    @Test(arguments: [Tier.B, .C, .D])
    func X1_retiredWithoutRehireExits(tier: Tier) throws {
        var ledger = try Ledger(tier: tier, start: "2022-01-01")
        let events = try ledger.reportAndVerify(
            .retire(occurredOn: try day("2025-07-01"), rehire: nil), on: "2025-07-01", verifiedOn: "2025-07-20")
        let exit = try #require(events.exit)
        #expect(exit.reason == .retiredNotRehired)
        #expect(exit.derivation?.rule == .X1)
        #expect(ledger.state.hasExited)
    }

    /// §5(2)1 counts a rehire "by the original unit or another enterprise or institution in Jilin"
    /// (已被原单位或省内其他企事业单位"返聘"): a same-field rehire by a unit outside the province leaves the
    /// situation standing, on retirement and later alike.
    @Test func X1_aRehireByAUnitOutsideJilinDoesNotKeepTheTalent() throws {
        let outside = RehireTerms(agreementReference: "京-返聘-1", sameField: true, inProvince: false)
        var retired = try Ledger(tier: .B, start: "2020-06-01")
        let events = try retired.run(.retire(occurredOn: try day("2026-01-05"), rehire: outside), on: "2026-01-10")
        #expect(events.typeNames == ["TalentRetired", "ExitSituationReported"])
        #expect(events.report?.reason == .retiredNotRehired)
        #expect(events.report?.derivation?.cause.contains("非原单位或省内其他企事业单位") == true)
        let refusal = try retired.refusal(.rehire(outside), on: "2026-01-20")
        #expect(refusal?.rule == .X1)
        #expect(refusal?.reason.contains("省内") == true)
        // Rehired in Jilin instead, the report is withdrawn and the talent stays.
        try retired.run(.rehire(RehireTerms(agreementReference: "吉-返聘-1", sameField: true)), on: "2026-01-20")
        #expect(retired.state.pendingExitReports.isEmpty && retired.state.isUnderManagement)
        #expect(retired.state.rehire?.inProvince == true)
    }

    @Test func X1_rehiredInTheSameFieldStaysAndIsAssessed() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        let terms = RehireTerms(agreementReference: "返聘-2025-3", sameField: true, validUntil: try day("2027-06-30"))
        let events = try ledger.run(.retire(occurredOn: try day("2025-07-01"), rehire: terms), on: "2025-07-01")
        #expect(events.typeNames == ["TalentRetired", "TalentRehired"])
        #expect(ledger.state.isRehired)
        #expect(ledger.state.isUnderManagement)
        #expect(ledger.state.pendingExitReports.isEmpty)
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        // A rehire outside the field, or already expired, does not keep the talent.
        for outside in [
            RehireTerms(agreementReference: "r", sameField: false),
            RehireTerms(agreementReference: "r", sameField: true, validUntil: try day("2025-06-30")),
        ] {
            var other = try Ledger(tier: .C, start: "2020-06-01")
            #expect(
                try other.run(.retire(occurredOn: try day("2025-07-01"), rehire: outside), on: "2025-07-01").report?
                    .reason == .retiredNotRehired)
        }
        // An agreement valid until the retirement day itself is valid on it.
        var lastDay = try Ledger(tier: .C, start: "2020-06-01")
        let untilThatDay = RehireTerms(agreementReference: "r", sameField: true, validUntil: try day("2025-07-01"))
        try lastDay.run(.retire(occurredOn: try day("2025-07-01"), rehire: untilThatDay), on: "2025-07-01")
        #expect(lastDay.state.isRehired && lastDay.state.pendingExitReports.isEmpty)
        // When the rehire ends, the retirement exit follows.
        let ended = try ledger.reportAndVerify(
            .endRehire(occurredOn: try day("2027-07-01")), on: "2027-07-01", verifiedOn: "2027-07-10")
        #expect(ended.exit?.reason == .retiredNotRehired)
    }

    /// X5, F1, S3, S4: a text the command must carry says something, and each refusal names its member; a
    /// fraud's measures are listed once each.
    @Test func X5_F1_S3_S4_aTextThatSaysNothingIsRefusedNamingItsMember() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        for (command, rule, field) in [
            (TalentCommand.findMisconduct(occurredOn: try day("2026-01-05"), finding: "  "), RuleID.X5, "finding"),
            (.findFraud(finding: "\u{200B}", measures: [.talkToHead]), .F1, "finding"),
            (.findFraud(finding: "查实", measures: []), .F1, "measures"),
            (.findFraud(finding: "查实", measures: [.talkToHead, .talkToHead]), .F1, "measures"),
            (.suspendServices(reason: ""), .S3, "reason"),
        ] {
            let refusal = try ledger.refusal(command, on: "2026-01-10")
            #expect(refusal?.rule == rule && refusal?.field == field, "\(command): \(String(describing: refusal))")
        }
        try ledger.run(.suspendServices(reason: "逾期未报"), on: "2026-04-01")
        let restore = try ledger.refusal(.restoreServices(reason: "\u{3000}"), on: "2026-05-01")
        #expect(restore?.rule == .S4 && restore?.field == "reason")
    }

    /// X9, D3, G5: an exit that comes another way (a D3 decision, a result) waits for a graver situation's
    /// verification too, or it would set the lighter consequences (re-application after two years) and
    /// close the report that bars it for ever.
    @Test func X9_D3_anExitDecidedAnotherWayWaitsForAGraverSituationsVerification() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        try ledger.run(
            .penalize(occurredOn: try day("2026-01-05"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2026-01-06")
        try ledger.run(.recommend(outcome: .exit), on: "2026-01-07")
        try ledger.run(.findMisconduct(occurredOn: try day("2026-01-08"), finding: "学术不端"), on: "2026-01-09")
        let refusal = try #require(try ledger.refusal(.decideRecommendation(outcome: .exit), on: "2026-01-20"))
        #expect(refusal.rule == .X9 && refusal.reason.contains("“失德、失范、失信”情形"))
        let exit = try #require(
            try ledger.run(
                .verifyExitSituation(reason: .misconduct, confirmed: true, finding: "查实"), on: "2026-01-20"
            ).exit)
        #expect(exit.reapplication.rule == .never)
    }

    /// X1, X9: a rehire's agreement the register holds ends on its last day; an end recorded later is a
    /// renewal not recorded, and would start X9's month late (a late report passing as timely).
    @Test func X1_aRehireEndsNoLaterThanTheDayAfterItsAgreementsLastDay() throws {
        var ledger = try Ledger(tier: .C, start: "2024-03-01")
        let terms = RehireTerms(agreementReference: "返聘-R3", sameField: true, validUntil: try day("2026-06-30"))
        try ledger.run(.retire(occurredOn: try day("2026-01-10"), rehire: terms), on: "2026-01-15")
        let late = try #require(try ledger.refusal(.endRehire(occurredOn: try day("2026-09-01")), on: "2026-09-05"))
        #expect(late.rule == .X1 && late.field == "occurredOn")
        #expect(late.reason.contains("2026-06-30到期") && late.reason.contains("2026-07-01"))
        let ended = try ledger.run(.endRehire(occurredOn: try day("2026-07-01")), on: "2026-09-05")
        #expect(ended.report?.reportedWithinDeadline == false, "its month ran from 2026-07-01")
        // Ended early, before its last day, as an agreement may be.
        var early = try Ledger(tier: .C, start: "2024-03-01")
        try early.run(.retire(occurredOn: try day("2026-01-10"), rehire: terms), on: "2026-01-15")
        #expect(try early.refusal(.endRehire(occurredOn: try day("2026-03-01")), on: "2026-03-05") == nil)
    }

    /// X9: the month to report counts from the day the retirement occurred, not from the day it was
    /// recorded; the retirement takes its place on its own day, the report on the day it was made.
    @Test func X9_aRetirementReportedTwoMonthsAfterItOccurredIsLate() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        let events = try ledger.run(.retire(occurredOn: try day("2026-01-05"), rehire: nil), on: "2026-03-10")
        let report = try #require(events.report)
        #expect(report.occurredOn == (try day("2026-01-05")))
        #expect(report.effectiveDate == (try day("2026-03-10")))
        #expect(report.reportDue == (try day("2026-02-05")))
        #expect(!report.reportedWithinDeadline)
        #expect(events.first?.effectiveDate == (try day("2026-01-05")), "TalentRetired on the day it occurred")
        #expect(ledger.state.pendingExitReports.first?.withinDeadline == false)
        // Reported within the month, it is on time.
        var onTime = try Ledger(tier: .C, start: "2022-01-01")
        let timely = try onTime.run(.retire(occurredOn: try day("2026-02-20"), rehire: nil), on: "2026-03-10")
        #expect(timely.report?.reportedWithinDeadline == true)
        // A retirement cannot be reported before it occurs.
        #expect(
            try onTime.refusal(.endRehire(occurredOn: try day("2026-03-12")), on: "2026-03-11")?.rule == .X9)
        var ahead = try Ledger(tier: .C, start: "2022-01-01")
        #expect(
            try ahead.refusal(.retire(occurredOn: try day("2025-07-02"), rehire: nil), on: "2025-07-01")?.rule == .X9)
        _ = try ahead.run(.retire(occurredOn: try day("2025-07-01"), rehire: nil), on: "2025-07-01")
    }

    /// X1: a same-field rehire recorded while the report of 退休且未返聘 waits for verification means the
    /// situation does not hold: the report is withdrawn, W4 no longer blocks the assessment, and the province
    /// has nothing to confirm.
    @Test func X1_aSameFieldRehireBeforeVerificationClosesTheReport() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        try ledger.run(.retire(occurredOn: try day("2025-06-20"), rehire: nil), on: "2025-07-01")
        #expect(try ledger.refusal(.registerEndTerm(campaign: 2025), on: "2025-07-05")?.rule == .W4)
        let terms = RehireTerms(agreementReference: "返聘-2025-9", sameField: true, validUntil: try day("2027-06-30"))
        let rehired = try ledger.run(.rehire(terms), on: "2025-07-10")
        #expect(rehired.typeNames == ["TalentRehired", "ExitReportWithdrawn"])
        guard case .exitReportWithdrawn(let withdrawn) = rehired.last else {
            Issue.record("expected the report to be withdrawn")
            return
        }
        #expect(withdrawn.reason == .retiredNotRehired)
        #expect(withdrawn.occurredOn == (try day("2025-06-20")))
        #expect(withdrawn.derivation?.rule == .X1)
        #expect(ledger.state.pendingExitReports.isEmpty)
        #expect(ledger.state.isUnderManagement)
        #expect(
            try ledger.refusal(
                .verifyExitSituation(reason: .retiredNotRehired, confirmed: true, finding: "情况属实"), on: "2025-07-20"
            )?.rule == .X9)
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-01-06")
        // A rehire outside the field leaves the report as it was.
        var other = try Ledger(tier: .C, start: "2020-06-01")
        try other.run(.retire(occurredOn: try day("2025-06-20"), rehire: nil), on: "2025-07-01")
        let outside = try other.refusal(
            .rehire(RehireTerms(agreementReference: "r", sameField: false)), on: "2025-07-10")
        #expect(outside?.rule == .X1 && outside?.field == "terms.sameField", "\(String(describing: outside))")
        // An agreement that has already ended is said so, beside its end.
        let ended = try other.refusal(
            .rehire(RehireTerms(agreementReference: "r", sameField: true, validUntil: try day("2025-07-01"))),
            on: "2025-07-10")
        #expect(ended?.rule == .X1 && ended?.field == "terms.validUntil", "\(String(describing: ended))")
        #expect(ended?.reason.contains("2025-07-01到期") == true)
        #expect(other.state.pendingExitReports.count == 1)
    }

    /// §5(2)1 names tiers B–D, §5(2)2 tier E: tier A is in neither list.
    @Test func X1_tierAIsNotExitedOnRetirement() throws {
        var ledger = try Ledger(tier: .A, start: "2022-01-01")
        let events = try ledger.run(.retire(occurredOn: try day("2025-07-01"), rehire: nil), on: "2025-07-01")
        #expect(events.typeNames == ["TalentRetired"])
        #expect(ledger.state.isRetired)
        #expect(ledger.state.isUnderManagement)
        #expect(ledger.state.pendingExitReports.isEmpty)
    }

    /// §5(2)2 has no rehire proviso: a retired tier-E talent exits even when rehired.
    @Test func X2_tierERetiredExitsEvenWhenRehired() throws {
        var ledger = try Ledger(tier: .E, start: "2022-01-01")
        let terms = RehireTerms(agreementReference: "r", sameField: true)
        let reported = try ledger.run(.retire(occurredOn: try day("2025-07-01"), rehire: terms), on: "2025-07-01")
        #expect(reported.typeNames == ["TalentRetired", "TalentRehired", "ExitSituationReported"])
        #expect(reported.report?.reason == .retiredAtTierE)
        let events = try ledger.verifyExit(on: "2025-07-15")
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
        // A branch posting keeps the talent's unit and names none (T2); a move out of the province names none
        // of the register's (X3).
        let named = [.outOfProvinceBranchPosting, .outOfProvince].contains(kind) ? nil : UnitID("unit-2")
        let command = TalentCommand.relocate(kind: kind, newUnit: named, occurredOn: try day("2025-05-01"))
        if let reason {
            let events = try ledger.reportAndVerify(command, on: "2025-05-20", verifiedOn: "2025-06-02")
            #expect(events.exit?.reason == reason)
            #expect(events.exit?.derivation?.rule == .X3)
            #expect(ledger.state.exit?.reapplication.rule == .whenCriteriaMetAgain)
        } else {
            let events = try ledger.run(command, on: "2025-05-20")
            #expect(events.typeNames == ["TalentRelocated"])
            #expect(ledger.state.isUnderManagement)
            #expect(ledger.state.pendingExitReports.isEmpty)
        }
        if kind == .outOfProvinceBranchPosting { #expect(ledger.state.postedToBranch) }
        // The timeline names the move's rule: X3, whose situations and exception it is, or O2 for a related
        // move within the province.
        let moved = try #require(ledger.events.first { if case .talentRelocated = $0 { true } else { false } })
        #expect(moved.governingRule(leaving: ledger.state) == (kind == .withinProvince ? .O2 : .X3))
    }

    @Test func X4_flexibleAgreementExpiredAndNotRenewedExits() throws {
        var ledger = try Ledger(tier: .D, start: "2022-01-01", flexibleEnd: "2025-06-30")
        #expect(try ledger.refusal(.recordFlexibleAgreementExpired, on: "2025-06-30")?.rule == .X4)
        #expect(ledger.state.state(asOf: try day("2025-07-01"), policy: ledger.policy).flexibleAgreementExpired)
        let reported = try ledger.run(.recordFlexibleAgreementExpired, on: "2025-07-15")
        #expect(reported.typeNames == ["FlexibleAgreementExpired", "ExitSituationReported"])
        #expect(reported.report?.occurredOn == (try day("2025-07-01")))
        let events = try ledger.verifyExit(on: "2025-07-20")
        #expect(events.exit?.reason == .flexibleAgreementExpired)
        #expect(events.exit?.derivation?.rule == .X4)
        let regular = try Ledger(tier: .D, start: "2022-01-01")
        #expect(try regular.refusal(.recordFlexibleAgreementExpired, on: "2025-07-15")?.rule == .T3)
    }

    /// Renewed, the agreement did not expire unrenewed: a renewal recorded after the expiry was reported,
    /// even one dated before it, closes the report, as of the report's day at the earliest.
    @Test func X4_aRenewalRecordedLateWithdrawsTheExpirysReport() throws {
        var ledger = try Ledger(tier: .D, start: "2022-01-01", flexibleEnd: "2026-01-31")
        try ledger.run(.recordFlexibleAgreementExpired, on: "2026-03-10")
        #expect(ledger.state.pendingExitReports.map(\.reason) == [.flexibleAgreementExpired])
        let renewed = try ledger.run(.renewFlexibleAgreement(newEnd: try day("2027-06-30")), on: "2026-01-20")
        #expect(renewed.typeNames == ["FlexibleAgreementRenewed", "ExitReportWithdrawn"])
        #expect(renewed.last?.derivation?.rule == .X4)
        #expect(renewed.last?.effectiveDate == (try day("2026-03-10")))
        #expect(ledger.state.pendingExitReports.isEmpty)
        #expect(Talent.fold(ledger.events, asOf: try day("2026-03-20")).pendingExitReports.isEmpty)
        #expect(
            try ledger.refusal(
                .verifyExitSituation(reason: .flexibleAgreementExpired, confirmed: true, finding: "核实"),
                on: "2026-03-20")?.rule == .X9)
    }

    @Test func X5_misconductExits() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        let events = try ledger.reportAndVerify(
            .findMisconduct(occurredOn: try day("2025-03-01"), finding: "academic fraud confirmed"), on: "2025-03-20",
            verifiedOn: "2025-03-25")
        #expect(events.exit?.reason == .misconduct)
        #expect(events.exit?.derivation?.rule == .X5)
        #expect(ledger.state.exit?.reapplication.rule == .never)
    }

    @Test(arguments: [
        (Sanction(kind: .party, measure: .removalFromPartyPost), true),
        (Sanction(kind: .party, measure: .partySeriousWarning), false),
        (Sanction(kind: .party, measure: .partyProbation), true),
        (Sanction(kind: .administrative, measure: .demotion), true),
        (Sanction(kind: .administrative, measure: .majorDemerit), false),
        (Sanction(kind: .administrative, measure: .dismissalFromPost), true),
        (Sanction(kind: .publicInstitution, measure: .lowerPostGrade), true),
        (Sanction(kind: .publicInstitution, measure: .institutionDemerit), false),
        (Sanction(kind: .criminal, measure: .criminalSentence), true),
        (Sanction(kind: .party, measure: .expulsionFromParty), true),
    ])
    func X6_sanctionAtOrAboveThresholdExitsBelowIsD2(sanction: Sanction, exits: Bool) throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        let command = TalentCommand.penalize(occurredOn: try day("2025-04-01"), sanction: sanction)
        if exits {
            let events = try ledger.reportAndVerify(command, on: "2025-04-10", verifiedOn: "2025-04-20")
            #expect(events.exit?.derivation?.rule == .X6)
            #expect(ledger.state.pendingReports.isEmpty)
        } else {
            let events = try ledger.run(command, on: "2025-04-10")
            #expect(events.report == nil)
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
        let events = try ledger.reportAndVerify(
            .recordAnnualAssessment(occurredOn: try day("2025-01-20"), assessment: unqualified), on: "2025-02-01",
            verifiedOn: "2025-02-10")
        #expect(events.exit?.reason == .assessmentUnqualified)
        #expect(events.exit?.derivation?.rule == .X7)

        for (item, exits) in [(2, false), (3, true), (9, true), (10, false)] {
            var enterprise = try Ledger(tier: .D, start: "2022-01-01")
            let ended = try enterprise.run(
                .endLabourContract(occurredOn: try day("2025-05-01"), article19Item: item), on: "2025-05-10")
            #expect(
                ([.labourContractEnded, .labourContractEndedForMisconduct] as [ExitReason?]).contains(
                    ended.report?.reason)
                    == exits, "item \(item)")
            if exits {
                #expect(try enterprise.verifyExit(on: "2025-05-20").exit?.derivation?.rule == .X7)
            }
        }
        let noSuchItem = try Ledger(tier: .D, start: "2022-01-01").refusal(
            .endLabourContract(occurredOn: try day("2025-05-01"), article19Item: 15), on: "2025-05-10")
        #expect(noSuchItem?.rule == .X7 && noSuchItem?.field == "article19Item")
        #expect(noSuchItem?.reason.contains("第1至14项") == true)
    }

    /// X1: a rehire agreement valid on the retirement's day but ended by the day the retirement is recorded
    /// kept the talent only until its last day: the rehire is recorded with its end, and X1's situation is
    /// reported as occurred the day after (an agreement still valid on the recording day keeps the talent).
    @Test func X1_aRehireThatEndedBeforeTheRetirementWasRecordedIsReportedEnded() throws {
        var ledger = try Ledger(tier: .C, start: "2022-03-01")
        let terms = RehireTerms(
            agreementReference: "返聘2026-1", sameField: true, inProvince: true, validUntil: try day("2026-11-25"))
        let events = try ledger.run(.retire(occurredOn: try day("2026-11-20"), rehire: terms), on: "2026-12-01")
        #expect(events.typeNames == ["TalentRetired", "TalentRehired", "RehireEnded", "ExitSituationReported"])
        let report = try #require(events.report)
        let dayAfter = try day("2026-11-26")
        #expect(report.reason == .retiredNotRehired && report.occurredOn == dayAfter)
        var stillValid = try Ledger(tier: .C, start: "2022-03-01")
        let kept = try stillValid.run(.retire(occurredOn: try day("2026-11-20"), rehire: terms), on: "2026-11-25")
        #expect(kept.report == nil && stillValid.state.isRehired)
    }

    /// X2, G4: a retired tier-D talent kept by a same-field rehire, lowered to E by a fair end-term result,
    /// is "已办理退休手续的E类人才" from that day: the situation is reported at once (§5(2)2 has no rehire
    /// proviso), and the talent exits once the province verifies it.
    @Test func X2_G4_aRehiredRetireeLoweredToTierEHasItsRetirementReported() throws {
        var ledger = try Ledger(tier: .D, start: "2020-06-01")
        try ledger.run(
            .retire(
                occurredOn: try day("2025-11-20"), rehire: RehireTerms(agreementReference: "返聘-1", sameField: true)),
            on: "2025-12-01")
        #expect(ledger.state.pendingExitReports.isEmpty)
        let finalized = try ledger.confirmEndTerm(.fair)
        #expect(ledger.state.tier == .E && ledger.state.isUnderManagement)
        let report = try #require(finalized.report)
        let finalizedOn = try day("2026-01-20")
        #expect(report.reason == .retiredAtTierE && report.occurredOn == finalizedOn)
        #expect(report.derivation?.cause.contains("由D类降为E类") == true)
        #expect(try ledger.verifyExit(on: "2026-01-25").exit?.reason == .retiredAtTierE)
        // A talent not retired, lowered to E alike, has nothing to report.
        var working = try Ledger(tier: .D, start: "2020-06-01")
        #expect(try working.confirmEndTerm(.fair).report == nil)
    }

    /// X1, D3: a retired tier-A talent (retirement no situation for tier A) lowered to B by the province's
    /// decision is a retired B talent without a rehire: X1's situation, reported on the decision's day.
    @Test func X1_D3_aRetiredTierATalentLoweredToBHasItsRetirementReported() throws {
        var ledger = try Ledger(tier: .A, start: "2022-01-01")
        try ledger.run(.retire(occurredOn: try day("2025-03-01"), rehire: nil), on: "2025-03-05")
        #expect(ledger.state.pendingExitReports.isEmpty)
        let assessment = AnnualAssessment(
            year: 2024, kind: .annual, sector: .publicInstitution, result: .basicQualified)
        try ledger.run(
            .recordAnnualAssessment(occurredOn: try day("2025-03-10"), assessment: assessment), on: "2025-03-12")
        try ledger.run(.recommend(outcome: .downgrade), on: "2025-03-20")
        let decided = try ledger.run(.decideRecommendation(outcome: .downgrade), on: "2025-04-01")
        #expect(ledger.state.tier == .B)
        #expect(decided.report?.reason == .retiredNotRehired)
        // Kept only by a rehire already ended, the same.
        var expired = try Ledger(tier: .A, start: "2022-01-01")
        try expired.run(
            .retire(
                occurredOn: try day("2025-01-01"),
                rehire: RehireTerms(
                    agreementReference: "R-6", sameField: true, inProvince: true, validUntil: try day("2025-02-15"))),
            on: "2025-01-10")
        try expired.run(
            .recordAnnualAssessment(occurredOn: try day("2025-03-10"), assessment: assessment), on: "2025-03-12")
        try expired.run(.recommend(outcome: .downgrade), on: "2025-03-20")
        let lowered = try expired.run(.decideRecommendation(outcome: .downgrade), on: "2025-04-01")
        let decidedOn = try day("2025-04-01")
        #expect(lowered.report?.reason == .retiredNotRehired && lowered.report?.occurredOn == decidedOn)
    }

    @Test func X8_deathOverdueAbroadAndSixMonthsLostContactExit() throws {
        var died = try Ledger(tier: .B, start: "2022-01-01")
        let death = try died.reportAndVerify(
            .recordDeath(occurredOn: try day("2025-08-01")), on: "2025-08-05", verifiedOn: "2025-08-12")
        #expect(death.exit?.reason == .died)
        #expect(died.state.exit?.reapplication.rule == .notApplicable)

        var abroad = try Ledger(tier: .B, start: "2022-01-01")
        let overdue = try abroad.reportAndVerify(
            .recordOverdueAbroad(occurredOn: try day("2025-08-01")), on: "2025-08-05", verifiedOn: "2025-08-12")
        #expect(overdue.exit?.reason == .overdueAbroad)
        #expect(overdue.exit?.derivation?.rule == .X8)

        // "失联6个月及以上": from the day after six full months, counted as the Civil Code counts them
        // (arts. 201–202: from the day after the first, to the corresponding day, the month's last where it
        // has none): lost since 2025-01-31, the months are full at the end of 2025-07-31.
        var lost = try Ledger(tier: .C, start: "2022-01-01")
        try lost.run(.recordLostContact(since: try day("2025-01-31")), on: "2025-02-15")
        #expect(try lost.refusal(.exitForLostContact, on: "2025-07-31")?.rule == .X8)
        let facts = lost.state.state(asOf: try day("2025-08-01"), policy: lost.policy)
        #expect(facts.lostContactExitFrom == (try day("2025-08-01")))
        #expect(facts.lostContactLongEnough)
        let lostExit = try lost.reportAndVerify(.exitForLostContact, on: "2025-08-01", verifiedOn: "2025-08-10")
        #expect(lostExit.exit?.reason == .lostContact)
        #expect(lostExit.exit?.situationOccurredOn == (try day("2025-08-01")))

        var found = try Ledger(tier: .C, start: "2022-01-01")
        try found.run(.recordLostContact(since: try day("2025-01-31")), on: "2025-02-15")
        try found.run(.restoreContact, on: "2025-03-01")
        #expect(try found.refusal(.exitForLostContact, on: "2025-09-01")?.rule == .X8)

        var other = try Ledger(tier: .C, start: "2022-01-01")
        let situation = try other.reportAndVerify(
            .recordOtherExitSituation(
                occurredOn: try day("2025-03-01"), situation: "qualification obtained by mistake"),
            on: "2025-03-02", verifiedOn: "2025-03-09")
        #expect(situation.exit?.reason == .otherSituation)
    }

    /// X9 holds only new situations to the month ("以后新出现上述情形的，用人单位应在一个月内及时提交书面报告"): one
    /// that occurred before the notice (2025-12-12) is stated in the unit's written account with no month
    /// to keep, however long before; one that occurs on the notice's day or after keeps it.
    @Test func X9_aSituationThatOccurredBeforeTheNoticeKeepsNoMonth() throws {
        var old = try Ledger(tier: .C, start: "2022-01-01")
        let events = try old.run(.retire(occurredOn: try day("2024-05-10"), rehire: nil), on: "2026-01-20")
        let report = try #require(events.report)
        #expect(report.reportDue == nil)
        #expect(report.reportedWithinDeadline)
        let exit = try #require(try old.verifyExit(on: "2026-02-02").exit)
        #expect(exit.reportedWithinDeadline == true)
        #expect(exit.derivation?.cause.contains("逾期报告") == false)
        var onTheDay = try Ledger(tier: .C, start: "2022-01-01")
        let late = try #require(
            try onTheDay.run(.retire(occurredOn: try day("2025-12-12"), rehire: nil), on: "2026-01-20").report)
        #expect(late.reportDue == (try day("2026-01-12")))
        #expect(!late.reportedWithinDeadline)
    }

    /// A reported exit situation waits for the province (X9, "经核实后"): an evaluation meanwhile is refused,
    /// where it used to close the report unverified (M3's fresh start) and so passed by C3's "不再进行人才分类
    /// 评定" for a sentence. Found unfounded, the talent may be evaluated again; confirmed, C3 decides.
    @Test func M3_X9_aNewEvaluationWaitsForTheProvincesVerificationOfAReportedExit() throws {
        func evaluation(_ tier: Tier) throws -> TalentCommand {
            .evaluate(
                Evaluation(
                    talentId: TalentID("t-1"), tier: tier, unit: UnitID("unit-1"), professionalField: "materials",
                    evaluatingDocument: "吉人社发〔2026〕2号", certificateDate: try day("2026-03-01")))
        }
        var sentenced = try Ledger(tier: .D, start: "2022-01-01")
        try sentenced.run(
            .penalize(
                occurredOn: try day("2026-01-10"), sanction: Sanction(kind: .criminal, measure: .criminalSentence)),
            on: "2026-01-20")
        let refusal = try #require(try sentenced.refusal(try evaluation(.C), on: "2026-03-01"))
        #expect(refusal.rule == .X9)
        #expect(refusal.reason.contains("2026-01-20报告"))
        #expect(sentenced.state.pendingExitReports.count == 1)
        var unfounded = sentenced
        try unfounded.verifyExit(on: "2026-02-20", confirmed: false)
        try unfounded.run(try evaluation(.C), on: "2026-03-01")
        #expect(unfounded.state.tier == .C)
        try sentenced.verifyExit(on: "2026-02-20")
        #expect(try sentenced.refusal(try evaluation(.C), on: "2026-03-01")?.rule == .C3)
    }

    /// One report of a situation waits for the province at a time: a second death reported beside the
    /// first would outlive the verification that closes one of them. Found unfounded, it may be reported
    /// again.
    @Test func X9_aSituationReportedAgainBeforeItsVerificationIsRefused() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(.recordDeath(occurredOn: try day("2026-02-01")), on: "2026-02-05")
        let again = try #require(try ledger.refusal(.recordDeath(occurredOn: try day("2026-02-02")), on: "2026-02-10"))
        #expect(again.rule == .X9)
        #expect(again.reason.contains("2026-02-05报告"))
        try ledger.verifyExit(on: "2026-02-20", confirmed: false)
        try ledger.run(.recordDeath(occurredOn: try day("2026-02-02")), on: "2026-02-25")
        #expect(ledger.state.pendingExitReports.map(\.reason) == [.died])
    }

    /// X9, C3, X10: with several situations waiting, the exit's one reason decides what follows it, so the
    /// gravest is verified first whatever order the province takes them in; confirmed, the exit closes the
    /// rest and says so. Found unfounded, the next one may be confirmed.
    @Test func X9_ofSeveralSituationsWaitingTheGravestIsVerifiedFirstAndTheExitClosesTheRest() throws {
        func reported() throws -> Ledger {
            var ledger = try Ledger(tier: .B, start: "2022-01-01")
            try ledger.run(.retire(occurredOn: try day("2026-01-10"), rehire: nil), on: "2026-01-15")
            try ledger.run(
                .penalize(
                    occurredOn: try day("2026-01-20"), sanction: Sanction(kind: .criminal, measure: .criminalSentence)),
                on: "2026-01-22")
            #expect(ledger.state.pendingExitReports.map(\.reason) == [.retiredNotRehired, .sanction])
            return ledger
        }
        let retirementFirst = TalentCommand.verifyExitSituation(
            reason: .retiredNotRehired, confirmed: true, finding: "核实")
        var ledger = try reported()
        let refusal = try #require(try ledger.refusal(retirementFirst, on: "2026-02-01"))
        #expect(refusal.rule == .X9 && refusal.field == "reason")
        #expect(refusal.reason.contains("“受到降级等及以上处分”情形（2026-01-20发生）"))
        let exited = try ledger.run(
            .verifyExitSituation(reason: .sanction, confirmed: true, finding: "判决书"), on: "2026-02-01")
        let exit = try #require(exited.exit)
        #expect(exit.reason == .sanction && exit.reapplication.rule == .never)
        #expect(exit.derivation?.cause.contains("另有待核实的“退休且未返聘”（2026-01-10发生）情形随退出管理结案") == true)
        #expect(ledger.state.status == .exited && !ledger.state.entitlements.medicalService)
        #expect(ledger.state.pendingExitReports.isEmpty)

        // The graver one found unfounded, the retirement is confirmed and X10 follows.
        var unfounded = try reported()
        try unfounded.run(
            .verifyExitSituation(reason: .sanction, confirmed: false, finding: "查无此事"), on: "2026-02-01")
        let retired = try unfounded.run(retirementFirst, on: "2026-02-02")
        #expect(retired.exit?.reason == .retiredNotRehired)
        #expect(retired.exit?.derivation?.cause.contains("另有待核实") == false)
        #expect(unfounded.state.status == .contactList)

        // A death reported after the retirement weighs more too: no contact list for the dead.
        var died = try Ledger(tier: .B, start: "2022-01-01")
        try died.run(.retire(occurredOn: try day("2026-01-10"), rehire: nil), on: "2026-01-15")
        try died.run(.recordDeath(occurredOn: try day("2026-01-25")), on: "2026-01-26")
        #expect(try died.refusal(retirementFirst, on: "2026-02-05")?.reason.contains("“死亡”情形") == true)
        let death = try died.run(
            .verifyExitSituation(reason: .died, confirmed: true, finding: "死亡证明"), on: "2026-02-05")
        #expect(death.exit?.reason == .died && died.state.status == .exited)
    }

    @Test func X9_exitTakesEffectOnlyOnceTheProvinceVerifiesTheUnitsReport() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(.payHousingSubsidyInstalment(number: 1), on: "2022-02-01")
        let reported = try ledger.run(.recordDeath(occurredOn: try day("2026-02-10")), on: "2026-03-10")
        let report = try #require(reported.report)
        #expect(report.effectiveDate == (try day("2026-03-10")))
        #expect(report.occurredOn == (try day("2026-02-10")))
        #expect(report.reportDue == (try day("2026-03-10")))
        #expect(report.reportedWithinDeadline)
        #expect(report.derivation?.rule == .X9)
        // Reported, not yet verified: still under management, entitlements intact.
        #expect(ledger.state.isUnderManagement)
        #expect(ledger.state.entitlements.jixiangCard == .active)
        #expect(ledger.state.pendingExitReports.map(\.reason) == [.died])

        let verified = try ledger.verifyExit(on: "2026-03-24")
        #expect(verified.typeNames == ["ExitSituationVerified", "TalentExited", "EntitlementsChanged"])
        let exit = try #require(verified.exit)
        #expect(exit.effectiveDate == (try day("2026-03-24")))
        #expect(exit.situationOccurredOn == (try day("2026-02-10")))
        #expect(exit.reportedWithinDeadline == true)
        #expect(exit.derivation?.rule == .X8)
        #expect(exit.derivation?.cause.hasPrefix("省人社厅核实“") == true)
        #expect(verified.allSatisfy { $0.effectiveDate == exit.effectiveDate })
        #expect(ledger.state.pendingExitReports.isEmpty)
        // As of the day before the verification the talent was still under management.
        #expect(Talent.fold(ledger.events, asOf: try day("2026-03-23")).isUnderManagement)
        #expect(Talent.fold(ledger.events, asOf: try day("2026-03-24")).hasExited)
    }

    @Test func X9_reportPastOneMonthIsAcceptedButFlaggedLate() throws {
        // The deadline is one calendar month after the occurrence, clamped to the month's end.
        var onTime = try Ledger(tier: .C, start: "2022-01-01")
        let timely = try onTime.run(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2026-01-31")), on: "2026-02-28")
        #expect(timely.report?.reportDue == (try day("2026-02-28")))
        #expect(timely.report?.reportedWithinDeadline == true)

        var late = try Ledger(tier: .C, start: "2022-01-01")
        let tardy = try late.run(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2026-01-31")), on: "2026-03-01")
        #expect(tardy.report?.reportedWithinDeadline == false)
        #expect(late.state.pendingExitReports.first?.withinDeadline == false)
        let exit = try #require(try late.verifyExit(on: "2026-03-05").exit)
        #expect(exit.reportedWithinDeadline == false)
        #expect(exit.derivation?.cause.contains("2026-03-01逾期报告") == true)
        #expect(late.state.hasExited)
    }

    @Test func X9_provinceMayFindAReportUnfoundedAndManagementContinues() throws {
        var ledger = try Ledger(tier: .C, start: "2023-03-01")
        try ledger.run(
            .relocate(kind: .unrelatedPost, newUnit: nil, occurredOn: try day("2025-11-01")), on: "2025-11-10")
        #expect(
            try ledger.refusal(
                .verifyExitSituation(reason: .unrelatedPost, confirmed: true, finding: ""), on: "2025-11-20")?.rule
                == .X9)
        // A finding of characters that print as nothing says nothing either.
        let invisible = try ledger.refusal(
            .verifyExitSituation(reason: .unrelatedPost, confirmed: true, finding: "\u{200B}\u{FEFF} \u{3000}"),
            on: "2025-11-20")
        #expect(invisible?.rule == .X9 && invisible?.field == "finding")
        #expect(
            try ledger.refusal(
                .verifyExitSituation(reason: .died, confirmed: true, finding: "x"), on: "2025-11-20")?.field == "reason"
        )
        let rejected = try ledger.verifyExit(on: "2025-11-20", confirmed: false)
        #expect(rejected.typeNames == ["ExitSituationVerified"])
        #expect(ledger.state.isUnderManagement)
        #expect(ledger.state.pendingExitReports.isEmpty)
        // Nothing left to verify, and the survey applies again.
        #expect(
            try ledger.refusal(
                .verifyExitSituation(reason: .unrelatedPost, confirmed: true, finding: "x"), on: "2026-01-05")?
                .rule == .X9)
        try ledger.run(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-05")
    }

    @Test func X9_situationIsNotReportedBeforeItOccurs() throws {
        let future = try Ledger(tier: .C, start: "2022-01-01")
        #expect(
            try future.refusal(
                .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2025-04-01")), on: "2025-03-01")?
                .rule == .X9)
        #expect(
            try future.refusal(.verifyExitSituation(reason: .died, confirmed: true, finding: "x"), on: "2025-03-01")?
                .rule == .X9)
    }

    /// M2: a situation that occurred before the talent's management period began is not reported: folded
    /// in business order it would land before the evaluation and be undone by it (a retirement on the
    /// timeline, a talent not retired, a rehire refused as "not retired"). M3, X9: a talent of a list
    /// imported at go-live (certificate of 2020, recorded in February 2026) reports a retirement of
    /// January as any other; the fact takes effect from the evaluation, which would otherwise undo it.
    @Test func M2_M3_X9_aSituationBeforeThePeriodIsRefusedAndOneBeforeTheEvaluationTakesEffectAfterIt() throws {
        let ledger = try Ledger(tier: .C, start: "2021-05-13")
        for command: TalentCommand in [
            .retire(occurredOn: try day("2015-01-01"), rehire: nil), .recordDeath(occurredOn: try day("2021-05-12")),
            .recordLostContact(since: try day("2020-01-01")),
            .penalize(occurredOn: try day("2021-01-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
        ] {
            let refusal = try ledger.refusal(command, on: "2026-12-07")
            #expect(refusal?.rule == .M2, "\(command)")
            #expect(refusal?.reason.contains("早于该人才管理期的起算日期（2021-05-13）") == true, "\(command)")
        }
        var onTheDay = ledger
        try onTheDay.run(.retire(occurredOn: try day("2021-05-13"), rehire: nil), on: "2026-12-07")
        #expect(onTheDay.state.isRetired)
        var imported = Ledger(policy: ledger.policy)
        try imported.run(.evaluate(try Ledger.evaluation("t-2", tier: .C, certificate: "2020-06-01")), on: "2026-02-10")
        // Its retirement takes effect from the day the talent entered the register, so the evaluation does
        // not undo it; the report keeps the day it occurred, and X9's month counts from that day.
        let events = try imported.run(.retire(occurredOn: try day("2026-01-20"), rehire: nil), on: "2026-02-15")
        #expect(events.first?.effectiveDate == (try day("2026-02-10")))
        #expect(imported.state.isRetired)
        let report = try #require(events.report)
        let (occurred, due) = (try day("2026-01-20"), try day("2026-02-20"))
        #expect(report.occurredOn == occurred && report.reportDue == due)
        #expect(report.reportedWithinDeadline)
    }

    /// X10, X8: a talent on the contact list keeps the medical service until it dies: its death, recorded
    /// after the exit, ends the service and reports nothing (the talent has exited); an exited talent off
    /// the list is still refused everything (C2).
    @Test func X10_X8_aDeathOnTheContactListEndsTheMedicalService() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        try ledger.reportAndVerify(
            .retire(occurredOn: try day("2025-07-01"), rehire: nil), on: "2025-07-01", verifiedOn: "2025-07-15")
        #expect(ledger.state.status == .contactList && ledger.state.entitlements.medicalService)
        // Not dead before the retirement the list followed.
        let before = try ledger.refusal(.recordDeath(occurredOn: try day("2025-06-20")), on: "2026-11-25")
        #expect(before?.rule == .X8 && before?.field == "occurredOn", "\(String(describing: before))")
        let died = try ledger.run(.recordDeath(occurredOn: try day("2026-11-20")), on: "2026-11-25")
        #expect(died.report == nil)
        #expect(died.changes == [EntitlementChange(item: .medicalService, action: .withdrawn)])
        // The service ends on the day of the death, and the talent leaves the list of the living.
        let diedOn = try day("2026-11-20")
        let dayBefore = try day("2026-11-19")
        #expect(Talent.fold(ledger.events, asOf: diedOn).entitlements.medicalService == false)
        #expect(Talent.fold(ledger.events, asOf: dayBefore).entitlements.medicalService)
        #expect(ledger.state.status == .exited && ledger.state.diedOn == diedOn)
        let again = try ledger.refusal(.recordDeath(occurredOn: try day("2026-11-20")), on: "2026-11-26")
        #expect(again?.rule == .X8 && again?.reason.contains("已记录该人才于2026-11-20去世") == true)
        // C3: never evaluated again.
        let evaluation = try Ledger.evaluation(tier: .C, certificate: "2026-12-01", document: "吉人社发〔2026〕5号")
        #expect(try ledger.refusal(.evaluate(evaluation), on: "2026-12-01")?.rule == .C3)
        var exited = try Ledger(tier: .C, start: "2022-01-01")
        try exited.reportAndVerify(
            .retire(occurredOn: try day("2025-07-01"), rehire: nil), on: "2025-07-01", verifiedOn: "2025-07-15")
        #expect(try exited.refusal(.recordDeath(occurredOn: try day("2026-11-20")), on: "2026-11-25")?.rule == .C2)
    }

    @Test func X10_retiredTierBMovesToContactListKeepingMedicalService() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        let events = try ledger.reportAndVerify(
            .retire(occurredOn: try day("2025-07-01"), rehire: nil), on: "2025-07-01", verifiedOn: "2025-07-15")
        let moved = try #require(events.compactMap(\.movedToContactList).first)
        #expect(moved.medicalServiceKept)
        #expect(moved.derivation?.rule == .X10)
        #expect(ledger.state.status == .contactList)
        #expect(ledger.state.hasExited)
        #expect(ledger.state.entitlements.medicalService)
        #expect(ledger.state.entitlements.jijianCard == .takenBack)
        #expect(ledger.state.entitlements.jixiangCard == .takenBack)
        #expect(events.changes.contains(EntitlementChange(item: .medicalService, action: .kept)))

        var tierC = try Ledger(tier: .C, start: "2022-01-01")
        let cEvents = try tierC.reportAndVerify(
            .retire(occurredOn: try day("2025-07-01"), rehire: nil), on: "2025-07-01", verifiedOn: "2025-07-15")
        #expect(cEvents.compactMap(\.movedToContactList).isEmpty)
        #expect(tierC.state.status == .exited)
        #expect(tierC.state.entitlements.medicalService == false)

        // A tier-B exit for another reason is not the contact list.
        var leftB = try Ledger(tier: .B, start: "2022-01-01")
        let left = try leftB.reportAndVerify(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2025-07-01")), on: "2025-07-01",
            verifiedOn: "2025-07-15")
        #expect(left.compactMap(\.movedToContactList).isEmpty)
        #expect(leftB.state.entitlements.medicalService == false)
    }
}
