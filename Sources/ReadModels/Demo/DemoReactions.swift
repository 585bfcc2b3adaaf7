import TalentDomain

/// What follows a decided event in the demo: the next step of the paperwork, dated a plausible number of
/// days later (some reports arrive after their one-month deadline, as real ones do).
extension DemoTalentSimulation {
    mutating func react(to event: TalentEvent, on day: Day) {
        switch event {
        case .talentEvaluated(let evaluated):
            scheduleInstalments(countedFrom: evaluated.periodStart, after: day)
            if twist == .evaluationCorrected || (twist == nil && random.chance(DemoScenario.correctionChance)) {
                scheduleCorrection(of: evaluated, after: day)
            }
        case .exitSituationReported(let report):
            // X9: the province verifies; a few reports turn out not to hold.
            let confirmed = twist != .retirementUntrue && (twist != nil || random.chance(0.92))
            let finding = confirmed ? "经核实，情况属实" : "经核实，情况不属实"
            schedule(
                .provincial(.verifyExitSituation(reason: report.reason, confirmed: confirmed, finding: finding)),
                on: day.adding(days: random.int(10...75)))
        case .talentPenalized(let penalized) where penalized.reportable != nil:
            scheduleRecommendation(after: penalized.occurredOn)
        case .annualAssessmentRecorded(let recorded) where recorded.reportable != nil:
            scheduleRecommendation(after: recorded.occurredOn)
        case .exitOrDowngradeRecommended(let recommended):
            let outcome = random.weighted([(recommended.outcome, 7), (.noAction, 2), (.downgrade, 1)])
            schedule(.provincial(.decideRecommendation(outcome: outcome)), on: day.adding(days: random.int(10...60)))
        case .contactLost(let lost):
            if twist == .contactRestored || (twist == nil && random.chance(0.5)) {
                schedule(.command(.restoreContact), on: lost.since.adding(days: random.int(30...150)))
            } else {
                schedule(
                    .command(.exitForLostContact), on: lost.since.adding(months: 6).adding(days: random.int(5...60)))
            }
        case .talentRehired:
            if twist == .rehireEnded || random.chance(0.3) {
                let end = day.adding(days: random.int(180...900))
                // The storyline's talent ends its rehire within the demo's years, whatever day it began.
                let ended = twist == .rehireEnded ? min(end, horizon.adding(days: -10)) : end
                schedule(.command(.endRehire(occurredOn: ended.adding(days: -random.int(0...20)))), on: ended)
            }
        case .midTermSurveySubmitted(let submitted):
            if twist == .weakSurvey || random.chance(0.12) {
                let judged = day.adding(days: random.int(1...3))
                schedule(.command(.judgeMidTermWeak(campaign: submitted.campaignYear)), on: judged)
                // W5: most follow-ups come within days (always the weak-survey storyline's, so that even a
                // small province shows one); some are still owed when the demo ends.
                if twist == .weakSurvey || random.chance(0.85) {
                    let talk = judged.adding(days: random.int(3...10))
                    schedule(
                        .command(
                            .recordMidTermFollowUp(
                                campaign: submitted.campaignYear, responsiblePerson: "单位人事部门负责人",
                                reminderTalkOn: talk, helpMeasures: random.pick(DemoVocabulary.helpMeasures),
                                improveBy: talk.adding(months: random.int(3...6)))),
                        on: talk)
                }
            }
        default:
            reactInEndTerm(to: event, on: day)
        }
    }

