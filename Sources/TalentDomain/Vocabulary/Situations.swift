/// How a talent moved (X3, T2).
public enum RelocationKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Left Jilin for work: exit.
    case outOfProvince
    /// Sent by a large provincial enterprise group to an out-of-province branch in the same field: the
    /// X3 exemption, management continues.
    case outOfProvinceBranchPosting
    /// Became a civil servant or 参公 staff: exit.
    case civilService
    /// Moved to another unit in the province, in a post related to the evaluated field: unit changes.
    case withinProvince
    /// Own request, resignation or a move within the province into a post unrelated to the field: exit.
    case unrelatedPost

    /// The exit situation the move is (X3), nil for a move that keeps the talent managed.
    public var exitReason: ExitReason? {
        switch self {
        case .outOfProvince: .leftProvince
        case .civilService: .becameCivilServant
        case .unrelatedPost: .unrelatedPost
        case .withinProvince, .outOfProvinceBranchPosting: nil
        }
    }

    /// As a form and a timeline say it.
    public var chineseName: String {
        switch self {
        case .outOfProvince: "离开吉林工作"
        case .outOfProvinceBranchPosting: "派驻省外分支机构（同一领域）"
        case .civilService: "成为公务员或参公人员"
        case .withinProvince: "省内调动（相关岗位）"
        case .unrelatedPost: "从事与认定领域无关的岗位"
        }
    }
}

/// A D1/D2 situation the unit must report within the deadline, recommending downgrade or exit (D3).
public struct ReportableSituation: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// D1: basic-qualified or undetermined annual assessment, or the enterprise analogue.
        case weakAnnualAssessment
        /// D2: a sanction below the X6 threshold.
        case sanctionBelowExitThreshold
    }

    public var kind: Kind
    public var rule: RuleID
    public var occurredOn: Day
    public var reportDue: Day

    public init(kind: Kind, rule: RuleID, occurredOn: Day, reportDue: Day) {
        self.kind = kind
        self.rule = rule
        self.occurredOn = occurredOn
        self.reportDue = reportDue
    }
}

/// The unit's recommendation or the province's decision on a D1/D2 situation (D3).
public enum RecommendationOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case downgrade
    case exit
    /// No change: the unit may recommend it (D3 asks *whether* to downgrade or exit), the province decide it.
    case noAction

    public var chineseName: String {
        switch self {
        case .downgrade: "降级"
        case .exit: "退出管理"
        case .noAction: "维持不变"
        }
    }
}

/// Annual or appointment-term assessment (X7, D1).
public struct AnnualAssessment: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case annual  // 年度考核
        case appointmentTerm  // 聘期考核

        public var chineseName: String {
            switch self {
            case .annual: "年度考核"
            case .appointmentTerm: "聘期考核"
            }
        }
    }

    public enum Sector: String, Sendable, Hashable, Codable, CaseIterable {
        case publicInstitution
        case enterprise

        public var chineseName: String {
            switch self {
            case .publicInstitution: "事业单位"
            case .enterprise: "企业"
            }
        }
    }

    public enum Result: String, Sendable, Hashable, Codable, CaseIterable {
        case excellent
        case qualified
        case basicQualified
        case undetermined
        case unqualified

        /// The results as 事业单位工作人员考核 names them.
        public var chineseName: String {
            switch self {
            case .excellent: "优秀"
            case .qualified: "合格"
            case .basicQualified: "基本合格"
            case .undetermined: "不确定等次"
            case .unqualified: "不合格"
            }
        }
    }

    public var year: Int
    public var kind: Kind
    public var sector: Sector
    public var result: Result
    /// Enterprises: whether a weak result is for personal reasons (the D1 analogue applies only then).
    public var personalReasons: Bool

    public init(year: Int, kind: Kind, sector: Sector, result: Result, personalReasons: Bool = true) {
        self.year = year
        self.kind = kind
        self.sector = sector
        self.result = result
        self.personalReasons = personalReasons
    }
}

