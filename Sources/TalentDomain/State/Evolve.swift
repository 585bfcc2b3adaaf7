/// Folds one event into the state. Total: every event applies to every state without failing, because
/// events are facts already decided; rules are checked in `decide`, never here.
public func evolve(_ state: Talent, _ event: TalentEvent) -> Talent {
    var talent = state
    switch event {
    case .talentEvaluated(let e):
        if !state.isUnderManagement { talent.managedSince = e.periodStart }
        talent.id = e.talentId
        talent.tier = e.tier
        talent.status = .underManagement
        talent.unit = e.unit
        talent.reportingUnit = e.unit
        talent.professionalField = e.professionalField
        talent.period = ManagementPeriod(
            tier: e.tier, start: e.periodStart, source: e.startSource, basis: .evaluation, end: e.periodEnd)
        talent.evaluationCount += 1
        talent.evaluatedOn = e.effectiveDate
        talent.evaluatedTier = e.tier
        talent.evaluatedUnit = e.unit
        talent.flexibleAgreementEnd = e.flexibleAgreementEnd
        talent.evaluatedAgreementEnd = e.flexibleAgreementEnd
        talent.isClassified = e.classified
        // M3: a new evaluation is a fresh start; an earlier exit and open items no longer apply. (An exit
        // report, a D1/D2 situation or recommendation, or an investigation waiting now refuses the
        // evaluation; histories recorded before that still fold as they did.) A retirement and its rehire
        // are facts of the person's life, not of the management period: they stay, and X1 applies when the
        // rehire ends. A downgrade's bar on a higher tier (C3) runs its years whatever evaluation comes
        // between.
        talent.postedToBranch = false
        talent.pendingReports = []
        talent.openRecommendation = nil
        talent.pendingExitReports = []
        talent.exit = nil
        talent.lostContactSince = nil
        talent.investigation = nil
        talent.investigationStartedOn = nil
    case .managementPeriodRenewed(let e):
        talent.period = ManagementPeriod(
            tier: e.tier, start: e.start, source: nil, basis: .resultConfirmation, end: e.end)
    case .basicInfoCollected(let e):
        talent.update(e.campaignYear) { $0.basicInfo = e.info }
    case .midTermSurveySubmitted(let e):
        talent.update(e.campaignYear) { $0.survey = e.items }
    case .midTermJudgedWeak(let e):
        talent.update(e.campaignYear) {
            $0.judgedWeakOn = e.effectiveDate
            // A judgement recorded with its follow-up in one (before they were two facts).
            if let person = e.responsiblePerson, let talkOn = e.reminderTalkOn, let measures = e.helpMeasures,
                let improveBy = e.improveBy
            {
                $0.weakFollowUp = .init(
                    responsiblePerson: person, reminderTalkOn: talkOn, helpMeasures: measures, improveBy: improveBy)
            }
        }
    case .midTermFollowUpRecorded(let e):
        talent.update(e.campaignYear) {
            $0.weakFollowUp = .init(
                responsiblePerson: e.responsiblePerson, reminderTalkOn: e.reminderTalkOn, helpMeasures: e.helpMeasures,
                improveBy: e.improveBy)
        }
    case .endTermRegistered(let e):
        talent.update(e.campaignYear) { $0.endTermRegisteredOn = e.effectiveDate }
    case .endTermGraded(let e):
        // A new grade replaces the old one, so its publicity and notification start over.
        let tier = talent.tier
        talent.update(e.campaignYear) {
            $0.setResult(e.grade, pendingInvestigation: nil, on: e.effectiveDate, tier: tier)
        }
    case .endTermGradePending(let e):
        // G2 暂不确定等次: no grade while the investigation runs; after the conclusion the talent is graded
        // anew, so a grade given earlier, its publicity and its notice no longer stand.
        talent.update(e.campaignYear) {
            $0.setResult(nil, pendingInvestigation: e.investigation, on: e.effectiveDate, tier: nil)
        }
        talent.investigation = e.investigation
        talent.investigationStartedOn = e.effectiveDate
        if talent.status == .underManagement { talent.status = .pendingInvestigation }
    case .investigationConcluded:
        talent.investigation = nil
        talent.investigationStartedOn = nil
        for year in talent.campaigns.keys { talent.campaigns[year]?.pendingInvestigation = nil }
        if talent.status == .pendingInvestigation { talent.status = .underManagement }
    case .publicityStarted(let e):
        talent.update(e.campaignYear) {
            $0.publicity = .init(
                startedOn: e.effectiveDate, earliestEnd: e.earliestEnd, minimumWorkingDays: e.minimumWorkingDays)
        }
    case .publicityEnded(let e):
        talent.update(e.campaignYear) { $0.publicity?.endedOn = e.effectiveDate }
    case .objectionFiled(let e):
        talent.update(e.campaignYear) { $0.objectionFiled(e.objectionId, on: e.effectiveDate) }
    case .objectionAnswered(let e):
        talent.update(e.campaignYear) {
            $0.openObjections.remove(e.objectionId)
            $0.answeredObjections.insert(e.objectionId)
            $0.objectionHandled(on: e.effectiveDate)
        }
    case .resultNotified(let e):
        talent.update(e.campaignYear) { $0.notifiedOn = e.effectiveDate }
    case .endTermResultConfirmed(let e):
        talent.update(e.campaignYear) { $0.confirmedOn = e.effectiveDate }
    case .evaluationCorrected(let e):
        // The evaluation corrected is the one the talent came under management with: its start moves too.
        if talent.managedSince == talent.period?.start, talent.period?.basis == .evaluation {
            talent.managedSince = e.periodStart
        }
        talent.professionalField = e.professionalField
        talent.evaluatedAgreementEnd = e.flexibleAgreementEnd
        if let tier = talent.tier {
            talent.period = ManagementPeriod(
                tier: tier, start: e.periodStart, source: e.startSource, basis: .evaluation, end: e.periodEnd)
        }
        talent.flexibleAgreementEnd = e.flexibleAgreementEnd
        talent.isClassified = e.classified
        if let countedFrom = e.housingSubsidyCountedFrom {
            talent.entitlements.housingSubsidy.grantedOn = countedFrom
        }
    case .talentRetired(let e):
        talent.isRetired = true
        talent.retiredOn = e.effectiveDate
    case .retirementWithdrawn:
        talent.isRetired = false
        talent.retiredOn = nil
        talent.rehire = nil
    case .talentRehired(let e):
        talent.rehire = .init(
            reference: e.agreementReference, sameField: e.sameField, inProvince: e.inProvince, validUntil: e.validUntil,
            since: e.effectiveDate)
    case .rehireEnded:
        talent.rehire = nil
    case .talentRelocated(let e):
        switch e.kind {
        case .withinProvince:
            if let unit = e.newUnit {
                talent.unit = unit
                talent.reportingUnit = unit
            }
            talent.postedToBranch = false
        case .outOfProvinceBranchPosting:
            talent.postedToBranch = true
        case .unrelatedPost:
            // O2: a new unit in the province reports; with none (resigned), the original unit does.
            if let unit = e.newUnit {
                talent.unit = unit
                talent.reportingUnit = unit
            }
        case .outOfProvince, .civilService:
            // O2: the original unit verifies and reports. (A move out of the province names no unit since the
            // register refuses one; an event recorded before may.)
            if let unit = e.newUnit { talent.unit = unit }
        }
    case .flexibleAgreementRenewed(let e):
        talent.flexibleAgreementEnd = e.newEnd
    case .contactLost(let e):
        talent.lostContactSince = e.since
    case .contactRestored(let e):
        talent.lostContactSince = nil
        talent.contactRestoredOn = e.effectiveDate
    case .talentPenalized(let e):
        if let situation = e.reportable { talent.pendingReports.append(situation) }
    case .annualAssessmentRecorded(let e):
        if let situation = e.reportable { talent.pendingReports.append(situation) }
    case .exitOrDowngradeRecommended(let e):
        talent.openRecommendation = .init(
            outcome: e.outcome, recommendedOn: e.effectiveDate, situations: e.situations)
        talent.pendingReports = []
    case .recommendationDecided:
        talent.openRecommendation = nil
    case .exitSituationReported(let e):
        talent.pendingExitReports.append(
            .init(
                reason: e.reason, occurredOn: e.occurredOn, reportedOn: e.effectiveDate, reportDue: e.reportDue,
                withinDeadline: e.reportedWithinDeadline))
    case .exitSituationVerified(let e):
        if let index = talent.pendingExitReports.firstIndex(where: { $0.reason == e.reason }) {
            talent.pendingExitReports.remove(at: index)
        }
    case .exitReportWithdrawn(let e):
        if let index = talent.pendingExitReports.firstIndex(where: { $0.reason == e.reason }) {
            talent.pendingExitReports.remove(at: index)
        }
    case .talentDowngraded(let e):
        talent.tier = e.to
        talent.period?.tier = e.to
        let downgrade = Talent.DowngradeRecord(
            from: e.from, to: e.to, on: e.effectiveDate, reapplication: e.reapplication)
        talent.lastDowngrade = downgrade
        talent.downgrades.append(downgrade)
    case .talentExited(let e):
        talent.status = .exited
        let exit = Talent.ExitRecord(reason: e.reason, on: e.effectiveDate, reapplication: e.reapplication)
        talent.exit = exit
        talent.exits.append(exit)
        talent.pendingReports = []
        talent.openRecommendation = nil
        talent.pendingExitReports = []
        for year in talent.campaigns.keys {
            talent.campaigns[year]?.openObjections = []
            if talent.campaigns[year]?.isPublicityRunning == true {
                talent.campaigns[year]?.publicity?.endedOn = e.effectiveDate
            }
        }
    case .movedToContactList:
        talent.status = .contactList
    case .entitlementsChanged(let e):
        for change in e.changes { talent.entitlements.apply(change, on: e.effectiveDate) }
        let entitlements = talent.entitlements
        if ![entitlements.jixiangCard, entitlements.jijianCard].contains(.suspended) {
            talent.servicesSuspendedOn = nil
        } else if e.changes.contains(where: { $0.action == .suspended }) {
            talent.servicesSuspendedOn = e.effectiveDate
        }
    case .housingSubsidyInstalmentPaid(let e):
        if !talent.entitlements.housingSubsidy.paidInstalments.contains(e.instalment) {
            talent.entitlements.housingSubsidy.paidInstalments.append(e.instalment)
            // Saturating, so no stored amount can trap the fold.
            let (sum, overflow) = talent.entitlements.housingSubsidy.paidYuan.addingReportingOverflow(e.amountYuan)
            talent.entitlements.housingSubsidy.paidYuan = overflow ? Int.max : sum
            // Paid before the stop and folded after it (in recording order): what the stop withheld was not.
            if talent.entitlements.housingSubsidy.stopped {
                let withheld = talent.entitlements.housingSubsidy.withheldYuan
                talent.entitlements.housingSubsidy.withheldYuan = withheld - max(0, min(withheld, e.amountYuan))
            }
        }
    case .talentDied(let e) where talent.status == .contactList:
        // X10: the list holds the living; a death under management goes through its report and exit instead.
        talent.status = .exited
        talent.diedOn = e.occurredOn
    case .fraudFound(let e):
        // F1, C3: a revoked qualification bars every evaluation after it, whenever it is found: under
        // management (its exit is its own derived event) or after an exit for another reason.
        if e.measures.contains(.revokeQualification), talent.qualificationRevokedOn == nil {
            talent.qualificationRevokedOn = e.effectiveDate
        }
    case .flexibleAgreementExpired, .misconductFound, .labourContractEnded, .talentDied, .overdueAbroad,
        .otherExitSituationFound:
        // Facts whose consequence (the exit) is its own derived event.
        break
    }
    return talent
}

