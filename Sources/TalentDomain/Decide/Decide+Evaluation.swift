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
            flexibleAgreementEnd: e.flexibleAgreementEnd, classified: e.classified)
        let cause = "TalentEvaluated: tier \(e.tier) by \(e.evaluatingDocument)"
        var changes = entitlementChanges(toward: e.tier, from: state.entitlements)
        let subsidy = policy.entitlements.entitlements(of: e.tier).housingSubsidyYuan
        let current = state.entitlements.housingSubsidy
        if subsidy > 0, current.totalYuan == 0 || current.stopped {
            changes.append(EntitlementChange(item: .housingSubsidy, action: .granted, amountYuan: subsidy))
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

    /// M2: certificate date, else the list document, else the 吉享卡 date for early evaluations.
    func periodStart(_ e: Evaluation) throws(Refusal) -> (Day, PeriodStartSource) {
        if let day = e.certificateDate { return (day, .electronicCertificate) }
        if let day = e.listDocumentDate { return (day, .provincialListDocument) }
        if let day = e.jixiangCardIssuedDate {
            let cutoff = policy.management.jixiangCardSourceBefore
            guard day < cutoff else {
                throw Refusal(
                    .M2,
                    "the 吉享卡 date starts a period only for early evaluations before \(cutoff); give the certificate or list document date"
                )
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

    /// E1–E5, C1: what must change so the talent holds exactly the entitlements of `tier`.
    func entitlementChanges(toward tier: Tier, from current: Entitlements) -> [EntitlementChange] {
        let target = policy.entitlements.entitlements(of: tier)
        var changes: [EntitlementChange] = []
        func card(_ item: EntitlementChange.Item, _ status: CardStatus, _ wanted: Bool) {
            let held = status == .active || status == .suspended
            if wanted, !held { changes.append(EntitlementChange(item: item, action: .issued)) }
            if !wanted, held { changes.append(EntitlementChange(item: item, action: .takenBack)) }
        }
        card(.jixiangCard, current.jixiangCard, target.jixiangCard)
        card(.jijianCard, current.jijianCard, target.jijianCard)
        for (item, credential) in [
            (EntitlementChange.Item.talentCode, current.talentCode), (.certificate, current.certificate),
        ]
        where credential.status != .valid || credential.tier != tier {
            changes.append(
                EntitlementChange(item: item, action: credential.status == .valid ? .reissued : .issued, tier: tier))
        }
        if target.medicalService, !current.medicalService {
            changes.append(EntitlementChange(item: .medicalService, action: .granted))
        }
        if !target.medicalService, current.medicalService {
            changes.append(EntitlementChange(item: .medicalService, action: .withdrawn))
        }
        return changes
    }
}
