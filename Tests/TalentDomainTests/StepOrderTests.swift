// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like X9 and G6 are the register's own spelling.

import Testing

@testable import TalentDomain

/// A step of the notice's procedure is dated no earlier than the step it follows: folded in business
/// time, a verification dated before its report would show a talent exited before anything was reported.
@Suite("A step is not dated before the step it follows (X9, X1, D3, W3, W5, G6, G2, P1, P3, S4, X8)")
struct StepOrderTests {
    @Test func X9_theProvinceDoesNotVerifyBeforeTheUnitReported() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(.recordOverdueAbroad(occurredOn: try day("2025-03-01")), on: "2025-03-05")
        let verify = TalentCommand.verifyExitSituation(reason: .overdueAbroad, confirmed: true, finding: "核实")
        let early = try ledger.refusal(verify, on: "2025-02-20")
        #expect(early?.rule == .X9)
        #expect(early?.reason == "本步骤不能早于用人单位报告该情形之日（2025-03-05），不能记为2025-02-20")
        #expect(try ledger.refusal(verify, on: "2025-03-05") == nil, "the same day is not before")
    }

    /// X1: a rehire's end is not before the rehire took effect (it would leave a report of "retired and not
    /// rehired" standing on a rehire that had not begun).
    @Test func X1_aRehireDoesNotEndBeforeItBegan() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(.retire(occurredOn: try day("2026-03-15"), rehire: nil), on: "2026-03-15")
        let terms = RehireTerms(agreementReference: "FP-1", sameField: true, validUntil: try day("2027-03-01"))
        try ledger.run(.rehire(terms), on: "2026-03-17")
        let early = try ledger.refusal(.endRehire(occurredOn: try day("2026-03-16")), on: "2026-03-17")
        #expect(early?.rule == .X1)
        #expect(early?.field == "occurredOn")
        #expect(early?.reason == "返聘协议终止日期不能早于返聘之日（2026-03-17）")
        #expect(try ledger.refusal(.endRehire(occurredOn: try day("2026-03-17")), on: "2026-03-17") == nil)
    }

    /// X3: a move out of the province names no unit of the register (its new employer is outside Jilin):
    /// one named is refused, beside the field, rather than made the talent's employer.
    @Test func X3_aMoveOutOfTheProvinceNamesNoUnitOfTheRegister() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        let named = TalentCommand.relocate(
            kind: .outOfProvince, newUnit: UnitID("unit-0126"), occurredOn: try day("2026-06-20"))
        let refusal = try ledger.refusal(named, on: "2026-07-02")
        #expect(refusal?.rule == .X3)
        #expect(refusal?.field == "newUnit")
        try ledger.run(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2026-06-20")), on: "2026-07-02")
        #expect(ledger.state.pendingExitReports.map(\.reason) == [.leftProvince])
    }

    /// X8, X9: once a death is reported, nothing more of the talent's life is recorded while the province
    /// verifies it (a retirement or a loss of contact after it); the verification is, and a report found
    /// untrue lets the talent's life be recorded again.
    @Test func X9_X8_nothingOfTheTalentsLifeIsRecordedWhileADeathReportedWaits() throws {
        var ledger = try Ledger(tier: .E, start: "2022-01-01")
        try ledger.run(.recordDeath(occurredOn: try day("2026-01-10")), on: "2026-03-17")
        for command in [
            TalentCommand.retire(occurredOn: try day("2026-02-01"), rehire: nil),
            .recordLostContact(since: try day("2026-02-01")),
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try day("2026-02-01")),
        ] {
            let refusal = try ledger.refusal(command, on: "2026-03-17")
            #expect(refusal?.rule == .X9, "\(command)")
            #expect(refusal?.reason.contains("2026-01-10去世") == true, "\(command)")
        }
        let untrue = TalentCommand.verifyExitSituation(reason: .died, confirmed: false, finding: "单位误报")
        try ledger.run(untrue, on: "2026-03-18")
        #expect(try ledger.refusal(.recordLostContact(since: try day("2026-02-01")), on: "2026-03-18") == nil)
    }

    @Test func D3_aRecommendationFollowsItsSituationAndTheDecisionFollowsTheRecommendation() throws {
        var ledger = try Ledger(tier: .B, start: "2022-01-01")
        try ledger.run(
            .penalize(occurredOn: try day("2025-04-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2025-04-10")
        #expect(try ledger.refusal(.recommend(outcome: .downgrade), on: "2025-03-20")?.rule == .D3)
        try ledger.run(.recommend(outcome: .downgrade), on: "2025-04-20")
        #expect(try ledger.refusal(.decideRecommendation(outcome: .downgrade), on: "2025-04-19")?.rule == .D3)
        #expect(try ledger.refusal(.decideRecommendation(outcome: .downgrade), on: "2025-04-20") == nil)
    }

    @Test func W3_G6_P1_aGradeFollowsTheRegistrationAndAResultIsMadeFinalAfterNoticeAndPublicity() throws {
        var good = try Ledger(tier: .C, start: "2020-06-01")
        try good.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        let grade = TalentCommand.grade(campaign: 2025, grade: .good, decidedCollectively: true)
        #expect(try good.refusal(grade, on: "2026-01-04")?.rule == .W3)
        try good.run(grade, on: "2026-02-10")
        try good.run(.notifyResult(campaign: 2025), on: "2026-02-11")
        #expect(try good.refusal(.finalizeResult(campaign: 2025), on: "2026-02-10")?.rule == .G6)
        #expect(try good.refusal(.finalizeResult(campaign: 2025), on: "2026-02-11") == nil)

        var excellent = try Ledger(tier: .B, start: "2020-01-01")
        try excellent.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try excellent.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-02-10")
        try excellent.run(.notifyResult(campaign: 2025), on: "2026-02-11")
        try excellent.run(.startPublicity(campaign: 2025), on: "2026-02-12")
        try excellent.run(.endPublicity(campaign: 2025), on: "2026-02-25")
        #expect(try excellent.refusal(.finalizeResult(campaign: 2025), on: "2026-02-24")?.rule == .P1)
        #expect(try excellent.refusal(.finalizeResult(campaign: 2025), on: "2026-02-25") == nil)
    }

    @Test func P1_G6_aPublicityAndAWrittenNoticeFollowTheGrade() throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-03-02")
        #expect(ledger.state.campaign(2025).gradedOn == (try day("2026-03-02")))
        #expect(try ledger.refusal(.startPublicity(campaign: 2025), on: "2026-02-24")?.rule == .P1)
        #expect(try ledger.refusal(.notifyResult(campaign: 2025), on: "2026-02-25")?.rule == .G6)
        #expect(try ledger.refusal(.startPublicity(campaign: 2025), on: "2026-03-02") == nil)
        #expect(try ledger.refusal(.notifyResult(campaign: 2025), on: "2026-03-03") == nil)
    }

    /// A new grade replaces the standing one and starts its notice and publicity over: dated before them,
    /// the old result would stand on top of it in business time. A pending mark (G2) likewise.
    @Test func G6_G2_aRegradeOrAPendingMarkIsNotDatedBeforeTheResultItReplaces() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-02-10")
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-02-12")
        let fair = TalentCommand.grade(campaign: 2025, grade: .fair, decidedCollectively: true)
        #expect(try ledger.refusal(fair, on: "2026-02-09")?.rule == .G6, "before the standing grade")
        #expect(try ledger.refusal(fair, on: "2026-02-11")?.rule == .G6, "between the grade and its notice")
        #expect(try ledger.refusal(fair, on: "2026-02-12") == nil)
        let pending = TalentCommand.markGradePending(campaign: 2025, investigation: "立案审查")
        #expect(try ledger.refusal(pending, on: "2026-02-05")?.rule == .G2)
        #expect(try ledger.refusal(pending, on: "2026-02-13") == nil)
    }

    /// An objection keeps the result open (P3): the result is made final after the last objection was
    /// filed or answered, or as of the days between it would read final with an objection open.
    @Test func P3_aResultIsNotMadeFinalBeforeTheObjectionsWereHandled() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-02-10")
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-02-11")
        try ledger.run(.fileObjection(campaign: 2025, objectionId: "o-1", summary: "s"), on: "2026-02-15")
        try ledger.run(.answerObjection(campaign: 2025, objectionId: "o-1", response: "经核实无误"), on: "2026-02-20")
        #expect(try ledger.refusal(.finalizeResult(campaign: 2025), on: "2026-02-12")?.rule == .P3)
        #expect(try ledger.refusal(.finalizeResult(campaign: 2025), on: "2026-02-20") == nil)
    }

    /// An answer follows its own objection (P3), not the last one: folded in business time, an answer
    /// dated before its objection would leave the objection open for ever.
    @Test func P3_anObjectionFollowsTheGradeAndItsAnswerFollowsIt() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-02-10")
        try ledger.run(.fileObjection(campaign: 2025, objectionId: "o-1", summary: "s"), on: "2026-02-12")
        try ledger.run(.fileObjection(campaign: 2025, objectionId: "o-2", summary: "s"), on: "2026-02-16")
        // An objection is to a result: not dated before the grade it objects to.
        let beforeTheGrade = TalentCommand.fileObjection(campaign: 2025, objectionId: "o-0", summary: "s")
        #expect(try ledger.refusal(beforeTheGrade, on: "2026-02-09")?.rule == .P3)
        let answerFirst = TalentCommand.answerObjection(campaign: 2025, objectionId: "o-1", response: "经核实无误")
        let early = try ledger.refusal(answerFirst, on: "2026-02-11")
        #expect(early?.rule == .P3)
        #expect(early?.reason == "本步骤不能早于异议o-1提出之日（2026-02-12），不能记为2026-02-11")
        #expect(try ledger.refusal(answerFirst, on: "2026-02-14") == nil, "before the later objection is fine")
        let answerSecond = TalentCommand.answerObjection(campaign: 2025, objectionId: "o-2", response: "经核实无误")
        #expect(try ledger.refusal(answerSecond, on: "2026-02-14")?.rule == .P3)
        #expect(try ledger.refusal(answerSecond, on: "2026-02-16") == nil, "the same day is not before")
    }

    /// The investigation's conclusion follows the pending mark it ends (G2): dated before it, the talent
    /// would read as pending for ever in business time.
    @Test func G2_anInvestigationIsNotConcludedBeforeTheGradeWasHeldForIt() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.markGradePending(campaign: 2025, investigation: "立案审查"), on: "2026-02-10")
        #expect(ledger.state.investigationStartedOn == (try day("2026-02-10")))
        let conclude = TalentCommand.concludeInvestigation(conclusion: "不予处分")
        #expect(try ledger.refusal(conclude, on: "2026-02-09")?.rule == .G2)
        try ledger.run(conclude, on: "2026-02-10")
        #expect(ledger.state.investigationStartedOn == nil)
        #expect(ledger.state.status == .underManagement)
    }

    /// A restoration follows the suspension it ends (S4), a contact restored the loss it ends (X8): dated
    /// before them, it would end nothing in business time and the cards or the loss would stand.
    @Test func S4_X8_aRestorationFollowsWhatItEnds() throws {
        var suspended = try Ledger(tier: .C, start: "2022-01-01")
        try suspended.run(.suspendServices(reason: "逾期未报送"), on: "2026-04-01")
        #expect(suspended.state.servicesSuspendedOn == (try day("2026-04-01")))
        #expect(try suspended.refusal(.restoreServices(reason: "补报通过"), on: "2026-03-30")?.rule == .S4)
        try suspended.run(.restoreServices(reason: "补报通过"), on: "2026-05-20")
        #expect(suspended.state.servicesSuspendedOn == nil)

        var lost = try Ledger(tier: .C, start: "2022-01-01")
        try lost.run(.recordLostContact(since: try day("2025-05-01")), on: "2025-06-01")
        #expect(try lost.refusal(.restoreContact, on: "2025-04-20")?.rule == .X8)
        #expect(try lost.refusal(.restoreContact, on: "2025-06-02") == nil)
    }

    /// A loss of contact recorded since a day before contact was last restored would fold into the loss
    /// already ended (X8): the register would say, as of those days, that it began later than it did, and
    /// today nothing would change. Refused; one since a later day is a new loss.
    @Test func X8_aLossOfContactSinceBeforeContactWasLastRestoredIsRefused() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(.recordLostContact(since: try day("2026-01-05")), on: "2026-01-06")
        try ledger.run(.restoreContact, on: "2026-03-01")
        #expect(ledger.state.contactRestoredOn == (try day("2026-03-01")))
        for since in ["2026-02-01", "2026-03-01"] {
            let refusal = try ledger.refusal(.recordLostContact(since: try day(since)), on: "2026-03-10")
            #expect(refusal?.rule == .X8 && refusal?.reason.contains("2026-03-01") == true, "since \(since)")
        }
        try ledger.run(.recordLostContact(since: try day("2026-03-02")), on: "2026-03-10")
        #expect(ledger.state.lostContactSince == (try day("2026-03-02")))
    }

    @Test func W5_theFollowUpOfAWeakSurveyComesAfterTheJudgementAndItsTalkHasHappened() throws {
        var ledger = try Ledger(tier: .C, start: "2023-06-01")
        try ledger.run(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-06")
        try ledger.run(.judgeMidTermWeak(campaign: 2025), on: "2026-01-08")
        func followUp(talkOn: String) throws -> TalentCommand {
            .recordMidTermFollowUp(
                campaign: 2025, responsiblePerson: "刘处长", reminderTalkOn: try day(talkOn), helpMeasures: "配备团队",
                improveBy: try day("2026-12-31"))
        }
        #expect(try ledger.refusal(try followUp(talkOn: "2026-01-07"), on: "2026-01-07")?.rule == .W5)
        #expect(try ledger.refusal(try followUp(talkOn: "2026-01-07"), on: "2026-01-10")?.rule == .W5, "talk before")
        #expect(try ledger.refusal(try followUp(talkOn: "2026-01-12"), on: "2026-01-10")?.rule == .W5, "talk ahead")
        #expect(try ledger.refusal(try followUp(talkOn: "2026-01-09"), on: "2026-01-10") == nil)
        // The deadline to improve comes after the talk: on the talk's day it leaves no time at all.
        for (improveBy, refused) in [("2026-01-09", true), ("2026-01-10", false)] {
            let command = TalentCommand.recordMidTermFollowUp(
                campaign: 2025, responsiblePerson: "刘处长", reminderTalkOn: try day("2026-01-09"), helpMeasures: "配备团队",
                improveBy: try day(improveBy))
            #expect((try ledger.refusal(command, on: "2026-01-10")?.rule == .W5) == refused, "improve by \(improveBy)")
        }
    }
}
