// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S4 and X9 are the register's own spelling.

import Testing

@testable import TalentDomain

/// What the notice asks to be written down (a late submission's reason, a return's, an objection's
/// answer, a finding) is not written down by white space: the full-width space and line breaks included.
@Suite("A reason of white space only is no reason")
struct BlankTextTests {
    static let blanks = ["", " ", "\u{3000}", " \n\t\r\n"]

    @Test(arguments: blanks)
    func S4_O1_O3_aLateSubmissionsReasonAReturnsReasonAndAContactFormsReferenceAreNotWhiteSpace(_ blank: String)
        throws
    {
        let campaign = try policy().campaign(year: 2025)
        let chain = ["unit-1", "county-1", "city-1", "province"]
        let figures = SubmissionFigures(talents: 1, byTier: ["C": 1], byGrade: ["good": 1], pending: 0)
        let late = #expect(throws: Refusal.self) {
            try Submission.initial.decide(
                .submit(figures: figures, latenessReason: blank), chain: chain, campaign: campaign, blockers: [],
                on: try day("2026-04-10"))
        }
        #expect(late?.rule == .S4)
        // Within the window the same blank is no lateness reason at all: the submission is on time.
        let onTime = try Submission.initial.decide(
            .submit(figures: figures, latenessReason: blank), chain: chain, campaign: campaign, blockers: [],
            on: try day("2026-03-20"))
        #expect(
            onTime == [.submitted(on: try day("2026-03-20"), to: "county-1", figures: figures, latenessReason: nil)])
        let returned = #expect(throws: Refusal.self) {
            try Submission.fold(onTime).decide(
                .returnToUnit(by: "county-1", reason: blank), chain: chain, campaign: campaign, blockers: [],
                on: try day("2026-03-21"))
        }
        #expect(returned?.rule == .O1)
        let form = #expect(throws: Refusal.self) {
            try ContactForm(department: "dept-edu").send(reference: blank, in: campaign, on: try day("2025-12-20"))
        }
        #expect(form?.rule == .O3)
    }

    @Test(arguments: blanks)
    func P3_X8_X9_M2_anObjectionsAnswerASituationAFindingAndACorrectionsReasonAreNotWhiteSpace(_ blank: String)
        throws
    {
        var publicized = try Ledger(tier: .B, start: "2020-01-01")
        try publicized.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try publicized.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-02-10")
        try publicized.run(.startPublicity(campaign: 2025), on: "2026-02-12")
        try publicized.run(.fileObjection(campaign: 2025, objectionId: "o-1", summary: "s"), on: "2026-02-13")
        #expect(
            try publicized.refusal(
                .answerObjection(campaign: 2025, objectionId: "o-1", response: blank), on: "2026-02-14")?
                .rule == .P3)

        let other = try Ledger(tier: .C, start: "2022-01-01")
        #expect(
            try other.refusal(
                .recordOtherExitSituation(occurredOn: try day("2025-03-01"), situation: blank), on: "2025-03-02")?
                .rule == .X8)

        var reported = try Ledger(tier: .C, start: "2022-01-01")
        try reported.run(.recordDeath(occurredOn: try day("2025-02-10")), on: "2025-03-10")
        #expect(
            try reported.refusal(
                .verifyExitSituation(reason: .died, confirmed: true, finding: blank), on: "2025-03-24")?
                .rule == .X9)

        let evaluated = try Ledger(tier: .C, start: "2022-01-01")
        let correction = Evaluation(
            talentId: TalentID("t-1"), tier: .C, unit: UnitID("unit-1"), professionalField: "新材料",
            evaluatingDocument: "吉人社发〔2020〕1号", certificateDate: try day("2021-12-15"))
        #expect(try evaluated.refusal(.correctEvaluation(correction, reason: blank), on: "2023-01-10")?.rule == .M2)
        // The same correction with a reason is accepted: the refusal is the reason's.
        #expect(try evaluated.refusal(.correctEvaluation(correction, reason: "证书落款时间有误"), on: "2023-01-10") == nil)
    }
}
