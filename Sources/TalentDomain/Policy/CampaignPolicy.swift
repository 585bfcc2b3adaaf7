/// The shape of a campaign as offsets from its year Y, so campaign 2025, 2026, … come from one
/// definition (policy/campaigns.json). Immutable once validated.
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

    public let defaultYear: Int
    public let basicInfoCollection: BasicInfoCollection
    public let midTermSurvey: MidTermSurvey
    public let endTermAssessment: EndTermAssessment

    /// The campaign of year `year`.
    public func campaign(year: Int) throws(PolicyError) -> Campaign {
        guard
            let lastStartOfEndTerm = try? Day(
                year: year + endTermAssessment.periodStartOnOrBeforeEndOfYearOffset, month: 12, day: 31)
        else { throw .missingCampaignYear(year) }
        return Campaign(
            year: year,
            basicInfoTiers: Set(basicInfoCollection.tiers),
            midTermTiers: Set(midTermSurvey.tiers),
            midTermPeriodStartYear: year + midTermSurvey.periodStartYearOffset,
            endTermTiers: Set(endTermAssessment.tiers),
            endTermPeriodStartOnOrBefore: lastStartOfEndTerm)
    }

    func validate() throws(PolicyError) {
        let file = "campaigns.json"
        guard !basicInfoCollection.tiers.isEmpty, !midTermSurvey.tiers.isEmpty, !endTermAssessment.tiers.isEmpty
        else { throw .invalid(document: file, field: "tiers", reason: "every work item needs at least one tier") }
        guard (-PolicyBounds.years.upperBound..<0).contains(midTermSurvey.periodStartYearOffset) else {
            throw .invalid(document: file, field: "midTermSurvey.periodStartYearOffset", reason: "must be negative")
        }
        guard endTermAssessment.periodStartOnOrBeforeEndOfYearOffset < midTermSurvey.periodStartYearOffset,
            endTermAssessment.periodStartOnOrBeforeEndOfYearOffset >= -PolicyBounds.years.upperBound
        else {
            throw .invalid(
                document: file, field: "endTermAssessment.periodStartOnOrBeforeEndOfYearOffset",
                reason: "end-term periods must have started before mid-term ones")
        }
        _ = try campaign(year: defaultYear)
    }
}
