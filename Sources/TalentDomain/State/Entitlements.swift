/// A service card's life: issued, possibly suspended and restored, finally taken back.
public enum CardStatus: String, Sendable, Hashable, Codable {
    case none
    case active
    case suspended
    case takenBack
}

/// The talent code (人才码) or the electronic certificate: valid for a tier, or cancelled.
public struct Credential: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case none
        case valid
        case cancelled
    }

    public var status: Status
    public var tier: Tier?

    public static let none = Credential(status: .none, tier: nil)
}

/// The housing subsidy (安家补贴, E4) granted for a tier and what has been paid of it.
public struct HousingSubsidy: Sendable, Hashable, Codable {
    /// What the subsidy comes to: the granted tier's amount or, after a downgrade switched the unpaid
    /// instalments to the new tier's amount (C1), what was paid and what is still to be paid.
    public var totalYuan: Int
    public var paidYuan: Int
    public var paidInstalments: [Int]
    /// C2: the unpaid part is not paid after an exit.
    public var stopped: Bool
    public var withheldYuan: Int
    /// The day the unpaid part stopped (the exit's, or a downgrade's where the policy stops it, C1): an
    /// instalment paid before it may still be recorded, on the day it was paid.
    public var stoppedOn: Day? = nil
    /// The day the E4 schedule counts from (the period start or the grant day, as the policy says).
    public var grantedOn: Day?
    /// The amount the schedule's instalments are shares of, when it is not the total: the new tier's
    /// after a downgrade switched the unpaid instalments to it (C1).
    public var instalmentBaseYuan: Int? = nil

    /// The amount each instalment is its share of (E4).
    public var scheduleYuan: Int { instalmentBaseYuan ?? totalYuan }

    public static let none = HousingSubsidy(
        totalYuan: 0, paidYuan: 0, paidInstalments: [], stopped: false, withheldYuan: 0, grantedOn: nil)

    /// An instalment of the schedule not paid yet (E4): its number, its amount and the day it falls due.
    public struct UnpaidInstalment: Sendable, Hashable {
        public var number: Int
        public var amountYuan: Int
        public var due: Day
    }

    /// The schedule's instalments not paid yet, in order; none for a subsidy not granted or stopped (C1,
    /// C2). The day each falls due counts from the schedule's start (``grantedOn``).
    public func unpaidInstalments(under policy: EntitlementPolicy) -> [UnpaidInstalment] {
        guard !stopped else { return [] }
        return dueInstalments(under: policy)
    }

    /// C2 "已发放的安家补贴不予追回": the instalments a stopped subsidy had not been paid that fell due before it
    /// stopped. One of them paid then and recorded only now is recorded on the day it was paid; none for a
    /// subsidy still paid, or stopped on a day the state does not know.
    public func unpaidWhenStopped(under policy: EntitlementPolicy) -> [UnpaidInstalment] {
        guard stopped, let stoppedOn else { return [] }
        return dueInstalments(under: policy).filter { $0.due < stoppedOn }
    }

    /// The instalments a payment may be recorded for: the unpaid ones, or, once the subsidy stopped, those
    /// unpaid when it stopped that fell due before it (``unpaidWhenStopped(under:)``).
    public func recordableInstalments(under policy: EntitlementPolicy) -> [UnpaidInstalment] {
        stopped ? unpaidWhenStopped(under: policy) : unpaidInstalments(under: policy)
    }

    /// The schedule's instalments not among those paid, stopped or not.
    private func dueInstalments(under policy: EntitlementPolicy) -> [UnpaidInstalment] {
        guard totalYuan > 0, let countedFrom = grantedOn else { return [] }
        return policy.housingSubsidyInstalments.indices.compactMap { index in
            let number = index + 1
            guard !paidInstalments.contains(number) else { return nil }
            return UnpaidInstalment(
                number: number, amountYuan: policy.instalmentYuan(number, of: scheduleYuan),
                due: countedFrom.adding(years: policy.housingSubsidyInstalments[index].afterYears))
        }
    }
}

/// Cards and entitlements a talent holds (E1–E5).
public struct Entitlements: Sendable, Hashable, Codable {
    public var jixiangCard: CardStatus
    public var jijianCard: CardStatus
    public var talentCode: Credential
    public var certificate: Credential
    public var medicalService: Bool
    public var housingSubsidy: HousingSubsidy

    public static let none = Entitlements(
        jixiangCard: .none, jijianCard: .none, talentCode: .none, certificate: .none, medicalService: false,
        housingSubsidy: .none)

    /// The service cards S3 suspends and S4 restores (吉享卡, 吉健卡).
    public static let serviceCards: [EntitlementChange.Item] = [.jixiangCard, .jijianCard]

    /// The service cards whose status is `status`, in ``serviceCards``' order.
    public func serviceCards(in status: CardStatus) -> [EntitlementChange.Item] {
        Self.serviceCards.filter { ($0 == .jixiangCard ? jixiangCard : jijianCard) == status }
    }

    /// E5's service while the 吉健卡 it goes with is suspended (S3): still held, paused with the card until
    /// S4 restores it. Written with the state (``encode(to:)``), so that a client reads it rather than
    /// working it out; never read back.
    public var medicalServicePaused: Bool { medicalService && jijianCard == .suspended }

    /// A card still in the talent's hands (active or merely suspended).
    public var holdsCard: Bool {
        [jixiangCard, jijianCard].contains { $0 == .active || $0 == .suspended }
    }

