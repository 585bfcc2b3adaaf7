/// What a unit HR officer or the provincial office asks of the register, in the notice's language.
public enum TalentCommand: Sendable, Hashable, Codable {
    /// 评定: evaluate into a tier; again for a re-evaluation (M3).
    case evaluate(Evaluation)
    /// 评定信息更正: the provincial office corrects the last evaluation's record (its start date and
    /// source, document, professional field, flexible agreement's end, classified flag), effective on the
    /// day of that evaluation. The tier and unit must be those of the record being corrected.
    case correctEvaluation(Evaluation, reason: String)
    /// W1 基本信息采集
    case collectBasicInfo(campaign: Int, info: BasicInfo)
    /// W2 期中业绩调查
    case submitMidTermSurvey(campaign: Int, items: MidTermSurveyItems)
    /// W5: the unit judges a mid-term survey weak (业绩较弱), a fact of its own; the follow-up is owed from it.
    case judgeMidTermWeak(campaign: Int)
    /// W5 提醒谈话 and 帮扶措施: the responsible person, the reminder talk and the help measures with their
    /// deadline to improve, for a survey judged weak.
    case recordMidTermFollowUp(
        campaign: Int, responsiblePerson: String, reminderTalkOn: Day, helpMeasures: String, improveBy: Day)
    /// W3 期末考核登记
    case registerEndTerm(campaign: Int)
    /// G1/G6: the grade decided by the unit's leadership.
    case grade(campaign: Int, grade: Grade, decidedCollectively: Bool)
    /// G2 暂不确定等次
    case markGradePending(campaign: Int, investigation: String)
    case concludeInvestigation(conclusion: String)
    /// P1 公示
    case startPublicity(campaign: Int)
    case endPublicity(campaign: Int)
    /// P3 异议
    case fileObjection(campaign: Int, objectionId: String, summary: String)
    case answerObjection(campaign: Int, objectionId: String, response: String)
    /// G6 书面通知
    case notifyResult(campaign: Int)
    /// G6: the result becomes final and its consequences follow.
    case finalizeResult(campaign: Int)
    /// X1–X8: each fact below that is an exit situation is also the unit's X9 written report; the exit
    /// takes effect when the province verifies it (`verifyExitSituation`).
    ///
    /// X1/X2: retirement on the day it occurred (办理退休手续), with the rehire agreement if there is one.
    /// The day counts X9's month for the report; the command's business day is the report's.
    case retire(occurredOn: Day, rehire: RehireTerms?)
    /// X1: a same-field rehire; recorded while an X1 report waits for verification, the situation does not
    /// hold (退休且未返聘) and the report is closed.
    case rehire(RehireTerms)
    /// X1: the rehire agreement ended on the day given.
    case endRehire(occurredOn: Day)
    /// X3/T2
    case relocate(kind: RelocationKind, newUnit: UnitID?, occurredOn: Day)
    /// T3/X4
    case renewFlexibleAgreement(newEnd: Day)
    case recordFlexibleAgreementExpired
    /// X5
    case findMisconduct(occurredOn: Day, finding: String)
    /// X6/D2
    case penalize(occurredOn: Day, sanction: Sanction)
    /// X7/D1
    case recordAnnualAssessment(occurredOn: Day, assessment: AnnualAssessment)
    /// X7
    case endLabourContract(occurredOn: Day, article19Item: Int)
    /// X8
    case recordDeath(occurredOn: Day)
    case recordOverdueAbroad(occurredOn: Day)
    case recordLostContact(since: Day)
    case restoreContact
    /// X8: reports lost contact of six months or more (the exit follows on verification).
    case exitForLostContact
    case recordOtherExitSituation(occurredOn: Day, situation: String)
    /// X9 核实: the province verifies a reported exit situation; confirmed, the exit takes effect.
    case verifyExitSituation(reason: ExitReason, confirmed: Bool, finding: String)
    /// D3: the unit's recommendation, then the province's decision.
    case recommend(outcome: RecommendationOutcome)
    case decideRecommendation(outcome: RecommendationOutcome)
    /// F1
    case findFraud(finding: String, measures: [FraudMeasure])
    /// E4
    case payHousingSubsidyInstalment(number: Int)
    /// S3/S4: late submission suspends the cards; an accepted make-up restores them.
    case suspendServices(reason: String)
    /// S4: the suspended service cards come back; `cards`, when given, names the only ones that may (a
    /// late-unit job restores what its own suspension took, not a card suspended otherwise).
    case restoreServices(reason: String, cards: [EntitlementChange.Item]? = nil)
}

/// The facts of an evaluation, with every M2 start-date source known; `decide` picks by precedence.
public struct Evaluation: Sendable, Hashable, Codable {
    public var talentId: TalentID
    public var tier: Tier
    public var unit: UnitID
    public var professionalField: String
    public var evaluatingDocument: String
    /// 电子证书落款时间
    public var certificateDate: Day?
    /// Date of the provincial document publishing the list.
    public var listDocumentDate: Day?
    /// Date the 吉享卡 was issued (early evaluations).
    public var jixiangCardIssuedDate: Day?
    /// T3: the flexible-introduction agreement's end.
    public var flexibleAgreementEnd: Day?
    /// T4
    public var classified: Bool
    /// The day the talent was evaluated; M2 uses it to tell an early evaluation (before 2020) whose
    /// period may start on the 吉享卡 date.
    public var evaluatedOn: Day?

    public init(
        talentId: TalentID, tier: Tier, unit: UnitID, professionalField: String, evaluatingDocument: String,
        certificateDate: Day? = nil, listDocumentDate: Day? = nil, jixiangCardIssuedDate: Day? = nil,
        flexibleAgreementEnd: Day? = nil, classified: Bool = false, evaluatedOn: Day? = nil
    ) {
        self.talentId = talentId
        self.tier = tier
        self.unit = unit
        self.professionalField = professionalField
        self.evaluatingDocument = evaluatingDocument
        self.certificateDate = certificateDate
        self.listDocumentDate = listDocumentDate
        self.jixiangCardIssuedDate = jixiangCardIssuedDate
        self.flexibleAgreementEnd = flexibleAgreementEnd
        self.classified = classified
        self.evaluatedOn = evaluatedOn
    }
}

/// A rehire (返聘) agreement as presented by the unit.
public struct RehireTerms: Sendable, Hashable, Codable {
    public var agreementReference: String
    /// X1 counts only a rehire to keep working in the same professional field.
    public var sameField: Bool
    /// X1 counts only a rehire by the talent's original unit or another enterprise or institution in Jilin
    /// ("已被原单位或省内其他企事业单位'返聘'").
    public var inProvince: Bool
    public var validUntil: Day?

    public init(agreementReference: String, sameField: Bool, inProvince: Bool = true, validUntil: Day? = nil) {
        self.agreementReference = agreementReference
        self.sameField = sameField
        self.inProvince = inProvince
        self.validUntil = validUntil
    }
}

extension TalentCommand {
    /// Whether the command registers or corrects an evaluation: the facts that may be dated before
    /// everything else the register holds of the talent.
    public var isEvaluation: Bool {
        switch self {
        case .evaluate, .correctEvaluation: true
        default: false
        }
    }

    public var isEvaluationCorrection: Bool {
        if case .correctEvaluation = self { return true }
        return false
    }
}