/// Measures on fraud found by spot-check (F1); only revocation touches the talent's own record.
public enum FraudMeasure: String, Sendable, Hashable, Codable, CaseIterable {
    case talkToHead
    case rectificationWithDeadline
    case revokeQualification
    case suspendUnitEvaluationWork
    case provinceWideNotice

    public var chineseName: String {
        switch self {
        case .talkToHead: "约谈负责人"
        case .rectificationWithDeadline: "责令限期整改"
        case .revokeQualification: "撤销人才资格"
        case .suspendUnitEvaluationWork: "暂停单位人才认定工作"
        case .provinceWideNotice: "全省通报"
        }
    }
}

/// Where the management period's start date came from (M2), in order of precedence.
public enum PeriodStartSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// 电子证书落款时间
    case electronicCertificate
    /// The provincial document that published the list of evaluated talents.
    case provincialListDocument
    /// The day the 吉享卡 was issued, for early evaluations before 2020.
    case jixiangCardIssued
}

/// Fields of the basic-info collection (W1, Attachment 1).
public struct BasicInfo: Sendable, Hashable, Codable {
    public var industry: String  // 所属行业
    public var professionalField: String  // 专业领域
    public var education: String  // 学历
    public var professionalTitle: String  // 职称
    /// Exit (X1–X8) or downgrade (D1–D2) situations the unit declares; declaring is not deciding.
    public var declaredSituations: [RuleID]

    public init(
        industry: String, professionalField: String, education: String, professionalTitle: String,
        declaredSituations: [RuleID] = []
    ) {
        self.industry = industry
        self.professionalField = professionalField
        self.education = education
        self.professionalTitle = professionalTitle
        self.declaredSituations = declaredSituations
    }
}

/// Items of the mid-term survey (W2, Attachment 2). Texts are desensitized summaries.
public struct MidTermSurveyItems: Sendable, Hashable, Codable {
    public var innovationAndEntrepreneurship: String
    public var technicalBreakthroughs: String
    public var transferOfResults: String
    public var economicAndSocialBenefit: String
    public var professionalLevel: String
    public var talentCultivation: String

    public init(
        innovationAndEntrepreneurship: String, technicalBreakthroughs: String, transferOfResults: String,
        economicAndSocialBenefit: String, professionalLevel: String, talentCultivation: String
    ) {
        self.innovationAndEntrepreneurship = innovationAndEntrepreneurship
        self.technicalBreakthroughs = technicalBreakthroughs
        self.transferOfResults = transferOfResults
        self.economicAndSocialBenefit = economicAndSocialBenefit
        self.professionalLevel = professionalLevel
        self.talentCultivation = talentCultivation
    }
}

extension MidTermSurveyItems {
    /// The six items as the notice names them (§2(2)), in its order, each with the member that keeps it:
    /// what the console's form asks and the documents print.
    public static let named: [(member: String, chineseName: String)] = [
        ("innovationAndEntrepreneurship", "创新创业"), ("technicalBreakthroughs", "技术攻关"),
        ("transferOfResults", "成果转化"), ("economicAndSocialBenefit", "带动经济社会效益"),
        ("professionalLevel", "专业水平"), ("talentCultivation", "人才培养"),
    ]

    /// The items' texts in the order of ``named``.
    public var texts: [String] {
        [
            innovationAndEntrepreneurship, technicalBreakthroughs, transferOfResults, economicAndSocialBenefit,
            professionalLevel, talentCultivation,
        ]
    }

    /// The items read by member name (a form's fields).
    public init(reading text: (_ member: String) throws -> String) rethrows {
        self.init(
            innovationAndEntrepreneurship: try text("innovationAndEntrepreneurship"),
            technicalBreakthroughs: try text("technicalBreakthroughs"),
            transferOfResults: try text("transferOfResults"),
            economicAndSocialBenefit: try text("economicAndSocialBenefit"),
            professionalLevel: try text("professionalLevel"), talentCultivation: try text("talentCultivation"))
    }
}
