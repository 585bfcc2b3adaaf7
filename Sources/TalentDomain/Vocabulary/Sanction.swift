/// A disciplinary or criminal sanction; X6 (exit) versus D2 (report for downgrade) turns on its severity.
public struct Sanction: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case party
        case administrative
        case publicInstitution
        case criminal

        /// The notice's words (§5(2)6): 党纪处分, 政务处分, 事业单位工作人员处分, 刑罚.
        public var chineseName: String {
            switch self {
            case .party: "党纪处分"
            case .administrative: "政务处分"
            case .publicInstitution: "事业单位工作人员处分"
            case .criminal: "刑罚"
            }
        }
    }

    /// Measures in increasing severity within each kind.
    public enum Measure: String, Sendable, Hashable, Codable, CaseIterable {
        // party discipline
        case partyWarning
        case partySeriousWarning
        case removalFromPartyPost
        case partyProbation
        case expulsionFromParty
        // administrative sanction
        case administrativeWarning
        case demerit
        case majorDemerit
        case demotion
        case dismissalFromPost
        case administrativeExpulsion
        // public-institution staff sanction
        case institutionWarning
        case institutionDemerit
        case lowerPostGrade
        case institutionDismissal
        // criminal
        case criminalSentence

        /// The measure as its kind's rules name it; a warning or a demerit is named alike in several
        /// kinds, so a text that must tell them apart names the kind too.
        public var chineseName: String {
            switch self {
            case .partyWarning, .administrativeWarning, .institutionWarning: "警告"
            case .partySeriousWarning: "严重警告"
            case .removalFromPartyPost: "撤销党内职务"
            case .partyProbation: "留党察看"
            case .expulsionFromParty: "开除党籍"
            case .demerit, .institutionDemerit: "记过"
            case .majorDemerit: "记大过"
            case .demotion: "降级"
            case .dismissalFromPost: "撤职"
            case .administrativeExpulsion, .institutionDismissal: "开除"
            case .lowerPostGrade: "降低岗位等级"
            case .criminalSentence: "判处刑罚"
            }
        }

        public var kind: Kind {
            switch self {
            case .partyWarning, .partySeriousWarning, .removalFromPartyPost, .partyProbation, .expulsionFromParty:
                return .party
            case .administrativeWarning, .demerit, .majorDemerit, .demotion, .dismissalFromPost,
                .administrativeExpulsion:
                return .administrative
            case .institutionWarning, .institutionDemerit, .lowerPostGrade, .institutionDismissal:
                return .publicInstitution
            case .criminalSentence: return .criminal
            }
        }

        var severity: Int {
            switch self {
            case .partyWarning, .administrativeWarning, .institutionWarning: return 1
            case .partySeriousWarning, .demerit, .institutionDemerit: return 2
            case .majorDemerit: return 3
            case .removalFromPartyPost, .demotion, .lowerPostGrade, .criminalSentence: return 4
            case .partyProbation, .dismissalFromPost, .institutionDismissal: return 5
            case .expulsionFromParty, .administrativeExpulsion: return 6
            }
        }
    }

    public var kind: Kind
    public var measure: Measure

    public init(kind: Kind, measure: Measure) {
        self.kind = kind
        self.measure = measure
    }

    /// The X6 threshold of each kind: 撤销党内职务, 降级, 降低岗位等级, any criminal sentence.
    public static func threshold(of kind: Kind) -> Measure {
        switch kind {
        case .party: return .removalFromPartyPost
        case .administrative: return .demotion
        case .publicInstitution: return .lowerPostGrade
        case .criminal: return .criminalSentence
        }
    }

    /// At or above the X6 threshold of its kind: exit. Below it: a D2 situation to report.
    public var meetsExitThreshold: Bool { measure.severity >= Sanction.threshold(of: kind).severity }
}
