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
