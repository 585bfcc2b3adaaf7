/// D1–D3: situations short of an exit that the unit reports with a recommendation, and the province's
/// decision on them (§5(3)2).
extension Decision {
    /// D1/D2: the situation and the last day of its one-month reporting deadline.
    func reportable(_ kind: ReportableSituation.Kind, _ rule: RuleID, _ occurredOn: Day) -> ReportableSituation {
        ReportableSituation(
            kind: kind, rule: rule, occurredOn: occurredOn,
            reportDue: occurredOn.adding(months: policy.management.downgradeReportDeadlineMonths))
    }

    /// D3: the unit reports its D1/D2 situations with a recommendation on *whether* to downgrade or exit
    /// (是否应给予其降级或退出管理的建议, §5(3)2): no change, a downgrade or an exit; a late report is flagged.
    func recommend(_ outcome: RecommendationOutcome) throws(Refusal) -> [TalentEvent] {
        guard !state.pendingReports.isEmpty else {
            throw Refusal(.D3, "没有须提出降级或退出管理建议的情形（D1、D2）")
        }
        guard state.openRecommendation == nil else {
            throw Refusal(.D3, "已提出的建议尚待省人社厅决定")
        }
        try requireNotBefore(state.pendingReports.map(\.occurredOn).max(), .D3, "须报告的情形发生之日")
        return [
            ExitOrDowngradeRecommended(
                effectiveDate: date, outcome: outcome, situations: state.pendingReports,
                reportedWithinDeadline: state.pendingReports.allSatisfy { date <= $0.reportDue }
            ).event
        ]
    }

    /// D3: the province decides; this is the province's own verification ("经核实后"), so the downgrade or
    /// exit takes effect at once. A downgrade from E is an exit.
    func decideRecommendation(_ outcome: RecommendationOutcome) throws(Refusal) -> [TalentEvent] {
        guard let open = state.openRecommendation else {
            throw Refusal(.D3, "没有待决定的降级或退出管理建议")
        }
        try requireNotBefore(open.recommendedOn, .D3, "用人单位提出建议之日")
        let decided = RecommendationDecided(effectiveDate: date, outcome: outcome).event
        let situations = open.situations.map { "\($0.rule)" }.joined(separator: "、")
        let cause = "省人社厅就\(situations)情形的建议作出决定：\(outcome.chineseName)"
        let after = Decision(state: evolve(state, decided), policy: policy, date: date)
        switch outcome {
        case .noAction: return [decided]
        case .downgrade:
            return [decided] + (try after.downgradeOrExit(rule: .D3, cause: cause, exitReason: .downgradedFromTierE))
        case .exit:
            return [decided] + (try after.exit(.provinceDecidedExit, cause: cause))
        }
    }
}
