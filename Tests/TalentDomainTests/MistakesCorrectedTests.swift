// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X1 are the register's own spelling.

import Testing

@testable import TalentDomain

/// What a unit or the province recorded wrongly, put right (a retirement reported by mistake, an evaluation's
/// record corrected after other facts were recorded on it), and what would be a mistake, refused before it
/// is recorded.
@Suite("Mistakes corrected, and refused")
struct MistakesCorrectedTests {
    /// A talent evaluated on `effective` with a certificate dated `certificate`.
    func evaluated(_ tier: Tier, certificate: String, effective: String, classified: Bool = false) throws -> Ledger {
        var ledger = Ledger(policy: try policy())
        try ledger.run(.evaluate(evaluation(tier, certificate: certificate, classified: classified)), on: effective)
        return ledger
    }

    func evaluation(_ tier: Tier, certificate: String, classified: Bool = false) throws -> Evaluation {
        Evaluation(
            talentId: TalentID("t-1"), tier: tier, unit: UnitID("unit-1"), professionalField: "materials",
            evaluatingDocument: "吉人社发〔2020〕1号", certificateDate: try day(certificate), classified: classified)
    }

    /// X1, X2, X9: a retirement the province finds untrue (不属实) is withdrawn from its own day: the talent is
    /// managed as not retired, and a real retirement recorded afterwards stands, even one dated before the
    /// verification (dated on the verification, the withdrawal would undo it in business order).
    @Test(arguments: [(Tier.C, ExitReason.retiredNotRehired), (.E, .retiredAtTierE)])
    func X1_X2_X9_aRetirementFoundUntrueIsWithdrawnFromItsDay(tier: Tier, reason: ExitReason) throws {
        var ledger = try Ledger(tier: tier, start: "2021-06-01")
        try ledger.run(.retire(occurredOn: try day("2026-01-05"), rehire: nil), on: "2026-01-20")
        #expect(ledger.state.isRetired && ledger.state.pendingExitReports.map(\.reason) == [reason])
        let verified = try ledger.verifyExit(on: "2026-02-01", confirmed: false)
        #expect(verified.map(\.typeName) == ["ExitSituationVerified", "RetirementWithdrawn"])
        #expect(verified.last?.effectiveDate == (try day("2026-01-05")))
        #expect(!ledger.state.isRetired && ledger.state.pendingExitReports.isEmpty && ledger.state.isUnderManagement)
        try ledger.run(.retire(occurredOn: try day("2026-01-25"), rehire: nil), on: "2026-02-10")
        #expect(ledger.state.isRetired && ledger.state.pendingExitReports.map(\.reason) == [reason])
    }

    /// X1, X9: a report made when a rehire ended, found untrue, leaves the retirement it stood on: that
    /// retirement did happen; the rehire is recorded again.
    @Test func X1_X9_aRehiresEndFoundUntrueLeavesTheRetirement() throws {
        var ledger = try Ledger(tier: .C, start: "2021-06-01")
        let terms = RehireTerms(agreementReference: "返聘〔2025〕1号", sameField: true)
        try ledger.run(.retire(occurredOn: try day("2025-07-01"), rehire: terms), on: "2025-07-05")
        try ledger.run(.endRehire(occurredOn: try day("2026-01-05")), on: "2026-01-10")
        let verified = try ledger.verifyExit(on: "2026-02-01", confirmed: false)
        #expect(verified.map(\.typeName) == ["ExitSituationVerified"])
        #expect(ledger.state.isRetired && !ledger.state.isRehired)
        try ledger.run(.rehire(terms), on: "2026-02-05")
        #expect(ledger.state.isRehired)
    }

