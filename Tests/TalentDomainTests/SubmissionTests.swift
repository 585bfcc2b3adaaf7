// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S1 and O1 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Campaign submissions up the chain (O1, S1–S4)")
struct SubmissionTests {
    let chain = ["unit-1", "county-1", "city-1", "province"]
    let figures = SubmissionFigures(talents: 3, byTier: ["C": 3], byGrade: ["good": 2], pending: 1)

    func campaign() throws -> Campaign { try policy().campaign(year: 2025) }

    /// Runs `commands` from the start, each on its day; answers the events and the submission.
    func run(_ commands: [(SubmissionCommand, String)]) throws -> ([SubmissionEvent], Submission) {
        var events: [SubmissionEvent] = []
        let campaign = try campaign()
        for (command, date) in commands {
            let state = Submission.fold(events)
            events += try state.decide(
                command, chain: chain, campaign: campaign, blockers: [], on: try day(date),
                lateAtClose: state.wasLate(in: campaign, events: events))
        }
        return (events, Submission.fold(events))
    }

    @Test func S1_readinessNamesEveryBlockingTalentAndWhatItLacks() throws {
        let campaign = try campaign()
        // In W1 and W3 scope, nothing recorded: both missing.
        let idle = try Ledger(tier: .C, start: "2020-06-01")
        let idleBlockers = campaign.blockers(of: idle.state, on: try day("2026-03-01"))
        #expect(idleBlockers.map(\.rule) == [.W1, .W3])
        // Each names the step that takes the talent on: W3's registration before its grade.
        #expect(idleBlockers.map(\.nextStep) == [.collectBasicInfo, .registerEndTerm])
        var registered = idle
        try registered.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        #expect(
            campaign.blockers(of: registered.state, on: try day("2026-03-01")).map(\.nextStep) == [
                .collectBasicInfo, .grade,
            ])
        // Collected and graded excellent, publicity running with an objection: P1 and P3.
        var excellent = try Ledger(tier: .C, start: "2020-06-01")
        try excellent.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-04")
        try excellent.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try excellent.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-02-10")
        try excellent.run(.startPublicity(campaign: 2025), on: "2026-02-12")
        try excellent.run(.fileObjection(campaign: 2025, objectionId: "o-1", summary: "s"), on: "2026-02-13")
        let blockers = campaign.blockers(of: excellent.state, on: try day("2026-03-01"))
        #expect(blockers.map(\.rule) == [.P1, .P3])
        #expect(blockers.map(\.nextStep) == [.endPublicity, .answerObjection])
        #expect(blockers.allSatisfy { $0.talent == TalentID("t-1") })
        // A pending reason (G2) stands in for the grade.
        var pending = try Ledger(tier: .C, start: "2020-06-01")
        try pending.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-04")
        try pending.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try pending.run(.markGradePending(campaign: 2025, investigation: "立案审查"), on: "2026-01-06")
        #expect(campaign.blockers(of: pending.state, on: try day("2026-03-01")).isEmpty)
        // Classified personnel are exempt from publicity (T4): excellent without one is ready.
        var classified = try Ledger(tier: .C, start: "2020-06-01", classified: true)
        try classified.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-04")
        try classified.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try classified.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-02-10")
        #expect(campaign.blockers(of: classified.state, on: try day("2026-03-01")).isEmpty)
        // A unit with any blocker cannot submit; the refusal carries them all.
        #expect(throws: SubmissionNotReady(blockers: blockers)) {
            try Submission.initial.decide(
                .submit(figures: figures, latenessReason: nil), chain: chain, campaign: campaign, blockers: blockers,
                on: try day("2026-03-20"))
        }
    }

    /// §6(3) "确保纳入各项工作范围的相关人才全面覆盖、不出现遗漏": a talent in the survey's scope without a
    /// survey keeps the unit from submitting, as one without its information does.
    @Test func W2_S1_aSurveyNotSubmittedKeepsTheUnitFromSubmitting() throws {
        let campaign = try campaign()
        var surveyed = try Ledger(tier: .C, start: "2023-06-01")
        try surveyed.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-04")
        #expect(campaign.blockers(of: surveyed.state, on: try day("2026-03-01")).map(\.rule) == [.W2])
        try surveyed.run(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-06")
        #expect(campaign.blockers(of: surveyed.state, on: try day("2026-03-01")).isEmpty)
    }

    /// §5(2): an exit situation declared in Attachment 1 is one the unit reports in writing for the
    /// province to verify. Declared with no report behind it (the province would get a form saying the
    /// talent should exit and nothing to verify), it keeps the unit from submitting until the fact is
    /// recorded; a downgrade situation (D1, D2) declared is left to D3. What may be declared at all is
    /// X1–X8, D1 and D2, each once.
    @Test func W1_X9_S1_anExitSituationDeclaredWithNoReportKeepsTheUnitFromSubmitting() throws {
        let campaign = try campaign()
        var declared = try Ledger(tier: .C, start: "2023-06-01")
        var info = basicInfo
        info.declaredSituations = [.X1, .D2]
        try declared.run(.collectBasicInfo(campaign: 2025, info: info), on: "2026-01-04")
        try declared.run(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-06")
        let blockers = campaign.blockers(of: declared.state, on: try day("2026-03-01"))
        #expect(blockers.map(\.rule) == [.X9])
        #expect(blockers.first?.missing.contains("X1") == true)
        try declared.run(.retire(occurredOn: try day("2026-01-02"), rehire: nil), on: "2026-01-10")
        #expect(campaign.blockers(of: declared.state, on: try day("2026-03-01")).isEmpty)
        for wrong in [[RuleID.G6], [.X1, .X1], [RuleID(rawValue: "X")]] {
            info.declaredSituations = wrong
            let refusal = try declared.refusal(.collectBasicInfo(campaign: 2025, info: info), on: "2026-01-12")
            #expect(refusal?.rule == .W1, "\(wrong)")
            #expect(refusal?.field == "info.declaredSituations", "\(wrong)")
        }
    }

    @Test func O1_aSubmissionGoesUpTheChainAndAReturnGoesBackToTheUnit() throws {
        // Nothing sent, nothing to review: said as not sent (past the window the lists say 逾期未报, not 未开始).
        let nothing = try run([]).1
        do {
            _ = try nothing.decide(
                .accept(by: "county-1"), chain: chain, campaign: try campaign(), blockers: [], on: try day("2026-04-02")
            )
            Issue.record("a review of nothing sent was decided")
        } catch let refusal as Refusal {
            #expect(refusal.rule == .O1 && refusal.reason.contains("该单位尚未报送") && !refusal.reason.contains("未开始"))
        }
        var (events, state) = try run([(.submit(figures: figures, latenessReason: nil), "2026-03-16")])
        #expect(state.status == .submitted)
        #expect(state.awaiting == "county-1")
        // Only the level it waits at reviews it.
        #expect(throws: Refusal.self) {
            try state.decide(
                .accept(by: "city-1"), chain: chain, campaign: try campaign(), blockers: [], on: try day("2026-03-17"))
        }
        (events, state) = try run([
            (.submit(figures: figures, latenessReason: nil), "2026-03-16"), (.accept(by: "county-1"), "2026-03-17"),
            (.returnToUnit(by: "city-1", reason: "附件4缺少公示日期"), "2026-03-18"),
        ])
        #expect(state.status == .returned)
        #expect(state.returnReason == "附件4缺少公示日期")
        (events, state) = try run([
            (.submit(figures: figures, latenessReason: nil), "2026-03-16"), (.accept(by: "county-1"), "2026-03-17"),
            (.returnToUnit(by: "city-1", reason: "附件4缺少公示日期"), "2026-03-18"),
            (.submit(figures: figures, latenessReason: nil), "2026-03-19"), (.accept(by: "county-1"), "2026-03-19"),
            (.accept(by: "city-1"), "2026-03-20"), (.accept(by: "province"), "2026-03-25"),
        ])
        #expect(state.status == .accepted)
        #expect(state.acceptedOn == (try day("2026-03-25")))
        #expect(state.firstSubmittedOn == (try day("2026-03-16")))
        #expect(events.map(\.typeName).filter { $0 == "SubmissionSubmitted" }.count == 2)
        #expect(!state.wasLate(in: try campaign(), events: events))
    }

    /// Each step is dated no earlier than the one before it: a review cannot precede the submission it
    /// reviews (O1), a resubmission the return it answers (S1); a submission is not made before the window
    /// opens (S2), and only one after it closes gives a reason for lateness (S4).
    /// S2, O1: the window (材料接收时间, §6(1)) is the province's. A unit sends to the level above it, and each
    /// level passes up, from the day the campaign's work opens (§4(5): "逐级审核、汇总后，务必于2026年3月底前报
    /// 省人力资源和社会保障厅"); only what reaches the province waits for the window. A county unit once could
    /// not send before 2026-03-16, and three levels reviewed within twelve working days.
    @Test func S2_O1_theLevelsBelowTheProvinceReviewBeforeItsWindowOpens() throws {
        let campaign = try campaign()
        let (events, county) = try run([
            (.submit(figures: figures, latenessReason: nil), "2026-02-02"), (.accept(by: "county-1"), "2026-02-10"),
        ])
        #expect(county.awaiting == "city-1" && events.count == 2)
        // The city passes it up to the province in the window, not before.
        let early = #expect(throws: Refusal.self) {
            try county.decide(
                .accept(by: "city-1"), chain: chain, campaign: campaign, blockers: [], on: try day("2026-03-13"))
        }
        #expect(early?.rule == .S2 && early?.field == "effectiveOn")
        #expect(early?.reason == "省人社厅2025年度材料接收时间自2026-03-16起，报省人社厅的材料届时方可报送")
        let sent = try county.decide(
            .accept(by: "city-1"), chain: chain, campaign: campaign, blockers: [], on: try day("2026-03-16"))
        #expect(sent == [.accepted(on: try day("2026-03-16"), by: "city-1", forwardedTo: "province")])
        // A unit whose first level is the province sends in the window alone.
        let direct = ["unit-9", "province"]
        #expect(throws: Refusal.self) {
            try Submission.initial.decide(
                .submit(figures: figures, latenessReason: nil), chain: direct, campaign: campaign, blockers: [],
                on: try day("2026-03-13"))
        }
        #expect(
            try Submission.initial.decide(
                .submit(figures: figures, latenessReason: nil), chain: direct, campaign: campaign, blockers: [],
                on: try day("2026-03-16")
            ).count == 1)
    }

    @Test func O1_S2_S4_aStepIsNotDatedBeforeThePreviousOneNorASubmissionOutsideWhatItsDayAllows() throws {
        let campaign = try campaign()
        let (events, state) = try run([(.submit(figures: figures, latenessReason: nil), "2026-03-20")])
        #expect(
            throws: Refusal(.O1, "该报送上一步骤于2026-03-20办理，后续步骤不能记为2026-03-19")
        ) {
            try state.decide(
                .accept(by: "county-1"), chain: chain, campaign: campaign, blockers: [], on: try day("2026-03-19"))
        }
        let returned = Submission.fold(events + [.returned(on: try day("2026-03-25"), by: "county-1", reason: "缺附件4")])
        #expect(throws: Refusal.self) {
            try returned.decide(
                .submit(figures: figures, latenessReason: nil), chain: chain, campaign: campaign, blockers: [],
                on: try day("2026-03-24"))
        }
        #expect(throws: Refusal(.S2, "2025年度考核工作自2025-12-12起开展，届时方可报送", field: "effectiveOn")) {
            try Submission.initial.decide(
                .submit(figures: figures, latenessReason: nil), chain: chain, campaign: campaign, blockers: [],
                on: try day("2025-12-11"))
        }
        let reasonInTime = #expect(throws: Refusal.self) {
            try Submission.initial.decide(
                .submit(figures: figures, latenessReason: "迟报"), chain: chain, campaign: campaign, blockers: [],
                on: try day("2026-03-31"))
        }
        #expect(reasonInTime?.field == "latenessReason")
    }

    @Test func S3_S4_aUnitNotInTimeWhenTheWindowClosesIsLateAndMakesUpByTheDeadline() throws {
        let campaign = try campaign()
        // Returned on the last day and not resubmitted by the close: late (S3).
        let (returned, _) = try run([
            (.submit(figures: figures, latenessReason: nil), "2026-03-20"),
            (.returnToUnit(by: "county-1", reason: "缺工作报告"), "2026-03-31"),
        ])
        #expect(Submission.fold(returned).wasLate(in: campaign, events: returned))
        // After the close, a submission gives the reason for its lateness (S4): the refusal names the field,
        // which a form shows it beside.
        let noReason = #expect(throws: Refusal.self) {
            try Submission.fold(returned).decide(
                .submit(figures: figures, latenessReason: nil), chain: chain, campaign: campaign, blockers: [],
                on: try day("2026-04-10"))
        }
        #expect(noReason?.rule == .S4 && noReason?.field == "latenessReason")
        let (madeUp, state) = try run([
            (.submit(figures: figures, latenessReason: nil), "2026-03-20"),
            (.returnToUnit(by: "county-1", reason: "缺工作报告"), "2026-03-31"),
            (.submit(figures: figures, latenessReason: "补充工作报告"), "2026-04-10"),
            (.accept(by: "county-1"), "2026-04-12"),
            (.accept(by: "city-1"), "2026-04-15"), (.accept(by: "province"), "2026-06-30"),
        ])
        #expect(state.latenessReason == "补充工作报告")
        #expect(state.madeUp(in: campaign, events: madeUp))
        // Sent by the make-up deadline and accepted after it: made up ("6月底前补充提交……经审核符合条件的
        // 按程序恢复": the deadline is the sending's, not the review's).
        let (reviewedLate, reviewed) = try run([
            (.submit(figures: figures, latenessReason: "迟报"), "2026-06-25"), (.accept(by: "county-1"), "2026-06-28"),
            (.accept(by: "city-1"), "2026-06-29"), (.accept(by: "province"), "2026-07-01"),
        ])
        #expect(reviewed.madeUp(in: campaign, events: reviewedLate))
        // The deadline's own day is within it ("6月底前"): sent on 30 June, made up; on 1 July, not.
        for (sent, madeUp) in [("2026-06-30", true), ("2026-07-01", false)] {
            let (events, state) = try run([
                (.submit(figures: figures, latenessReason: "迟报"), sent), (.accept(by: "county-1"), "2026-07-02"),
                (.accept(by: "city-1"), "2026-07-03"), (.accept(by: "province"), "2026-07-06"),
            ])
            #expect(state.madeUp(in: campaign, events: events) == madeUp, "sent \(sent)")
        }
        // Sent again after a return past the deadline: late, and not made up.
        let (tooLate, after) = try run([
            (.submit(figures: figures, latenessReason: "迟报"), "2026-05-01"),
            (.returnToUnit(by: "county-1", reason: "缺附件4"), "2026-06-20"),
            (.submit(figures: figures, latenessReason: "补充附件4"), "2026-07-01"), (.accept(by: "county-1"), "2026-07-02"),
            (.accept(by: "city-1"), "2026-07-03"), (.accept(by: "province"), "2026-07-04"),
        ])
        #expect(after.wasLate(in: campaign, events: tooLate))
        #expect(!after.madeUp(in: campaign, events: tooLate))
        // In time when the window closed, returned after it: sent again without a lateness reason (it is not
        // a make-up), and one given is refused; never late.
        let (inTime, resent) = try run([
            (.submit(figures: figures, latenessReason: nil), "2026-03-30"), (.accept(by: "county-1"), "2026-04-02"),
            (.returnToUnit(by: "city-1", reason: "缺附件4"), "2026-04-05"),
            (.submit(figures: figures, latenessReason: nil), "2026-05-10"),
        ])
        #expect(resent.status == .submitted && !resent.wasLate(in: campaign, events: inTime))
        let returnedAfterClose = Submission.fold(Array(inTime.prefix(3)))
        let refused = #expect(throws: Refusal.self) {
            try returnedAfterClose.decide(
                .submit(figures: figures, latenessReason: "迟报"), chain: chain, campaign: campaign, blockers: [],
                on: try day("2026-05-10"), lateAtClose: false)
        }
        #expect(refused?.reason.contains("不属逾期补报") == true)
        // Submitted in time and still under review when the window closes: not late (the policy's reading).
        let (inReview, _) = try run([(.submit(figures: figures, latenessReason: nil), "2026-03-30")])
        #expect(!Submission.fold(inReview).wasLate(in: campaign, events: inReview))
    }

    @Test func S1_figuresOfSeveralUnitsAddUp() {
        let sum = SubmissionFigures.sum([
            figures,
            SubmissionFigures(
                talents: 3, byTier: ["B": 1, "C": 1], byGrade: ["excellent": 1], pending: 0, classified: 1),
        ])
        #expect(
            sum
                == SubmissionFigures(
                    talents: 6, byTier: ["B": 1, "C": 4], byGrade: ["good": 2, "excellent": 1], pending: 1,
                    classified: 1))
        // Submissions recorded before classified talents were counted apart say nothing of them, together too.
        #expect(SubmissionFigures.sum([figures, figures]).classified == nil)
    }
}
