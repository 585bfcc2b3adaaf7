/// Evaluated into a tier (评定); a later evaluation starts a new period (M3).
public struct TalentEvaluated: TalentEventPayload {
    public static let typeName = "TalentEvaluated"
    public var effectiveDate: Day
    public var talentId: TalentID
    public var tier: Tier
    public var unit: UnitID
    public var professionalField: String
    public var periodStart: Day
    public var periodEnd: Day
    public var startSource: PeriodStartSource
    public var evaluatingDocument: String
    public var flexibleAgreementEnd: Day?
    public var classified: Bool
    /// The evaluation's own date when it was given (M2, early evaluations).
    public var evaluatedOn: Day?
    public var event: TalentEvent { .talentEvaluated(self) }
}

/// The evaluation record corrected (评定信息更正): the start-date source (M2), the evaluating document,
/// the professional field, the flexible agreement's end (T3) or the classified flag (T4) was recorded
/// wrongly. Effective on the day of the evaluation it corrects, so in business time it supersedes the
/// wrong facts from the start, while the register still shows what it knew before the correction.
/// The tier and the unit are not corrected here: a re-evaluation (M3) or a move (T2) changes those.
public struct EvaluationCorrected: TalentEventPayload {
    public static let typeName = "EvaluationCorrected"
    public var effectiveDate: Day
    public var professionalField: String
    public var periodStart: Day
    public var periodEnd: Day
    public var startSource: PeriodStartSource
    public var evaluatingDocument: String
    public var flexibleAgreementEnd: Day?
    public var classified: Bool
    public var evaluatedOn: Day?
    /// Why the record was wrong (the document that shows the right facts, say).
    public var reason: String
    /// E4: the day the housing subsidy's schedule counts from after the correction, when it counted from the
    /// period's start and the start moved (the policy's `housingSubsidyScheduleStart`); nil leaves it.
    public var housingSubsidyCountedFrom: Day? = nil
    public var event: TalentEvent { .evaluationCorrected(self) }
}

/// A new period started on the confirmation of an end-term result (M4).
public struct ManagementPeriodRenewed: TalentEventPayload {
    public static let typeName = "ManagementPeriodRenewed"
    public var effectiveDate: Day
    public var tier: Tier
    public var start: Day
    public var end: Day
    public var derivation: Derivation?
    public var event: TalentEvent { .managementPeriodRenewed(self) }
}

extension TalentEvaluated {
    /// The evaluation the talent's tier stands on (the last, M3) with the corrections of its record since
    /// (M2, T3, T4), in business order: what a correction starts from.
    public static func standing(in events: [TalentEvent]) -> TalentEvaluated? {
        Talent.businessOrder(events, effectiveDate: \.effectiveDate).reduce(nil) { record, event in
            switch event {
            case .talentEvaluated(let evaluated):
                return evaluated
            case .evaluationCorrected(let corrected):
                guard var record else { return nil }
                record.professionalField = corrected.professionalField
                record.periodStart = corrected.periodStart
                record.periodEnd = corrected.periodEnd
                record.startSource = corrected.startSource
                record.evaluatingDocument = corrected.evaluatingDocument
                record.flexibleAgreementEnd = corrected.flexibleAgreementEnd
                record.classified = corrected.classified
                record.evaluatedOn = corrected.evaluatedOn
                return record
            default:
                return record
            }
        }
    }
}
