extension Decision {
    /// The C3 rule fixed at the moment of an exit.
    func reapplication(for reason: ExitReason) -> Reapplication {
        // validate() makes the table complete; `never` is the safe reading of a gap.
        let rule = policy.management.reapplicationByExitReason[reason] ?? .never
        let from =
            rule == .afterWaitingPeriod ? policy.management.reapplicationAllowed(afterDowngradeOrExitOn: date) : nil
        return Reapplication(rule: rule, allowedFrom: from)
    }

    /// An exit with its C2 effects and, for a retired tier-B talent, the X10 contact list. `report` is
    /// the X9 report the province verified, for exits that came through one.
    /// Refused while a graver situation's report waits (``graverReport(than:)``): the exit's one reason
    /// decides what follows it, whichever way it comes (a verification, a D3 decision, a result).
    func exit(_ reason: ExitReason, cause: String, report: Talent.ExitReport? = nil) throws(Refusal) -> [TalentEvent] {
        try requireNoGraverReport(than: reason)
        let contactList = policy.entitlements.contactList
        // X10 (§5(3)5 "因退休退出管理的B类人才转列为联系名单"): only a retirement exit, only the listed tiers.
        let toContactList = reason == .retiredNotRehired && state.tier.map(contactList.tiers.contains) == true
        let keepsMedical = toContactList && contactList.keepsMedicalService
        // Other situations reported and not yet verified are closed by the exit: said in its cause, so that
        // the timeline tells what became of them.
        let closed = state.pendingExitReports.filter { $0.reason != reason }
            .map { "“\($0.reason.chineseName)”（\($0.occurredOn)发生）" }
        let closing = closed.isEmpty ? "" : "；另有待核实的\(closed.joined(separator: "、"))情形随退出管理结案"
        let exited = TalentExited(
            effectiveDate: date, reason: reason, reapplication: reapplication(for: reason),
            situationOccurredOn: report?.occurredOn, reportedWithinDeadline: report?.withinDeadline,
            derivation: Derivation(rule: reason.rule, cause: cause + closing))
        var events: [TalentEvent] = [exited.event]
        events += changed(exitChanges(keepingMedicalService: keepsMedical), .C2, "退出管理：\(reason.chineseName)")
        if toContactList {
            events.append(
                MovedToContactList(
                    effectiveDate: date, medicalServiceKept: keepsMedical,
                    derivation: Derivation(rule: .X10, cause: "B类人才退出管理：\(reason.chineseName)")
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
        changes += stoppedSubsidy()
        return changes
    }

    /// C2 "已发放的安家补贴不予追回，未发放部分不再发放": what was paid stays, the rest is withheld.
    func stoppedSubsidy() -> [EntitlementChange] {
        let subsidy = state.entitlements.housingSubsidy
        guard subsidy.totalYuan > 0, !subsidy.stopped else { return [] }
        return [
            EntitlementChange(
                item: .housingSubsidy, action: .stopped, amountYuan: subsidy.paidYuan,
                withheldYuan: policy.entitlements.unpaidYuan(of: subsidy))
        ]
    }

    /// C1/E4: the unpaid instalments on a downgrade to `tier`, as the policy's ASSUMPTION says (the notice
    /// is silent beyond "享受降级后相应层次的人才待遇").
    func subsidyOnDowngrade(to tier: Tier) -> [EntitlementChange] {
        let subsidy = state.entitlements.housingSubsidy
        guard subsidy.totalYuan > 0, !subsidy.stopped, policy.entitlements.unpaidYuan(of: subsidy) > 0 else {
            return []
        }
        switch policy.entitlements.housingSubsidyOnDowngrade {
        case .keepOldTierSchedule:
            return []
        case .stop:
            return stoppedSubsidy()
        case .switchToNewTierAmount:
            return subsidySwitched(to: tier)
        }
    }

    /// E4: the unpaid instalments at `tier`'s amount, what was paid kept; nothing when the amount is the same.
    func subsidySwitched(to tier: Tier) -> [EntitlementChange] {
        let subsidy = state.entitlements.housingSubsidy
        let amount = policy.entitlements.entitlements(of: tier).housingSubsidyYuan
        guard amount != subsidy.scheduleYuan else { return [] }
        let total = subsidy.paidYuan + policy.entitlements.unpaidYuan(of: amount, paid: subsidy.paidInstalments)
        return [EntitlementChange(item: .housingSubsidy, action: .adjusted, amountYuan: amount, totalYuan: total)]
    }

    /// G4/D3: one tier down with the C1 changes; a tier-E talent exits instead. A retired talent lowered
    /// to a tier whose retirement is an exit situation has it reported at once (X1, X2).
    func downgradeOrExit(rule: RuleID, cause: String, exitReason: ExitReason) throws(Refusal) -> [TalentEvent] {
        guard let from = state.tier, let to = from.lowered else { return try exit(exitReason, cause: cause) }
        let downgraded = TalentDowngraded(
            effectiveDate: date, from: from, to: to,
            reapplication: Reapplication(
                rule: .afterWaitingPeriod,
                allowedFrom: policy.management.reapplicationAllowed(afterDowngradeOrExitOn: date)),
            derivation: Derivation(rule: rule, cause: cause))
        let changes = entitlementChanges(toward: to, from: state.entitlements) + subsidyOnDowngrade(to: to)
        return [downgraded.event] + changed(changes, .C1, "由\(from)类降为\(to)类")
            + (try retirementSituation(at: to, from: from, cause: "已办理退休手续的人才由\(from)类降为\(to)类"))
    }

    /// X1, X2: the situation a retired talent is in once at tier `to` (lowered from `from`, or evaluated
    /// anew: a retirement outlives a new period, M3), reported on the day: §5(2)2 "已办理退休手续的E类人才",
    /// whatever its rehire (a rehired D talent lowered to E); §5(2)1 for tiers B–D without a same-field
    /// rehire in Jilin (a retired tier-A talent, whose retirement was no situation, lowered to B, or kept
    /// only by a rehire already ended).
    func retirementSituation(at to: Tier, from: Tier?, cause: String) throws(Refusal) -> [TalentEvent] {
        guard state.isRetired else { return [] }
        let reason: ExitReason
        switch to {
        case .E:
            reason = .retiredAtTierE
        case .B, .C, .D:
            // A rehire still valid that day keeps the talent; one already ended does not.
            if let rehire = state.rehire, isValid(rehire.terms, on: date) { return [] }
            reason = .retiredNotRehired
        case .A:
            return []
        }
        guard state.pendingExitReport(reason) == nil else { return [] }
        // A B–D talent whose rehire ended was in X1's situation since the day after its last, not since the
        // downgrade: its month counts from then (X9).
        var occurred = date
        if reason == .retiredNotRehired, let from, [.B, .C, .D].contains(from), let until = state.rehire?.validUntil,
            until < date
        {
            occurred = ExitReason.agreementSituationOccurs(afterLastDay: until)
        }
        return try reportExit(reason, occurredOn: occurred, cause: cause)
    }

    /// One `EntitlementsChanged` naming `rule` and `cause`, or nothing when nothing changes.
    func changed(_ changes: [EntitlementChange], _ rule: RuleID, _ cause: String) -> [TalentEvent] {
        guard !changes.isEmpty else { return [] }
        return [
            EntitlementsChanged(effectiveDate: date, changes: changes, derivation: Derivation(rule: rule, cause: cause))
                .event
        ]
    }
}
