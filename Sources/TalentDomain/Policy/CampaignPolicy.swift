/// The campaigns (policy/campaigns.json): the work items' scopes as offsets from a campaign's year Y
/// (W1–W3), shared by every year unless an entry says otherwise, and one entry per year with its dates (O3,
/// S2, S4), its publicity minimum (P1) and its package name (S1). A campaign of another year is added by
/// adding an entry. Immutable once validated.
public struct CampaignPolicy: Sendable, Hashable, Codable {
    public struct BasicInfoCollection: Sendable, Hashable, Codable {
        public let tiers: [Tier]
    }

    public struct MidTermSurvey: Sendable, Hashable, Codable {
        public let tiers: [Tier]
        /// W2: periods that started in year Y + offset (campaign 2025: 2023).
        public let periodStartYearOffset: Int
    }

    public struct EndTermAssessment: Sendable, Hashable, Codable {
        public let tiers: [Tier]
        /// W3: periods that started on or before 12-31 of year Y + offset (campaign 2025: 2020-12-31).
        public let periodStartOnOrBeforeEndOfYearOffset: Int
    }

    /// One campaign year's dates and settings.
    public struct Year: Sendable, Hashable, Codable {
        public struct Window: Sendable, Hashable, Codable {
            public let opens: Day
            public let closes: Day
        }

        /// Which submissions count as in time when the window closes (S3).
        public enum OnTime: String, Sendable, Hashable, Codable {
            /// Accepted by the province by the close.
            case accepted
            /// Submitted by the close and not returned (whatever the review says later).
            case submittedNotReturned
        }

        public let year: Int
        /// O3: the provincial supervising departments' contact form (Attachment 6) is due by this day.
        public let contactFormDeadline: Day
        /// S2: the province receives submissions between these days.
        public let submissionWindow: Window
        /// S1: the first day past the window, from which the next campaign's report lists changes by default.
        var dayAfterWindow: Day { submissionWindow.closes.adding(days: 1) }
        /// S4: a late unit's make-up, accepted by this day, restores its services.
        public let makeUpDeadline: Day
        /// P1: publicity of an excellent result runs at least this many working days.
        public let publicityMinimumWorkingDays: Int
        /// S1: the package's name; `{unit}` is the unit's short name, `{year}` the campaign's year.
        public let packageName: String
        public let onTime: OnTime
        /// W5 ASSUMPTION: the days after a weak judgement within which its follow-up is recorded.
        public let weakFollowUpDays: Int
        /// S1 ASSUMPTION: the first day whose exits and downgrades the campaign's work report lists; absent,
        /// the day after the campaign before closed its window (the first campaign: January 1 of its year).
        /// They are listed through the report's day and never past the campaign's own window, so that each
        /// is reported by one campaign.
        public let changesReportedFrom: Day?
        /// W1–W3 ASSUMPTION: the first day a step of the campaign's work may be dated; absent, January 1 of its
        /// year. The notice (of 2025-12-12 for the 2025 campaign) names no such day; a step dated years
        /// before its campaign would make the talent exit or move down then, on a result not yet asked for.
        public let workOpens: Day?
        /// Scopes of this year only, where they differ from the shared ones.
        public let basicInfoCollection: BasicInfoCollection?
        public let midTermSurvey: MidTermSurvey?
        public let endTermAssessment: EndTermAssessment?
    }

    public let defaultYear: Int
    public let basicInfoCollection: BasicInfoCollection
    public let midTermSurvey: MidTermSurvey
    public let endTermAssessment: EndTermAssessment
    /// The campaigns, one per year.
    public let years: [Year]
    /// The campaigns' years, in order.
    public var campaignYears: [Int] { years.map(\.year).sorted() }
    /// S2 ASSUMPTION: the roles (API identifiers) that may date a submission, a review or a contact form
    /// before the day it is recorded. Lateness (S3) is judged by those days, so nobody else may choose one.
    /// A unit's reports judged by their day (X9, D3, W5: ``TalentEvent/reportsOnItsDay``) are dated alike.
    public let earlierDaysRecordedBy: [String]

    /// The campaign before year `year` (the latest earlier entry), if any.
    func entry(before year: Int) -> Year? { years.filter { $0.year < year }.max { $0.year < $1.year } }

    /// The campaign of year `year`; ``PolicyError/missingCampaignYear(_:)`` when the policy has no entry.
    public func campaign(year: Int) throws(PolicyError) -> Campaign {
        guard let entry = years.first(where: { $0.year == year }) else { throw .missingCampaignYear(year) }
        let basicInfo = entry.basicInfoCollection ?? basicInfoCollection
        let midTerm = entry.midTermSurvey ?? midTermSurvey
        let endTerm = entry.endTermAssessment ?? endTermAssessment
        guard
            let lastStartOfEndTerm = try? Day(
                year: year + endTerm.periodStartOnOrBeforeEndOfYearOffset, month: 12, day: 31),
            let yearStart = try? Day(year: year, month: 1, day: 1)
        else { throw .missingCampaignYear(year) }
        return Campaign(
            year: year,
            basicInfoTiers: Set(basicInfo.tiers),
            midTermTiers: Set(midTerm.tiers),
            midTermPeriodStartYear: year + midTerm.periodStartYearOffset,
            endTermTiers: Set(endTerm.tiers),
            endTermPeriodStartOnOrBefore: lastStartOfEndTerm,
            contactFormDeadline: entry.contactFormDeadline,
            submissionOpens: entry.submissionWindow.opens,
            submissionCloses: entry.submissionWindow.closes,
            makeUpDeadline: entry.makeUpDeadline,
            publicityMinimumWorkingDays: entry.publicityMinimumWorkingDays,
            packageNamePattern: entry.packageName,
            onTime: entry.onTime,
            weakFollowUpDays: entry.weakFollowUpDays,
            changesReportedFrom: entry.changesReportedFrom ?? self.entry(before: year)?.dayAfterWindow ?? yearStart,
            workOpens: entry.workOpens ?? yearStart)
    }

