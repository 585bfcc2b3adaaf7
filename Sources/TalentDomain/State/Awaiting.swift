/// What a talent's record holds open, waiting for a step that closes it: a report of a situation awaiting
/// verification (X9) or a recommendation (D3), a recommendation awaiting the province's decision, an
/// investigation (G2), an objection not answered (P3). Each refuses some steps taken while it waits (W4, P3,
/// X9): a fact that opens one is not dated before such a step already recorded as if it were not there.
public enum Awaiting: Sendable, Hashable, Comparable {
    case exitReport(ExitReason)
    case situationReport(RuleID)
    case recommendation
    case investigation
    case objection(campaign: Int, id: String)

    /// How a refusal names it.
    public var chineseName: String {
        switch self {
        case .exitReport(let reason): "待核实的“\(reason.chineseName)”报告"
        case .situationReport(let rule): "待报告并提出建议的\(rule.rawValue)情形"
        case .recommendation: "待决定的降级或退出建议"
        case .investigation: "尚未结束的调查"
        case .objection(let campaign, let id): "\(campaign)年度考核结果的异议\(id)"
        }
    }

    public static func < (lhs: Awaiting, rhs: Awaiting) -> Bool { lhs.chineseName < rhs.chineseName }

    /// Whether `event`, had this been open when it was recorded, would have been refused: a survey's or an
    /// assessment's step while an exit situation waits (W4), the talent's life while its death waits (X9), a
    /// new evaluation while anything waits (X9, D3, G2), a result made final over its objection (P3). A fact
    /// that opens this is not dated before such an event; before any other (a collection, a service
    /// suspended) it is.
    public func wouldHaveRefused(_ event: TalentEvent) -> Bool {
        if case .talentEvaluated = event, !isObjection { return true }
        switch self {
        case .exitReport(let reason):
            return event.isSurveyOrAssessmentStep || (reason == .died && event.recordsTheTalentsLife)
        case .objection(let year, _):
            guard case .endTermResultConfirmed(let confirmed) = event else { return false }
            return confirmed.campaignYear == year
        case .situationReport, .recommendation, .investigation:
            return false
        }
    }

    private var isObjection: Bool {
        if case .objection = self { true } else { false }
    }
}

extension TalentEvent {
    /// The facts of a survey's or an assessment's steps, which W4 refuses once an exit situation is reported
    /// (the events of ``TalentCommand/isSurveyOrAssessment``).
    var isSurveyOrAssessmentStep: Bool {
        switch self {
        case .midTermSurveySubmitted, .midTermJudgedWeak, .midTermFollowUpRecorded, .endTermRegistered,
            .endTermGraded, .endTermGradePending, .publicityStarted, .resultNotified, .endTermResultConfirmed:
            true
        default: false
        }
    }

    /// The facts of the talent's life, which X9 refuses while its death waits for verification (the events
    /// of ``TalentCommand/recordsTheTalentsLife``).
    var recordsTheTalentsLife: Bool {
        switch self {
        case .talentRetired, .talentRehired, .rehireEnded, .talentRelocated, .flexibleAgreementRenewed,
            .flexibleAgreementExpired, .misconductFound, .talentPenalized, .annualAssessmentRecorded,
            .labourContractEnded, .overdueAbroad, .contactLost, .contactRestored, .otherExitSituationFound:
            true
        default: false
        }
    }
}

extension Talent {
    /// Everything the record holds open on its day.
    public var awaiting: Set<Awaiting> {
        var open = Set(pendingExitReports.map { Awaiting.exitReport($0.reason) })
        open.formUnion(pendingReports.map { .situationReport($0.rule) })
        if openRecommendation != nil { open.insert(.recommendation) }
        if investigation != nil { open.insert(.investigation) }
        for (year, record) in campaigns {
            open.formUnion(record.openObjections.map { .objection(campaign: year, id: $0) })
        }
        return open
    }
}
