import Foundation

/// Everything that can happen to a talent. Each case wraps its payload; the store keeps the payload's
/// `typeName`, `schemaVersion`, JSON and `effectiveDate`.
public enum TalentEvent: Sendable, Hashable {
    case basicInfoCollected(BasicInfoCollected)
    case midTermSurveySubmitted(MidTermSurveySubmitted)
    case midTermJudgedWeak(MidTermJudgedWeak)
    case midTermFollowUpRecorded(MidTermFollowUpRecorded)
    case endTermRegistered(EndTermRegistered)
    case endTermGraded(EndTermGraded)
    case endTermGradePending(EndTermGradePending)
    case investigationConcluded(InvestigationConcluded)
    case publicityStarted(PublicityStarted)
    case publicityEnded(PublicityEnded)
    case objectionFiled(ObjectionFiled)
    case objectionAnswered(ObjectionAnswered)
    case resultNotified(ResultNotified)
    case endTermResultConfirmed(EndTermResultConfirmed)
    case talentDowngraded(TalentDowngraded)
    case talentExited(TalentExited)
    case entitlementsChanged(EntitlementsChanged)
    case movedToContactList(MovedToContactList)
    case housingSubsidyInstalmentPaid(HousingSubsidyInstalmentPaid)
    case talentEvaluated(TalentEvaluated)
    case evaluationCorrected(EvaluationCorrected)
    case managementPeriodRenewed(ManagementPeriodRenewed)
    case talentRetired(TalentRetired)
    case talentRehired(TalentRehired)
    case rehireEnded(RehireEnded)
    case talentRelocated(TalentRelocated)
    case flexibleAgreementRenewed(FlexibleAgreementRenewed)
    case flexibleAgreementExpired(FlexibleAgreementExpired)
    case misconductFound(MisconductFound)
    case talentPenalized(TalentPenalized)
    case annualAssessmentRecorded(AnnualAssessmentRecorded)
    case labourContractEnded(LabourContractEnded)
    case talentDied(TalentDied)
    case overdueAbroad(OverdueAbroad)
    case contactLost(ContactLost)
    case contactRestored(ContactRestored)
    case otherExitSituationFound(OtherExitSituationFound)
    case fraudFound(FraudFound)
    case exitOrDowngradeRecommended(ExitOrDowngradeRecommended)
    case recommendationDecided(RecommendationDecided)
    case exitSituationReported(ExitSituationReported)
    case exitSituationVerified(ExitSituationVerified)
    case exitReportWithdrawn(ExitReportWithdrawn)
    case retirementWithdrawn(RetirementWithdrawn)

    /// The payload of this event, whatever its type.
    public var payload: any TalentEventPayload {
        switch self {
        case .basicInfoCollected(let p): return p
        case .midTermSurveySubmitted(let p): return p
        case .midTermJudgedWeak(let p): return p
        case .midTermFollowUpRecorded(let p): return p
        case .endTermRegistered(let p): return p
        case .endTermGraded(let p): return p
        case .endTermGradePending(let p): return p
        case .investigationConcluded(let p): return p
        case .publicityStarted(let p): return p
        case .publicityEnded(let p): return p
        case .objectionFiled(let p): return p
        case .objectionAnswered(let p): return p
        case .resultNotified(let p): return p
        case .endTermResultConfirmed(let p): return p
        case .talentDowngraded(let p): return p
        case .talentExited(let p): return p
        case .entitlementsChanged(let p): return p
        case .movedToContactList(let p): return p
        case .housingSubsidyInstalmentPaid(let p): return p
        case .talentEvaluated(let p): return p
        case .evaluationCorrected(let p): return p
        case .managementPeriodRenewed(let p): return p
        case .talentRetired(let p): return p
        case .talentRehired(let p): return p
        case .rehireEnded(let p): return p
        case .talentRelocated(let p): return p
        case .flexibleAgreementRenewed(let p): return p
        case .flexibleAgreementExpired(let p): return p
        case .misconductFound(let p): return p
        case .talentPenalized(let p): return p
        case .annualAssessmentRecorded(let p): return p
        case .labourContractEnded(let p): return p
        case .talentDied(let p): return p
        case .overdueAbroad(let p): return p
        case .contactLost(let p): return p
        case .contactRestored(let p): return p
        case .otherExitSituationFound(let p): return p
        case .fraudFound(let p): return p
        case .exitOrDowngradeRecommended(let p): return p
        case .recommendationDecided(let p): return p
        case .exitSituationReported(let p): return p
        case .exitSituationVerified(let p): return p
        case .exitReportWithdrawn(let p): return p
        case .retirementWithdrawn(let p): return p
        }
    }

    /// Every payload type, keyed by its stable type name.
    static let payloadTypes: [String: any TalentEventPayload.Type] = {
        let types: [any TalentEventPayload.Type] = [
            BasicInfoCollected.self,
            MidTermSurveySubmitted.self,
            MidTermJudgedWeak.self,
            MidTermFollowUpRecorded.self,
            EndTermRegistered.self,
            EndTermGraded.self,
            EndTermGradePending.self,
            InvestigationConcluded.self,
            PublicityStarted.self,
            PublicityEnded.self,
            ObjectionFiled.self,
            ObjectionAnswered.self,
            ResultNotified.self,
            EndTermResultConfirmed.self,
            TalentDowngraded.self,
            TalentExited.self,
            EntitlementsChanged.self,
            MovedToContactList.self,
            HousingSubsidyInstalmentPaid.self,
            TalentEvaluated.self,
            EvaluationCorrected.self,
            ManagementPeriodRenewed.self,
            TalentRetired.self,
            TalentRehired.self,
            RehireEnded.self,
            TalentRelocated.self,
            FlexibleAgreementRenewed.self,
            FlexibleAgreementExpired.self,
            MisconductFound.self,
            TalentPenalized.self,
            AnnualAssessmentRecorded.self,
            LabourContractEnded.self,
            TalentDied.self,
            OverdueAbroad.self,
            ContactLost.self,
            ContactRestored.self,
            OtherExitSituationFound.self,
            FraudFound.self,
            ExitOrDowngradeRecommended.self,
            RecommendationDecided.self,
            ExitSituationReported.self,
            ExitSituationVerified.self,
            ExitReportWithdrawn.self,
            RetirementWithdrawn.self,
        ]
        // Later entries would win on a repeated name; a unit test checks the names are distinct.
        return Dictionary(types.map { ($0.typeName, $0) }, uniquingKeysWith: { first, _ in first })
    }()
}