    func validate() throws(PolicyError) {
        let file = "campaigns.json"
        try Self.validate(basicInfoCollection, midTermSurvey, endTermAssessment, at: "")
        guard !years.isEmpty else {
            throw .invalid(document: file, field: "years", reason: "name at least one campaign")
        }
        for (index, entry) in years.enumerated() {
            let at = "years[\(index)]"
            guard years.filter({ $0.year == entry.year }).count == 1 else {
                throw .invalid(document: file, field: "\(at).year", reason: "campaign \(entry.year) is named twice")
            }
            try Self.validate(
                entry.basicInfoCollection ?? basicInfoCollection, entry.midTermSurvey ?? midTermSurvey,
                entry.endTermAssessment ?? endTermAssessment, at: "\(at).")
            guard entry.submissionWindow.opens <= entry.submissionWindow.closes else {
                throw .invalid(document: file, field: "\(at).submissionWindow", reason: "must open before it closes")
            }
            guard entry.submissionWindow.closes <= entry.makeUpDeadline else {
                throw .invalid(
                    document: file, field: "\(at).makeUpDeadline", reason: "must not come before the window closes")
            }
            guard (1...PolicyBounds.months.upperBound).contains(entry.publicityMinimumWorkingDays) else {
                throw .invalid(
                    document: file, field: "\(at).publicityMinimumWorkingDays", reason: "must be at least 1")
            }
            guard (1...PolicyBounds.months.upperBound).contains(entry.weakFollowUpDays) else {
                throw .invalid(document: file, field: "\(at).weakFollowUpDays", reason: "must be at least 1")
            }
            guard entry.packageName.contains("{unit}") else {
                throw .invalid(
                    document: file, field: "\(at).packageName", reason: "must name the unit with {unit}")
            }
            if let from = entry.changesReportedFrom, from > entry.submissionWindow.closes {
                throw .invalid(
                    document: file, field: "\(at).changesReportedFrom",
                    reason:
                        "must not come after the campaign's window closes (\(entry.submissionWindow.closes)): its report would list nothing"
                )
            }
            if let from = entry.changesReportedFrom, let previous = self.entry(before: entry.year),
                from < previous.dayAfterWindow
            {
                throw .invalid(
                    document: file, field: "\(at).changesReportedFrom",
                    reason:
                        "must come after campaign \(previous.year)'s window closed (\(previous.submissionWindow.closes)): its report lists what took effect until then"
                )
            }
            if let opens = entry.workOpens, opens > entry.submissionWindow.opens {
                throw .invalid(
                    document: file, field: "\(at).workOpens",
                    reason:
                        "must not come after the submission window opens (\(entry.submissionWindow.opens)): the work is done before it is sent"
                )
            }
            _ = try campaign(year: entry.year)
        }
        _ = try campaign(year: defaultYear)
        guard !earlierDaysRecordedBy.contains(where: \.isEmpty),
            Set(earlierDaysRecordedBy).count == earlierDaysRecordedBy.count
        else {
            throw .invalid(document: file, field: "earlierDaysRecordedBy", reason: "name each role once, none empty")
        }
    }

    static func validate(
        _ basicInfo: BasicInfoCollection, _ midTerm: MidTermSurvey, _ endTerm: EndTermAssessment, at prefix: String
    ) throws(PolicyError) {
        let file = "campaigns.json"
        guard !basicInfo.tiers.isEmpty, !midTerm.tiers.isEmpty, !endTerm.tiers.isEmpty
        else {
            throw .invalid(document: file, field: "\(prefix)tiers", reason: "every work item needs at least one tier")
        }
        guard (-PolicyBounds.years.upperBound..<0).contains(midTerm.periodStartYearOffset) else {
            throw .invalid(
                document: file, field: "\(prefix)midTermSurvey.periodStartYearOffset", reason: "must be negative")
        }
        guard endTerm.periodStartOnOrBeforeEndOfYearOffset < midTerm.periodStartYearOffset,
            endTerm.periodStartOnOrBeforeEndOfYearOffset >= -PolicyBounds.years.upperBound
        else {
            throw .invalid(
                document: file, field: "\(prefix)endTermAssessment.periodStartOnOrBeforeEndOfYearOffset",
                reason: "end-term periods must have started before mid-term ones")
        }
    }
}
