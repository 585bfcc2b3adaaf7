extension TalentEvent {
    /// The rule a fact recorded by a person follows, where the fact alone names it: what the timeline shows
    /// beside a fact that carries no ``Derivation`` (a derived fact names the rule that derived it). Nil where
    /// the rule depends on the talent's state or on what the fact holds (a sanction is X6 or D2 by its
    /// severity, a retirement X1 or X2 by the tier): ``governingRule(leaving:)`` names those.
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
        case .exitSituationReported, .exitSituationVerified, .exitReportWithdrawn, .retirementWithdrawn: .X9
        case .talentDowngraded, .talentExited, .entitlementsChanged, .talentRetired, .talentRelocated,
            .talentPenalized, .annualAssessmentRecorded:
            nil
        }
    }

    /// The same for any fact, given the state it left the talent in: the facts whose rule depends on the
    /// talent or on what they hold are named too. A retirement is X1 for tiers B–D and X2 for tier E (tier A's
    /// is no exit situation, §5(2)); a sanction is X6 at the exit threshold and D2 below it; an annual or
    /// appointment-term result is X7 when unqualified in a public institution and D1 when it is a situation
    /// to report; a move is X3 (its situations and its exception) or, within the province, O2.
    public func governingRule(leaving state: Talent) -> RuleID? {
        switch self {
        case .talentRetired:
            switch state.tier {
            case .E?: return .X2
            case .B?, .C?, .D?: return .X1
            case .A?, nil: return nil
            }
        case .talentPenalized(let penalized): return penalized.sanction.meetsExitThreshold ? .X6 : .D2
        // A move out of the province, into civil service or to an unrelated post is X3's situation, a
        // posting to a group's branch its exception; a related move within the province changes who
        // reports for the talent (O2).
        case .talentRelocated(let moved): return moved.kind == .withinProvince ? .O2 : .X3
        case .annualAssessmentRecorded(let recorded):
            if recorded.reportable != nil { return .D1 }
            let unqualified =
                recorded.assessment.sector == .publicInstitution && recorded.assessment.result == .unqualified
            return unqualified ? .X7 : nil
        default: return governingRule
        }
    }
}

extension TalentEvent {
    /// The rule whose deadline this fact's own day is judged by, for a unit's report to the levels above:
    /// an exit situation's written report (X9's month), a recommendation (D3), a weak judgement's follow-up
    /// (W5). Nil for a fact whose day is when it happened.
    public var reportsOnItsDay: RuleID? {
        switch self {
        case .exitSituationReported: .X9
        case .exitOrDowngradeRecommended: .D3
        case .midTermFollowUpRecorded: .W5
        default: nil
        }
    }
}
