extension Decision {
    func collectBasicInfo(_ year: Int, _ info: BasicInfo) throws(Refusal) -> [TalentEvent] {
        let campaign = try campaign(year, for: .W1)
        guard campaign.workItems(for: state, on: date).contains(.basicInfoCollection) else {
            // Out of the scope by its tier or its status, said so; else by when it came under management.
            guard state.isUnderManagement, let held = state.tier, campaign.basicInfoTiers.contains(held) else {
                throw Refusal(.W1, "\(tier)类人才不在\(year)年度基本信息采集范围内")
            }
            throw Refusal(.W1, "\(year)年度基本信息采集的范围是\(year)年内已在管理期的人才；该人才\(periodStartInWords)")
        }
        guard let unit = state.unit else { throw Refusal(.T2, "该人才没有用人单位") }
        let declared = info.declaredSituations
        if declared.contains(where: { !RuleID.declarableSituations.contains($0) })
            || Set(declared).count != declared.count
        {
            throw Refusal(
                .W1, "declaredSituations：只能申报退出管理情形X1—X8和降级情形D1、D2，各列一次", field: "info.declaredSituations")
        }
        return [BasicInfoCollected(effectiveDate: date, campaignYear: year, unit: unit, info: info).event]
    }

    func submitMidTermSurvey(_ year: Int, _ items: MidTermSurveyItems) throws(Refusal) -> [TalentEvent] {
        let campaign = try campaign(year, for: .W2)
        guard campaign.workItems(for: state, on: date).contains(.midTermSurvey) else {
            let tiers = campaign.midTermTiers.sorted().map(\.rawValue).joined(separator: "、")
            throw Refusal(
                .W2,
                "\(year)年度期中业绩调查的范围是管理期始于\(campaign.midTermPeriodStartYear)年的\(tiers)类人才；该人才为\(tier)类，\(periodStartInWords)"
            )
        }
        guard state.campaign(year).survey == nil else {
            throw Refusal(.W2, "\(year)年度期中业绩调查已填报")
        }
        return [MidTermSurveySubmitted(effectiveDate: date, campaignYear: year, items: items).event]
    }

    /// W5: the judgement that a survey is weak, on its own: the follow-up it calls for is owed from here.
    func judgeMidTermWeak(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = state.campaign(year)
        guard record.survey != nil else { throw Refusal(.W5, "\(year)年度尚未填报期中业绩调查，无从评估") }
        guard record.judgedWeakOn == nil else {
            throw Refusal(.W5, "\(year)年度期中业绩调查已评估为业绩成果欠佳")
        }
        return [MidTermJudgedWeak(effectiveDate: date, campaignYear: year).event]
    }

    /// W5: the follow-up of a weak judgement: a responsible person, a reminder talk (提醒谈话) and help
    /// measures (帮扶措施) with a deadline to improve.
    func recordMidTermFollowUp(_ year: Int, _ person: String, _ talkOn: Day, _ measures: String, _ improveBy: Day)
        throws(Refusal) -> [TalentEvent]
    {
        let record = state.campaign(year)
        guard let judgedOn = record.judgedWeakOn else {
            throw Refusal(.W5, "\(year)年度期中业绩调查未评估为业绩成果欠佳，无需提醒谈话和帮扶")
        }
        guard record.weakFollowUp == nil else {
            throw Refusal(.W5, "\(year)年度业绩成果欠佳的提醒谈话和帮扶措施已经记录")
        }
        guard !person.isBlank else { throw Refusal(.W5, "须指定负责同志", field: "responsiblePerson") }
        guard !measures.isBlank else { throw Refusal(.W5, "须写明帮扶措施", field: "helpMeasures") }
        guard talkOn < improveBy else {
            throw Refusal(.W5, "改进期限\(improveBy)须晚于提醒谈话日期\(talkOn)", field: "improveBy")
        }
        try requireNotBefore(judgedOn, .W5, "评估为业绩成果欠佳之日")
        guard talkOn >= judgedOn, talkOn <= date else {
            throw Refusal(
                .W5, "提醒谈话日期\(talkOn)须在评估为业绩成果欠佳之后、记录之日\(date)以前", field: "reminderTalkOn")
        }
        return [
            MidTermFollowUpRecorded(
                effectiveDate: date, campaignYear: year, responsiblePerson: person, reminderTalkOn: talkOn,
                helpMeasures: measures, improveBy: improveBy
            ).event
        ]
    }

    /// W2, W3: where the talent's period starts, as a refusal of a campaign's scope says it.
    var periodStartInWords: String { state.period.map { "管理期始于\($0.start)" } ?? "管理期起始日期不详" }

    func requireEndTermScope(_ year: Int) throws(Refusal) {
        let campaign = try campaign(year, for: .W3)
        guard campaign.workItems(for: state, on: date).contains(.endTermAssessment) else {
            throw Refusal(
                .W3,
                "\(year)年度期末考核的范围是管理期始于\(campaign.endTermPeriodStartOnOrBefore)及以前的人才；该人才\(periodStartInWords)"
            )
        }
    }

    func registerEndTerm(_ year: Int) throws(Refusal) -> [TalentEvent] {
        // Said before the scope, which a registration with another campaign takes the talent out of.
        if let other = state.endTermRegistration(otherThan: year) {
            throw Refusal(.W3, "该人才本管理期已登记参加\(other)年度期末考核，同一管理期只进行一次期末考核")
        }
        try requireEndTermScope(year)
        guard state.campaign(year).endTermRegisteredOn == nil else {
            throw Refusal(.W3, "已登记参加\(year)年度期末考核")
        }
        return [EndTermRegistered(effectiveDate: date, campaignYear: year).event]
    }

