extension Decision {
    /// X9 (§5(2) "以后新出现上述情形的，用人单位应在一个月内及时提交书面报告，按管理权限逐级审核后报省人力资源和
    /// 社会保障厅", with "经核实后及时退出管理"): recording an X1–X8 situation is the unit's written report.
    /// The exit waits for the province's verification; a report after the deadline is accepted and
    /// flagged, since the notice sets the deadline but does not refuse a late report. A situation that
    /// occurred before the notice is no new one: the unit's written account of it (书面情况说明) keeps no
    /// month.
    func reportExit(_ reason: ExitReason, occurredOn: Day, cause: String, field: String? = "occurredOn")
        throws(Refusal) -> [TalentEvent]
    {
        try requireOccurred(occurredOn, .X9, field: field)
        // One report of a situation waits for the province at a time: a second would stand beside the
        // first, and the province's verification closes only one of them.
        if let pending = state.pendingExitReport(reason) {
            throw Refusal(
                .X9, "已于\(pending.reportedOn)报告“\(reason.chineseName)”情形（\(pending.occurredOn)发生），待省人社厅核实")
        }
        let due = policy.management.exitReportDue(occurredOn: occurredOn)
        return [
            ExitSituationReported(
                effectiveDate: date, reason: reason, occurredOn: occurredOn, reportDue: due,
                reportedWithinDeadline: due.map { date <= $0 } ?? true,
                derivation: Derivation(rule: .X9, cause: "\(cause)（\(reason.rule)，\(occurredOn)发生）")
            ).event
        ]
    }

    /// The business day a situation's fact takes effect: the day it occurred, but never before the talent's
    /// last evaluation, which starts management afresh (M3) and would undo a fact folded before it. A list
    /// imported at go-live records years-old evaluations on the day it is imported; a retirement of the
    /// month before is the talent's from that day. The day it occurred stays in the fact's report, from
    /// which X9 counts its month.
    func factDay(_ occurredOn: Day) -> Day { max(occurredOn, state.evaluatedOn ?? occurredOn) }

    /// X9: a situation is reported after it occurs, never ahead of it. M2: nor one that occurred before the
    /// talent's management, started by its evaluation, began (``Talent/managedSince``: over a new evaluation
    /// while under management, the first period's start): folded in business order it would land
    /// before the evaluation and be undone by it (a retirement on the timeline, the talent not retired). The
    /// period's start (电子证书落款时间…), not the day the evaluation was recorded: a list imported at go-live
    /// records years-old evaluations on the day it is imported, and what happened since the certificate is
    /// reported as any other situation. `field` names the command's member the day came from (none for a
    /// day derived from others).
    func requireOccurred(_ occurredOn: Day, _ rule: RuleID, field: String? = "occurredOn") throws(Refusal) {
        guard occurredOn <= date else {
            throw Refusal(rule, "情形发生日期\(occurredOn)晚于报告日期\(date)：情形发生后才能报告", field: field)
        }
        // Since management began: a talent evaluated again while under management (M3) was managed through
        // the earlier period too, and what happened in it is reported as any other situation.
        if let period = state.period, period.basis == .evaluation {
            let since = min(state.managedSince ?? period.start, period.start)
            guard occurredOn < since else { return }
            throw Refusal(
                .M2, "情形发生日期\(occurredOn)早于该人才管理期的起算日期（\(since)）：管理期开始前的情形不在本登记簿中报告",
                field: field)
        }
    }

    /// X3 ("调入党政机关、参公单位") found untrue: the talent works at the unit the move named, a unit of the
    /// province that is neither, so that unit answers for it from now on (O2, "流动到省内非参公事业单位和企业的，
    /// 由现用人单位负责"), as after any move within the province; the original unit answered while the move
    /// was taken for one into the civil service.
    func answeringAfterUntrueCivilService(_ report: Talent.ExitReport) -> [TalentEvent] {
        guard report.reason == .becameCivilServant, let unit = state.unit, unit != state.reportingUnit else {
            return []
        }
        return [TalentRelocated(effectiveDate: date, kind: .withinProvince, newUnit: unit).event]
    }

