/// Something the register is waiting for past its time: what, under which rule, and since when.
public struct OverdueItem: Sendable, Hashable, Codable {
    public var rule: RuleID
    public var what: String
    /// The same in the notice's terms, for the console's pages (`what` is the API's and the command line's).
    public var whatInChinese: String
    /// The day it became overdue: the day after its deadline (the deadline's own day is in time), or the day
    /// the wait began.
    public var since: Day

    public init(rule: RuleID, what: String, whatInChinese: String, since: Day) {
        self.rule = rule
        self.what = what
        self.whatInChinese = whatInChinese
        self.since = since
    }

    /// Something owed by `due`, which is in time on that day: overdue from the day after.
    public init(rule: RuleID, what: String, whatInChinese: String, dueBy due: Day) {
        self.init(rule: rule, what: what, whatInChinese: whatInChinese, since: due.adding(days: 1))
    }
}

extension Talent {
    /// What is overdue for this talent on `day`: exit situations reported more than the deadline after
    /// they occurred (X9), D1/D2 situations not yet reported with a recommendation by their deadline and
    /// recommendations waiting for the province's decision (D3), a weak mid-term judgement whose
    /// follow-up was not recorded in time (W5), and a publicity that ended before its working days had
    /// passed (P1), and an agreement the register holds that ended with nobody reporting its situation
    /// within the month (X1's rehire, X4's flexible agreement; X9), as a loss of contact that reached its
    /// months (X8). A situation that occurred before the
    /// notice keeps no month (``ManagementPolicy/exitReportDue(occurredOn:)``), so it is never overdue.
    ///
    /// `decide` refuses to end a publicity early, so that last case comes only from facts recorded
    /// otherwise (a history taken over from before the register, a fact folded into its place late). A
    /// publicity cut short by the talent's exit is not listed: an exited talent is no longer assessed
    /// (W4), so there is no result left to publicize.
    public func overdue(on day: Day, campaign: Campaign, management: ManagementPolicy) -> [OverdueItem] {
        var items: [OverdueItem] = []
        for (reason, lastDay) in endingAgreements where pendingExitReport(reason) == nil {
            if let due = management.exitReportDue(
                occurredOn: ExitReason.agreementSituationOccurs(afterLastDay: lastDay)), due < day
            {
                items.append(
                    OverdueItem(
                        rule: .X9,
                        // Also after the province found a report of it unfounded: the register still holds an agreement
                        // that ended, which a renewal or a correction of the record mends.
                        what:
                            "\(reason.rawValue): the agreement the register holds ended \(lastDay); report it, or record its renewal (due \(due))",
                        whatInChinese: Self.agreementEnded(reason, on: lastDay, due: due),
                        dueBy: due))
            }
        }
        // X8 "失联6个月及以上": the situation occurs once contact has been lost for the policy's months, and the
        // month to report it counts from then; contact restored or the loss reported, nothing is owed.
        if isUnderManagement, let since = lostContactSince, pendingExitReport(.lostContact) == nil {
            let months = management.lostContactMonths
            let occurred = management.lostContactSituationOccurs(since: since)
            if let due = management.exitReportDue(occurredOn: occurred), due < day {
                items.append(
                    OverdueItem(
                        rule: .X9,
                        what:
                            "lostContact: contact lost since \(since), \(months) months full from \(occurred); report it, or record contact restored (due \(due))",
                        whatInChinese:
                            "自 \(since) 失联，\(occurred) 起已满 \(months) 个月：应于 \(due)（含）前报告失联情形，或记录恢复联系",
                        dueBy: due))
            }
        }
        // Late by the policy's reading, not by the flag the report was decided with: a report recorded before
        // the register held only new situations to the month (X9) is not listed for one that occurred
        // before the notice.
        for report in pendingExitReports {
            guard let due = management.exitReportDue(occurredOn: report.occurredOn), report.reportedOn > due else {
                continue
            }
            items.append(
                OverdueItem(
                    rule: .X9,
                    what:
                        "\(report.reason.rawValue) occurred \(report.occurredOn), reported \(report.reportedOn) (due \(due)); awaits verification",
                    whatInChinese:
                        "\(report.reason.chineseName)：\(report.occurredOn) 发生，\(report.reportedOn) 才报告（应于 \(due)（含）前），待核实",
                    dueBy: due))
        }
        for situation in pendingReports where situation.reportDue < day {
            items.append(
                OverdueItem(
                    rule: .D3,
                    what: "\(situation.rule) situation of \(situation.occurredOn) not reported with a recommendation",
                    whatInChinese:
                        "\(situation.occurredOn) 发生的 \(situation.rule) 情形，未在 \(situation.reportDue)（含）前提交书面报告和处理建议",
                    dueBy: situation.reportDue))
        }
        if let recommendation = openRecommendation {
            // Made after its month, it is listed as late from then, as a late exit report is (X9); in time, as
            // waiting from the day it was made.
            let (made, outcome) = (recommendation.recommendedOn, recommendation.outcome)
            let lateBy = recommendation.situations.map(\.reportDue).min().flatMap { $0 < made ? $0 : nil }
            items.append(
                OverdueItem(
                    rule: .D3,
                    what: lateBy.map {
                        "recommendation (\(outcome.rawValue)) made \(made), after its month (due \($0)); waits for the province's decision"
                    } ?? "recommendation (\(outcome.rawValue)) of \(made) waits for the province's decision",
                    whatInChinese: lateBy.map { "\(made) 才提出“\(outcome.chineseName)”建议（应于 \($0)（含）前），待省人社厅核实决定" }
                        ?? "\(made) 提出的“\(outcome.chineseName)”建议，待省人社厅核实决定",
                    since: lateBy?.adding(days: 1) ?? made))
        }
        let record = self.campaign(campaign.year)
        if let judged = record.weakFollowUpOwedSince {
            let due = judged.adding(days: campaign.weakFollowUpDays)
            if due < day {
                items.append(
                    OverdueItem(
                        rule: .W5,
                        what:
                            "weak mid-term judgement of \(judged): reminder talk and help measures not recorded (due \(due))",
                        whatInChinese: "\(judged) 期中业绩评价较弱，应于 \(due)（含）前提醒谈话、采取帮扶措施，尚未记录",
                        dueBy: due))
            }
        }
        if let publicity = record.publicityEndedEarly, let ended = publicity.endedOn, !hasExited {
            items.append(
                OverdueItem(
                    rule: .P1,
                    what:
                        "publicity of \(publicity.startedOn) ended \(ended), before its \(publicity.minimumWorkingDays) working days (earliest end \(publicity.earliestEnd)); to be publicized again",
                    whatInChinese:
                        "\(publicity.startedOn) 开始的公示于 \(ended) 结束，不足 \(publicity.minimumWorkingDays) 个工作日（最早 \(publicity.earliestEnd) 结束），应重新公示",
                    since: ended))
        }
        return items
    }

