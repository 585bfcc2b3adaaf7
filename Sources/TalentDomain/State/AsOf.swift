/// Time-driven facts of a talent on a day: nothing here is stored, it follows from state, policy and day.
public struct AsOfFacts: Sendable, Hashable, Codable {
    public var day: Day
    public var periodEnd: Day?
    /// M1: the day is after the period's last day.
    public var periodExpired: Bool
    /// X4: a flexible agreement past its end (exit once recorded as not renewed).
    public var flexibleAgreementExpired: Bool
    /// X1: a rehire agreement past its end.
    public var rehireAgreementExpired: Bool
    /// X8: the first day an exit for lost contact is allowed, and whether it has come.
    public var lostContactExitFrom: Day?
    public var lostContactLongEnough: Bool
    /// C3 after an exit: the rule and whether the talent may apply on this day.
    public var reapplication: Reapplication?
    public var mayReapply: Bool
    /// C3 after a downgrade: from when a higher tier may be applied for.
    public var higherTierReapplicationFrom: Day?
    /// D3: situations whose report deadline has passed without a report.
    public var overdueReports: [ReportableSituation]
}

extension Talent {
    public func state(asOf day: Day, policy: Policy) -> AsOfFacts {
        let lostFrom = lostContactSince.map(policy.management.lostContactSituationOccurs)
        let reapplication = exit?.reapplication
        let mayReapply: Bool
        switch reapplication?.rule {
        case .afterWaitingPeriod?: mayReapply = reapplication?.allowedFrom.map { $0 <= day } ?? true
        case .whenCriteriaMetAgain?: mayReapply = true
        case .never?, .notApplicable?, nil: mayReapply = false
        }
        return AsOfFacts(
            day: day,
            periodEnd: period?.end,
            periodExpired: isUnderManagement && (period.map { $0.end < day } ?? false),
            flexibleAgreementExpired: isUnderManagement && (flexibleAgreementEnd.map { $0 < day } ?? false),
            rehireAgreementExpired: isUnderManagement && (rehire?.validUntil.map { $0 < day } ?? false),
            lostContactExitFrom: isUnderManagement ? lostFrom : nil,
            lostContactLongEnough: isUnderManagement && (lostFrom.map { $0 <= day } ?? false),
            reapplication: reapplication,
            mayReapply: hasExited && mayReapply,
            higherTierReapplicationFrom: hasExited ? nil : lastDowngrade?.reapplication.allowedFrom,
            overdueReports: pendingReports.filter { $0.reportDue < day })
    }
}
