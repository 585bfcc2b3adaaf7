import TalentDomain

/// What a work report (Attachment 5) and a level's summary sheet say of a campaign: counts by tier, work
/// item and grade, pending cases, exits and downgrades with their reasons, publicities and objections.
/// Figures of several units add up into their county's, city's, department's or the province's.
///
/// Classified talents (T4) are counted in the total alone (`talents`, `classified`), in no breakdown and no
/// list: a unit often has one, and any figure of them beside the named rows (its tier by subtraction from
/// the rows of Attachment 1, its grade, its exit's reason) would tell what the documents must not carry
/// (SEC1, "报送过程中禁止传输涉密材料").
public struct CampaignFigures: Sendable, Hashable {
    /// A talent named in the report with what happened to them.
    public struct Case: Sendable, Hashable {
        public var id: String
        public var name: String
        /// The talent's unit: a level's report lists its units' cases together.
        public var unit: String
        public var detail: String
    }

    /// Talents with work in the campaign, classified ones included.
    public var talents = 0
    /// Of those, the classified ones (T4): in no other figure.
    public var classified = 0
    public var byTier: [Tier: Int] = [:]
    public var basicInfoDue = 0
    public var basicInfoCollected = 0
    /// Of `basicInfoDue`, by tier: Attachment 1's rows (`byTier` counts every talent with work, one who
    /// exited within the year before its information was collected too).
    public var basicInfoByTier: [Tier: Int] = [:]
    public var surveysDue = 0
    public var surveysDone = 0
    /// W5: surveys judged weak (业绩成果欠佳), and of those, the ones whose reminder talk is recorded.
    public var weakJudgements = 0
    public var weakFollowedUp = 0
    public var assessmentsDue = 0
    /// W4 (§5(3)4 "应予及时退出管理的人员，不再对其开展……期末考核"): talents due an end-term assessment who
    /// were reported to be exiting, or exited, before a grade or an investigation: assessed no further, so
    /// that the due ones add up to the graded, the pending and these.
    public var assessmentsStopped = 0
    /// Grades given (proposed by the unit's leadership, G1), final or not.
    public var byGrade: [Grade: Int] = [:]
    /// Of those, the results made final (G6): notified, publicized where due, and confirmed.
    public var confirmedByGrade: [Grade: Int] = [:]
    /// G2: results not yet determined, and why.
    public var pending = 0
    public var pendingCases: [Case] = []
    public var publicitiesFinished = 0
    public var publicitiesRunning = 0
    /// P1: excellent results whose publicity has not started.
    public var publicitiesNotStarted = 0
    public var objectionsAnswered = 0
    public var objectionsOpen = 0
    public var exits = 0
    public var exitsByReason: [ExitReason: Int] = [:]
    public var exitCases: [Case] = []
    public var downgrades = 0
    public var downgradeCases: [Case] = []

    public init() {}

    /// Counts `talent` (as it stands on the report's day) in the figures of campaign `year`: its work
    /// items that day, and its exit or downgrades when they took effect within `window` (none when nil); `unit` is the name of
    /// the unit it answered to. A `classified` talent (T4) is counted in the total alone.
    public mutating func count(
        _ talent: Talent, classified isClassified: Bool, name: String?, unit: String, workItems: Set<WorkItem>,
        campaign year: Int, window: ClosedRange<Day>?
    ) {
        if isClassified {
            if !workItems.isEmpty, talent.tier != nil {
                talents += 1
                classified += 1
            }
            return
        }
        let id = talent.id?.rawValue ?? ""
        let named = { (detail: String) in Case(id: id, name: name ?? "", unit: unit, detail: detail) }
        for exit in talent.exits where window?.contains(exit.on) == true {
            exits += 1
            exitsByReason[exit.reason, default: 0] += 1
            exitCases.append(named("\(exit.reason.chineseName)（\(exit.on)）"))
        }
        for downgrade in talent.downgrades where window?.contains(downgrade.on) == true {
            downgrades += 1
            downgradeCases.append(named("\(downgrade.from.rawValue)类降为\(downgrade.to.rawValue)类（\(downgrade.on)）"))
        }
        guard !workItems.isEmpty, let tier = talent.tier else { return }
        talents += 1
        byTier[tier, default: 0] += 1
        let record = talent.campaign(year)
        if workItems.contains(.basicInfoCollection) {
            basicInfoDue += 1
            basicInfoByTier[tier, default: 0] += 1
            if record.basicInfo != nil { basicInfoCollected += 1 }
        }
        if workItems.contains(.midTermSurvey) {
            surveysDue += 1
            if record.survey != nil { surveysDone += 1 }
        }
        if record.judgedWeakOn != nil {
            weakJudgements += 1
            if record.weakFollowUp != nil { weakFollowedUp += 1 }
        }
        if workItems.contains(.endTermAssessment) {
            assessmentsDue += 1
            if record.grade == nil, record.pendingInvestigation == nil,
                talent.hasReportedExitSituation || talent.hasExited
            {
                assessmentsStopped += 1
            }
        }
        if let grade = record.grade {
            byGrade[grade, default: 0] += 1
            if record.confirmedOn != nil { confirmedByGrade[grade, default: 0] += 1 }
        }
        if let reason = record.pendingInvestigation {
            pending += 1
            pendingCases.append(named(reason))
        }
        if let publicity = record.publicity {
            if publicity.endedOn == nil { publicitiesRunning += 1 } else { publicitiesFinished += 1 }
        } else if record.grade == .excellent {
            publicitiesNotStarted += 1
        }
        objectionsAnswered += record.answeredObjections.count
        objectionsOpen += record.openObjections.count
    }

    /// The counts alone, without the named cases: a unit's line of a summary sheet.
    public var counts: CampaignFigures {
        var counts = self
        counts.pendingCases = []
        counts.exitCases = []
        counts.downgradeCases = []
        return counts
    }

    /// The figures of `self` and `other` together.
    public static func + (lhs: CampaignFigures, rhs: CampaignFigures) -> CampaignFigures {
        var sum = lhs
        sum.talents += rhs.talents
        sum.classified += rhs.classified
        sum.byTier.merge(rhs.byTier, uniquingKeysWith: +)
        sum.basicInfoDue += rhs.basicInfoDue
        sum.basicInfoCollected += rhs.basicInfoCollected
        sum.basicInfoByTier.merge(rhs.basicInfoByTier, uniquingKeysWith: +)
        sum.surveysDue += rhs.surveysDue
        sum.surveysDone += rhs.surveysDone
        sum.weakJudgements += rhs.weakJudgements
        sum.weakFollowedUp += rhs.weakFollowedUp
        sum.assessmentsDue += rhs.assessmentsDue
        sum.assessmentsStopped += rhs.assessmentsStopped
        sum.byGrade.merge(rhs.byGrade, uniquingKeysWith: +)
        sum.confirmedByGrade.merge(rhs.confirmedByGrade, uniquingKeysWith: +)
        sum.pending += rhs.pending
        sum.pendingCases += rhs.pendingCases
        sum.publicitiesFinished += rhs.publicitiesFinished
        sum.publicitiesRunning += rhs.publicitiesRunning
        sum.publicitiesNotStarted += rhs.publicitiesNotStarted
        sum.objectionsAnswered += rhs.objectionsAnswered
        sum.objectionsOpen += rhs.objectionsOpen
        sum.exits += rhs.exits
        sum.exitsByReason.merge(rhs.exitsByReason, uniquingKeysWith: +)
        sum.exitCases += rhs.exitCases
        sum.downgrades += rhs.downgrades
        sum.downgradeCases += rhs.downgradeCases
        return sum
    }
}
