/// Settings of the management period, exits and re-application (policy/management.json).
/// Immutable once validated: a variant is built by loading changed JSON through `Policy.load`.
public struct ManagementPolicy: Sendable, Hashable, Codable {
    /// M1 ASSUMPTION: the period's length ("一般为5年").
    public let managementPeriodYears: Int
    /// M4 ASSUMPTION: whether a confirmed end-term result starts a new period, and for which grades.
    public let renewal: Renewal
    /// M2 ASSUMPTION: the 吉享卡 date is a start source only for evaluations before this day
    /// ("2020年以前早期评定人员": evaluated, not carded, before 2020).
    public let jixiangCardSourceBefore: Day
    /// C3: waiting time after a performance exit or downgrade.
    public let reapplicationWaitingYears: Int
    /// C3 ASSUMPTION for the reasons the notice does not classify; the classified ones are checked.
    public let reapplicationByExitReason: [ExitReason: ReapplicationRule]
    /// C3 ASSUMPTION: the items of Art. 19 of the Implementing Regulations of the Labour Contract Law (X7
    /// takes items 3–9) that end a contract for a serious violation of discipline or law, or dishonesty
    /// ("严重违纪违法、失德失范失信"), after which the talent is never evaluated again
    /// (``ExitReason/labourContractEndedForMisconduct``); the others (ill health, unfitness) wait as a
    /// performance exit does. Empty where the file names none.
    public let labourContractItemsForMisconduct: [Int]
    /// X8: lost contact for this many months or more.
    public let lostContactMonths: Int
    /// X9: a new exit situation is reported within this many months.
    public let exitReportDeadlineMonths: Int
    /// X9: which situations are new ("以后新出现上述情形的，用人单位应在一个月内及时提交书面报告"): those that occur
    /// on or after this day, the notice's date. One that occurred before it is stated in the unit's written
    /// account (书面情况说明, §5(2)) with no month to keep. Nil (a policy written before the setting): every
    /// situation keeps the month, which ``Policy/warnings`` says.
    public let newExitSituationsFrom: Day?
    /// D3: a D1/D2 situation is reported within this many months.
    public let downgradeReportDeadlineMonths: Int
    /// The days and text lengths the register accepts at all.
    public let registerLimits: RegisterLimits

    public struct Renewal: Sendable, Hashable, Codable {
        public let onResultConfirmation: Bool
        public let grades: [Grade]

        public init(onResultConfirmation: Bool, grades: [Grade]) {
            self.onResultConfirmation = onResultConfirmation
            self.grades = grades
        }
    }

    enum CodingKeys: String, CodingKey {
        case managementPeriodYears, renewal, jixiangCardSourceBefore, reapplicationWaitingYears
        case reapplicationByExitReason, labourContractItemsForMisconduct, lostContactMonths, exitReportDeadlineMonths
        case newExitSituationsFrom
        case downgradeReportDeadlineMonths, registerLimits
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        managementPeriodYears = try c.decode(Int.self, forKey: .managementPeriodYears)
        renewal = try c.decode(Renewal.self, forKey: .renewal)
        jixiangCardSourceBefore = try c.decode(Day.self, forKey: .jixiangCardSourceBefore)
        reapplicationWaitingYears = try c.decode(Int.self, forKey: .reapplicationWaitingYears)
        reapplicationByExitReason = try c.decodeTable(
            ExitReason.self, of: ReapplicationRule.self, forKey: .reapplicationByExitReason)
        labourContractItemsForMisconduct =
            try c.decodeIfPresent([Int].self, forKey: .labourContractItemsForMisconduct) ?? []
        lostContactMonths = try c.decode(Int.self, forKey: .lostContactMonths)
        exitReportDeadlineMonths = try c.decode(Int.self, forKey: .exitReportDeadlineMonths)
        newExitSituationsFrom = try c.decodeIfPresent(Day.self, forKey: .newExitSituationsFrom)
        downgradeReportDeadlineMonths = try c.decode(Int.self, forKey: .downgradeReportDeadlineMonths)
        registerLimits = try c.decode(RegisterLimits.self, forKey: .registerLimits)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(managementPeriodYears, forKey: .managementPeriodYears)
        try c.encode(renewal, forKey: .renewal)
        try c.encode(jixiangCardSourceBefore, forKey: .jixiangCardSourceBefore)
        try c.encode(reapplicationWaitingYears, forKey: .reapplicationWaitingYears)
        try c.encodeTable(reapplicationByExitReason, forKey: .reapplicationByExitReason)
        try c.encode(labourContractItemsForMisconduct, forKey: .labourContractItemsForMisconduct)
        try c.encode(lostContactMonths, forKey: .lostContactMonths)
        try c.encode(exitReportDeadlineMonths, forKey: .exitReportDeadlineMonths)
        try c.encodeIfPresent(newExitSituationsFrom, forKey: .newExitSituationsFrom)
        try c.encode(downgradeReportDeadlineMonths, forKey: .downgradeReportDeadlineMonths)
        try c.encode(registerLimits, forKey: .registerLimits)
    }

