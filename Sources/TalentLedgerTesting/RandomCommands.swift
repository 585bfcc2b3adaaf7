import TalentDomain

/// Commands chosen from numbers, for tests that run random sequences of them (the domain's properties, and
/// the read side's rows against a rebuild): each shaped by the talent's state so that many are accepted.
public enum RandomCommands {
    public static let kinds = 27

    /// A command chosen by `value`, shaped by the current state so that many are accepted.
    public static func command(_ value: Int, step: Int, state: Talent, on date: Day) -> TalentCommand {
        let parameter = value / kinds
        let grade = Grade.allCases[parameter % Grade.allCases.count]
        switch value % kinds {
        case 0: return nextEndTermStep(state, grade: grade)
        case 1: return .grade(campaign: 2025, grade: grade, decidedCollectively: parameter % 7 != 0)
        case 2: return .startPublicity(campaign: 2025)
        case 3: return parameter % 2 == 0 ? .endPublicity(campaign: 2025) : nextEndTermStep(state, grade: grade)
        case 4: return .notifyResult(campaign: 2025)
        case 5: return nextEndTermStep(state, grade: grade)
        case 6: return .fileObjection(campaign: 2025, objectionId: "o-\(step)", summary: "objection")
        case 7:
            let open = state.campaign(2025).openObjections.sorted().first ?? "none"
            return .answerObjection(campaign: 2025, objectionId: open, response: "answered")
        case 8: return .markGradePending(campaign: 2025, investigation: "case \(step)")
        case 9: return .concludeInvestigation(conclusion: "closed")
        case 10: return .submitMidTermSurvey(campaign: 2025, items: Self.surveyItems)
        case 11: return .collectBasicInfo(campaign: 2025, info: Self.basicInfo)
        case 12:
            let terms = RehireTerms(agreementReference: "r-\(step)", sameField: parameter % 2 == 0)
            return .retire(occurredOn: date.adding(days: -(parameter % 60)), rehire: parameter % 3 == 0 ? nil : terms)
        case 13:
            let kind = RelocationKind.allCases[parameter % RelocationKind.allCases.count]
            // A branch posting keeps the talent's unit and names none (T2).
            let named = kind == .outOfProvinceBranchPosting ? nil : UnitID("unit-\(step)")
            return .relocate(kind: kind, newUnit: named, occurredOn: date)
        case 14:
            let measure = Sanction.Measure.allCases[parameter % Sanction.Measure.allCases.count]
            return .penalize(occurredOn: date, sanction: Sanction(kind: measure.kind, measure: measure))
        case 15:
            let result = AnnualAssessment.Result.allCases[parameter % AnnualAssessment.Result.allCases.count]
            let sector = AnnualAssessment.Sector.allCases[parameter % 2]
            return .recordAnnualAssessment(
                occurredOn: date,
                assessment: AnnualAssessment(year: 2024, kind: .annual, sector: sector, result: result))
        case 16: return .recommend(outcome: RecommendationOutcome.allCases[parameter % 3])
        case 17: return .decideRecommendation(outcome: RecommendationOutcome.allCases[parameter % 3])
        case 18: return .recordLostContact(since: date.adding(days: -200))
        case 19: return .exitForLostContact
        case 20:
            switch parameter % 5 {
            case 0: return .recordDeath(occurredOn: date)
            case 1: return .recordOverdueAbroad(occurredOn: date)
            case 2: return .findMisconduct(occurredOn: date, finding: "found")
            case 3: return .recordOtherExitSituation(occurredOn: date, situation: "other")
            default: return .restoreContact
            }
        case 21:
            let measures: [FraudMeasure] = parameter % 2 == 0 ? [.talkToHead] : [.revokeQualification]
            return .findFraud(finding: "spot-check", measures: measures)
        case 22: return .payHousingSubsidyInstalment(number: parameter % 4)
        case 23: return parameter % 2 == 0 ? .suspendServices(reason: "late") : .restoreServices(reason: "make-up")
        case 24:
            return .evaluate(
                Evaluation(
                    talentId: TalentID("t-1"), tier: Tier.allCases[parameter % 5], unit: UnitID("unit-1"),
                    professionalField: "f", evaluatingDocument: "re-\(step)", certificateDate: date))
        case 25: return .endLabourContract(occurredOn: date, article19Item: 1 + parameter % 14)
        default:
            let reason =
                state.pendingExitReports.first?.reason ?? ExitReason.allCases[parameter % ExitReason.allCases.count]
            return .verifyExitSituation(reason: reason, confirmed: parameter % 4 != 0, finding: "checked")
        }
    }

    /// The next step of the end-term procedure, so random runs also reach final results and their
    /// consequences, not only the first steps.
    public static func nextEndTermStep(_ state: Talent, grade: Grade) -> TalentCommand {
        let record = state.campaign(2025)
        if state.status == .pendingInvestigation { return .concludeInvestigation(conclusion: "closed") }
        if let open = record.openObjections.sorted().first {
            return .answerObjection(campaign: 2025, objectionId: open, response: "answered")
        }
        if record.endTermRegisteredOn == nil { return .registerEndTerm(campaign: 2025) }
        guard let current = record.grade else {
            return .grade(campaign: 2025, grade: grade, decidedCollectively: true)
        }
        if current == .excellent, !state.isClassified {
            if record.publicity == nil { return .startPublicity(campaign: 2025) }
            if record.isPublicityRunning { return .endPublicity(campaign: 2025) }
        }
        if record.notifiedOn == nil { return .notifyResult(campaign: 2025) }
        return .finalizeResult(campaign: 2025)
    }

    public static let surveyItems = MidTermSurveyItems(
        innovationAndEntrepreneurship: "new venture", technicalBreakthroughs: "alloy process",
        transferOfResults: "two licences", economicAndSocialBenefit: "plant output up",
        professionalLevel: "provincial award", talentCultivation: "three doctoral students")

    public static let basicInfo = BasicInfo(
        industry: "manufacturing", professionalField: "materials", education: "doctorate",
        professionalTitle: "professor-level senior engineer")
}
