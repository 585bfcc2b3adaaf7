/// X9: the unit's written report (书面报告) of a new exit situation, sent up the chain of authority.
/// The exit does not take effect here: it waits for the province's verification (核实).
public struct ExitSituationReported: TalentEventPayload {
    public static let typeName = "ExitSituationReported"
    /// The day the unit reported.
    public var effectiveDate: Day
    public var reason: ExitReason
    public var occurredOn: Day
    /// The last day of the reporting deadline (one month after the occurrence, by policy); none for a
    /// situation that occurred before the notice (X9: only new ones keep the month).
    public var reportDue: Day?
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

/// X1: a reported exit situation that no longer holds before the province verified it (a same-field
/// rehire recorded while the report of 退休且未返聘 waited): the report is closed and management goes on.
public struct ExitReportWithdrawn: TalentEventPayload {
    public static let typeName = "ExitReportWithdrawn"
    public var effectiveDate: Day
    public var reason: ExitReason
    /// The day the withdrawn situation had occurred.
    public var occurredOn: Day
    public var derivation: Derivation?
    public var event: TalentEvent { .exitReportWithdrawn(self) }
}

/// X1/X2: a retirement the province found untrue (不属实) when it verified the unit's report, withdrawn. Dated
/// on the retirement it withdraws, not on the verification: as known since, the talent did not retire then,
/// and a retirement recorded later, on its own day after that one, stands (dated on the verification, the
/// withdrawal would undo a retirement recorded again with an earlier day).
public struct RetirementWithdrawn: TalentEventPayload {
    public static let typeName = "RetirementWithdrawn"
    public var effectiveDate: Day
    public var derivation: Derivation?
    public var event: TalentEvent { .retirementWithdrawn(self) }
}

extension TalentEvent {
    /// The day the situation behind this event occurred, where it names one (X9 counts the month to
    /// report from it): a reported, verified or withdrawn exit situation, an exit, or a situation found.
    public var situationOccurredOn: Day? {
        switch self {
        case .exitSituationReported(let e): e.occurredOn
        case .exitSituationVerified(let e): e.occurredOn
        case .exitReportWithdrawn(let e): e.occurredOn
        case .talentExited(let e): e.situationOccurredOn
        case .misconductFound(let e): e.occurredOn
        case .talentPenalized(let e): e.occurredOn
        case .annualAssessmentRecorded(let e): e.occurredOn
        case .labourContractEnded(let e): e.occurredOn
        case .talentDied(let e): e.occurredOn
        case .overdueAbroad(let e): e.occurredOn
        case .otherExitSituationFound(let e): e.occurredOn
        default: nil
        }
    }
}