    /// M2: a corrected record's dates are checked against the day the evaluation took effect, not the day
    /// of the correction: a period may not start after its evaluation.
    @Test func M2_aCorrectionsDatesAreCheckedAgainstTheEvaluationsDay() throws {
        let ledger = try evaluated(.C, certificate: "2026-01-08", effective: "2026-01-10")
        let refusal = try ledger.refusal(
            .correctEvaluation(try evaluation(.C, certificate: "2026-03-01"), reason: "证书落款时间有误"), on: "2026-03-20")
        #expect(
            refusal?.rule == .M2 && refusal?.reason.contains("晚于认定生效日2026-01-10") == true,
            "\(String(describing: refusal))")
    }

    /// E4, M2: a housing subsidy counted from the period's start (the policy's schedule start) follows the
    /// corrected start: the instalments fall due as for a talent evaluated with it.
    @Test func E4_M2_aSubsidyCountedFromThePeriodsStartFollowsItsCorrection() throws {
        var ledger = try evaluated(.C, certificate: "2026-01-08", effective: "2026-01-10")
        try ledger.run(.payHousingSubsidyInstalment(number: 1), on: "2026-01-20")
        #expect(try ledger.refusal(.payHousingSubsidyInstalment(number: 2), on: "2026-03-01")?.rule == .E4)
        try ledger.run(
            .correctEvaluation(try evaluation(.C, certificate: "2024-12-01"), reason: "证书落款时间为2024年12月1日"),
            on: "2026-02-20")
        #expect(ledger.state.entitlements.housingSubsidy.grantedOn == (try day("2024-12-01")))
        try ledger.run(.payHousingSubsidyInstalment(number: 2), on: "2026-03-01")
        #expect(ledger.state.entitlements.housingSubsidy.paidInstalments == [1, 2])
    }

    /// M2, M3, T2: a correction names the record it corrects: the tier and unit of the evaluation, though the
    /// talent has since been lowered and has moved (the tier and unit it holds now are taken too); another
    /// tier is a new evaluation, another unit a move.
    @Test func M2_M3_T2_aCorrectionNamesTheEvaluationsTierAndUnit() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        _ = try ledger.confirmEndTerm(.fair)
        try ledger.run(
            .relocate(kind: .withinProvince, newUnit: UnitID("unit-2"), occurredOn: try day("2026-02-01")),
            on: "2026-02-03")
        #expect(ledger.state.tier == .D && ledger.state.unit == UnitID("unit-2"))
        let evaluated = try #require(
            ledger.events.compactMap { event -> TalentEvaluated? in
                if case .talentEvaluated(let e) = event { return e } else { return nil }
            }.first)
        func correction(_ tier: Tier, _ unit: UnitID) -> TalentCommand {
            .correctEvaluation(
                Evaluation(
                    talentId: evaluated.talentId, tier: tier, unit: unit, professionalField: "光学",
                    evaluatingDocument: evaluated.evaluatingDocument, certificateDate: evaluated.periodStart),
                reason: "专业领域有误")
        }
        #expect(try ledger.refusal(correction(.C, evaluated.unit), on: "2026-02-10") == nil)
        #expect(try ledger.refusal(correction(.D, UnitID("unit-2")), on: "2026-02-10") == nil)
        let otherTier = try ledger.refusal(correction(.B, evaluated.unit), on: "2026-02-10")
        #expect(otherTier?.rule == .M3 && otherTier?.reason.contains("认定层次为C类") == true)
        #expect(try ledger.refusal(correction(.C, UnitID("unit-9")), on: "2026-02-10")?.rule == .T2)
    }

    /// W3, W2: a correction that would take the talent out of a campaign whose work is recorded for it is
    /// refused (registered for 2025's end-term assessment, a period moved into 2021 is not 2025's).
    @Test func W2_W3_aCorrectionMayNotLeaveRecordedWorkOutOfItsCampaign() throws {
        var ledger = try evaluated(.C, certificate: "2020-12-28", effective: "2021-01-10")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        let refusal = try ledger.refusal(
            .correctEvaluation(try evaluation(.C, certificate: "2021-01-05"), reason: "证书落款时间有误"), on: "2026-01-20")
        #expect(refusal?.rule == .W3, "\(String(describing: refusal))")
        // A correction that keeps the talent in scope is taken.
        try ledger.run(
            .correctEvaluation(try evaluation(.C, certificate: "2020-12-20"), reason: "证书落款时间有误"), on: "2026-01-20")
        #expect(ledger.state.period?.start == (try day("2020-12-20")))
    }

    /// W2, W3, W4, M4: only what the correction itself takes out of a campaign's scope refuses it: a talent
    /// out of scope for another reason (an exit report waiting, W4) or in a period renewed on a result (M4,
    /// which the correction, dated on the evaluation, stays behind) is corrected as any other.
    @Test func W3_W4_M4_aTalentOutOfScopeForAnotherReasonIsCorrected() throws {
        var waiting = try evaluated(.C, certificate: "2020-06-01", effective: "2020-06-01")
        try waiting.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try waiting.run(.recordDeath(occurredOn: try day("2026-01-10")), on: "2026-01-12")
        var field = try evaluation(.C, certificate: "2020-06-01")
        field.professionalField = "光学"
        try waiting.run(.correctEvaluation(field, reason: "专业领域有误"), on: "2026-01-20")
        #expect(waiting.state.professionalField == "光学")

        // Moved into 2021, the corrected period would be out of 2025's end-term scope; the renewal stands.
        var renewed = try evaluated(.C, certificate: "2020-12-28", effective: "2021-01-10")
        try renewed.confirmEndTerm(.good)
        #expect(renewed.state.period?.basis == .resultConfirmation)
        try renewed.run(
            .correctEvaluation(try evaluation(.C, certificate: "2021-01-05"), reason: "证书落款时间有误"), on: "2026-02-01")
        #expect(renewed.state.period?.basis == .resultConfirmation)
    }

    /// P1, T4: the classified flag is not corrected away from a result made final without publicity (P1
    /// would then ask for a publicity nothing can start), nor onto a talent whose result is being publicized.
    @Test func P1_T4_theClassifiedFlagIsNotCorrectedWhereThePublicityCannotFollow() throws {
        var secret = try evaluated(.C, certificate: "2020-06-01", effective: "2020-06-01", classified: true)
        try secret.confirmEndTerm(.excellent)
        let unclassified = try secret.refusal(
            .correctEvaluation(try evaluation(.C, certificate: "2020-06-01"), reason: "并非涉密人员"), on: "2026-02-01")
        #expect(unclassified?.rule == .P1, "\(String(describing: unclassified))")

        var open = try evaluated(.C, certificate: "2020-06-01", effective: "2020-06-01")
        try open.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try open.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-01-06")
        try open.run(.startPublicity(campaign: 2025), on: "2026-01-07")
        let classified = try open.refusal(
            .correctEvaluation(try evaluation(.C, certificate: "2020-06-01", classified: true), reason: "系涉密人员"),
            on: "2026-01-08")
        #expect(classified?.rule == .T4, "\(String(describing: classified))")
    }

    /// C2, T4: an exited talent's evaluation record can still be corrected (a classified flag missed, which
    /// every list since has shown by name); anything else is still refused.
    @Test func C2_T4_anExitedTalentsRecordIsStillCorrected() throws {
        var ledger = try Ledger(tier: .C, start: "2021-06-01")
        try ledger.reportAndVerify(
            .recordDeath(occurredOn: try day("2026-01-02")), on: "2026-01-10", verifiedOn: "2026-01-20")
        #expect(ledger.state.hasExited)
        try ledger.run(
            .correctEvaluation(try evaluation(.C, certificate: "2021-06-01", classified: true), reason: "系涉密人员"),
            on: "2026-02-01")
        #expect(ledger.state.isClassified && ledger.state.hasExited)
        #expect(try ledger.refusal(.restoreContact, on: "2026-02-02")?.rule == .C2)
    }

    /// X7, D1, LIMITS: an annual assessment's year is no later than the day its result was fixed, and one
    /// the register can hold at all. The refusal cites the rule the result comes under: X7 for a public
    /// institution's 不合格, D1 for the rest.
    @Test func X7_D1_LIMITS_anAnnualAssessmentOfAYearToComeIsRefused() throws {
        let ledger = try Ledger(tier: .C, start: "2021-06-01")
        let fixed = try day("2025-12-31")
        func recorded(_ year: Int, _ result: AnnualAssessment.Result = .qualified) -> TalentCommand {
            .recordAnnualAssessment(
                occurredOn: fixed,
                assessment: AnnualAssessment(year: year, kind: .annual, sector: .publicInstitution, result: result))
        }
        let ahead = try ledger.refusal(recorded(2027), on: "2026-03-26")
        #expect(ahead?.rule == .D1 && ahead?.field == "assessment.year", "\(String(describing: ahead))")
        #expect(try ledger.refusal(recorded(2027, .basicQualified), on: "2026-03-26")?.rule == .D1)
        #expect(try ledger.refusal(recorded(2027, .unqualified), on: "2026-03-26")?.rule == .X7)
        let weakToCome = TalentCommand.recordAnnualAssessment(
            occurredOn: try day("2026-04-01"),
            assessment: AnnualAssessment(year: 2025, kind: .annual, sector: .publicInstitution, result: .basicQualified)
        )
        #expect(try ledger.refusal(weakToCome, on: "2026-03-26")?.rule == .D1)
        #expect(try ledger.refusal(recorded(-3), on: "2026-03-26")?.rule == .registerLimits)
        #expect(try ledger.refusal(recorded(2025), on: "2026-03-26") == nil)
    }

    /// W3: a management period ends in one end-term assessment; registered with 2025's, the talent is not
    /// registered with 2026's as well (two campaigns at once).
    @Test func W3_aPeriodIsRegisteredForOneEndTermAssessment() throws {
        let policy = try Fixture.policy(withCampaignLike2025: 2026)
        var ledger = Ledger(policy: policy, replaying: try Ledger(tier: .C, start: "2020-06-01").events)
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-12-01")
        let again = try ledger.refusal(.registerEndTerm(campaign: 2026), on: "2026-12-02")
        #expect(again?.rule == .W3 && again?.reason.contains("2025年度期末考核") == true, "\(String(describing: again))")
    }

    /// P3: an objection is filed with a number, which its answer names: a blank one could never be answered.
    @Test func P3_anObjectionWithABlankNumberIsRefused() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-01-06")
        let blank = try ledger.refusal(
            .fileObjection(campaign: 2025, objectionId: "   ", summary: "对等次有异议"), on: "2026-01-07")
        #expect(blank?.rule == .P3 && blank?.field == "objectionId", "\(String(describing: blank))")
    }
}

