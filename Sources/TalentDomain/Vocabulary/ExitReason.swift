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
    /// X7 for a serious violation of discipline or law, or dishonesty (the policy's items of Art. 19:
    /// "因严重违纪违法、失德失范失信等原因被退出管理的，不再进行人才分类评定", C3).
    case labourContractEndedForMisconduct
    case died
    case overdueAbroad
    case lostContact
    case otherSituation
    case provinceDecidedExit
    case downgradedFromTierE
    case fraud

    /// The notice's words for the reason, as documents and pages print it.
    public var chineseName: String {
        switch self {
        case .endTermFairAtTierE: "E类人才期末考核一般"
        case .endTermUnqualified: "期末考核不合格"
        case .retiredNotRehired: "退休且未返聘"
        case .retiredAtTierE: "E类人才退休"
        case .leftProvince: "离开吉林工作"
        case .becameCivilServant: "成为公务员或参公人员"
        case .unrelatedPost: "从事与认定领域无关的岗位"
        case .flexibleAgreementExpired: "柔性引进协议到期未续签"
        case .misconduct: "失德、失范、失信"
        case .sanction: "受到降级等及以上处分"
        case .assessmentUnqualified: "年度或聘期考核不合格"
        case .labourContractEnded: "用人单位依法解除劳动合同"
        case .labourContractEndedForMisconduct: "因严重违纪违法、失信被用人单位依法解除劳动合同"
        case .died: "死亡"
        case .overdueAbroad: "违规逾期滞留境外"
        case .lostContact: "失联6个月以上"
        case .otherSituation: "其他应予退出管理的情况"
        case .provinceDecidedExit: "经研究退出管理"
        case .downgradedFromTierE: "E类人才降级退出"
        case .fraud: "弄虚作假"
        }
    }

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
        case .assessmentUnqualified, .labourContractEnded, .labourContractEndedForMisconduct: return .X7
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

extension ExitReason {
    /// X1, X4: an agreement (返聘协议, 柔性引进协议) holds through its last day, so the situation its end
    /// leaves (retired and not rehired, the agreement expired) occurs the day after.
    public static func agreementSituationOccurs(afterLastDay lastDay: Day) -> Day { lastDay.adding(days: 1) }
}
