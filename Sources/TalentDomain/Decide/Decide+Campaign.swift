extension Decision {
    func collectBasicInfo(_ year: Int, _ info: BasicInfo) throws(Refusal) -> [TalentEvent] {
        guard try workItems(year).contains(.basicInfoCollection) else {
            throw Refusal(.W1, "tier \(tier) is not in campaign \(year)'s basic-info collection")
        }
        guard let unit = state.unit else { throw Refusal(.T2, "the talent has no employer unit") }
        return [BasicInfoCollected(effectiveDate: date, campaignYear: year, unit: unit, info: info).event]
    }

    func submitMidTermSurvey(_ year: Int, _ items: MidTermSurveyItems) throws(Refusal) -> [TalentEvent] {
        let campaign = try campaign(year)
        guard campaign.workItems(for: state, on: date).contains(.midTermSurvey) else {
            let start = state.period.map { "\($0.start)" } ?? "unknown"
            throw Refusal(
                .W2,
                "campaign \(year) surveys tiers \(campaign.midTermTiers.sorted().map(\.rawValue).joined(separator: ",")) whose period started in \(campaign.midTermPeriodStartYear); this tier-\(tier) period started \(start)"
            )
        }
        guard state.campaign(year).survey == nil else {
            throw Refusal(.W2, "the mid-term survey of campaign \(year) was already submitted")
        }
        return [MidTermSurveySubmitted(effectiveDate: date, campaignYear: year, items: items).event]
    }

    /// W5: the judgement that a survey is weak, on its own: the follow-up it calls for is owed from here.
    func judgeMidTermWeak(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = state.campaign(year)
        guard record.survey != nil else { throw Refusal(.W5, "no mid-term survey of campaign \(year) to judge") }
        guard record.judgedWeakOn == nil else {
            throw Refusal(.W5, "the mid-term survey of campaign \(year) is already judged weak")
        }
        return [MidTermJudgedWeak(effectiveDate: date, campaignYear: year).event]
    }

    /// W5: the follow-up of a weak judgement: a responsible person, a reminder talk (提醒谈话) and help
    /// measures (帮扶措施) with a deadline to improve.
    func recordMidTermFollowUp(_ year: Int, _ person: String, _ talkOn: Day, _ measures: String, _ improveBy: Day)
        throws(Refusal) -> [TalentEvent]
    {
        let record = state.campaign(year)
        guard record.judgedWeakOn != nil else {
            throw Refusal(.W5, "the mid-term survey of campaign \(year) is not judged weak: no follow-up is owed")
        }
        guard record.weakFollowUp == nil else {
            throw Refusal(.W5, "the follow-up of campaign \(year)'s weak survey is already recorded")
        }
        guard !person.isEmpty, !measures.isEmpty else {
            throw Refusal(.W5, "a weak survey's follow-up names a responsible person and help measures")
        }
        guard talkOn < improveBy else {
            throw Refusal(.W5, "the improvement deadline \(improveBy) must come after the reminder talk \(talkOn)")
        }
        return [
            MidTermFollowUpRecorded(
                effectiveDate: date, campaignYear: year, responsiblePerson: person, reminderTalkOn: talkOn,
                helpMeasures: measures, improveBy: improveBy
            ).event
        ]
    }

    func requireEndTermScope(_ year: Int) throws(Refusal) {
        let campaign = try campaign(year)
        guard campaign.workItems(for: state, on: date).contains(.endTermAssessment) else {
            let start = state.period.map { "\($0.start)" } ?? "unknown"
            throw Refusal(
                .W3,
                "campaign \(year) assesses periods started on or before \(campaign.endTermPeriodStartOnOrBefore); this period started \(start)"
            )
        }
    }

    func registerEndTerm(_ year: Int) throws(Refusal) -> [TalentEvent] {
        try requireEndTermScope(year)
        guard state.campaign(year).endTermRegisteredOn == nil else {
            throw Refusal(.W3, "already registered for the end-term assessment of campaign \(year)")
        }
        return [EndTermRegistered(effectiveDate: date, campaignYear: year).event]
    }

    func requireOpenResult(_ year: Int) throws(Refusal) -> CampaignRecord {
        let record = state.campaign(year)
        if let confirmed = record.confirmedOn {
            throw Refusal(.G6, "the result of campaign \(year) was confirmed on \(confirmed) and is final")
        }
        return record
    }

    func grade(_ year: Int, _ grade: Grade, _ collectively: Bool) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard record.endTermRegisteredOn != nil else {
            try requireEndTermScope(year)
            throw Refusal(.W3, "no end-term registration for campaign \(year)")
        }
        if state.status == .pendingInvestigation {
            throw Refusal(.G2, "under investigation without a conclusion: the grade waits for the conclusion")
        }
        guard collectively else {
            throw Refusal(.G6, "the unit's leadership must decide the result collectively")
        }
        return [EndTermGraded(effectiveDate: date, campaignYear: year, grade: grade).event]
    }

    func markGradePending(_ year: Int, _ investigation: String) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard record.endTermRegisteredOn != nil else {
            throw Refusal(.W3, "no end-term registration for campaign \(year)")
        }
        guard state.status != .pendingInvestigation else { throw Refusal(.G2, "the grade is already pending") }
        return [EndTermGradePending(effectiveDate: date, campaignYear: year, investigation: investigation).event]
    }

    func concludeInvestigation(_ conclusion: String) throws(Refusal) -> [TalentEvent] {
        guard state.status == .pendingInvestigation else { throw Refusal(.G2, "no investigation is pending") }
        return [InvestigationConcluded(effectiveDate: date, conclusion: conclusion).event]
    }

    func notifyResult(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard let grade = record.grade else { throw Refusal(.G6, "no result of campaign \(year) to notify") }
        return [ResultNotified(effectiveDate: date, campaignYear: year, grade: grade).event]
    }

    /// G6 then G3–G5 and M4: the result becomes final and brings its consequences.
    func finalizeResult(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        if state.status == .pendingInvestigation {
            throw Refusal(.G2, "under investigation without a conclusion: no result can be finalized")
        }
        guard let grade = record.grade else { throw Refusal(.G1, "campaign \(year) has no grade to finalize") }
        if policy.publicity.publicizedGrades.contains(grade), !state.isClassified,
            record.publicity?.endedOn == nil
        {
            throw Refusal(.P1, "an \(grade.rawValue) result is final only after its publicity has run and ended")
        }
        // §4(4): "各等次考核结果及时书面通知被考核人。对公示结果或考核结果有异议的，用人单位应及时调查核实并反馈".
        // The talent can object only to a result they were told of, and P3 keeps an objected result open,
        // so the written notice comes before the result is final and its consequences follow.
        guard record.notifiedOn != nil else {
            throw Refusal(.G6, "the result must be notified to the talent in writing before it is final")
        }
        if policy.publicity.unresolvedObjectionBlocksFinalization, !record.openObjections.isEmpty {
            throw Refusal(
                .P3, "objection \(record.openObjections.sorted().joined(separator: ", ")) is not answered yet")
        }
        let confirmed = EndTermResultConfirmed(effectiveDate: date, campaignYear: year, grade: grade)
        let cause = "EndTermResultConfirmed: \(grade.rawValue) (campaign \(year))"
        var events: [TalentEvent] = [confirmed.event]
        var stateAfter = evolve(state, confirmed.event)
        switch grade {
        case .excellent, .good:
            break
        case .fair:
            let consequences = Decision(state: stateAfter, policy: policy, date: date)
                .downgradeOrExit(rule: .G4, cause: cause, exitReason: .endTermFairAtTierE)
            events += consequences
            stateAfter = Talent.fold(consequences, from: stateAfter)
        case .unqualified:
            let consequences = Decision(state: stateAfter, policy: policy, date: date)
                .exit(.endTermUnqualified, cause: cause)
            events += consequences
            stateAfter = Talent.fold(consequences, from: stateAfter)
        }
        let renewal = policy.management.renewal
        if stateAfter.isUnderManagement, renewal.onResultConfirmation, renewal.grades.contains(grade),
            let tier = stateAfter.tier
        {
            events.append(
                ManagementPeriodRenewed(
                    effectiveDate: date, tier: tier, start: date, end: periodEnd(startingOn: date),
                    derivation: Derivation(rule: .M4, cause: cause)
                ).event)
        }
        return events
    }
}
