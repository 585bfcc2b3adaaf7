/// X1–X8: the facts the unit records. A fact that is an exit situation comes with the unit's X9 report;
/// the exit itself waits for the province's verification (`verifyExit`).
extension Decision {
    /// X1/X2 on retirement (办理退休手续) on `occurredOn`: the retirement takes its place on that day, and
    /// the unit's report (X9) is dated on the business day, so a report more than a month late shows.
    func retire(_ occurredOn: Day, _ terms: RehireTerms?) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X9)
        guard !state.isRetired else { throw Refusal(.X1, "该人才已退休") }
        let retired = TalentRetired(effectiveDate: factDay(occurredOn)).event
        let cause = "\(tier)类人才办理退休"
        switch tier {
        case .E:
            // §5(2)2 "已办理退休手续的E类人才": retirement alone; unlike item 1 there is no rehire proviso,
            // so a rehired tier-E talent exits too (the rehire is still recorded as a fact).
            return [retired] + (terms.map { [rehired($0, on: factDay(occurredOn))] } ?? [])
                + (try reportExit(.retiredAtTierE, occurredOn: occurredOn, cause: cause))
        case .A:
            // §5(2)1 names tiers B–D and §5(2)2 tier E; tier A is named in neither, so retirement is no exit
            // situation for it. The catch-all of item 8 is not read as retirement: that would empty the tier
            // lists of items 1 and 2 of meaning.
            return [retired] + (terms.map { [rehired($0, on: factDay(occurredOn))] } ?? [])
        case .B, .C, .D:
            // §5(2)1: stays only when "返聘" by the original unit or another in Jilin to keep working in the same
            // field, on a valid agreement.
            if let terms, isValid(terms, on: occurredOn) {
                let kept = [retired, rehired(terms, on: factDay(occurredOn))]
                // An agreement that had ended by the day the retirement is recorded kept the talent only until
                // then: the rehire ended the day after its last, and X1's situation occurred with it.
                guard let until = terms.validUntil, until < date else { return kept }
                let after = Decision(state: Talent.fold(kept, from: state), policy: policy, date: date)
                return kept + (try after.endRehire(ExitReason.agreementSituationOccurs(afterLastDay: until)))
            }
            let why = terms == nil ? "未返聘" : "返聘非原单位或省内其他企事业单位、不在本专业领域或协议已到期"
            return [retired]
                + (try reportExit(.retiredNotRehired, occurredOn: occurredOn, cause: "\(cause)，\(why)"))
        }
    }

    /// §5(2)1's rehire: by a unit in Jilin, in the same field, on an agreement valid on `day`.
    func isValid(_ terms: RehireTerms, on day: Day) -> Bool {
        terms.sameField && terms.inProvince && (terms.validUntil.map { $0 >= day } ?? true)
    }

    func rehired(_ terms: RehireTerms, on day: Day) -> TalentEvent {
        TalentRehired(
            effectiveDate: day, agreementReference: terms.agreementReference, sameField: terms.sameField,
            inProvince: terms.inProvince, validUntil: terms.validUntil
        ).event
    }

    /// X1: a same-field rehire. While the retirement's X1 report waits for the province's verification,
    /// the situation (退休且未返聘) no longer holds: the report is closed, the talent takes part in the
    /// survey and the assessment again (W4), and the province has nothing left to confirm.
    func rehire(_ terms: RehireTerms) throws(Refusal) -> [TalentEvent] {
        guard state.isRetired else { throw Refusal(.X1, "该人才未办理退休手续，不能返聘") }
        guard terms.sameField, terms.inProvince else {
            throw Refusal(
                .X1, "返聘须由原单位或省内其他企事业单位返聘、继续从事本专业领域工作",
                field: terms.sameField ? "terms.inProvince" : "terms.sameField")
        }
        // What is left of §5(2)1's rehire (``isValid(_:on:)``): an agreement still in force.
        if let validUntil = terms.validUntil, validUntil < date {
            throw Refusal(.X1, "返聘协议已于\(validUntil)到期，不是有效的返聘协议", field: "terms.validUntil")
        }
        return [rehired(terms, on: date)]
            + withdrawingReport(.retiredNotRehired, rule: .X1) { report in
                "在本专业领域返聘：\(report.occurredOn)的退休且未返聘情形不再成立"
            }
    }

    /// The pending report of `reason`, withdrawn because its situation no longer holds; nothing when none
    /// waits. Withdrawn no earlier than reported: in business time a withdrawal before its report would
    /// leave the report standing.
    func withdrawingReport(_ reason: ExitReason, rule: RuleID, cause: (Talent.ExitReport) -> String) -> [TalentEvent] {
        guard let report = state.pendingExitReport(reason) else { return [] }
        return [
            ExitReportWithdrawn(
                effectiveDate: max(date, report.reportedOn), reason: report.reason, occurredOn: report.occurredOn,
                derivation: Derivation(rule: rule, cause: cause(report))
            ).event
        ]
    }

    /// X1: a retired tier-B–D talent whose rehire ended on `occurredOn` is retired and not rehired from
    /// that day.
    func endRehire(_ occurredOn: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X9)
        guard let rehire = state.rehire else { throw Refusal(.X1, "该人才没有返聘协议") }
        if let since = rehire.since, occurredOn < since {
            throw Refusal(.X1, "返聘协议终止日期不能早于返聘之日（\(since)）", field: "occurredOn")
        }
        // An agreement the register holds ended on its last day: a later end is a renewal not recorded, and
        // would move X9's month past the one that ran from the day after (a late report passing as timely).
        if let until = rehire.validUntil, occurredOn > ExitReason.agreementSituationOccurs(afterLastDay: until) {
            throw Refusal(
                .X1,
                "登记的返聘协议于\(until)到期，返聘至迟于\(ExitReason.agreementSituationOccurs(afterLastDay: until))结束；如协议已续签，请先记录续聘",
                field: "occurredOn")
        }
        let ended = RehireEnded(effectiveDate: factDay(occurredOn)).event
        guard [.B, .C, .D].contains(tier) else { return [ended] }
        return [ended]
            + (try reportExit(.retiredNotRehired, occurredOn: occurredOn, cause: "\(tier)类人才返聘结束"))
    }

    /// X3 and T2: a move out of the province, into civil service or to an unrelated post is an exit
    /// situation; a posting to an out-of-province branch of a provincial group and a related move within
    /// the province are not.
    func relocate(_ kind: RelocationKind, _ newUnit: UnitID?, _ occurredOn: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X9)
        switch kind {
        case .withinProvince:
            guard let newUnit, !newUnit.rawValue.isEmpty else {
                throw Refusal(.T2, "省内流动须填写新的用人单位", field: "newUnit")
            }
            guard newUnit != state.unit else {
                throw Refusal(.T2, "新的用人单位\(newUnit.rawValue)即该人才现在的用人单位", field: "newUnit")
            }
        case .outOfProvinceBranchPosting:
            // T2: the posting keeps the talent with its unit (the group's); a unit named here would be kept by
            // nobody.
            if newUnit != nil {
                throw Refusal(.T2, "“\(kind.chineseName)”仍由原单位管理，不填写新的用人单位", field: "newUnit")
            }
        case .outOfProvince:
            // Its new employer is outside Jilin, never a unit of the register (which would take it as its own).
            if newUnit != nil {
                throw Refusal(.X3, "“\(kind.chineseName)”的新单位在省外，不填写本省的用人单位", field: "newUnit")
            }
        case .civilService: break
        case .unrelatedPost:
            // Its own unit (a change of post), or, moved within the province, the unit it works at now, which
            // then reports (O2): a unit the register holds (the application checks it is one).
            if newUnit == state.unit, newUnit != nil {
                throw Refusal(.T2, "新的用人单位\(newUnit?.rawValue ?? "")即该人才现在的用人单位，本单位内换岗不填写", field: "newUnit")
            }
        }
        let relocated = TalentRelocated(effectiveDate: factDay(occurredOn), kind: kind, newUnit: newUnit).event
        guard let reason = kind.exitReason else { return [relocated] }
        return [relocated] + (try reportExit(reason, occurredOn: occurredOn, cause: "工作变动：\(kind.chineseName)"))
    }

    func renewFlexibleAgreement(_ newEnd: Day) throws(Refusal) -> [TalentEvent] {
        guard let end = state.flexibleAgreementEnd else {
            throw Refusal(.T3, "该人才不是柔性引进人才")
        }
        guard newEnd > end else { throw Refusal(.T3, "续签协议的到期日须晚于\(end)", field: "newEnd") }
        // X4 is "到期且不再续签": renewed, the agreement's expiry is no situation to verify, as a same-field
        // rehire closes X1's report.
        return [FlexibleAgreementRenewed(effectiveDate: date, newEnd: newEnd).event]
            + withdrawingReport(.flexibleAgreementExpired, rule: .X4) { report in
                "柔性引进协议续签至\(newEnd)：\(report.occurredOn)的协议到期未续签情形不再成立"
            }
    }

    /// X4: the situation occurs the day after the agreement's last day, once it was not renewed.
    func flexibleAgreementExpired() throws(Refusal) -> [TalentEvent] {
        guard let end = state.flexibleAgreementEnd else {
            throw Refusal(.T3, "该人才不是柔性引进人才")
        }
        guard end < date else { throw Refusal(.X4, "柔性引进协议尚未到期（至\(end)）") }
        let occurred = ExitReason.agreementSituationOccurs(afterLastDay: end)
        return [FlexibleAgreementExpired(effectiveDate: factDay(occurred), endedOn: end).event]
            + (try reportExit(
                .flexibleAgreementExpired, occurredOn: occurred, cause: "柔性引进协议于\(end)到期", field: nil))
    }

    func misconduct(_ occurredOn: Day, _ finding: String) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X5)
        guard !finding.isBlank else { throw Refusal(.X5, "须写明查实的失德、失范、失信情形", field: "finding") }
        return [MisconductFound(effectiveDate: factDay(occurredOn), occurredOn: occurredOn, finding: finding).event]
            + (try reportExit(.misconduct, occurredOn: occurredOn, cause: "失德失范失信"))
    }

    /// X6 at or above the threshold of the sanction's kind; D2 below it.
    func penalize(_ occurredOn: Day, _ sanction: Sanction) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X6)
        guard sanction.measure.kind == sanction.kind else {
            throw Refusal(
                .X6,
                "“\(sanction.measure.chineseName)”属于\(sanction.measure.kind.chineseName)，不是\(sanction.kind.chineseName)",
                field: "sanction.measure")
        }
        let exits = sanction.meetsExitThreshold
        let penalized = TalentPenalized(
            effectiveDate: factDay(occurredOn), occurredOn: occurredOn, sanction: sanction,
            reportable: exits ? nil : reportable(.sanctionBelowExitThreshold, .D2, occurredOn))
        guard exits else { return [penalized.event] }
        return [penalized.event]
            + (try reportExit(.sanction, occurredOn: occurredOn, cause: "受到处分：\(sanction.measure.chineseName)"))
    }

    /// X7 for an unqualified public-institution result; D1 for basic-qualified or undetermined.
    func annualAssessment(_ occurredOn: Day, _ assessment: AnnualAssessment) throws(Refusal) -> [TalentEvent] {
        let weak: Set<AnnualAssessment.Result> = [.basicQualified, .undetermined]
        // Its dates are refused under the rule the result would come under: X7 for a public institution's
        // 不合格, D1 for the rest (a weak result is D1's; a sound one is recorded as not being D1's).
        let rule: RuleID =
            assessment.sector == .publicInstitution && assessment.result == .unqualified ? .X7 : .D1
        try requireOccurred(occurredOn, rule)
        // A year's result is fixed in that year or after it, never before.
        guard assessment.year <= occurredOn.year else {
            throw Refusal(
                rule, "考核结果确定于\(occurredOn)，早于所考核的\(assessment.year)年度：考核年度须不晚于结果确定的年份",
                field: "assessment.year")
        }
        let record = { (situation: ReportableSituation?) in
            AnnualAssessmentRecorded(
                effectiveDate: factDay(occurredOn), occurredOn: occurredOn, assessment: assessment,
                reportable: situation
            ).event
        }
        switch assessment.sector {
        case .publicInstitution where assessment.result == .unqualified:
            return [record(nil)]
                + (try reportExit(
                    .assessmentUnqualified, occurredOn: occurredOn,
                    cause: "\(assessment.kind.chineseName)不合格"))
        case .publicInstitution where weak.contains(assessment.result):
            return [record(reportable(.weakAnnualAssessment, .D1, occurredOn))]
        case .enterprise
        where assessment.personalReasons && (weak.contains(assessment.result) || assessment.result == .unqualified):
            // §5(3)2 "因个人原因出现与之类似情形的...比照执行": X7 names no enterprise assessment result, only
            // the Art. 19 terminations, so a weak or failed enterprise result for personal reasons is D1.
            return [record(reportable(.weakAnnualAssessment, .D1, occurredOn))]
        default:
            return [record(nil)]
        }
    }

    /// X7: Art. 19 items (3)–(9) are the employer's terminations for the employee's fault or inability.
    func labourContractEnded(_ occurredOn: Day, _ item: Int) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X7)
        guard (1...14).contains(item) else {
            throw Refusal(.X7, "《劳动合同法实施条例》第十九条只有第1至14项，没有第\(item)项", field: "article19Item")
        }
        let ended = LabourContractEnded(effectiveDate: factDay(occurredOn), occurredOn: occurredOn, article19Item: item)
            .event
        guard (3...9).contains(item) else { return [ended] }
        // C3: an item the policy counts as a serious violation, or dishonesty, bars every evaluation after the
        // exit; the others wait as a performance exit does.
        let reason: ExitReason =
            policy.management.labourContractItemsForMisconduct.contains(item)
            ? .labourContractEndedForMisconduct : .labourContractEnded
        return [ended]
            + (try reportExit(
                reason, occurredOn: occurredOn, cause: "依《劳动合同法实施条例》第十九条第\(item)项解除劳动合同"))
    }

    func death(_ occurredOn: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X8)
        // On the contact list the talent has exited already: nothing to report; it leaves the list, and the
        // medical service it kept (X10) ends on the day it died. Not before the exit, which the list
        // followed: folded before it, the death would find no list to leave.
        if state.status == .contactList {
            // The list followed a retirement (X10): a death before it would leave the retirement, and the
            // exit on it, standing for a talent no longer living.
            if let retired = state.retiredOn, occurredOn < retired {
                throw Refusal(
                    .X8, "去世日期\(occurredOn)早于其退休日期\(retired)：请核对去世日期，或先更正退休记录", field: "occurredOn")
            }
            let day = max(factDay(occurredOn), state.exit?.on ?? occurredOn)
            let died = TalentDied(effectiveDate: day, occurredOn: occurredOn).event
            guard state.entitlements.medicalService else { return [died] }
            return [
                died,
                EntitlementsChanged(
                    effectiveDate: day, changes: [EntitlementChange(item: .medicalService, action: .withdrawn)],
                    derivation: Derivation(rule: .X10, cause: "联系名单人员于\(occurredOn)去世，就医服务终止")
                ).event,
            ]
        }
        return [TalentDied(effectiveDate: factDay(occurredOn), occurredOn: occurredOn).event]
            + (try reportExit(.died, occurredOn: occurredOn, cause: "死亡"))
    }

    func overdueAbroad(_ occurredOn: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X8)
        return [OverdueAbroad(effectiveDate: factDay(occurredOn), occurredOn: occurredOn).event]
            + (try reportExit(.overdueAbroad, occurredOn: occurredOn, cause: "逾期滞留境外"))
    }

    func lostContact(_ since: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(since, .X8, field: "since")
        guard state.lostContactSince == nil else { throw Refusal(.X8, "已记录为失联") }
        if let restored = state.contactRestoredOn, since <= restored {
            throw Refusal(.X8, "失联日期\(since)须晚于最近一次恢复联系之日\(restored)")
        }
        return [ContactLost(effectiveDate: factDay(since), since: since).event]
    }

    func restoreContact() throws(Refusal) -> [TalentEvent] {
        guard let since = state.lostContactSince else { throw Refusal(.X8, "该人才未失联") }
        try requireNotBefore(since, .X8, "失联之日")
        return [ContactRestored(effectiveDate: date).event]
    }

    /// X8 "失联6个月及以上": the situation occurs once contact has been lost for the policy's months.
    func exitForLostContact() throws(Refusal) -> [TalentEvent] {
        guard let since = state.lostContactSince else { throw Refusal(.X8, "该人才未失联") }
        let from = policy.management.lostContactSituationOccurs(since: since)
        guard from <= date else {
            throw Refusal(
                .X8,
                "自\(since)失联，失联满\(policy.management.lostContactMonths)个月（\(from)起）方应予退出管理"
            )
        }
        // The day is derived, no member of the command's.
        return try reportExit(.lostContact, occurredOn: from, cause: "自\(since)失联", field: nil)
    }

    func other(_ occurredOn: Day, _ situation: String) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X8)
        guard !situation.isBlank else { throw Refusal(.X8, "须说明应予退出管理的情形", field: "situation") }
        return [
            OtherExitSituationFound(effectiveDate: factDay(occurredOn), occurredOn: occurredOn, situation: situation)
                .event
        ]
            + (try reportExit(.otherSituation, occurredOn: occurredOn, cause: "其他应退出管理的情形"))
    }
}
