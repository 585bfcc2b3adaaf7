extension Decision {
    func evaluate(_ e: Evaluation) throws(Refusal) -> [TalentEvent] {
        guard !e.unit.rawValue.isEmpty else { throw Refusal(.T2, "every talent belongs to one employer unit") }
        try checkReapplication(for: e.tier)
        let (start, source) = try periodStart(e)
        if let agreementEnd = e.flexibleAgreementEnd, agreementEnd <= start {
            throw Refusal(
                .T3, "the flexible-introduction agreement ends on \(agreementEnd), not after the start \(start)")
        }
        let evaluated = TalentEvaluated(
            effectiveDate: date, talentId: e.talentId, tier: e.tier, unit: e.unit,
            professionalField: e.professionalField, periodStart: start, periodEnd: periodEnd(startingOn: start),
            startSource: source, evaluatingDocument: e.evaluatingDocument,
            flexibleAgreementEnd: e.flexibleAgreementEnd, classified: e.classified, evaluatedOn: e.evaluatedOn)
        let cause = "TalentEvaluated: tier \(e.tier) by \(e.evaluatingDocument)"
        var changes = entitlementChanges(toward: e.tier, from: state.entitlements)
        let subsidy = policy.entitlements.entitlements(of: e.tier).housingSubsidyYuan
        let current = state.entitlements.housingSubsidy
        if subsidy > 0, current.totalYuan == 0 || current.stopped {
            let countedFrom = policy.entitlements.housingSubsidyScheduleStart == .periodStart ? start : date
            changes.append(
                EntitlementChange(
                    item: .housingSubsidy, action: .granted, amountYuan: subsidy, countedFrom: countedFrom))
        }
        // One event per entitlement rule, so each change names the E-rule that grants it.
        let byRule = Dictionary(grouping: changes) { $0.item.rule }
        let grants = [RuleID.E1, .E2, .E3, .E4, .E5].compactMap { rule -> TalentEvent? in
            guard let changes = byRule[rule] else { return nil }
            return EntitlementsChanged(
                effectiveDate: date, changes: changes, derivation: Derivation(rule: rule, cause: cause)
            ).event
        }
        return [evaluated.event] + grants
    }

    /// The last evaluation's record corrected, effective on the day it took effect. Its tier and unit stay:
    /// a correction that names others is refused (a re-evaluation or a move changes those).
    func correctEvaluation(_ e: Evaluation, _ reason: String) throws(Refusal) -> [TalentEvent] {
        guard let evaluatedOn = state.evaluatedOn, let tier = state.tier, let unit = state.unit else {
            throw Refusal(.M2, "the talent has no evaluation to correct")
        }
        guard e.talentId == state.id || state.id == nil else {
            throw Refusal(.T1, "the correction names talent \(e.talentId), not \(state.id.map(\.rawValue) ?? "-")")
        }
        guard e.tier == tier else {
            throw Refusal(.M3, "the tier is \(tier): a different tier is a re-evaluation, not a correction")
        }
        guard e.unit == unit else {
            throw Refusal(.T2, "the unit is \(unit.rawValue): a different unit is a move, not a correction")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Refusal(.M2, "a correction names the reason the record was wrong")
        }
        let (start, source) = try periodStart(e)
        if let agreementEnd = e.flexibleAgreementEnd, agreementEnd <= start {
            throw Refusal(
                .T3, "the flexible-introduction agreement ends on \(agreementEnd), not after the start \(start)")
        }
        let corrected = EvaluationCorrected(
            effectiveDate: evaluatedOn, professionalField: e.professionalField, periodStart: start,
            periodEnd: periodEnd(startingOn: start), startSource: source, evaluatingDocument: e.evaluatingDocument,
            flexibleAgreementEnd: e.flexibleAgreementEnd, classified: e.classified, evaluatedOn: e.evaluatedOn,
            reason: reason)
        return [corrected.event]
    }

    /// M2: certificate date, else the list document, else the 吉享卡 date for early evaluations.
    func periodStart(_ e: Evaluation) throws(Refusal) -> (Day, PeriodStartSource) {
        if let day = e.certificateDate { return (day, .electronicCertificate) }
        if let day = e.listDocumentDate { return (day, .provincialListDocument) }
        if let day = e.jixiangCardIssuedDate {
            // "（2020年以前早期评定人员）" qualifies the persons, so the evaluation date is what must be
            // early; without it the card date stands in, as no card is issued before its evaluation.
            let cutoff = policy.management.jixiangCardSourceBefore
            let evaluated = e.evaluatedOn ?? day
            guard evaluated < cutoff else {
                throw Refusal(
                    .M2,
                    "the 吉享卡 date starts a period only for early evaluations before \(cutoff) (evaluated \(evaluated)); give the certificate or list document date"
                )
            }
            guard e.evaluatedOn.map({ $0 <= day }) ?? true else {
                throw Refusal(.M2, "the 吉享卡 was issued on \(day), before the evaluation of \(evaluated)")
            }
            return (day, .jixiangCardIssued)
        }
        throw Refusal(.M2, "no start date: give the certificate date, the list document date or the 吉享卡 date")
    }

    /// M1: the last day of a period that starts on `start`.
    func periodEnd(startingOn start: Day) -> Day {
        start.adding(years: policy.management.managementPeriodYears).adding(days: -1)
    }

    /// C3: whether an exited or downgraded talent may be evaluated (again, or higher) on `date`.
    func checkReapplication(for newTier: Tier) throws(Refusal) {
        if state.hasExited, let exit = state.exit {
            switch exit.reapplication.rule {
            case .never:
                throw Refusal(.C3, "exited for \(exit.reason.rawValue) on \(exit.on): never evaluated again")
            case .notApplicable:
                throw Refusal(.C3, "exited for \(exit.reason.rawValue): cannot be evaluated again")
            case .afterWaitingPeriod:
                if let from = exit.reapplication.allowedFrom, date < from {
                    throw Refusal(.C3, "exited for performance on \(exit.on): may apply again from \(from)")
                }
            case .whenCriteriaMetAgain:
                break
            }
        }
        if !state.hasExited, let downgrade = state.lastDowngrade, let current = state.tier, newTier < current,
            let from = downgrade.reapplication.allowedFrom, date < from
        {
            throw Refusal(
                .C3,
                "downgraded from \(downgrade.from) to \(downgrade.to) on \(downgrade.on): may apply for a higher tier from \(from)"
            )
        }
    }
}