    /// X1/X2 found untrue: the retirement the report stood on is withdrawn, from its own day, or it could
    /// never be undone (a real retirement later refused as "already retired"). Only a report the retirement
    /// itself made (occurred no later than the retirement took effect): one made when a rehire ended (X1)
    /// stands on a retirement that did happen. The notice says nothing of a report found untrue; this is the
    /// register's reading. A talent retired and rehired after all is recorded again with the rehire.
    func withdrawingRetirement(reportedIn report: Talent.ExitReport) -> [TalentEvent] {
        guard [.retiredNotRehired, .retiredAtTierE].contains(report.reason), state.isRetired,
            let retiredOn = state.retiredOn, report.occurredOn <= retiredOn
        else { return [] }
        return [
            RetirementWithdrawn(
                effectiveDate: retiredOn,
                derivation: Derivation(
                    rule: .X9, cause: "省人社厅核实“\(report.reason.chineseName)”情形不属实，撤销\(retiredOn)的退休记录")
            ).event
        ]
    }

    /// A waiting report whose exit would weigh more than one for `reason`: the exit's consequences follow
    /// its one reason (C3's re-application, X10's contact list), so with several situations reported the
    /// gravest is verified first and the outcome does not hang on the order the province takes them in.
    /// The notice says nothing of several at once; this is the register's reading, ranked by the
    /// consequences the policy gives each reason (``exitGravity(_:)``).
    func graverReport(than reason: ExitReason) -> Talent.ExitReport? {
        state.pendingExitReports
            .filter { exitGravity($0.reason) > exitGravity(reason) }
            .max { exitGravity($0.reason) < exitGravity($1.reason) }
    }

    /// Refuses an exit for `reason` while a graver situation's report waits (``graverReport(than:)``),
    /// naming `field` where a command names the reason.
    func requireNoGraverReport(than reason: ExitReason, field: String? = nil) throws(Refusal) {
        guard let graver = graverReport(than: reason) else { return }
        throw Refusal(
            .X9,
            "该人才另有待核实的“\(graver.reason.chineseName)”情形（\(graver.occurredOn)发生），应先核实：退出管理的原因决定其后能否再次申报、是否转列联系名单（C3、X10）",
            field: field)
    }

    /// How heavily an exit for `reason` weighs: never to be evaluated again (C3) most, then a death, then a
    /// wait before applying again, then applying once the criteria are met; at each, a retirement last,
    /// since it alone may keep a tier-B talent on the contact list with its medical service (X10).
    func exitGravity(_ reason: ExitReason) -> Int {
        let byRule: [ReapplicationRule: Int] = [
            .never: 8, .notApplicable: 6, .afterWaitingPeriod: 4, .whenCriteriaMetAgain: 2,
        ]
        return (byRule[reapplication(for: reason).rule] ?? 8) + (reason == .retiredNotRehired ? 0 : 1)
    }

    /// X9: the province verifies a reported situation. Confirmed, the exit and its consequences (C2, X10)
    /// take effect on this day; not confirmed, the report is closed and management continues.
    func verifyExit(_ reason: ExitReason, confirmed: Bool, finding: String) throws(Refusal) -> [TalentEvent] {
        guard let report = state.pendingExitReport(reason) else {
            throw Refusal(.X9, "没有待省人社厅核实的“\(reason.chineseName)”情形", field: "reason")
        }
        guard !finding.isBlank else { throw Refusal(.X9, "须填写省人社厅的核实情况", field: "finding") }
        try requireNotBefore(report.reportedOn, .X9, "用人单位报告该情形之日")
        if confirmed { try requireNoGraverReport(than: reason, field: "reason") }
        let verified = ExitSituationVerified(
            effectiveDate: date, reason: reason, occurredOn: report.occurredOn, confirmed: confirmed, finding: finding
        ).event
        guard confirmed else {
            return [verified] + withdrawingRetirement(reportedIn: report) + answeringAfterUntrueCivilService(report)
        }
        let after = Decision(state: evolve(state, verified), policy: policy, date: date)
        let lateness = report.withinDeadline ? "" : "，\(report.reportedOn)逾期报告"
        return [verified]
            + (try after.exit(
                reason, cause: "省人社厅核实“\(reason.chineseName)”情形（\(report.occurredOn)发生\(lateness)）",
                report: report))
    }
}
