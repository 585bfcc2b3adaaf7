/// Why a talent left management; the reason decides whether and when they may apply again (C3).
public enum ExitReason: String, Sendable, Hashable, Codable, CaseIterable {
    case endTermFairAtTierE
    case endTermUnqualified
    case retiredNotRehired
    case retiredAtTierE
    case leftProvince
    case becameCivilServant
    case unrelatedPost
    case flexibleAgreementExpired
    case misconduct
    case sanction
    case assessmentUnqualified
    case labourContractEnded
    case died
    case overdueAbroad
    case lostContact
    case otherSituation
    case provinceDecidedExit
    case downgradedFromTierE
    case fraud

    /// The rule of the notice that makes this an exit.
    public var rule: RuleID {
        switch self {
        case .endTermFairAtTierE: return .G4
        case .endTermUnqualified: return .G5
        case .retiredNotRehired: return .X1
        case .retiredAtTierE: return .X2
        case .leftProvince, .becameCivilServant, .unrelatedPost: return .X3
        case .flexibleAgreementExpired: return .X4
        case .misconduct: return .X5
        case .sanction: return .X6
        case .assessmentUnqualified, .labourContractEnded: return .X7
        case .died, .overdueAbroad, .lostContact, .otherSituation: return .X8
        case .provinceDecidedExit, .downgradedFromTierE: return .D3
        case .fraud: return .F1
        }
    }
}

/// Whether an exited or downgraded talent may be evaluated again (C3).
public enum ReapplicationRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Exited or downgraded for performance: after the waiting time, under the criteria then in force.
    case afterWaitingPeriod
    /// Exited for a change of post: once the criteria are met again.
    case whenCriteriaMetAgain
    /// Serious violations of discipline or law, misconduct, fraud: never again.
    case never
    /// Nothing to re-apply for (death).
    case notApplicable
}

/// The re-application rule fixed for one exit or downgrade, with the first allowed day when it waits.
public struct Reapplication: Sendable, Hashable, Codable {
    public var rule: ReapplicationRule
    public var allowedFrom: Day?

    public init(rule: ReapplicationRule, allowedFrom: Day?) {
        self.rule = rule
        self.allowedFrom = allowedFrom
    }
}
