/// Decides what a command means for a talent: the events to append, or a refusal naming the rule.
///
/// Pure: `date` is the business day the command is decided on (the caller's "today"). Consequences
/// come back in the same list as their cause (a fair grade with its downgrade and card changes), so the
/// store appends them in one transaction; every derived event names its rule and cause.
public func decide(_ command: TalentCommand, _ state: Talent, _ policy: Policy, _ date: Day) throws(Refusal)
    -> [TalentEvent]
{
    // Nothing outside the register's limits is decided at all: every day it names and every day derived
    // from them stays one that every reader and table can hold.
    try policy.management.registerLimits.check(command, on: date)
    let context = Decision(state: state, policy: policy, date: date)
    if case .evaluate(let evaluation) = command { return try context.evaluate(evaluation) }
    guard state.status != .notEvaluated else { throw Refusal(.T1, "该人才尚未认定层次") }
    if let died = state.diedOn, case .recordDeath = command {
        throw Refusal(.X8, "已记录该人才于\(died)去世")
    }
    if state.hasExited, !command.outlivesTheExit(of: state) {
        let exit = state.exit.map { "（\($0.on)，\($0.reason.chineseName)）" } ?? ""
        // W1 collects the information of talents under management; W4 stops the survey and the assessment.
        if case .collectBasicInfo = command {
            throw Refusal(.W1, "该人才已退出管理\(exit)，基本信息采集的对象为管理期内的人才")
        }
        if command.isCampaignWork {
            throw Refusal(.W4, "该人才已退出管理\(exit)，不再对其开展期中业绩调查或期末考核")
        }
        throw Refusal(.C2, "该人才已退出管理\(exit)，不再办理其他事项")
    }
    // X8, X9: a death reported waits for the province's verification; until then nothing more of the talent's
    // life is recorded (a retirement, a move, contact lost after it), only the verification and what does
    // not depend on the talent living (a correction, the subsidy, the jobs).
    if let death = state.pendingExitReport(.died), command.recordsTheTalentsLife {
        throw Refusal(.X9, "已报告该人才于\(death.occurredOn)去世，待省人社厅核实；核实前不再登记其他情形")
    }
    if state.hasReportedExitSituation, command.isSurveyOrAssessment {
        let reasons = state.pendingExitReports.map(\.reason.chineseName).joined(separator: "、")
        throw Refusal(.W4, "已报告应予退出管理的情形（\(reasons)），不再对其开展期中业绩调查或期末考核")
    }
    if let year = command.campaignYear {
        try context.requireCampaignWorkOpen(year, for: command.campaignRule)
    }
    switch command {
    case .evaluate(let evaluation): return try context.evaluate(evaluation)
    case .correctEvaluation(let evaluation, let reason): return try context.correctEvaluation(evaluation, reason)
    case .collectBasicInfo(let year, let info): return try context.collectBasicInfo(year, info)
    case .submitMidTermSurvey(let year, let items): return try context.submitMidTermSurvey(year, items)
    case .judgeMidTermWeak(let year): return try context.judgeMidTermWeak(year)
    case .recordMidTermFollowUp(let year, let person, let talkOn, let measures, let improveBy):
        return try context.recordMidTermFollowUp(year, person, talkOn, measures, improveBy)
    case .registerEndTerm(let year): return try context.registerEndTerm(year)
    case .grade(let year, let grade, let collectively): return try context.grade(year, grade, collectively)
    case .markGradePending(let year, let investigation): return try context.markGradePending(year, investigation)
    case .concludeInvestigation(let conclusion): return try context.concludeInvestigation(conclusion)
    case .startPublicity(let year): return try context.startPublicity(year)
    case .endPublicity(let year): return try context.endPublicity(year)
    case .fileObjection(let year, let id, let summary): return try context.fileObjection(year, id, summary)
    case .answerObjection(let year, let id, let response): return try context.answerObjection(year, id, response)
    case .notifyResult(let year): return try context.notifyResult(year)
    case .finalizeResult(let year): return try context.finalizeResult(year)
    case .retire(let occurredOn, let rehire): return try context.retire(occurredOn, rehire)
    case .rehire(let terms): return try context.rehire(terms)
    case .endRehire(let occurredOn): return try context.endRehire(occurredOn)
    case .relocate(let kind, let unit, let occurredOn): return try context.relocate(kind, unit, occurredOn)
    case .renewFlexibleAgreement(let newEnd): return try context.renewFlexibleAgreement(newEnd)
    case .recordFlexibleAgreementExpired: return try context.flexibleAgreementExpired()
    case .findMisconduct(let occurredOn, let finding): return try context.misconduct(occurredOn, finding)
    case .penalize(let occurredOn, let sanction): return try context.penalize(occurredOn, sanction)
    case .recordAnnualAssessment(let occurredOn, let assessment):
        return try context.annualAssessment(occurredOn, assessment)
    case .endLabourContract(let occurredOn, let item): return try context.labourContractEnded(occurredOn, item)
    case .recordDeath(let occurredOn): return try context.death(occurredOn)
    case .recordOverdueAbroad(let occurredOn): return try context.overdueAbroad(occurredOn)
    case .recordLostContact(let since): return try context.lostContact(since)
    case .restoreContact: return try context.restoreContact()
    case .exitForLostContact: return try context.exitForLostContact()
    case .recordOtherExitSituation(let occurredOn, let situation): return try context.other(occurredOn, situation)
    case .verifyExitSituation(let reason, let confirmed, let finding):
        return try context.verifyExit(reason, confirmed: confirmed, finding: finding)
    case .recommend(let outcome): return try context.recommend(outcome)
    case .decideRecommendation(let outcome): return try context.decideRecommendation(outcome)
    case .findFraud(let finding, let measures): return try context.fraud(finding, measures)
    case .payHousingSubsidyInstalment(let number): return try context.payInstalment(number)
    case .suspendServices(let reason): return try context.suspendServices(reason)
    case .restoreServices(let reason, let cards): return try context.restoreServices(reason, only: cards)
    }
}

