extension Decision {
    /// The C3 rule fixed at the moment of an exit.
    func reapplication(for reason: ExitReason) -> Reapplication {
        // validate() makes the table complete; `never` is the safe reading of a gap.
        let rule = policy.management.reapplicationByExitReason[reason] ?? .never
        let from = rule == .afterWaitingPeriod ? date.adding(years: policy.management.reapplicationWaitingYears) : nil
        return Reapplication(rule: rule, allowedFrom: from)
    }

    /// An exit with its C2 effects and, for a retired tier-B talent, the X10 contact list.
    func exit(_ reason: ExitReason, cause: String, occurredOn: Day? = nil) -> [TalentEvent] {
        let contactList = policy.entitlements.contactList
        let toContactList = reason == .retiredNotRehired && state.tier.map(contactList.tiers.contains) == true
        let keepsMedical = toContactList && contactList.keepsMedicalService
        let withinDeadline = occurredOn.map { date <= $0.adding(months: policy.management.exitReportDeadlineMonths) }
        let exited = TalentExited(
            effectiveDate: date, reason: reason, reapplication: reapplication(for: reason),
            situationOccurredOn: occurredOn, reportedWithinDeadline: withinDeadline,
            derivation: Derivation(rule: reason.rule, cause: cause))
        var events: [TalentEvent] = [exited.event]
        let changes = exitChanges(keepingMedicalService: keepsMedical)
        if !changes.isEmpty {
            events.append(
                EntitlementsChanged(
                    effectiveDate: date, changes: changes,
                    derivation: Derivation(rule: .C2, cause: "TalentExited: \(reason.rawValue)")
                ).event)
        }
        if toContactList {
            events.append(
                MovedToContactList(
                    effectiveDate: date, medicalServiceKept: keepsMedical,
                    derivation: Derivation(rule: .X10, cause: "TalentExited: \(reason.rawValue) at tier B")
                ).event)
        }
        return events
    }

    /// C2: cards taken back, code and certificate cancelled, the unpaid subsidy withheld.
    func exitChanges(keepingMedicalService keepsMedical: Bool) -> [EntitlementChange] {
        let current = state.entitlements
        var changes: [EntitlementChange] = []
        for (item, status) in [
            (EntitlementChange.Item.jixiangCard, current.jixiangCard), (.jijianCard, current.jijianCard),
        ]
        where status == .active || status == .suspended {
            changes.append(EntitlementChange(item: item, action: .takenBack))
        }
        if current.talentCode.status == .valid {
            changes.append(EntitlementChange(item: .talentCode, action: .cancelled, tier: current.talentCode.tier))
        }
        if current.certificate.status == .valid {
            changes.append(EntitlementChange(item: .certificate, action: .cancelled, tier: current.certificate.tier))
        }
        if current.medicalService {
            changes.append(EntitlementChange(item: .medicalService, action: keepsMedical ? .kept : .withdrawn))
        }
        let subsidy = current.housingSubsidy
        if subsidy.totalYuan > 0, !subsidy.stopped {
            changes.append(
                EntitlementChange(
                    item: .housingSubsidy, action: .stopped, amountYuan: subsidy.paidYuan,
                    withheldYuan: max(0, subsidy.totalYuan - subsidy.paidYuan)))
        }
        return changes
    }

    /// G4/D3: one tier down with the C1 changes; a tier-E talent exits instead.
    func downgradeOrExit(rule: RuleID, cause: String, exitReason: ExitReason) -> [TalentEvent] {
        guard let from = state.tier, let to = from.lowered else { return exit(exitReason, cause: cause) }
        let waiting = policy.management.reapplicationWaitingYears
        let downgraded = TalentDowngraded(
            effectiveDate: date, from: from, to: to,
            reapplication: Reapplication(rule: .afterWaitingPeriod, allowedFrom: date.adding(years: waiting)),
            derivation: Derivation(rule: rule, cause: cause))
        var events: [TalentEvent] = [downgraded.event]
        let changes = entitlementChanges(toward: to, from: state.entitlements)
        if !changes.isEmpty {
            events.append(
                EntitlementsChanged(
                    effectiveDate: date, changes: changes,
                    derivation: Derivation(rule: .C1, cause: "TalentDowngraded: \(from) to \(to)")
                ).event)
        }
        return events
    }
}