    func requireOpenResult(_ year: Int) throws(Refusal) -> CampaignRecord {
        // A year the policy does not arrange has no assessment to speak of (not "no grade yet").
        _ = try campaign(year, for: .W3)
        let record = state.campaign(year)
        if let confirmed = record.confirmedOn {
            throw Refusal(.G6, "\(year)年度考核结果已于\(confirmed)确定，不能再更改")
        }
        return record
    }

    func grade(_ year: Int, _ grade: Grade, _ collectively: Bool) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard record.endTermRegisteredOn != nil else {
            try requireEndTermScope(year)
            throw Refusal(.W3, "尚未登记参加\(year)年度期末考核")
        }
        if state.status == .pendingInvestigation {
            throw Refusal(.G2, "正在接受调查处理、尚未形成结论，待结论明确后再确定等次")
        }
        guard collectively else {
            throw Refusal(.G6, "考核结果须经用人单位领导班子集体研究确定", field: "decidedCollectively")
        }
        try requireNotBefore(record.endTermRegisteredOn, .W3, "期末考核登记之日")
        // A new grade replaces the standing one and its notice and publicity start over: it cannot come
        // before them, or in business time the old result would stand on top of it.
        try requireNotBefore(record.gradedOn, .G6, "原考核等次确定之日")
        try requireNotBefore(record.notifiedOn, .G6, "书面通知被考核人之日")
        try requireNotBefore(record.publicity.map { $0.endedOn ?? $0.startedOn }, .P1, "公示之日")
        return [EndTermGraded(effectiveDate: date, campaignYear: year, grade: grade).event]
    }

    func markGradePending(_ year: Int, _ investigation: String) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard record.endTermRegisteredOn != nil else {
            throw Refusal(.W3, "尚未登记参加\(year)年度期末考核")
        }
        guard state.status != .pendingInvestigation else { throw Refusal(.G2, "已定为暂不确定等次") }
        try requireNotBefore(record.gradedOn, .G2, "考核等次确定之日")
        try requireNotBefore(record.notifiedOn, .G2, "书面通知被考核人之日")
        guard !investigation.isBlank else {
            throw Refusal(.G2, "须写明暂不确定等次的原因（所涉调查处理）", field: "investigation")
        }
        return [EndTermGradePending(effectiveDate: date, campaignYear: year, investigation: investigation).event]
    }

    func concludeInvestigation(_ conclusion: String) throws(Refusal) -> [TalentEvent] {
        guard state.status == .pendingInvestigation else { throw Refusal(.G2, "该人才没有尚未形成结论的调查处理") }
        try requireNotBefore(state.investigationStartedOn, .G2, "定为暂不确定等次之日")
        guard !conclusion.isBlank else { throw Refusal(.G2, "须写明调查处理的结论", field: "conclusion") }
        return [InvestigationConcluded(effectiveDate: date, conclusion: conclusion).event]
    }

    func notifyResult(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        guard let grade = record.grade else { throw Refusal(.G6, "\(year)年度尚无考核结果可书面通知被考核人") }
        try requireNotBefore(record.gradedOn, .G6, "确定考核等次之日")
        return [ResultNotified(effectiveDate: date, campaignYear: year, grade: grade).event]
    }

    /// G6 then G3–G5 and M4: the result becomes final and brings its consequences.
    func finalizeResult(_ year: Int) throws(Refusal) -> [TalentEvent] {
        let record = try requireOpenResult(year)
        if state.status == .pendingInvestigation {
            throw Refusal(.G2, "正在接受调查处理、尚未形成结论，不能确定考核结果")
        }
        guard let grade = record.grade else { throw Refusal(.G1, "\(year)年度尚无考核等次，无法确定考核结果") }
        if policy.publicity.publicizedGrades.contains(grade), !state.isClassified,
            record.publicity?.endedOn == nil
        {
            throw Refusal(.P1, "考核结果为\(grade.chineseName)，须公示结束后才能确定")
        }
        // §4(4): "各等次考核结果及时书面通知被考核人。对公示结果或考核结果有异议的，用人单位应及时调查核实并反馈".
        // The talent can object only to a result they were told of, and P3 keeps an objected result open,
        // so the written notice comes before the result is final and its consequences follow.
        guard record.notifiedOn != nil else {
            throw Refusal(.G6, "考核结果确定前须书面通知被考核人")
        }
        try requireNotBefore(record.notifiedOn, .G6, "书面通知被考核人之日")
        try requireNotBefore(record.publicity?.endedOn, .P1, "公示结束之日")
        try requireNotBefore(record.lastObjectionOn, .P3, "最近一次提出或答复异议之日")
        if policy.publicity.unresolvedObjectionBlocksFinalization, !record.openObjections.isEmpty {
            throw Refusal(
                .P3, "异议\(record.openObjections.sorted().joined(separator: "、"))尚未答复")
        }
        let confirmed = EndTermResultConfirmed(effectiveDate: date, campaignYear: year, grade: grade)
        let cause = "\(year)年度期末考核结果确定为\(grade.chineseName)"
        var events: [TalentEvent] = [confirmed.event]
        var stateAfter = evolve(state, confirmed.event)
        switch grade {
        case .excellent, .good:
            break
        case .fair:
            let consequences = try Decision(state: stateAfter, policy: policy, date: date)
                .downgradeOrExit(rule: .G4, cause: cause, exitReason: .endTermFairAtTierE)
            events += consequences
            stateAfter = Talent.fold(consequences, from: stateAfter)
        case .unqualified:
            let consequences = try Decision(state: stateAfter, policy: policy, date: date)
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
