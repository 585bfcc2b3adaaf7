/// What a talent's record holds open, waiting for a step that closes it: a report of a situation awaiting
/// verification (X9) or a recommendation (D3), a recommendation awaiting the province's decision, an
/// investigation (G2), an objection not answered (P3). Each refuses steps taken while it waits (W4, P3, X9):
/// a fact that opens one is not dated before facts already recorded as if it were not there.
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
