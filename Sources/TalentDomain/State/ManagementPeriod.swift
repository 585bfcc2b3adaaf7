/// A management period (管理期): the span in which the tier's entitlements hold and assessments apply.
public struct ManagementPeriod: Sendable, Hashable, Codable {
    public enum Basis: String, Sendable, Hashable, Codable {
        /// Started by an evaluation; the start date came from an M2 source.
        case evaluation
        /// Started on the confirmation of an end-term result (M4).
        case resultConfirmation
    }

    public var tier: Tier
    public var start: Day
    /// The M2 source of the start date; nil for a period renewed under M4.
    public var source: PeriodStartSource?
    public var basis: Basis
    /// The last day of the period (start + length − 1 day), fixed when the period began.
    public var end: Day
}
