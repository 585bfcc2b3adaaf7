/// The work items of a campaign (W1–W3).
public enum WorkItem: String, Sendable, Hashable, Codable, CaseIterable {
    /// 基本信息采集 (W1)
    case basicInfoCollection
    /// 期中业绩调查 (W2)
    case midTermSurvey
    /// 期末考核 (W3)
    case endTermAssessment
}

/// One year's run of the work (考核工作), built from `CampaignPolicy` for its year.
public struct Campaign: Sendable, Hashable, Codable {
    public var year: Int
    public var basicInfoTiers: Set<Tier>
    public var midTermTiers: Set<Tier>
    public var midTermPeriodStartYear: Int
    public var endTermTiers: Set<Tier>
    public var endTermPeriodStartOnOrBefore: Day

    /// The work items that apply to `talent` on `day`. Exited talents (and those on the contact list)
    /// get none (W4); a period that had not started on `day` does not count.
    public func workItems(for talent: Talent, on day: Day) -> Set<WorkItem> {
        guard talent.isUnderManagement, let tier = talent.tier, let period = talent.period, period.start <= day
        else { return [] }
        var items: Set<WorkItem> = []
        if basicInfoTiers.contains(tier) { items.insert(.basicInfoCollection) }
        // W4 (§5(3)4 "应予及时退出管理的人员，不再对其开展期中业绩调查或期末考核"): a reported exit situation
        // already ends survey and assessment; basic info is still collected, it records the situation (W1).
        guard !talent.hasReportedExitSituation else { return items }
        if midTermTiers.contains(tier), period.start.year == midTermPeriodStartYear { items.insert(.midTermSurvey) }
        if endTermTiers.contains(tier), period.start <= endTermPeriodStartOnOrBefore {
            items.insert(.endTermAssessment)
        }
        return items
    }
}
