extension TalentEvent {
    /// The rule a fact recorded by a person follows, where the fact alone names it: what the timeline shows
    /// beside a fact that carries no ``Derivation`` (a derived fact names the rule that derived it). Nil where
    /// the rule depends on the talent's state (a sanction is X6 or D2 by its severity, a retirement X1 or X2 by
    /// the tier): the facts the domain derives from it name it.
    public var governingRule: RuleID? {
        switch self {
        case .basicInfoCollected: .W1
        case .midTermSurveySubmitted: .W2
        case .midTermJudgedWeak, .midTermFollowUpRecorded: .W5
        case .endTermRegistered: .W3
        case .endTermGraded: .G1
        case .endTermGradePending, .investigationConcluded: .G2
        case .publicityStarted, .publicityEnded: .P1
        case .objectionFiled, .objectionAnswered: .P3
        case .resultNotified, .endTermResultConfirmed: .G6
        case .movedToContactList: .X10
        case .housingSubsidyInstalmentPaid: .E4
        case .talentEvaluated: .T1
        case .evaluationCorrected: .M2
        case .managementPeriodRenewed: .M4
        case .talentRehired, .rehireEnded: .X1
        case .flexibleAgreementRenewed: .T3
        case .flexibleAgreementExpired: .X4
        case .misconductFound: .X5
        case .labourContractEnded: .X7
        case .talentDied, .overdueAbroad, .contactLost, .contactRestored, .otherExitSituationFound: .X8
        case .fraudFound: .F1
        case .exitOrDowngradeRecommended, .recommendationDecided: .D3
        case .exitSituationReported, .exitSituationVerified, .exitReportWithdrawn: .X9
        case .talentDowngraded, .talentExited, .entitlementsChanged, .talentRetired, .talentRelocated,
            .talentPenalized, .annualAssessmentRecorded:
            nil
        }
    }
}
