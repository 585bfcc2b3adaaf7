/// What keeps a talent's part of a campaign from being submitted (S1): each blocker names its rule and
/// what is missing, so that a unit sees every talent it must still see to before it submits.
public struct SubmissionBlocker: Sendable, Hashable, Codable {
    public var talent: TalentID
    public var rule: RuleID
    public var missing: String
    /// X9's blocker: the exit situation declared in the basic information (X1–X8) that has no report.
    public var situation: RuleID?
    /// The command that takes the talent's part on: a W3 blocker's registration before its grade, a P1
    /// blocker's publicity to start or to end. Nil where it depends on the situation (X9).
    public var nextStep: Step?

    /// A command that takes a blocked talent on, named as the API names its `type`.
    public enum Step: String, Sendable, Hashable, Codable, CaseIterable {
        case collectBasicInfo, submitMidTermSurvey, registerEndTerm, grade, startPublicity, endPublicity,
            answerObjection
    }

    public init(
        talent: TalentID, rule: RuleID, missing: String, situation: RuleID? = nil, nextStep: Step? = nil
    ) {
        self.talent = talent
        self.rule = rule
        self.missing = missing
        self.situation = situation
        self.nextStep = nextStep
    }
}

extension Campaign {
    /// Why `talent`'s part of this campaign is not ready to submit on `day`: W1 information not
    /// collected, or an exit situation declared in it with no report awaiting verification (X9); a W2 survey
    /// not submitted; a W3 assessment with neither a grade nor a pending reason
    /// (G2); an excellent result whose publicity has not ended (P1; classified personnel are exempt, T4);
    /// an objection not answered (P3). Empty when it is ready, or when the campaign asks nothing of it (W4).
    public func blockers(of talent: Talent, on day: Day) -> [SubmissionBlocker] {
        guard let id = talent.id else { return [] }
        let items = workItems(for: talent, on: day)
        let record = talent.campaign(year)
        var blockers: [SubmissionBlocker] = []
        if items.contains(.basicInfoCollection), record.basicInfo == nil {
            blockers.append(
                .init(
                    talent: id, rule: .W1, missing: "basic information (基本信息采集) not collected",
                    nextStep: .collectBasicInfo))
        }
        // §5(2): an exit situation the unit declares in Attachment 1 is one it reports in writing for the
        // province to verify (X9); declared with no report behind it, the province would receive a form
        // that says the talent should exit and nothing to verify, while the cards stay and the grade is
        // still asked for.
        if items.contains(.basicInfoCollection), let info = record.basicInfo {
            let reported = Set(talent.pendingExitReports.map(\.reason.rule))
            for rule in info.declaredSituations where RuleID.exitSituations.contains(rule) && !reported.contains(rule) {
                blockers.append(
                    .init(
                        talent: id, rule: .X9,
                        missing:
                            "situation \(rule) declared in the basic information (基本信息采集) has no written report "
                            + "(书面报告) awaiting verification: record it, or collect the basic information again",
                        situation: rule))
            }
        }
        // §6(3): every talent in a work item's scope is covered, "不出现遗漏": the survey as the collection.
        if items.contains(.midTermSurvey), record.survey == nil {
            blockers.append(
                .init(
                    talent: id, rule: .W2, missing: "mid-term survey (期中业绩调查) not submitted",
                    nextStep: .submitMidTermSurvey))
        }
        if items.contains(.endTermAssessment), record.grade == nil, record.pendingInvestigation == nil {
            // A grade follows the registration (期末考核登记): the unit is told which step it is at.
            blockers.append(
                record.endTermRegisteredOn == nil
                    ? .init(
                        talent: id, rule: .W3,
                        missing: "end-term assessment not registered (期末考核登记): register it, then grade it",
                        nextStep: .registerEndTerm)
                    : .init(
                        talent: id, rule: .W3, missing: "no end-term grade (考核等次) and no pending reason (G2)",
                        nextStep: .grade))
        }
        if record.grade == .excellent, !talent.isClassified, record.publicity?.endedOn == nil {
            blockers.append(
                record.publicity == nil
                    ? .init(
                        talent: id, rule: .P1, missing: "the excellent result's publicity (公示) has not started",
                        nextStep: .startPublicity)
                    : .init(
                        talent: id, rule: .P1, missing: "the excellent result's publicity (公示) has not ended",
                        nextStep: .endPublicity))
        }
        if !record.openObjections.isEmpty {
            let objections = record.openObjections.sorted().joined(separator: ", ")
            blockers.append(
                .init(
                    talent: id, rule: .P3, missing: "objection \(objections) (异议) not answered",
                    nextStep: .answerObjection))
        }
        return blockers
    }
}
