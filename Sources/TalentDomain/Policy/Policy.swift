import Foundation

/// All the data the rules need that the notice leaves to settings or to the calendar. Parsed from the
/// JSON documents under `policy/`; callers read the files, this type only validates their bytes.
///
/// Immutable: every value was checked by `validate()` on the way in, and nothing can change it after,
/// so a `Policy` in hand is always a valid one. A variant is made by loading changed documents.
public struct Policy: Sendable, Hashable {
    public let management: ManagementPolicy
    public let publicity: PublicityPolicy
    public let entitlements: EntitlementPolicy
    public let campaigns: CampaignPolicy
    public let calendar: WorkingDayCalendar

    public init(
        management: ManagementPolicy, publicity: PublicityPolicy, entitlements: EntitlementPolicy,
        campaigns: CampaignPolicy, calendar: WorkingDayCalendar
    ) throws(PolicyError) {
        try management.validate()
        try publicity.validate()
        try entitlements.validate()
        try campaigns.validate()
        self.management = management
        self.publicity = publicity
        self.entitlements = entitlements
        self.campaigns = campaigns
        self.calendar = calendar
    }

    /// The raw documents: `policy/management.json`, `publicity.json`, `entitlements.json`,
    /// `campaigns.json` and one `policy/calendar/<year>.json` per year.
    public struct Documents: Sendable {
        public var management: Data
        public var publicity: Data
        public var entitlements: Data
        public var campaigns: Data
        public var calendars: [Data]

        public init(management: Data, publicity: Data, entitlements: Data, campaigns: Data, calendars: [Data]) {
            self.management = management
            self.publicity = publicity
            self.entitlements = entitlements
            self.campaigns = campaigns
            self.calendars = calendars
        }
    }

    public static func load(_ documents: Documents) throws(PolicyError) -> Policy {
        let management = try decodePolicyDocument(
            ManagementPolicy.self, from: documents.management, document: "management.json")
        let publicity = try decodePolicyDocument(
            PublicityPolicy.self, from: documents.publicity, document: "publicity.json")
        let entitlements = try decodePolicyDocument(
            EntitlementPolicy.self, from: documents.entitlements, document: "entitlements.json")
        let campaigns = try decodePolicyDocument(
            CampaignPolicy.self, from: documents.campaigns, document: "campaigns.json")
        var years: [YearCalendar] = []
        for (index, data) in documents.calendars.enumerated() {
            years.append(try decodePolicyDocument(YearCalendar.self, from: data, document: "calendar[\(index)]"))
        }
        return try Policy(
            management: management, publicity: publicity, entitlements: entitlements, campaigns: campaigns,
            calendar: try WorkingDayCalendar(years: years))
    }

    /// The campaign of `year`, or of the default year (campaign 2025).
    public func campaign(year: Int? = nil) throws(PolicyError) -> Campaign {
        try campaigns.campaign(year: year ?? campaigns.defaultYear)
    }

    /// Every campaign the policy names, by year.
    public var allCampaigns: [Campaign] { campaigns.campaignYears.compactMap { try? campaign(year: $0) } }
}

extension Policy {
    /// What the policy lacks for its campaigns to run whole, said to the operator when it is loaded: a
    /// campaign whose year or whose submission window's year has no working-day calendar cannot count a
    /// publicity's working days then (P1, P2), so every excellent result of it would wait.
    public var warnings: [String] {
        let calendars = campaigns.years.flatMap { entry -> [String] in
            let years = Set([entry.year, entry.submissionWindow.opens.year, entry.submissionWindow.closes.year])
            return years.subtracting(calendar.years.keys).sorted().map { year in
                "campaign \(entry.year) reaches into \(year), which has no working-day calendar "
                    + "(policy/calendar/\(year).json): a publicity then cannot be counted (P1, P2)"
            }
        }
        let newSituations =
            management.newExitSituationsFrom == nil
            ? [
                "management.json sets no newExitSituationsFrom: every exit situation's report is held to the month "
                    + "of X9, where the notice holds only those that arise after it (以后新出现上述情形的, 2025-12-12)"
            ] : []
        // S1: each exit and downgrade is reported by one campaign; days between one campaign's window and
        // the next one's first day would be reported by none.
        let gaps = campaigns.years.sorted { $0.year < $1.year }.compactMap { entry -> String? in
            guard let from = entry.changesReportedFrom, let previous = campaigns.entry(before: entry.year),
                case let first = previous.dayAfterWindow, from > first
            else { return nil }
            let last = from.adding(days: -1)
            return "campaign \(entry.year)'s changesReportedFrom (\(from)) leaves "
                + (first == last ? "\(first)" : "\(first)–\(last)") + " in no work report: "
                + "an exit or downgrade then is reported by neither \(previous.year) nor \(entry.year) (S1)"
        }
        return calendars + newSituations + gaps
    }
}