extension TalentCommand {
    /// Commands that belong to a campaign's work items, refused under W4 once the talent has exited.
    var isCampaignWork: Bool { campaignYear != nil }

    /// The campaign a step of a campaign's work belongs to; nil for any other command.
    var campaignYear: Int? {
        switch self {
        case .collectBasicInfo(let year, _), .submitMidTermSurvey(let year, _), .judgeMidTermWeak(let year),
            .recordMidTermFollowUp(let year, _, _, _, _), .registerEndTerm(let year), .grade(let year, _, _),
            .markGradePending(let year, _), .startPublicity(let year), .endPublicity(let year),
            .fileObjection(let year, _, _), .answerObjection(let year, _, _), .notifyResult(let year),
            .finalizeResult(let year):
            year
        default: nil
        }
    }

    /// The rule a step of a campaign's work is refused under: its work item's, or its procedure's.
    var campaignRule: RuleID {
        switch self {
        case .collectBasicInfo: .W1
        case .submitMidTermSurvey: .W2
        case .judgeMidTermWeak, .recordMidTermFollowUp: .W5
        case .startPublicity, .endPublicity: .P1
        case .fileObjection, .answerObjection: .P3
        case .notifyResult, .finalizeResult: .G6
        default: .W3
        }
    }

    /// What the talent did or what befell it: a retirement, a rehire, a move, a sanction, an assessment,
    /// contact lost or restored, a situation. None is recorded after a death reported (X9); a second death
    /// is refused as a report that waits already.
    public var recordsTheTalentsLife: Bool {
        switch self {
        case .retire, .rehire, .endRehire, .relocate, .renewFlexibleAgreement, .recordFlexibleAgreementExpired,
            .findMisconduct, .penalize, .recordAnnualAssessment, .endLabourContract, .recordOverdueAbroad,
            .recordLostContact, .restoreContact, .exitForLostContact, .recordOtherExitSituation:
            return true
        default:
            return false
        }
    }