extension Talent {
    /// Folds a talent's events, given in the order they were recorded, in business order (see
    /// ``businessOrder(_:effectiveDate:)``); with `asOf`, only those effective on or before that day.
    public static func fold(_ events: [TalentEvent], asOf day: Day? = nil, from initial: Talent = .initial) -> Talent {
        businessOrder(events, effectiveDate: \.effectiveDate).reduce(initial) { state, event in
            if let day, event.effectiveDate > day { return state }
            return evolve(state, event)
        }
    }

    /// The order a talent's facts are folded in, the register's one rule for it: by the day each took
    /// effect, then in the order they were recorded. A fact recorded late but effective earlier (a death
    /// reported weeks after, a retirement reported two months late) takes its place in business time.
    /// `items` come in recorded order.
    public static func businessOrder<Item>(_ items: [Item], effectiveDate: (Item) -> Day) -> [Item] {
        let days = items.map(effectiveDate)
        // Most histories were recorded in business order: then nothing moves, and nothing is copied.
        if zip(days, days.dropFirst()).allSatisfy({ $0 <= $1 }) { return items }
        return days.indices.sorted { (days[$0], $0) < (days[$1], $1) }.map { items[$0] }
    }

    fileprivate mutating func update(_ year: Int, _ change: (inout CampaignRecord) -> Void) {
        var record = campaigns[year] ?? .empty
        change(&record)
        campaigns[year] = record
    }
}