/// What a new evaluation or a correction may not undo: a bar, a report or an investigation waiting, an
/// agreement's end that later facts were decided on.
@Suite("Evaluations that would undo what waits")
struct EvaluationsThatWouldUndoTests {
    static func evaluation(_ tier: Tier, certificate: String) throws -> Evaluation {
        try Ledger.evaluation(tier: tier, certificate: certificate, document: "吉人社字〔2026〕5号")
    }

    /// C3: a downgrade's bar on a higher tier runs its years whatever evaluation comes between: evaluated
    /// again at the tier it was lowered to, the talent is still not evaluated higher before the bar's day.
    @Test func C3_aDowngradesBarOutlivesAnEvaluationAtTheSameTier() throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        _ = try ledger.confirmEndTerm(.fair)
        let bar = try #require(ledger.state.lastDowngrade?.reapplication.allowedFrom)
        try ledger.run(.evaluate(try Self.evaluation(.C, certificate: "2026-06-20")), on: "2026-07-01")
        #expect(ledger.state.lastDowngrade?.reapplication.allowedFrom == bar)
        let higher = try ledger.refusal(.evaluate(try Self.evaluation(.B, certificate: "2027-02-01")), on: "2027-02-03")
        #expect(higher?.rule == .C3, "\(String(describing: higher))")
        #expect(
            try ledger.refusal(.evaluate(try Self.evaluation(.B, certificate: bar.description)), on: bar.description)
                == nil)
    }

    /// C3: a downgrade's bar runs its years over an exit between: an exit for a change of post allows a new
    /// evaluation, not a higher tier sooner.
    @Test func C3_aDowngradesBarOutlivesAnExitForAChangeOfPost() throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        _ = try ledger.confirmEndTerm(.fair)  // B to C on 2026-01-20, B barred until 2028-01-20
        try ledger.run(
            .relocate(kind: .unrelatedPost, newUnit: nil, occurredOn: try day("2026-11-20")), on: "2026-11-21")
        try ledger.run(
            .verifyExitSituation(reason: .unrelatedPost, confirmed: true, finding: "调任非专业岗位"), on: "2026-11-25")
        #expect(ledger.state.hasExited)
        let higher = try ledger.refusal(.evaluate(try Self.evaluation(.B, certificate: "2026-12-07")), on: "2026-12-07")
        #expect(higher?.rule == .C3, "\(String(describing: higher))")
        #expect(
            try ledger.refusal(.evaluate(try Self.evaluation(.C, certificate: "2026-12-07")), on: "2026-12-07") == nil)
    }

    /// G6, M3: an end-term assessment under way is of the period it ends: no new evaluation before its result
    /// is final (made final after one, it would lower, end or renew the new period on the old one's result).
    @Test func G6_M3_noNewEvaluationWhileAnEndTermResultIsUnderWay() throws {
        var ledger = try Ledger(tier: .D, start: "2020-06-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        let again = try Self.evaluation(.B, certificate: "2026-12-01")
        #expect(try ledger.refusal(.evaluate(again), on: "2026-12-07")?.rule == .G6)
        try ledger.run(.grade(campaign: 2025, grade: .fair, decidedCollectively: true), on: "2026-02-02")
        #expect(try ledger.refusal(.evaluate(again), on: "2026-12-07")?.rule == .G6)
        #expect(!ledger.state.mayBeEvaluatedAgain(on: try day("2026-12-07"), policy: ledger.policy))
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-02-03")
        try ledger.run(.finalizeResult(campaign: 2025), on: "2026-02-10")
        // Final, the fair result lowered D to E (G4): evaluated again at E, the period is the new one's.
        #expect(ledger.state.tier == .E)
        #expect(
            try ledger.refusal(.evaluate(try Self.evaluation(.E, certificate: "2026-12-01")), on: "2026-12-07") == nil)
    }

    /// M3, G2, D3: a new evaluation would close undecided what waits for a decision: an investigation's
    /// conclusion (which may find an exit situation), a D1/D2 situation's recommendation, a recommendation's
    /// decision. Refused while one waits, and the page offers no re-evaluation.
    @Test func G2_D3_M3_nothingWaitingForADecisionIsClosedByANewEvaluation() throws {
        var investigated = try Ledger(tier: .C, start: "2020-06-01")
        try investigated.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try investigated.run(.markGradePending(campaign: 2025, investigation: "涉嫌违规问题正在调查"), on: "2026-02-01")
        let again = try Self.evaluation(.C, certificate: "2026-06-20")
        #expect(try investigated.refusal(.evaluate(again), on: "2026-07-02")?.rule == .G2)
        #expect(!investigated.state.mayBeEvaluatedAgain(on: try day("2026-07-02"), policy: investigated.policy))
        try investigated.run(.concludeInvestigation(conclusion: "未发现违规问题"), on: "2026-06-30")
        // Concluded, the assessment it held up is under way again (G6), no longer the investigation.
        #expect(try investigated.refusal(.evaluate(again), on: "2026-07-02")?.rule == .G6)

        var sanctioned = try Ledger(tier: .C, start: "2021-06-01")
        try sanctioned.run(
            .penalize(occurredOn: try day("2026-03-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2026-03-02")
        #expect(try sanctioned.refusal(.evaluate(again), on: "2026-07-02")?.rule == .D3)
        try sanctioned.run(.recommend(outcome: .downgrade), on: "2026-03-10")
        #expect(try sanctioned.refusal(.evaluate(again), on: "2026-07-02")?.rule == .D3)
        #expect(!sanctioned.state.mayBeEvaluatedAgain(on: try day("2026-07-02"), policy: sanctioned.policy))
        try sanctioned.run(.decideRecommendation(outcome: .noAction), on: "2026-03-20")
        #expect(try sanctioned.refusal(.evaluate(again), on: "2026-07-02") == nil)
    }

    /// C3: a correction of an evaluation that followed an exit does not move it inside the waiting years,
    /// nor before the exit: corrected, it must still be one C3 allowed on its day.
    @Test func C3_aCorrectionKeepsAReevaluationOutOfTheWaitingYears() throws {
        var ledger = try Ledger(tier: .C, start: "2020-01-01")
        _ = try ledger.confirmEndTerm(.unqualified)  // exited 2026-01-20, may apply again from 2028-01-20
        try ledger.run(.evaluate(try Self.evaluation(.C, certificate: "2028-02-01")), on: "2028-02-01")
        #expect(ledger.state.exits.map(\.reason) == [.endTermUnqualified] && ledger.state.exit == nil)
        let inside = try ledger.refusal(
            .correctEvaluation(try Self.evaluation(.C, certificate: "2027-06-01"), reason: "证书日期录入错误"),
            on: "2028-03-01")
        #expect(inside?.rule == .C3 && inside?.field == "evaluation.certificateDate", "\(String(describing: inside))")
        #expect(
            try ledger.refusal(
                .correctEvaluation(try Self.evaluation(.C, certificate: "2028-01-25"), reason: "证书日期录入错误"),
                on: "2028-03-01") == nil)
    }

    /// T3, X4: the agreement's end a correction changes is the evaluation's, while nothing rests on it: not
    /// once the agreement was renewed, nor once its expiry was reported or ended the management. A
    /// correction that leaves the end as the record names it goes through after a renewal.
    @Test func T3_X4_anAgreementsEndIsNotCorrectedUnderTheFactsDecidedOnIt() throws {
        func corrected(_ end: String) throws -> TalentCommand {
            .correctEvaluation(
                try Ledger.evaluation(tier: .C, certificate: "2021-06-01", flexibleEnd: end), reason: "协议期限录入有误")
        }
        var renewed = try Ledger(tier: .C, start: "2021-06-01", flexibleEnd: "2023-05-31")
        try renewed.run(.renewFlexibleAgreement(newEnd: try day("2026-05-31")), on: "2023-05-20")
        let afterRenewal = try renewed.refusal(try corrected("2024-05-31"), on: "2025-01-10")
        #expect(afterRenewal?.rule == .T3 && afterRenewal?.field == "evaluation.flexibleAgreementEnd")
        #expect(try renewed.refusal(try corrected("2023-05-31"), on: "2025-01-10") == nil)

        var expired = try Ledger(tier: .C, start: "2019-06-01", flexibleEnd: "2020-05-28")
        try expired.run(.recordFlexibleAgreementExpired, on: "2020-06-10")
        let reported = try expired.refusal(
            .correctEvaluation(
                try Ledger.evaluation(tier: .C, certificate: "2019-06-01", flexibleEnd: "2021-05-28"),
                reason: "协议期限录入有误"), on: "2020-06-20")
        #expect(reported?.rule == .X4 && reported?.field == "evaluation.flexibleAgreementEnd")
    }
}
