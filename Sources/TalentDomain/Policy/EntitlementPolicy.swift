/// What each tier holds (E1–E5) and how the housing subsidy is paid (policy/entitlements.json).
public struct EntitlementPolicy: Sendable, Hashable, Codable {
    public struct TierEntitlements: Sendable, Hashable, Codable {
        /// E1: 吉享卡.
        public var jixiangCard: Bool
        /// E2 ASSUMPTION: 吉健卡.
        public var jijianCard: Bool
        /// E3: 人才码 and electronic certificate.
        public var talentCodeAndCertificate: Bool
        /// E5: medical service (就医服务).
        public var medicalService: Bool
        /// E4 ASSUMPTION: housing subsidy (安家补贴) in yuan.
        public var housingSubsidyYuan: Int
    }

    /// E4 ASSUMPTION: one instalment, due `afterYears` after the period start, `percent` of the total.
    public struct Instalment: Sendable, Hashable, Codable {
        public var afterYears: Int
        public var percent: Int
    }

    /// X10: who moves to the contact list on a retirement exit, keeping medical service.
    public struct ContactList: Sendable, Hashable, Codable {
        public var tiers: [Tier]
        public var keepsMedicalService: Bool
    }

    public var tiers: [Tier: TierEntitlements]
    public var housingSubsidyInstalments: [Instalment]
    public var contactList: ContactList

    public func entitlements(of tier: Tier) -> TierEntitlements {
        // validate() guarantees every tier is present; the fallback only keeps this total.
        tiers[tier]
            ?? TierEntitlements(
                jixiangCard: false, jijianCard: false, talentCodeAndCertificate: true, medicalService: false,
                housingSubsidyYuan: 0)
    }

    enum CodingKeys: String, CodingKey {
        case tiers, housingSubsidyInstalments, contactList
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try c.decode([String: TierEntitlements].self, forKey: .tiers)
        var map: [Tier: TierEntitlements] = [:]
        for (key, value) in raw {
            guard let tier = Tier(rawValue: key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .tiers, in: c, debugDescription: "unknown tier '\(key)'")
            }
            map[tier] = value
        }
        tiers = map
        housingSubsidyInstalments = try c.decode([Instalment].self, forKey: .housingSubsidyInstalments)
        contactList = try c.decode(ContactList.self, forKey: .contactList)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Dictionary(uniqueKeysWithValues: tiers.map { ($0.key.rawValue, $0.value) }), forKey: .tiers)
        try c.encode(housingSubsidyInstalments, forKey: .housingSubsidyInstalments)
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
            guard e.housingSubsidyYuan >= 0 else {
                throw .invalid(document: file, field: "tiers.\(tier).housingSubsidyYuan", reason: "negative amount")
            }
        }
        if tiers[.E]?.jixiangCard == true {
            throw .invalid(
                document: file, field: "tiers.E.jixiangCard", reason: "C1: a talent downgraded to E gives the 吉享卡 back")
        }
        guard housingSubsidyInstalments.reduce(0, { $0 + $1.percent }) == 100 else {
            throw .invalid(document: file, field: "housingSubsidyInstalments", reason: "percentages must add up to 100")
        }
        for (index, instalment) in housingSubsidyInstalments.enumerated() {
            guard instalment.percent > 0, instalment.afterYears >= 0 else {
                throw .invalid(
                    document: file, field: "housingSubsidyInstalments[\(index)]",
                    reason: "percent must be positive and afterYears not negative")
            }
            if index > 0, instalment.afterYears < housingSubsidyInstalments[index - 1].afterYears {
                throw .invalid(
                    document: file, field: "housingSubsidyInstalments[\(index)]", reason: "instalments out of order")
            }
        }
    }
}
