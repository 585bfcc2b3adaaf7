/// What each tier holds (E1–E5) and how the housing subsidy is paid (policy/entitlements.json).
/// Immutable once validated: a variant is built by loading changed JSON through `Policy.load`.
public struct EntitlementPolicy: Sendable, Hashable, Codable {
    public struct TierEntitlements: Sendable, Hashable, Codable {
        /// E1: 吉享卡 (Jixiang service card).
        public let jixiangCard: Bool
        /// E2 ASSUMPTION: 吉健卡 (Jijian health card).
        public let jijianCard: Bool
        /// E3: 人才码 (talent code) and electronic certificate.
        public let talentCodeAndCertificate: Bool
        /// E5: medical service (就医服务).
        public let medicalService: Bool
        /// E4 ASSUMPTION: housing subsidy (安家补贴) in yuan.
        public let housingSubsidyYuan: Int
    }

    /// E4 ASSUMPTION: one instalment, due `afterYears` after the schedule's start, `percent` of the amount.
    public struct Instalment: Sendable, Hashable, Codable {
        public let afterYears: Int
        public let percent: Int
    }

    /// E4 ASSUMPTION: the day the instalment schedule counts from.
    public enum ScheduleStart: String, Sendable, Hashable, Codable, CaseIterable {
        /// The start of the management period the grant belongs to (the M2 date): the business date of
        /// the evaluation, so a talent recorded late does not have instalments fall due late.
        case periodStart
        /// The day the grant was recorded in the register.
        case grantDay
    }

    /// C1/E4 ASSUMPTION: what happens to unpaid instalments when the talent is downgraded.
    public enum OnDowngrade: String, Sendable, Hashable, Codable, CaseIterable {
        /// Unpaid instalments are still paid at the old tier's amount.
        case keepOldTierSchedule
        /// Unpaid instalments are paid at the new tier's amount ("享受降级后相应层次的人才待遇", §5(3)3);
        /// what was paid is not recovered.
        case switchToNewTierAmount
        /// Unpaid instalments are not paid, as on an exit.
        case stop
    }

    /// E4/M3 ASSUMPTION: what happens to unpaid instalments when a talent holding a subsidy is evaluated
    /// again at another tier (the notice says nothing of it).
    public enum OnReevaluation: String, Sendable, Hashable, Codable, CaseIterable {
        /// Unpaid instalments are still paid at the amount granted.
        case keepOldTierSchedule
        /// Unpaid instalments are paid at the new tier's amount, as on a downgrade; what was paid stays.
        case switchToNewTierAmount
    }

    /// X10: who moves to the contact list (联系名单) on a retirement exit, keeping medical service.
    public struct ContactList: Sendable, Hashable, Codable {
        public let tiers: [Tier]
        public let keepsMedicalService: Bool
    }

    public let tiers: [Tier: TierEntitlements]
    public let housingSubsidyInstalments: [Instalment]
    public let housingSubsidyScheduleStart: ScheduleStart
    public let housingSubsidyOnDowngrade: OnDowngrade
    public let housingSubsidyOnReevaluation: OnReevaluation
    public let contactList: ContactList

    public func entitlements(of tier: Tier) -> TierEntitlements {
        // validate() guarantees every tier is present; the fallback only keeps this total.
        tiers[tier]
            ?? TierEntitlements(
                jixiangCard: false, jijianCard: false, talentCodeAndCertificate: true, medicalService: false,
                housingSubsidyYuan: 0)
    }

    /// E4: instalment `number` (1-based) of a subsidy of `amountYuan`; the last one takes the rounding
    /// remainder so the instalments add up to the amount exactly. Zero for a number not in the schedule.
    public func instalmentYuan(_ number: Int, of amountYuan: Int) -> Int {
        let schedule = housingSubsidyInstalments
        guard number >= 1, number <= schedule.count else { return 0 }
        guard number == schedule.count else { return amountYuan * schedule[number - 1].percent / 100 }
        return amountYuan - schedule.dropLast().reduce(0) { $0 + amountYuan * $1.percent / 100 }
    }

