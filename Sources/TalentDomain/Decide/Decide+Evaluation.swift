extension Decision {
    func evaluate(_ e: Evaluation) throws(Refusal) -> [TalentEvent] {
        guard !e.unit.rawValue.isEmpty else { throw Refusal(.T2, "每名人才须有一个用人单位") }
        try requireNothingWaiting()
        try checkReapplication(for: e.tier)
        let (start, source) = try periodStart(e)
        try requireNotBeforePeriodInForce(start, source)
        try checkReapplicationDays(e, start: start, source: source)
        if let agreementEnd = e.flexibleAgreementEnd, agreementEnd <= start {
            throw Refusal(
                .T3, "柔性引进协议的到期日\(agreementEnd)须晚于管理期起始日期\(start)",
                field: "evaluation.flexibleAgreementEnd")
        }
        let evaluated = TalentEvaluated(
            effectiveDate: date, talentId: e.talentId, tier: e.tier, unit: e.unit,
            professionalField: e.professionalField, periodStart: start, periodEnd: periodEnd(startingOn: start),
            startSource: source, evaluatingDocument: e.evaluatingDocument,
            flexibleAgreementEnd: e.flexibleAgreementEnd, classified: e.classified, evaluatedOn: e.evaluatedOn)
        let cause = "认定为\(e.tier)类人才（\(e.evaluatingDocument)）"
        var changes = entitlementChanges(toward: e.tier, from: state.entitlements)
        let subsidy = policy.entitlements.entitlements(of: e.tier).housingSubsidyYuan
        let current = state.entitlements.housingSubsidy
        if subsidy > 0, current.totalYuan == 0 || current.stopped {
            let countedFrom = policy.entitlements.housingSubsidyScheduleStart == .periodStart ? start : date
            changes.append(
                EntitlementChange(
                    item: .housingSubsidy, action: .granted, amountYuan: subsidy, countedFrom: countedFrom))
        } else if current.totalYuan > 0, !current.stopped, policy.entitlements.unpaidYuan(of: current) > 0,
            policy.entitlements.housingSubsidyOnReevaluation == .switchToNewTierAmount
        {
            // Evaluated again at another tier while instalments are still to come (the policy's ASSUMPTION).
            changes += subsidySwitched(to: e.tier)
        }
        // One event per entitlement rule, so each change names the E-rule that grants it.
        let byRule = Dictionary(grouping: changes) { $0.item.rule }
        let grants = [RuleID.E1, .E2, .E3, .E4, .E5].compactMap { rule -> TalentEvent? in
            guard let changes = byRule[rule] else { return nil }
            return EntitlementsChanged(
                effectiveDate: date, changes: changes, derivation: Derivation(rule: rule, cause: cause)
            ).event
        }
        // X1, X2: a retirement outlives a new period (M3): a retired talent evaluated into a tier whose
        // retirement is an exit situation has it reported at once, as a downgrade has; a rehire the unit
        // then records withdraws the report (X1).
        let after = Decision(state: Talent.fold([evaluated.event] + grants, from: state), policy: policy, date: date)
        return [evaluated.event] + grants
            + (try after.retirementSituation(
                at: e.tier, from: nil, cause: "已办理退休手续的人才认定为\(e.tier)类"))
    }

    /// M3: a new evaluation is a fresh start, so nothing that waits for a decision may be waiting: it would
    /// be closed undecided.
    /// - X9: a reported exit situation waits for the province's verification ("经核实后及时退出管理"), and with
    ///   it C3's bar on an exit that never allows another;
    /// - D3: a D1/D2 situation waits for the unit's recommendation, or a recommendation for the province's
    ///   decision (a downgrade, an exit);
    /// - G2: an investigation waits for its conclusion, which may find an exit situation (X5, X6);
    /// - G6: an end-term assessment is under way, its result not yet final.
    func requireNothingWaiting() throws(Refusal) {
        if !state.pendingExitReports.isEmpty {
            let reasons = state.pendingExitReports.map { "\($0.reason.chineseName)，\($0.reportedOn)报告" }
            throw Refusal(
                .X9, "该人才已报告应予退出管理的情形（\(reasons.joined(separator: "；"))），待省人社厅核实后方可重新认定")
        }
        if let recommendation = state.openRecommendation {
            throw Refusal(
                .D3,
                "用人单位于\(recommendation.recommendedOn)提出的“\(recommendation.outcome.chineseName)”建议待省人社厅决定，决定后方可重新认定")
        }
        if !state.pendingReports.isEmpty {
            throw Refusal(.D3, "该人才有待用人单位提出降级或退出管理建议的情形（D1、D2），建议经决定后方可重新认定")
        }
        if let investigation = state.investigation {
            throw Refusal(.G2, "该人才正在调查处理中（\(investigation)），形成结论后方可重新认定")
        }
        // G6: an end-term assessment under way is of the period it ends; made final after a new evaluation it
        // would downgrade, exit or renew the new period on the old one's result (an exit ended it, W4).
        if state.isUnderManagement,
            let (year, _) = state.campaigns.sorted(by: { $0.key < $1.key }).first(where: { _, record in
                (record.endTermRegisteredOn != nil || record.grade != nil) && record.confirmedOn == nil
            })
        {
            throw Refusal(
                .G6, "\(year)年度期末考核尚未确定结果：考核结果属于本管理期，确定后方可重新认定")
        }
    }

    /// The last evaluation's record corrected, effective on the day it took effect. Its tier and unit stay:
    /// a correction that names others is refused (a re-evaluation or a move changes those).
    func correctEvaluation(_ e: Evaluation, _ reason: String) throws(Refusal) -> [TalentEvent] {
        guard let evaluatedOn = state.evaluatedOn, let tier = state.tier, let unit = state.unit else {
            throw Refusal(.M2, "该人才没有可更正的认定")
        }
        guard e.talentId == state.id || state.id == nil else {
            throw Refusal(
                .T1, "更正所填人才\(e.talentId)与该人才\(state.id.map(\.rawValue) ?? "-")不符", field: "evaluation.talentId")
        }
        // The record corrected names the tier and unit of its evaluation; the talent's tier and unit since
        // (a downgrade, a move) are taken too, as the console's form fills them in.
        let evaluatedTier = state.evaluatedTier ?? tier
        guard e.tier == evaluatedTier || e.tier == tier else {
            throw Refusal(
                .M3, "认定层次为\(evaluatedTier)类；改变层次属于重新认定，不能通过更正办理", field: "evaluation.tier")
        }
        let evaluatedUnit = state.evaluatedUnit ?? unit
        guard e.unit == evaluatedUnit || e.unit == unit else {
            throw Refusal(
                .T2, "认定时的用人单位为\(evaluatedUnit.rawValue)；更换单位属于工作变动，不能通过更正办理",
                field: "evaluation.unit")
        }
        guard !reason.isBlank else {
            throw Refusal(.M2, "更正须说明原记录有误的原因", field: "reason")
        }
        try requireAgreementEndMayChange(to: e.flexibleAgreementEnd)
        // The corrected dates are checked against the day the evaluation took effect, which the correction
        // takes too: a period may not start after it, whatever day the correction is made on.
        let (start, source) = try Decision(state: state, policy: policy, date: evaluatedOn).periodStart(e)
        // C3: corrected, the evaluation is still one C3 allowed on its day: not before the exit it followed
        // nor inside its waiting years, nor, at a higher tier, inside a downgrade's.
        try checkReapplicationDays(
            e, start: start, source: source, after: state.exits.last { $0.on <= evaluatedOn },
            higherThan: state.downgrades.last { $0.on <= evaluatedOn && e.tier < $0.to })
        if let agreementEnd = e.flexibleAgreementEnd, agreementEnd <= start {
            throw Refusal(
                .T3, "柔性引进协议的到期日\(agreementEnd)须晚于管理期起始日期\(start)",
                field: "evaluation.flexibleAgreementEnd")
        }
        // E4: a housing subsidy whose schedule counts from the period's start counts from the corrected one.
        let subsidy = state.entitlements.housingSubsidy
        let countedFromStart =
            policy.entitlements.housingSubsidyScheduleStart == .periodStart && subsidy.totalYuan > 0
            && subsidy.grantedOn == state.period?.start
        let corrected = EvaluationCorrected(
            effectiveDate: evaluatedOn, professionalField: e.professionalField, periodStart: start,
            periodEnd: periodEnd(startingOn: start), startSource: source, evaluatingDocument: e.evaluatingDocument,
            flexibleAgreementEnd: e.flexibleAgreementEnd, classified: e.classified, evaluatedOn: e.evaluatedOn,
            reason: reason,
            housingSubsidyCountedFrom: countedFromStart && subsidy.grantedOn != start ? start : nil)
        try requireCampaignWorkStands(after: corrected)
        return [corrected.event]
    }

    /// T3, X4: the agreement end a correction may change is the one the evaluation's record names, while no
    /// later fact rests on it: not once the agreement was renewed (the renewal names the end since), nor
    /// once its expiry was reported or ended the management (X4), which were decided on it.
    func requireAgreementEndMayChange(to end: Day?) throws(Refusal) {
        let recorded = state.evaluatedAgreementEnd
        guard end != recorded else { return }
        if let current = state.flexibleAgreementEnd, current != recorded {
            throw Refusal(
                .T3, "柔性引进协议已续签至\(current)：认定时的协议期限不能再更正", field: "evaluation.flexibleAgreementEnd")
        }
        if state.exit?.reason == .flexibleAgreementExpired || state.pendingExitReport(.flexibleAgreementExpired) != nil
        {
            throw Refusal(
                .X4, "已报告柔性引进协议到期未续签（X4）：协议期限不能再更正", field: "evaluation.flexibleAgreementEnd")
        }
    }

    /// W2, W3, P1, T4: a correction may not leave a campaign's recorded work out of the campaign's scope, nor a
    /// result that can no longer be publicized as P1 asks, nor a publicity running for a talent who is
    /// classified: the register would hold what no command can record or mend.
    func requireCampaignWorkStands(after corrected: EvaluationCorrected) throws(Refusal) {
        // An exited talent's work was recorded while it was managed, and no campaign takes it any more.
        guard !state.hasExited else { return }
        // A period renewed on a result (M4) is not the corrected evaluation's: the correction, dated on the
        // evaluation, stays behind the renewal, and the campaigns' scope with it.
        let movesThePeriod = state.period?.basis == .evaluation
        let after = evolve(state, corrected.event)
        for (year, record) in state.campaigns.sorted(by: { $0.key < $1.key }) {
            guard let campaign = try? policy.campaign(year: year) else { continue }
            // Only what the correction takes out of scope: a talent out of it for another reason (an exit
            // report waiting, W4; a downgrade) is corrected as any other.
            let before = campaign.workItems(for: state, on: date)
            let items = movesThePeriod ? campaign.workItems(for: after, on: date) : before
            let lost = before.subtracting(items)
            if record.survey != nil, lost.contains(.midTermSurvey) {
                throw Refusal(
                    .W2,
                    "更正后该人才不在\(year)年度期中业绩调查范围内（管理期始于\(corrected.periodStart)），而其期中业绩调查已经填报：不能如此更正")
            }
            if record.endTermRegisteredOn != nil, lost.contains(.endTermAssessment) {
                throw Refusal(
                    .W3,
                    "更正后该人才不在\(year)年度期末考核范围内（管理期始于\(corrected.periodStart)），而其已登记参加期末考核：不能如此更正")
            }
            if corrected.classified, !state.isClassified, let publicity = record.publicity, publicity.endedOn == nil {
                throw Refusal(
                    .T4, "\(year)年度考核结果正在公示，不能更正为涉密人员：须公示结束后再更正", field: "evaluation.classified")
            }
            if !corrected.classified, state.isClassified, record.confirmedOn != nil, record.publicity == nil,
                let grade = record.grade, policy.publicity.publicizedGrades.contains(grade)
            {
                throw Refusal(
                    .P1, "\(year)年度考核结果（\(grade.chineseName)）已按涉密人员免予公示并确定：不能更正为非涉密人员",
                    field: "evaluation.classified")
            }
        }
    }

    /// M2: certificate date, else the list document, else the 吉享卡 date for early evaluations; none of them
    /// after the day the evaluation takes effect (a certificate dated ahead has not been signed: a typo,
    /// most often, 2030 for 2020, and a period that would run past the register's days).
    func periodStart(_ e: Evaluation) throws(Refusal) -> (Day, PeriodStartSource) {
        let (start, source) = try periodStartNamed(e)
        guard start <= date else {
            throw Refusal(
                .M2, "管理期起算时间\(start)晚于认定生效日\(date)：起算时间不能晚于认定生效之日", field: source.evaluationField)
        }
        if let evaluatedOn = e.evaluatedOn, evaluatedOn > date {
            throw Refusal(
                .M2, "评定时间\(evaluatedOn)晚于认定生效日\(date)：评定不能晚于认定生效之日", field: "evaluation.evaluatedOn")
        }
        return (start, source)
    }

    func periodStartNamed(_ e: Evaluation) throws(Refusal) -> (Day, PeriodStartSource) {
        if let day = e.certificateDate { return (day, .electronicCertificate) }
        if let day = e.listDocumentDate { return (day, .provincialListDocument) }
        if let day = e.jixiangCardIssuedDate {
            // "（2020年以前早期评定人员）" qualifies the persons, so the evaluation date is what must be
            // early; without it the card date stands in, as no card is issued before its evaluation.
            let cutoff = policy.management.jixiangCardSourceBefore
            let evaluated = e.evaluatedOn ?? day
            guard evaluated < cutoff else {
                // Without the evaluation's day the card's stands in, and is said as the card's.
                let when = e.evaluatedOn.map { "该人才评定于\($0)" } ?? "吉享卡发放于\(day)，未填写评定时间"
                throw Refusal(
                    .M2,
                    "吉享卡发放时间仅适用于\(cutoff)以前的早期评定人员（\(when)）；请填写电子证书落款时间或评定通过人员名单文件的日期",
                    field: "evaluation.jixiangCardIssuedDate")
            }
            guard e.evaluatedOn.map({ $0 <= day }) ?? true else {
                throw Refusal(
                    .M2, "吉享卡发放时间\(day)早于评定时间\(evaluated)", field: "evaluation.jixiangCardIssuedDate")
            }
            return (day, .jixiangCardIssued)
        }
        throw Refusal(
            .M2, "缺少管理期起算时间：请填写电子证书落款时间、评定通过人员名单文件的日期或吉享卡发放时间",
            field: "evaluation.certificateDate")
    }

    /// M3 ("多次参与人才评定的，按最后评定结果重新计算"): the last evaluation is the one given last. An
    /// evaluation whose period starts before the period the talent holds (an older certificate entered
    /// after a newer one) is not the last: recorded, it would put the talent back on a tier and a period
    /// that a later evaluation, or a renewal on a result (M4), had replaced. A record mistyped is corrected
    /// (M2) instead.
    func requireNotBeforePeriodInForce(_ start: Day, _ source: PeriodStartSource) throws(Refusal) {
        guard let period = state.period, start < period.start else { return }
        let since = period.basis == .evaluation ? "认定" : "期末考核结果确认后重新计算"
        throw Refusal(
            .M3,
            "该评定的管理期起算时间\(start)早于现行管理期的起算时间\(period.start)（\(since)）：按最后评定结果计算管理期，"
                + "较早的评定不能取代现行认定；原记录有误的，请更正认定记录", field: source.evaluationField)
    }

    /// M1: the last day of a period that starts on `start`: the day before the start's anniversary. A
    /// period from 29 February whose last year has none ends on 28 February, the month's last day (as the
    /// Civil Code's art. 202 counts a period with no corresponding day), not on the 27th that a period from
    /// the 28th ends on.
    func periodEnd(startingOn start: Day) -> Day {
        let anniversary = start.adding(years: policy.management.managementPeriodYears)
        guard anniversary.day == start.day else { return anniversary }
        return anniversary.adding(days: -1)
    }

    /// C3: an evaluation allowed on `date` is not one made before: its period does not start, nor was it
    /// given, before the exit, nor inside the waiting years (or a downgrade's, for a higher tier). A
    /// certificate dated inside them records an evaluation C3 refuses on its own day.
    func checkReapplicationDays(_ e: Evaluation, start: Day, source: PeriodStartSource) throws(Refusal) {
        let exit = state.hasExited ? state.exit : nil
        let downgrade = state.lastDowngrade.flatMap { e.tier < $0.to ? $0 : nil }
        try checkReapplicationDays(e, start: start, source: source, after: exit, higherThan: downgrade)
    }

    /// The same for an evaluation that followed `exit`, or that is higher than the tier `downgrade` left
    /// (either nil where none applies).
    func checkReapplicationDays(
        _ e: Evaluation, start: Day, source: PeriodStartSource, after exit: Talent.ExitRecord?,
        higherThan downgrade: Talent.DowngradeRecord?
    ) throws(Refusal) {
        // The later of the exit's day (with its waiting years) and a downgrade's bar, where both apply.
        let bars =
            [
                exit.map { (max($0.on, $0.reapplication.allowedFrom ?? $0.on), Self.exitInWords($0)) },
                downgrade.flatMap { downgrade in
                    downgrade.reapplication.allowedFrom.map {
                        ($0, "于\(downgrade.on)由\(downgrade.from)类降为\(downgrade.to)类")
                    }
                },
            ].compactMap { $0 }
        guard let (from, what) = bars.max(by: { $0.0 < $1.0 }) else { return }
        if start < from {
            throw Refusal(
                .C3, "\(what)，\(from)起方可再次认定：新的管理期起算时间\(start)早于此日", field: source.evaluationField)
        }
        if let evaluatedOn = e.evaluatedOn, evaluatedOn < from {
            throw Refusal(
                .C3, "\(what)，\(from)起方可再次认定：评定时间\(evaluatedOn)早于此日", field: "evaluation.evaluatedOn")
        }
    }

    /// An exit as a refusal says it: "因死亡于2026-01-05退出管理", or for a reason that is itself an exit
    /// ("经研究退出管理") "于2023-03-22经研究退出管理".
    static func exitInWords(_ exit: Talent.ExitRecord) -> String {
        let reason = exit.reason.chineseName
        return reason.hasSuffix("退出管理") ? "于\(exit.on)\(reason)" : "因\(reason)于\(exit.on)退出管理"
    }

    /// C3: whether an exited or downgraded talent may be evaluated (again, or higher) on `date`.
    func checkReapplication(for newTier: Tier) throws(Refusal) {
        if let died = state.diedOn { throw Refusal(.C3, "该人才已于\(died)去世，不能再认定") }
        if let revoked = state.qualificationRevokedOn {
            throw Refusal(.C3, "该人才于\(revoked)被查实弄虚作假、撤销人才资格，不再进行人才分类评定")
        }
        if state.hasExited, let exit = state.exit {
            switch exit.reapplication.rule {
            case .never:
                throw Refusal(.C3, "\(Self.exitInWords(exit))，不再进行人才分类评定")
            case .notApplicable:
                throw Refusal(.C3, "因\(exit.reason.chineseName)退出管理，不能再认定")
            case .afterWaitingPeriod:
                if let from = exit.reapplication.allowedFrom, date < from {
                    throw Refusal(
                        .C3,
                        "\(Self.exitInWords(exit))，满\(policy.management.reapplicationWaitingYears)年后（\(from)起）方可再次申报认定",
                        field: "effectiveOn")
                }
            case .whenCriteriaMetAgain:
                break
            }
        }
        // A downgrade's bar runs its years over an exit and a new evaluation between (a change of post's exit
        // allows another evaluation, not a higher tier sooner).
        if let downgrade = state.lastDowngrade, newTier < downgrade.to, let from = downgrade.reapplication.allowedFrom,
            date < from
        {
            throw Refusal(
                .C3,
                "于\(downgrade.on)由\(downgrade.from)类降为\(downgrade.to)类，\(from)起方可申报认定更高层次",
                field: "effectiveOn")
        }
    }
}

extension Talent {
    /// Whether a new evaluation (M3) may be made of the talent on `date` at some tier: none while something
    /// waits for a decision (X9, D3, G2), nor after a death or an exit that bars or delays re-application
    /// (C3). What a form offering one asks before it is drawn; the decision itself says why.
    public func mayBeEvaluatedAgain(on date: Day, policy: Policy) -> Bool {
        let decision = Decision(state: self, policy: policy, date: date)
        do {
            try decision.requireNothingWaiting()
            // The lowest tier: a downgrade's bar is on a higher one only.
            try decision.checkReapplication(for: .E)
            return true
        } catch {
            return false
        }
    }
}

extension PeriodStartSource {
    /// The evaluation's member that names a day of this source (M2): where a refusal of that day is said.
    var evaluationField: String {
        switch self {
        case .electronicCertificate: "evaluation.certificateDate"
        case .provincialListDocument: "evaluation.listDocumentDate"
        case .jixiangCardIssued: "evaluation.jixiangCardIssuedDate"
        }
    }
}
