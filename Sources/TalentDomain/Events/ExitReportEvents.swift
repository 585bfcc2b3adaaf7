/// X9: the unit's written report (书面报告) of a new exit situation, sent up the chain of authority.
/// The exit does not take effect here: it waits for the province's verification (核实).
public struct ExitSituationReported: TalentEventPayload {
    public static let typeName = "ExitSituationReported"
    /// The day the unit reported.
    public var effectiveDate: Day
    public var reason: ExitReason
    public var occurredOn: Day
    /// The last day of the reporting deadline (one month after the occurrence, by policy).
    public var reportDue: Day
    /// A late report is accepted and flagged: the notice sets the deadline but does not refuse a late one.
    public var reportedWithinDeadline: Bool
    public var derivation: Derivation?
    public var event: TalentEvent { .exitSituationReported(self) }
}

/// X9: the province verified a reported exit situation. Confirmed, the exit and its C2 consequences
/// follow as derived events on this day; not confirmed, the report is closed and management continues.
public struct ExitSituationVerified: TalentEventPayload {
    public static let typeName = "ExitSituationVerified"
    public var effectiveDate: Day
    public var reason: ExitReason
    public var occurredOn: Day
    public var confirmed: Bool
    public var finding: String
    public var event: TalentEvent { .exitSituationVerified(self) }
}