    /// What an exit does not end (C2 refuses the rest), for a talent in `state`:
    /// - a correction of its evaluation record (M2): a record's correction is no management (a classified
    ///   flag missed, which every list and form since has shown by name);
    /// - an objection to a result given, and its answer (P3, §4(4) "对公示结果或考核结果有异议的，用人单位应及时
    ///   调查核实并反馈处理意见": the talents who exit on their result are the ones most likely to object); no
    ///   new survey or assessment is made of them (W4);
    /// - the death of a talent on the contact list (X10, X8): it leaves the list, and the medical service it
    ///   kept ends (else it would be held for ever);
    /// - an instalment of the housing subsidy paid before the exit stopped it and recorded after (C2
    ///   "已发放的安家补贴不予追回"), on the day it was paid.
    public func outlivesTheExit(of state: Talent) -> Bool {
        switch self {
        case .correctEvaluation, .fileObjection, .answerObjection: true
        // F1: fraud found after an exit for another reason revokes the qualification all the same (C3).
        case .findFraud: state.diedOn == nil && state.qualificationRevokedOn == nil
        case .recordDeath: state.status == .contactList
        // C2: an instalment paid before the exit stopped the subsidy, recorded after it (on its own day).
        case .payHousingSubsidyInstalment: state.entitlements.housingSubsidy.stoppedOn != nil
        default: false
        }
    }

    /// Mid-term survey and end-term assessment work, which stops once an exit situation is reported
    /// (W4, §5(3)4); objections already filed can still be answered.
    public var isSurveyOrAssessment: Bool {
        switch self {
        case .submitMidTermSurvey, .judgeMidTermWeak, .recordMidTermFollowUp, .registerEndTerm, .grade,
            .markGradePending, .startPublicity,
            .notifyResult, .finalizeResult:
            return true
        default:
            return false
        }
    }
}

/// The inputs of one decision, so the per-command functions share them without long parameter lists.
struct Decision {
    let state: Talent
    let policy: Policy
    let date: Day

    var tier: Tier { state.tier ?? .E }

    /// A step of the notice's procedure is not dated before the step it follows (a verification before
    /// the report it verifies, a result made final before the talent was told of it): folded in business
    /// time, such a history would show the later step first.
    ///
    /// `step` names the earlier day in the notice's words (用人单位报告该情形之日).
    func requireNotBefore(_ earlier: Day?, _ rule: RuleID, _ step: String) throws(Refusal) {
        guard let earlier, date < earlier else { return }
        throw Refusal(rule, "本步骤不能早于\(step)（\(earlier)），不能记为\(date)", field: "effectiveOn")
    }

    /// W1–W3: a step of campaign `year`'s work is not dated before its work opens (``Campaign/workOpens``):
    /// dated years before, a result would change the talent then. A year the policy does not name is said
    /// by the step itself.
    func requireCampaignWorkOpen(_ year: Int, for rule: RuleID) throws(Refusal) {
        guard let campaign = try? policy.campaign(year: year), date < campaign.workOpens else { return }
        throw Refusal(
            rule, "\(year)年度考核工作自\(campaign.workOpens)起开展，本步骤不能记为\(date)", field: "effectiveOn")
    }

    /// The campaign of `year`, for the step of it that `rule` governs: a year the policy does not name is
    /// refused under that step's rule (a grade under W3, a publicity under P1), not always under W1.
    func campaign(_ year: Int, for rule: RuleID) throws(Refusal) -> Campaign {
        do {
            return try policy.campaign(year: year)
        } catch {
            // Said in the officer's words (the error's own description is English, for whoever edits the
            // policy). Only a year the policy does not name comes from here; the other cases keep the switch
            // whole.
            switch error {
            case .missingCampaignYear: throw Refusal(rule, "政策中没有\(year)年度考核工作的安排", field: "campaign")
            case .malformed, .invalid: throw Refusal(rule, "政策文件有误，无法确定\(year)年度考核工作的安排")
            }
        }
    }

    func calendar<T>(_ body: (WorkingDayCalendar) throws(CalendarError) -> T) throws(Refusal) -> T {
        do {
            return try body(policy.calendar)
        } catch {
            // Said in the officer's words, as for the campaign above.
            switch error {
            case .noCalendar(let year):
                // Not the officer's to mend: whoever keeps the policy adds the year's file.
                throw Refusal(
                    .P2, "尚未配置\(year)年的工作日历，暂无法按工作日计算；请系统管理员按国务院办公厅的节假日安排补充（policy/calendar/\(year).json）")
            case .negativeCount(let count): throw Refusal(.P2, "工作日天数须为正数，不能为\(count)")
            }
        }
    }
}
