/// The work items of a campaign (W1–W3).
public enum WorkItem: String, Sendable, Hashable, Codable, CaseIterable {
    /// 基本信息采集 (W1)
    case basicInfoCollection
    /// 期中业绩调查 (W2)
    case midTermSurvey
    /// 期末考核 (W3)
    case endTermAssessment

    /// 基本信息采集, 期中业绩调查, 期末考核.
    public var chineseName: String {
        switch self {
        case .basicInfoCollection: "基本信息采集"
        case .midTermSurvey: "期中业绩调查"
        case .endTermAssessment: "期末考核"
        }
    }
}

/// One year's run of the work (考核工作), built from `CampaignPolicy` for its year.
public struct Campaign: Sendable, Hashable, Codable {
    public var year: Int
    public var basicInfoTiers: Set<Tier>
    public var midTermTiers: Set<Tier>
    public var midTermPeriodStartYear: Int
    public var endTermTiers: Set<Tier>
    public var endTermPeriodStartOnOrBefore: Day
    /// O3 联系表: due from the provincial supervising departments by this day.
    public var contactFormDeadline: Day
    /// S2: the submission window (报送时间).
    public var submissionOpens: Day
    public var submissionCloses: Day
    /// S4 补报: the last day a late unit may send its make-up and have its services restored once it is
    /// accepted (the review may end after it).
    public var makeUpDeadline: Day
    /// P1 公示: the fewest working days an excellent result is publicized.
    public var publicityMinimumWorkingDays: Int
    /// S1: the package's name with `{unit}` and `{year}` to fill in.
    public var packageNamePattern: String
    /// S3: which submissions count as in time when the window closes.
    public var onTime: CampaignPolicy.Year.OnTime
    /// W5: the days within which a weak judgement's follow-up is due.
    public var weakFollowUpDays: Int
    /// S1: the first day whose exits and downgrades the work report lists (``changesReported(through:)``).
    public var changesReportedFrom: Day
    /// W1–W3: the first day a step of the campaign's work may be dated (a policy assumption).
    public var workOpens: Day

    /// S1: the days whose exits and downgrades a report made on `day` lists: from ``changesReportedFrom``
    /// through the report's day, never past the window's close (what takes effect after it is the next
    /// campaign's); nil when none has come yet.
    public func changesReported(through day: Day) -> ClosedRange<Day>? {
        let last = min(day, submissionCloses)
        return changesReportedFrom <= last ? changesReportedFrom...last : nil
    }

    /// S1: the name of a unit's package (`<unit short name>2025人才考核`).
    public func packageName(unitShortName: String) -> String {
        packageNamePattern.replacingOccurrences(of: "{unit}", with: unitShortName)
            .replacingOccurrences(of: "{year}", with: String(year))
    }

    /// The work items the campaign holds of `talent` on `day`: those that apply to it, and those its record
    /// holds work of (a talent graded and then exited, G5, stays in the campaign's figures and forms with
    /// what was done). What the documents list, the roster shows and a submission's figures count.
    public func work(of talent: Talent, on day: Day) -> Set<WorkItem> {
        workItems(for: talent, on: day).union(talent.campaign(year).workRecorded)
    }

    /// The work items that apply to `talent` on `day`. Exited talents (and those on the contact list)
    /// get none (W4); a talent comes under a campaign once managed on a day of its year (and by `day`):
    /// a talent evaluated in 2026 is campaign 2026's, not part of a 2025 make-up sent in May 2026, whatever
    /// day it is asked on. One managed since earlier and evaluated again since (M3) still gives the year's
    /// basic information (W1: "所有评定的A—E类高层次人才"); a survey or an assessment is of the period
    /// it is in, which must have started by then. A period renewed on a result (M4) follows one the talent
    /// was managed in: the talent stays part of the campaign that renewed it.
    public func workItems(for talent: Talent, on day: Day) -> Set<WorkItem> {
        guard talent.isUnderManagement, let tier = talent.tier, let period = talent.period else { return [] }
        let lastStart = (try? Day(year: year, month: 12, day: 31)).map { min($0, day) } ?? day
        // A renewed period's talent entered the register with the evaluation before it.
        let periodFrom = period.basis == .evaluation ? period.start : talent.evaluatedOn ?? period.start
        guard min(talent.managedSince ?? periodFrom, periodFrom) <= lastStart else { return [] }
        var items: Set<WorkItem> = []
        if basicInfoTiers.contains(tier) { items.insert(.basicInfoCollection) }
        guard periodFrom <= lastStart else { return items }
        // W4 (§5(3)4 "应予及时退出管理的人员，不再对其开展期中业绩调查或期末考核"): a reported exit situation
        // already ends survey and assessment; basic info is still collected, it records the situation (W1).
        guard !talent.hasReportedExitSituation else { return items }
        if midTermTiers.contains(tier), period.start.year == midTermPeriodStartYear { items.insert(.midTermSurvey) }
        // W3: a period ends in one end-term assessment; one registered with another campaign (2025's, its
        // grade still pending under G2 when 2026's begins) is that campaign's to finish.
        if endTermTiers.contains(tier), period.start <= endTermPeriodStartOnOrBefore,
            talent.endTermRegistration(otherThan: year) == nil
        {
            items.insert(.endTermAssessment)
        }
        return items
    }
}