    /// G1–G6 and P1–P3: grade, publicity, objections, written notice, final result.
    mutating func reactInEndTerm(to event: TalentEvent, on day: Day) {
        switch event {
        case .endTermRegistered(let registered):
            let year = registered.campaignYear
            if twist == .gradePending || (twist == nil && random.chance(0.05)) {
                schedule(
                    .command(.markGradePending(campaign: year, investigation: "涉嫌违规问题正在调查")),
                    on: day.adding(days: random.int(1...3)))
            } else if twist != nil || random.chance(0.7) {
                let wait = twist == nil ? random.int(1...8) : 1
                schedule(
                    .command(.grade(campaign: year, grade: drawGrade(), decidedCollectively: true)),
                    on: day.adding(days: wait))
            }
        case .endTermGradePending:
            schedule(
                .command(.concludeInvestigation(conclusion: "调查结束，未发现违规问题")), on: day.adding(days: random.int(2...5)))
        case .investigationConcluded:
            // The conclusion names no campaign; the grade belongs to the latest one the talent is in.
            let year = state.campaigns.keys.max() ?? policy.campaigns.defaultYear
            schedule(
                .command(.grade(campaign: year, grade: .good, decidedCollectively: true)),
                on: day.adding(days: random.int(1...2)))
        case .endTermGraded(let graded):
            let year = graded.campaignYear
            if policy.publicity.publicizedGrades.contains(graded.grade), !state.isClassified {
                schedule(.command(.startPublicity(campaign: year)), on: day.adding(days: random.int(0...1)))
            } else {
                schedule(.command(.notifyResult(campaign: year)), on: day.adding(days: random.int(1...2)))
            }
        case .publicityStarted(let started):
            let year = started.campaignYear
            if twist == .objection || (twist == nil && random.chance(0.1)) {
                schedule(
                    .command(.fileObjection(campaign: year, objectionId: "YY-\(year)-1", summary: "对公示结果有异议")),
                    on: day.adding(days: 1))
            }
            schedule(.command(.endPublicity(campaign: year)), on: started.earliestEnd.adding(days: random.int(0...1)))
        case .publicityEnded(let ended):
            schedule(.command(.notifyResult(campaign: ended.campaignYear)), on: day.adding(days: random.int(0...1)))
        case .resultNotified(let notified):
            let year = notified.campaignYear
            if notified.grade != .excellent, random.chance(0.12) {
                schedule(
                    .command(.fileObjection(campaign: year, objectionId: "YY-\(year)-2", summary: "对考核等次有异议")),
                    on: day.adding(days: 1))
            }
            schedule(.command(.finalizeResult(campaign: year)), on: day.adding(days: random.int(1...3)))
        case .objectionFiled(let filed):
            schedule(
                .command(
                    .answerObjection(
                        campaign: filed.campaignYear, objectionId: filed.objectionId, response: "经调查核实，维持原结果")),
                on: day.adding(days: random.int(1...3)))
        case .objectionAnswered(let answered):
            schedule(
                .command(.finalizeResult(campaign: answered.campaignYear)), on: day.adding(days: random.int(1...3)))
        default:
            break
        }
    }

    mutating func drawGrade() -> Grade {
        switch twist {
        case .objection: return .excellent
        case .fairGrade: return .fair
        case .unqualifiedGrade: return .unqualified
        case .gradePending: return .good
        default: return random.weighted([(.excellent, 30), (.good, 45), (.fair, 18), (.unqualified, 7)])
        }
    }

    /// D3: the unit's report, usually within the month, sometimes late.
    /// The certificate or list document turns out to bear an earlier date than was recorded (M2): the
    /// provincial office corrects the record some weeks later.
    mutating func scheduleCorrection(of evaluated: TalentEvaluated, after day: Day) {
        var evaluation = Evaluation(
            talentId: evaluated.talentId, tier: evaluated.tier, unit: evaluated.unit,
            professionalField: evaluated.professionalField, evaluatingDocument: evaluated.evaluatingDocument,
            flexibleAgreementEnd: evaluated.flexibleAgreementEnd, classified: evaluated.classified,
            evaluatedOn: evaluated.evaluatedOn)
        let corrected = evaluated.periodStart.adding(days: -random.int(1...20))
        switch evaluated.startSource {
        case .electronicCertificate: evaluation.certificateDate = corrected
        case .provincialListDocument: evaluation.listDocumentDate = corrected
        // A 吉享卡 date is bound to the early-evaluation cut-off: left as recorded.
        case .jixiangCardIssued: return
        }
        schedule(
            .provincial(.correctEvaluation(evaluation, reason: "证书落款时间登记有误，以原件为准")),
            on: day.adding(days: random.int(20...120)))
    }

    mutating func scheduleRecommendation(after occurred: Day) {
        let outcome: RecommendationOutcome = random.chance(0.7) ? .downgrade : .exit
        schedule(.command(.recommend(outcome: outcome)), on: occurred.adding(days: random.int(5...45)))
    }

    /// E4: each instalment paid some weeks after it falls due.
    mutating func scheduleInstalments(countedFrom start: Day, after day: Day) {
        for (index, instalment) in policy.entitlements.housingSubsidyInstalments.enumerated() {
            let due = max(start.adding(years: instalment.afterYears), day)
            schedule(
                .command(.payHousingSubsidyInstalment(number: index + 1)), on: due.adding(days: random.int(5...60)))
        }
    }
}