    /// An agreement the register holds that ended with nobody reporting what followed, in the notice's terms:
    /// a retired talent's rehire (返聘, X1) or a flexible introduction (柔性引进, X4).
    static func agreementEnded(_ reason: ExitReason, on lastDay: Day, due: Day) -> String {
        switch reason {
        case .retiredNotRehired: "返聘协议已于 \(lastDay) 到期：应于 \(due)（含）前报告是否退休且未返聘，或记录续聘"
        case .flexibleAgreementExpired: "柔性引进协议已于 \(lastDay) 到期：应于 \(due)（含）前报告到期未续签，或记录续签"
        default: "\(reason.chineseName)：本系统记录的协议已于 \(lastDay) 到期，应于 \(due)（含）前报告其情形"
        }
    }

    /// Whether ``overdue(on:campaign:management:)`` can list anything for this talent, on any day of any
    /// campaign from its last fact on: false means it lists nothing on those days (on an earlier day, the
    /// talent as it stood then may have had a report owed that a later fact made). The read model keeps it
    /// with each talent's row, so that the overdue list folds only the talents that may have something to
    /// list.
    public var mayHaveOverdueItems: Bool {
        !pendingExitReports.isEmpty || !pendingReports.isEmpty || openRecommendation != nil || !endingAgreements.isEmpty
            || (isUnderManagement && lostContactSince != nil)
            || campaigns.values.contains { record in
                record.weakFollowUpOwedSince != nil || (record.publicityEndedEarly != nil && !hasExited)
            }
    }

    /// The agreements whose end makes an exit situation, with their last day (past or to come), while the
    /// talent is under management: a same-field rehire of a retired tier-B–D talent (X1: no longer
    /// rehired) and a flexible agreement (X4: expired, not renewed). Whether the day has come is the
    /// caller's to ask.
    var endingAgreements: [(reason: ExitReason, lastDay: Day)] {
        guard isUnderManagement else { return [] }
        var ending: [(ExitReason, Day)] = []
        if let until = rehire?.validUntil, let tier, [.B, .C, .D].contains(tier) {
            ending.append((.retiredNotRehired, until))
        }
        if let end = flexibleAgreementEnd { ending.append((.flexibleAgreementExpired, end)) }
        return ending
    }
}