    /// C2/C1: what is still to be paid of `subsidy`: its unpaid instalments at its current amount.
    public func unpaidYuan(of subsidy: HousingSubsidy) -> Int {
        guard !subsidy.stopped else { return 0 }
        return unpaidYuan(of: subsidy.scheduleYuan, paid: subsidy.paidInstalments)
    }

    /// The instalments not among `paid`, as shares of `amountYuan`.
    public func unpaidYuan(of amountYuan: Int, paid: [Int]) -> Int {
        (1...max(1, housingSubsidyInstalments.count))
            .filter { !paid.contains($0) }
            .reduce(0) { $0 + instalmentYuan($1, of: amountYuan) }
    }

    enum CodingKeys: String, CodingKey {
        case tiers, housingSubsidyInstalments, housingSubsidyScheduleStart, housingSubsidyOnDowngrade
        case housingSubsidyOnReevaluation, contactList
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tiers = try c.decodeTable(Tier.self, of: TierEntitlements.self, forKey: .tiers)
        housingSubsidyInstalments = try c.decode([Instalment].self, forKey: .housingSubsidyInstalments)
        housingSubsidyScheduleStart = try c.decode(ScheduleStart.self, forKey: .housingSubsidyScheduleStart)
        housingSubsidyOnDowngrade = try c.decode(OnDowngrade.self, forKey: .housingSubsidyOnDowngrade)
        housingSubsidyOnReevaluation = try c.decode(OnReevaluation.self, forKey: .housingSubsidyOnReevaluation)
        contactList = try c.decode(ContactList.self, forKey: .contactList)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTable(tiers, forKey: .tiers)
        try c.encode(housingSubsidyInstalments, forKey: .housingSubsidyInstalments)
        try c.encode(housingSubsidyScheduleStart, forKey: .housingSubsidyScheduleStart)
        try c.encode(housingSubsidyOnDowngrade, forKey: .housingSubsidyOnDowngrade)
        try c.encode(housingSubsidyOnReevaluation, forKey: .housingSubsidyOnReevaluation)
        try c.encode(contactList, forKey: .contactList)
    }

    func validate() throws(PolicyError) {
        let file = "entitlements.json"
        for tier in Tier.allCases {
            guard let e = tiers[tier] else { throw .invalid(document: file, field: "tiers.\(tier)", reason: "missing") }
            guard e.talentCodeAndCertificate else {
                throw .invalid(
                    document: file, field: "tiers.\(tier).talentCodeAndCertificate",
                    reason: "E3: every tier holds a talent code and certificate")
            }
            guard !e.medicalService || e.jijianCard else {
                throw .invalid(
                    document: file, field: "tiers.\(tier).medicalService",
                    reason: "E5: medical service comes with the 吉健卡")
            }
            guard PolicyBounds.yuan.contains(e.housingSubsidyYuan) else {
                throw .invalid(
                    document: file, field: "tiers.\(tier).housingSubsidyYuan",
                    reason: "must be between 0 and \(PolicyBounds.yuan.upperBound)")
            }
        }
        if tiers[.E]?.jixiangCard == true {
            throw .invalid(
                document: file, field: "tiers.E.jixiangCard", reason: "C1: a talent downgraded to E gives the 吉享卡 back")
        }
        for (index, instalment) in housingSubsidyInstalments.enumerated() {
            guard (1...100).contains(instalment.percent),
                (0...PolicyBounds.years.upperBound).contains(instalment.afterYears)
            else {
                throw .invalid(
                    document: file, field: "housingSubsidyInstalments[\(index)]",
                    reason: "percent must be 1 to 100 and afterYears 0 to \(PolicyBounds.years.upperBound)")
            }
            if index > 0, instalment.afterYears < housingSubsidyInstalments[index - 1].afterYears {
                throw .invalid(
                    document: file, field: "housingSubsidyInstalments[\(index)]", reason: "instalments out of order")
            }
        }
        guard housingSubsidyInstalments.reduce(0, { $0 + $1.percent }) == 100 else {
            throw .invalid(document: file, field: "housingSubsidyInstalments", reason: "percentages must add up to 100")
        }
    }
}
