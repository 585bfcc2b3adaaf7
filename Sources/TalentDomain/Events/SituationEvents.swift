/// Retirement procedures done (办理退休手续); X1/X2 decide what follows.
public struct TalentRetired: TalentEventPayload {
    public static let typeName = "TalentRetired"
    public var effectiveDate: Day
    public var event: TalentEvent { .talentRetired(self) }
}

/// X1: rehired (返聘) under an agreement.
public struct TalentRehired: TalentEventPayload {
    public static let typeName = "TalentRehired"
    public var effectiveDate: Day
    public var agreementReference: String
    public var sameField: Bool
    /// Rehired by the original unit or another one in Jilin; nil in a rehire recorded before the register
    /// asked, which was taken as one.
    public var inProvince: Bool?
    public var validUntil: Day?
    public var event: TalentEvent { .talentRehired(self) }
}

/// X1: the rehire agreement ended.
public struct RehireEnded: TalentEventPayload {
    public static let typeName = "RehireEnded"
    public var effectiveDate: Day
    public var event: TalentEvent { .rehireEnded(self) }
}

/// X3/T2: moved out of the province, into civil service, within the province or to an unrelated post.
public struct TalentRelocated: TalentEventPayload {
    public static let typeName = "TalentRelocated"
    public var effectiveDate: Day
    public var kind: RelocationKind
    public var newUnit: UnitID?
    public var event: TalentEvent { .talentRelocated(self) }
}

/// T3/X4: the flexible-introduction agreement was renewed.
public struct FlexibleAgreementRenewed: TalentEventPayload {
    public static let typeName = "FlexibleAgreementRenewed"
    public var effectiveDate: Day
    public var newEnd: Day
    public var event: TalentEvent { .flexibleAgreementRenewed(self) }
}

/// X4: the flexible-introduction agreement expired and was not renewed.
public struct FlexibleAgreementExpired: TalentEventPayload {
    public static let typeName = "FlexibleAgreementExpired"
    public var effectiveDate: Day
    public var endedOn: Day
    public var event: TalentEvent { .flexibleAgreementExpired(self) }
}

/// X5: misconduct (失德、失范、失信) with bad social impact, or found against by the authorities.
public struct MisconductFound: TalentEventPayload {
    public static let typeName = "MisconductFound"
    public var effectiveDate: Day
    public var occurredOn: Day
    public var finding: String
    public var event: TalentEvent { .misconductFound(self) }
}

/// X6/D2: a sanction was imposed.
public struct TalentPenalized: TalentEventPayload {
    public static let typeName = "TalentPenalized"
    public var effectiveDate: Day
    public var occurredOn: Day
    public var sanction: Sanction
    /// D2: the situation the unit must report when the sanction is below the X6 threshold.
    public var reportable: ReportableSituation?
    public var event: TalentEvent { .talentPenalized(self) }
}

/// X7/D1: an annual or appointment-term assessment result.
public struct AnnualAssessmentRecorded: TalentEventPayload {
    public static let typeName = "AnnualAssessmentRecorded"
    public var effectiveDate: Day
    public var occurredOn: Day
    public var assessment: AnnualAssessment
    /// D1: the situation the unit must report, for a basic-qualified or undetermined result.
    public var reportable: ReportableSituation?
    public var event: TalentEvent { .annualAssessmentRecorded(self) }
}

/// X7: a labour contract ended, under an item of Art. 19 of the Implementing Regulations.
public struct LabourContractEnded: TalentEventPayload {
    public static let typeName = "LabourContractEnded"
    public var effectiveDate: Day
    public var occurredOn: Day
    /// The item of Art. 19 under which the employer ended the contract; items 3–9 are X7 exits.
    public var article19Item: Int
    public var event: TalentEvent { .labourContractEnded(self) }
}

/// X8: death.
public struct TalentDied: TalentEventPayload {
    public static let typeName = "TalentDied"
    public var effectiveDate: Day
    public var occurredOn: Day
    public var event: TalentEvent { .talentDied(self) }
}

/// X8: stayed abroad past the permitted time in breach of rules.
public struct OverdueAbroad: TalentEventPayload {
    public static let typeName = "OverdueAbroad"
    public var effectiveDate: Day
    public var occurredOn: Day
    public var event: TalentEvent { .overdueAbroad(self) }
}

/// X8: contact lost since a day; exit follows once it has lasted long enough.
public struct ContactLost: TalentEventPayload {
    public static let typeName = "ContactLost"
    public var effectiveDate: Day
    public var since: Day
    public var event: TalentEvent { .contactLost(self) }
}

/// X8: contact re-established.
public struct ContactRestored: TalentEventPayload {
    public static let typeName = "ContactRestored"
    public var effectiveDate: Day
    public var event: TalentEvent { .contactRestored(self) }
}

/// X8: another situation that calls for exit.
public struct OtherExitSituationFound: TalentEventPayload {
    public static let typeName = "OtherExitSituationFound"
    public var effectiveDate: Day
    public var occurredOn: Day
    public var situation: String
    public var event: TalentEvent { .otherExitSituationFound(self) }
}

/// F1: falsification found on spot-check and the measures taken.
public struct FraudFound: TalentEventPayload {
    public static let typeName = "FraudFound"
    public var effectiveDate: Day
    public var finding: String
    public var measures: [FraudMeasure]
    public var event: TalentEvent { .fraudFound(self) }
}

/// D3: the unit's report on D1/D2 situations, recommending downgrade or exit.
public struct ExitOrDowngradeRecommended: TalentEventPayload {
    public static let typeName = "ExitOrDowngradeRecommended"
    public var effectiveDate: Day
    public var outcome: RecommendationOutcome
    public var situations: [ReportableSituation]
    public var reportedWithinDeadline: Bool
    public var event: TalentEvent { .exitOrDowngradeRecommended(self) }
}

/// D3: the province decided on the recommendation.
public struct RecommendationDecided: TalentEventPayload {
    public static let typeName = "RecommendationDecided"
    public var effectiveDate: Day
    public var outcome: RecommendationOutcome
    public var event: TalentEvent { .recommendationDecided(self) }
}