    /// X8 "失联6个月及以上": the day contact lost since `since` becomes an exit situation, the day after the
    /// months are full. A period counted in months or years starts the day after its first day and ends on
    /// the corresponding day (Civil Code arts. 201–202): lost since 2025-09-20, six months are full at the end
    /// of 2026-03-20, and the situation is there from 2026-03-21.
    public func lostContactSituationOccurs(since: Day) -> Day {
        since.adding(months: lostContactMonths).adding(days: 1)
    }

    /// C3 "满两年后": the first day a talent downgraded or exited on `day` for its performance may be evaluated
    /// again (or higher), the day after the waiting years are full, counted as X8's months are: exited on
    /// 2026-02-13, from 2028-02-14.
    public func reapplicationAllowed(afterDowngradeOrExitOn day: Day) -> Day {
        day.adding(years: reapplicationWaitingYears).adding(days: 1)
    }

    /// X9: the last day a situation that occurred on `occurredOn` is reported by, or nil when it is no new
    /// situation (it occurred before ``newExitSituationsFrom``) and no month is counted.
    public func exitReportDue(occurredOn: Day) -> Day? {
        if let from = newExitSituationsFrom, occurredOn < from { return nil }
        return occurredOn.adding(months: exitReportDeadlineMonths)
    }

    /// What C3 fixes in the notice itself; the policy may not contradict it.
    static let fixedByNotice: [ExitReason: ReapplicationRule] = [
        .endTermFairAtTierE: .afterWaitingPeriod, .endTermUnqualified: .afterWaitingPeriod,
        .downgradedFromTierE: .afterWaitingPeriod,
        .leftProvince: .whenCriteriaMetAgain, .becameCivilServant: .whenCriteriaMetAgain,
        .unrelatedPost: .whenCriteriaMetAgain,
        .misconduct: .never, .sanction: .never, .fraud: .never, .labourContractEndedForMisconduct: .never,
    ]

    func validate() throws(PolicyError) {
        try registerLimits.validate()
        let file = "management.json"
        guard PolicyBounds.years.contains(managementPeriodYears) else {
            throw .invalid(
                document: file, field: "managementPeriodYears", reason: "must be 1 to \(PolicyBounds.years.upperBound)")
        }
        guard (0...PolicyBounds.years.upperBound).contains(reapplicationWaitingYears) else {
            throw .invalid(
                document: file, field: "reapplicationWaitingYears",
                reason: "must be 0 to \(PolicyBounds.years.upperBound)")
        }
        for (field, months) in [
            ("lostContactMonths", lostContactMonths), ("exitReportDeadlineMonths", exitReportDeadlineMonths),
            ("downgradeReportDeadlineMonths", downgradeReportDeadlineMonths),
        ] where !PolicyBounds.months.contains(months) {
            throw .invalid(
                document: file, field: field, reason: "must be 1 to \(PolicyBounds.months.upperBound) months")
        }
        if let item = labourContractItemsForMisconduct.first(where: { !(3...9).contains($0) }) {
            throw .invalid(
                document: file, field: "labourContractItemsForMisconduct",
                reason: "item \(item) is none of X7's (Art. 19 items 3 to 9)")
        }
        for reason in ExitReason.allCases {
            guard let rule = reapplicationByExitReason[reason] else {
                throw .invalid(
                    document: file, field: "reapplicationByExitReason.\(reason.rawValue)", reason: "missing")
            }
            if let fixed = ManagementPolicy.fixedByNotice[reason], fixed != rule {
                throw .invalid(
                    document: file, field: "reapplicationByExitReason.\(reason.rawValue)",
                    reason: "C3 of the notice fixes '\(fixed.rawValue)', policy says '\(rule.rawValue)'")
            }
        }
    }
}
