/// What happened to a talent in one campaign year: collection, survey, assessment, publicity.
public struct CampaignRecord: Sendable, Hashable, Codable {
    public struct WeakFollowUp: Sendable, Hashable, Codable {
        public var responsiblePerson: String
        public var reminderTalkOn: Day
        public var helpMeasures: String
        public var improveBy: Day
    }

    public struct Publicity: Sendable, Hashable, Codable {
        public var startedOn: Day
        public var earliestEnd: Day
        /// P1: the working days it must run, as its campaign said when it started.
        public var minimumWorkingDays: Int
        public var endedOn: Day?
    }

    public var basicInfo: BasicInfo?
    public var survey: MidTermSurveyItems?
    /// W5: the day the survey was judged weak; its follow-up is owed until `weakFollowUp` is recorded.
    public var judgedWeakOn: Day?
    public var weakFollowUp: WeakFollowUp?
    public var endTermRegisteredOn: Day?
    public var grade: Grade?
    public var pendingInvestigation: String?
    public var publicity: Publicity?
    public var openObjections: Set<String>
    public var answeredObjections: Set<String>
    public var notifiedOn: Day?
    public var confirmedOn: Day?
    /// The day the grade standing now was given (G1): its publicity, notice and confirmation follow it.
    public var gradedOn: Day? = nil
    /// The tier the standing grade was given at: what a result's use (§5(1)) starts from, whatever
    /// happened to the tier since.
    public var gradedTier: Tier? = nil
    /// The last day an objection was filed or answered (P3): the result is made final after it.
    public var lastObjectionOn: Day? = nil
    /// The day each objection was filed (P3): its answer is dated no earlier.
    public var objectionsFiledOn: [String: Day]? = nil

    public static let empty = CampaignRecord(
        basicInfo: nil, survey: nil, judgedWeakOn: nil, weakFollowUp: nil, endTermRegisteredOn: nil, grade: nil,
        pendingInvestigation: nil, publicity: nil, openObjections: [], answeredObjections: [], notifiedOn: nil,
        confirmedOn: nil)

    enum CodingKeys: String, CodingKey {
        case basicInfo, survey, judgedWeakOn, weakFollowUp, endTermRegisteredOn, grade, pendingInvestigation,
            publicity, openObjections, answeredObjections, notifiedOn, confirmedOn, gradedOn, gradedTier,
            lastObjectionOn, objectionsFiledOn
    }

    /// The objections sorted (a `Set`'s order differs from process to process): answers that encode a
    /// state (as of a day, after a command) list them as the state a talent's row keeps does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(basicInfo, forKey: .basicInfo)
        try container.encodeIfPresent(survey, forKey: .survey)
        try container.encodeIfPresent(judgedWeakOn, forKey: .judgedWeakOn)
        try container.encodeIfPresent(weakFollowUp, forKey: .weakFollowUp)
        try container.encodeIfPresent(endTermRegisteredOn, forKey: .endTermRegisteredOn)
        try container.encodeIfPresent(grade, forKey: .grade)
        try container.encodeIfPresent(pendingInvestigation, forKey: .pendingInvestigation)
        try container.encodeIfPresent(publicity, forKey: .publicity)
        try container.encode(openObjections.sorted(), forKey: .openObjections)
        try container.encode(answeredObjections.sorted(), forKey: .answeredObjections)
        try container.encodeIfPresent(notifiedOn, forKey: .notifiedOn)
        try container.encodeIfPresent(confirmedOn, forKey: .confirmedOn)
        try container.encodeIfPresent(gradedOn, forKey: .gradedOn)
        try container.encodeIfPresent(gradedTier, forKey: .gradedTier)
        try container.encodeIfPresent(lastObjectionOn, forKey: .lastObjectionOn)
        try container.encodeIfPresent(objectionsFiledOn, forKey: .objectionsFiledOn)
    }

    public var isPublicityRunning: Bool { publicity != nil && publicity?.endedOn == nil }

    /// W5: the day of a weak judgement whose follow-up is still owed.
    public var weakFollowUpOwedSince: Day? { weakFollowUp == nil ? judgedWeakOn : nil }

    /// P1: the publicity, if it ended before its working days had passed.
    public var publicityEndedEarly: Publicity? {
        guard let publicity, let ended = publicity.endedOn, ended < publicity.earliestEnd else { return nil }
        return publicity
    }

    /// The work items this record holds work of: a talent surveyed or graded and then exited (G5, a
    /// reported situation) still belongs in the campaign's forms with what was done.
    public var workRecorded: Set<WorkItem> {
        var items: Set<WorkItem> = []
        if basicInfo != nil { items.insert(.basicInfoCollection) }
        if survey != nil || judgedWeakOn != nil { items.insert(.midTermSurvey) }
        if endTermRegisteredOn != nil || grade != nil || pendingInvestigation != nil {
            items.insert(.endTermAssessment)
        }
        return items
    }

    /// P3: the objection `id` filed on `day`.
    mutating func objectionFiled(_ id: String, on day: Day) {
        openObjections.insert(id)
        var filed = objectionsFiledOn ?? [:]
        filed[id] = day
        objectionsFiledOn = filed
        objectionHandled(on: day)
    }

    /// P3: an objection filed or answered on `day`.
    mutating func objectionHandled(on day: Day) {
        lastObjectionOn = max(lastObjectionOn ?? day, day)
    }

    /// A grade, or none while an investigation runs (G2): either way the earlier result's publicity and
    /// written notice no longer apply.
    mutating func setResult(_ grade: Grade?, pendingInvestigation: String?, on day: Day, tier: Tier?) {
        self.grade = grade
        gradedOn = grade == nil ? nil : day
        gradedTier = grade == nil ? nil : tier
        self.pendingInvestigation = pendingInvestigation
        publicity = nil
        notifiedOn = nil
    }
}
