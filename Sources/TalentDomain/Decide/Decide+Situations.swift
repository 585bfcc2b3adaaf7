extension Decision {
    /// X9: a situation is reported after it occurs; the event records whether it was within the deadline.
    func requireOccurred(_ occurredOn: Day, _ rule: RuleID) throws(Refusal) {
        guard occurredOn <= date else {
            throw Refusal(rule, "a situation occurring on \(occurredOn) cannot be reported on \(date)")
        }
    }

    func retire(_ terms: RehireTerms?) throws(Refusal) -> [TalentEvent] {
        guard !state.isRetired else { throw Refusal(.X1, "the talent is already retired") }
        let retired = TalentRetired(effectiveDate: date).event
        let cause = "TalentRetired at tier \(tier)"
        switch tier {
        case .E:
            return [retired] + exit(.retiredAtTierE, cause: cause, occurredOn: date)
        case .A:
            // The notice names retirement exits only for tiers B–E.
            return [retired] + (terms.map { [rehired($0)] } ?? [])
        case .B, .C, .D:
            if let terms, isValid(terms) { return [retired, rehired(terms)] }
            let why = terms == nil ? "not rehired" : "rehire not in the same field or already expired"
            return [retired] + exit(.retiredNotRehired, cause: "\(cause), \(why)", occurredOn: date)
        }
    }

    func isValid(_ terms: RehireTerms) -> Bool { terms.sameField && (terms.validUntil.map { $0 >= date } ?? true) }

    func rehired(_ terms: RehireTerms) -> TalentEvent {
        TalentRehired(
            effectiveDate: date, agreementReference: terms.agreementReference, sameField: terms.sameField,
            validUntil: terms.validUntil
        ).event
    }

    func rehire(_ terms: RehireTerms) throws(Refusal) -> [TalentEvent] {
        guard state.isRetired else { throw Refusal(.X1, "only a retired talent is rehired (返聘)") }
        guard isValid(terms) else {
            throw Refusal(.X1, "a rehire keeps a talent only in the same field and with a valid agreement")
        }
        return [rehired(terms)]
    }

    func endRehire() throws(Refusal) -> [TalentEvent] {
        guard state.rehire != nil else { throw Refusal(.X1, "the talent has no rehire agreement") }
        let ended = RehireEnded(effectiveDate: date).event
        guard [.B, .C, .D].contains(tier) else { return [ended] }
        return [ended] + exit(.retiredNotRehired, cause: "RehireEnded: retired tier \(tier)", occurredOn: date)
    }

    func relocate(_ kind: RelocationKind, _ newUnit: UnitID?, _ occurredOn: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X9)
        let relocated = TalentRelocated(effectiveDate: occurredOn, kind: kind, newUnit: newUnit).event
        let cause = "TalentRelocated: \(kind.rawValue)"
        switch kind {
        case .withinProvince:
            guard let newUnit, newUnit != state.unit, !newUnit.rawValue.isEmpty else {
                throw Refusal(.T2, "a move within the province names the new employer unit")
            }
            return [relocated]
        case .outOfProvinceBranchPosting:
            return [relocated]
        case .outOfProvince:
            return [relocated] + exit(.leftProvince, cause: cause, occurredOn: occurredOn)
        case .civilService:
            return [relocated] + exit(.becameCivilServant, cause: cause, occurredOn: occurredOn)
        case .unrelatedPost:
            return [relocated] + exit(.unrelatedPost, cause: cause, occurredOn: occurredOn)
        }
    }

    func renewFlexibleAgreement(_ newEnd: Day) throws(Refusal) -> [TalentEvent] {
        guard let end = state.flexibleAgreementEnd else {
            throw Refusal(.T3, "the talent was not introduced flexibly (柔性引进)")
        }
        guard newEnd > end else { throw Refusal(.T3, "the renewed agreement must end after \(end)") }
        return [FlexibleAgreementRenewed(effectiveDate: date, newEnd: newEnd).event]
    }

    func flexibleAgreementExpired() throws(Refusal) -> [TalentEvent] {
        guard let end = state.flexibleAgreementEnd else {
            throw Refusal(.T3, "the talent was not introduced flexibly (柔性引进)")
        }
        guard end < date else { throw Refusal(.X4, "the agreement runs until \(end)") }
        let expired = FlexibleAgreementExpired(effectiveDate: end.adding(days: 1), endedOn: end).event
        return [expired]
            + exit(
                .flexibleAgreementExpired, cause: "FlexibleAgreementExpired on \(end), not renewed",
                occurredOn: end.adding(days: 1))
    }

    func misconduct(_ occurredOn: Day, _ finding: String) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X5)
        return [MisconductFound(effectiveDate: occurredOn, occurredOn: occurredOn, finding: finding).event]
            + exit(.misconduct, cause: "MisconductFound", occurredOn: occurredOn)
    }

    /// X6 at or above the threshold of the sanction's kind; D2 below it.
    func penalize(_ occurredOn: Day, _ sanction: Sanction) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X6)
        guard sanction.measure.kind == sanction.kind else {
            throw Refusal(.X6, "\(sanction.measure.rawValue) is not a \(sanction.kind.rawValue) sanction")
        }
        if sanction.meetsExitThreshold {
            let penalized = TalentPenalized(
                effectiveDate: occurredOn, occurredOn: occurredOn, sanction: sanction, reportable: nil)
            return [penalized.event]
                + exit(.sanction, cause: "TalentPenalized: \(sanction.measure.rawValue)", occurredOn: occurredOn)
        }
        let situation = reportable(.sanctionBelowExitThreshold, .D2, occurredOn)
        return [
            TalentPenalized(
                effectiveDate: occurredOn, occurredOn: occurredOn, sanction: sanction, reportable: situation
            )
            .event
        ]
    }

    func reportable(_ kind: ReportableSituation.Kind, _ rule: RuleID, _ occurredOn: Day) -> ReportableSituation {
        ReportableSituation(
            kind: kind, rule: rule, occurredOn: occurredOn,
            reportDue: occurredOn.adding(months: policy.management.downgradeReportDeadlineMonths))
    }

    /// X7 for an unqualified public-institution result; D1 for basic-qualified or undetermined.
    func annualAssessment(_ occurredOn: Day, _ assessment: AnnualAssessment) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X7)
        let weak: Set<AnnualAssessment.Result> = [.basicQualified, .undetermined]
        let record = { (situation: ReportableSituation?) in
            AnnualAssessmentRecorded(
                effectiveDate: occurredOn, occurredOn: occurredOn, assessment: assessment, reportable: situation
            ).event
        }
        switch assessment.sector {
        case .publicInstitution where assessment.result == .unqualified:
            return [record(nil)]
                + exit(
                    .assessmentUnqualified, cause: "AnnualAssessmentRecorded: \(assessment.kind.rawValue) unqualified",
                    occurredOn: occurredOn)
        case .publicInstitution where weak.contains(assessment.result):
            return [record(reportable(.weakAnnualAssessment, .D1, occurredOn))]
        case .enterprise
        where assessment.personalReasons && (weak.contains(assessment.result) || assessment.result == .unqualified):
            return [record(reportable(.weakAnnualAssessment, .D1, occurredOn))]
        default:
            return [record(nil)]
        }
    }

    /// X7: Art. 19 items (3)–(9) are the employer's terminations for the employee's fault or inability.
    func labourContractEnded(_ occurredOn: Day, _ item: Int) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X7)
        guard (1...14).contains(item) else { throw Refusal(.X7, "Art. 19 has items 1 to 14, not \(item)") }
        let ended = LabourContractEnded(effectiveDate: occurredOn, occurredOn: occurredOn, article19Item: item).event
        guard (3...9).contains(item) else { return [ended] }
        return [ended]
            + exit(.labourContractEnded, cause: "LabourContractEnded: Art. 19 item \(item)", occurredOn: occurredOn)
    }

    func death(_ occurredOn: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X8)
        return [TalentDied(effectiveDate: occurredOn, occurredOn: occurredOn).event]
            + exit(.died, cause: "TalentDied", occurredOn: occurredOn)
    }

    func overdueAbroad(_ occurredOn: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X8)
        return [OverdueAbroad(effectiveDate: occurredOn, occurredOn: occurredOn).event]
            + exit(.overdueAbroad, cause: "OverdueAbroad", occurredOn: occurredOn)
    }

    func lostContact(_ since: Day) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(since, .X8)
        guard state.lostContactSince == nil else { throw Refusal(.X8, "contact is already recorded as lost") }
        return [ContactLost(effectiveDate: since, since: since).event]
    }

    func restoreContact() throws(Refusal) -> [TalentEvent] {
        guard state.lostContactSince != nil else { throw Refusal(.X8, "contact was not lost") }
        return [ContactRestored(effectiveDate: date).event]
    }

    /// X8: only after contact has been lost for the policy's number of months.
    func exitForLostContact() throws(Refusal) -> [TalentEvent] {
        guard let since = state.lostContactSince else { throw Refusal(.X8, "contact was not lost") }
        let from = since.adding(months: policy.management.lostContactMonths)
        guard from <= date else {
            throw Refusal(
                .X8,
                "lost contact since \(since): exit only after \(policy.management.lostContactMonths) months, from \(from)"
            )
        }
        return exit(.lostContact, cause: "ContactLost since \(since)", occurredOn: from)
    }

    func other(_ occurredOn: Day, _ situation: String) throws(Refusal) -> [TalentEvent] {
        try requireOccurred(occurredOn, .X8)
        guard !situation.isEmpty else { throw Refusal(.X8, "describe the situation that calls for exit") }
        return [OtherExitSituationFound(effectiveDate: occurredOn, occurredOn: occurredOn, situation: situation).event]
            + exit(.otherSituation, cause: "OtherExitSituationFound", occurredOn: occurredOn)
    }

    /// D3: the unit reports its D1/D2 situations with a recommendation.
    func recommend(_ outcome: RecommendationOutcome) throws(Refusal) -> [TalentEvent] {
        guard !state.pendingReports.isEmpty else {
            throw Refusal(.D3, "no D1 or D2 situation awaits a report")
        }
        guard outcome != .noAction else {
            throw Refusal(.D3, "the unit recommends downgrade or exit; only the province may decide no action")
        }
        guard state.openRecommendation == nil else {
            throw Refusal(.D3, "a recommendation already awaits the province's decision")
        }
        return [
            ExitOrDowngradeRecommended(
                effectiveDate: date, outcome: outcome, situations: state.pendingReports,
                reportedWithinDeadline: state.pendingReports.allSatisfy { date <= $0.reportDue }
            ).event
        ]
    }

    /// D3: the province decides; a downgrade from E is an exit.
    func decideRecommendation(_ outcome: RecommendationOutcome) throws(Refusal) -> [TalentEvent] {
        guard let open = state.openRecommendation else {
            throw Refusal(.D3, "no recommendation awaits a decision")
        }
        let decided = RecommendationDecided(effectiveDate: date, outcome: outcome).event
        let situations = open.situations.map { "\($0.rule)" }.joined(separator: ", ")
        let cause = "RecommendationDecided: \(outcome.rawValue) on \(situations)"
        let after = Decision(state: evolve(state, decided), policy: policy, date: date)
        switch outcome {
        case .noAction: return [decided]
        case .downgrade:
            return [decided] + after.downgradeOrExit(rule: .D3, cause: cause, exitReason: .downgradedFromTierE)
        case .exit:
            return [decided] + after.exit(.provinceDecidedExit, cause: cause)
        }
    }

    /// F1: revocation of the qualification is an exit for which re-application is never allowed.
    func fraud(_ finding: String, _ measures: [FraudMeasure]) throws(Refusal) -> [TalentEvent] {
        guard !measures.isEmpty else { throw Refusal(.F1, "fraud found needs the measures taken") }
        let found = FraudFound(effectiveDate: date, finding: finding, measures: measures).event
        guard measures.contains(.revokeQualification) else { return [found] }
        return [found] + exit(.fraud, cause: "FraudFound: qualification revoked")
    }

    /// E4: instalments fall due by the policy schedule from the grant day.
    func payInstalment(_ number: Int) throws(Refusal) -> [TalentEvent] {
        let subsidy = state.entitlements.housingSubsidy
        let schedule = policy.entitlements.housingSubsidyInstalments
        guard subsidy.totalYuan > 0, let grantedOn = subsidy.grantedOn else {
            throw Refusal(.E4, "no housing subsidy was granted")
        }
        guard !subsidy.stopped else { throw Refusal(.C2, "the housing subsidy was stopped on exit") }
        guard (1...schedule.count).contains(number) else {
            throw Refusal(.E4, "the schedule has instalments 1 to \(schedule.count), not \(number)")
        }
        guard !subsidy.paidInstalments.contains(number) else {
            throw Refusal(.E4, "instalment \(number) was already paid")
        }
        let due = grantedOn.adding(years: schedule[number - 1].afterYears)
        guard due <= date else { throw Refusal(.E4, "instalment \(number) falls due on \(due)") }
        let amount =
            number == schedule.count
            ? subsidy.totalYuan - schedule.dropLast().reduce(0) { $0 + subsidy.totalYuan * $1.percent / 100 }
            : subsidy.totalYuan * schedule[number - 1].percent / 100
        return [HousingSubsidyInstalmentPaid(effectiveDate: date, instalment: number, amountYuan: amount).event]
    }

    func suspendServices(_ reason: String) throws(Refusal) -> [TalentEvent] {
        let changes = [
            (EntitlementChange.Item.jixiangCard, state.entitlements.jixiangCard),
            (.jijianCard, state.entitlements.jijianCard),
        ]
        .filter { $0.1 == .active }.map { EntitlementChange(item: $0.0, action: .suspended) }
        guard !changes.isEmpty else { throw Refusal(.S3, "no active card to suspend") }
        return [
            EntitlementsChanged(effectiveDate: date, changes: changes, derivation: Derivation(rule: .S3, cause: reason))
                .event
        ]
    }

    func restoreServices(_ reason: String) throws(Refusal) -> [TalentEvent] {
        let changes = [
            (EntitlementChange.Item.jixiangCard, state.entitlements.jixiangCard),
            (.jijianCard, state.entitlements.jijianCard),
        ]
        .filter { $0.1 == .suspended }.map { EntitlementChange(item: $0.0, action: .restored) }
        guard !changes.isEmpty else { throw Refusal(.S4, "no suspended card to restore") }
        return [
            EntitlementsChanged(effectiveDate: date, changes: changes, derivation: Derivation(rule: .S4, cause: reason))
                .event
        ]
    }
}
