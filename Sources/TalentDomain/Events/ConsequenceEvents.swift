/// Downgraded one tier (降级管理); always derived (G4, D3).
public struct TalentDowngraded: TalentEventPayload {
    public static let typeName = "TalentDowngraded"
    public var effectiveDate: Day
    public var from: Tier
    public var to: Tier
    public var reapplication: Reapplication
    public var derivation: Derivation?
    public var event: TalentEvent { .talentDowngraded(self) }
}

/// Exited management (退出管理); always derived from its situation or result.
public struct TalentExited: TalentEventPayload {
    public static let typeName = "TalentExited"
    public var effectiveDate: Day
    public var reason: ExitReason
    public var reapplication: Reapplication
    /// X9: when the situation occurred and whether the unit reported it within the deadline.
    public var situationOccurredOn: Day?
    public var reportedWithinDeadline: Bool?
    public var derivation: Derivation?
    public var event: TalentEvent { .talentExited(self) }
}

/// Cards, credentials, medical service or housing subsidy changed (E1–E5, C1, C2).
public struct EntitlementsChanged: TalentEventPayload {
    public static let typeName = "EntitlementsChanged"
    public var effectiveDate: Day
    public var changes: [EntitlementChange]
    public var derivation: Derivation?
    public var event: TalentEvent { .entitlementsChanged(self) }
}

/// X10: a retired tier-B talent's exit puts them on the contact list (联系名单).
public struct MovedToContactList: TalentEventPayload {
    public static let typeName = "MovedToContactList"
    public var effectiveDate: Day
    public var medicalServiceKept: Bool
    public var derivation: Derivation?
    public var event: TalentEvent { .movedToContactList(self) }
}

/// E4: one instalment of the housing subsidy paid.
public struct HousingSubsidyInstalmentPaid: TalentEventPayload {
    public static let typeName = "HousingSubsidyInstalmentPaid"
    public var effectiveDate: Day
    public var instalment: Int
    public var amountYuan: Int
    public var event: TalentEvent { .housingSubsidyInstalmentPaid(self) }
}