    mutating func apply(_ change: EntitlementChange, on day: Day) {
        switch (change.item, change.action) {
        case (.jixiangCard, let action): jixiangCard = CardStatus(after: action, from: jixiangCard)
        case (.jijianCard, let action): jijianCard = CardStatus(after: action, from: jijianCard)
        case (.talentCode, .cancelled): talentCode = Credential(status: .cancelled, tier: talentCode.tier)
        case (.talentCode, _): talentCode = Credential(status: .valid, tier: change.tier ?? talentCode.tier)
        case (.certificate, .cancelled): certificate = Credential(status: .cancelled, tier: certificate.tier)
        case (.certificate, _): certificate = Credential(status: .valid, tier: change.tier ?? certificate.tier)
        case (.medicalService, .withdrawn): medicalService = false
        case (.medicalService, _): medicalService = true
        case (.housingSubsidy, .stopped):
            housingSubsidy.stopped = true
            housingSubsidy.stoppedOn = day
            // What was unpaid then: an instalment paid before the stop and recorded after it folds in before
            // it (business order), and is not withheld as well.
            let unpaid = housingSubsidy.totalYuan.subtractingReportingOverflow(housingSubsidy.paidYuan)
            housingSubsidy.withheldYuan = min(
                change.withheldYuan ?? 0, unpaid.overflow ? 0 : max(0, unpaid.partialValue))
        case (.housingSubsidy, .adjusted):
            // Paid instalments stay paid; only what is still to come follows the new amount. (An adjustment
            // recorded before it carried the total made the new amount the total.)
            if let amount = change.amountYuan {
                housingSubsidy.instalmentBaseYuan = change.totalYuan == nil ? nil : amount
                housingSubsidy.totalYuan = change.totalYuan ?? amount
            }
        case (.housingSubsidy, _):
            housingSubsidy = HousingSubsidy(
                totalYuan: change.amountYuan ?? 0, paidYuan: 0, paidInstalments: [], stopped: false, withheldYuan: 0,
                grantedOn: change.countedFrom ?? day)
        }
    }
}

extension Entitlements {
    enum CodingKeys: String, CodingKey {
        case jixiangCard, jijianCard, talentCode, certificate, medicalService, medicalServicePaused, housingSubsidy
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            jixiangCard: try container.decode(CardStatus.self, forKey: .jixiangCard),
            jijianCard: try container.decode(CardStatus.self, forKey: .jijianCard),
            talentCode: try container.decode(Credential.self, forKey: .talentCode),
            certificate: try container.decode(Credential.self, forKey: .certificate),
            medicalService: try container.decode(Bool.self, forKey: .medicalService),
            housingSubsidy: try container.decode(HousingSubsidy.self, forKey: .housingSubsidy))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jixiangCard, forKey: .jixiangCard)
        try container.encode(jijianCard, forKey: .jijianCard)
        try container.encode(talentCode, forKey: .talentCode)
        try container.encode(certificate, forKey: .certificate)
        try container.encode(medicalService, forKey: .medicalService)
        try container.encode(medicalServicePaused, forKey: .medicalServicePaused)
        try container.encode(housingSubsidy, forKey: .housingSubsidy)
    }
}

extension CardStatus {
    fileprivate init(after action: EntitlementChange.Action, from current: CardStatus) {
        switch action {
        case .issued, .reissued, .granted, .kept, .adjusted: self = .active
        // S3/S4: only a card in use is suspended, and only a suspended card is restored, so a card taken
        // back for another reason (C1, C2) never comes back through a restoration.
        case .suspended: self = current == .active ? .suspended : current
        case .restored: self = current == .suspended ? .active : current
        case .takenBack, .cancelled, .withdrawn, .stopped: self = .takenBack
        }
    }
}

/// One change to one entitlement, as recorded in `EntitlementsChanged`.
public struct EntitlementChange: Sendable, Hashable, Codable {
    public enum Item: String, Sendable, Hashable, Codable, CaseIterable {
        case jixiangCard, jijianCard, talentCode, certificate, medicalService, housingSubsidy

        /// The entitlement rule (E1–E5) that defines this item.
        public var rule: RuleID {
            switch self {
            case .jixiangCard: return .E1
            case .jijianCard: return .E2
            case .talentCode, .certificate: return .E3
            case .housingSubsidy: return .E4
            case .medicalService: return .E5
            }
        }
    }

    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case issued, suspended, restored, takenBack, reissued, cancelled, granted, withdrawn, kept, stopped
        /// The housing subsidy's unpaid instalments now follow another amount (C1 with the policy's setting).
        case adjusted
    }

    public var item: Item
    public var action: Action
    /// The tier shown on a (re)issued talent code or certificate.
    public var tier: Tier?
    /// The total granted, for a housing subsidy grant.
    public var amountYuan: Int?
    /// The unpaid part not paid, for a stopped housing subsidy (C2).
    public var withheldYuan: Int?
    /// The day a granted housing subsidy's schedule counts from (E4), when it is not the event's day.
    public var countedFrom: Day?
    /// An adjusted housing subsidy's new total: what was paid and the unpaid instalments at the new amount.
    public var totalYuan: Int?

    public init(
        item: Item, action: Action, tier: Tier? = nil, amountYuan: Int? = nil, withheldYuan: Int? = nil,
        countedFrom: Day? = nil, totalYuan: Int? = nil
    ) {
        self.item = item
        self.action = action
        self.tier = tier
        self.amountYuan = amountYuan
        self.withheldYuan = withheldYuan
        self.countedFrom = countedFrom
        self.totalYuan = totalYuan
    }
}
