import TalentDomain

/// A storyline the demo gives one talent for certain, so that even a small province shows every kind of
/// event; the other talents draw the same storylines by chance.
enum DemoScenario: CaseIterable, Hashable {
    // End-term assessment of campaign 2025 (W3): periods started before 2021.
    case objection, gradePending, fairGrade, unqualifiedGrade
    // Mid-term survey (W2): tier C, period started in 2023.
    case weakSurvey
    // M2: an early evaluation whose period starts on the 吉享卡 date.
    case earlyJixiangCard
    // Life events (X1–X8, D1–D3, F1, S3/S4, M3).
    case retiredTierB, rehireEnded, flexibleRenewed, flexibleExpired
    case relocatedWithin, postedToBranch, leftProvince, becameCivilServant, unrelatedPost
    case misconduct, sanctionExit, sanctionBelowThreshold, weakAnnualAssessment, labourContractEnded
    case died, overdueAbroad, contactLost, contactRestored, otherSituation, fraud, reevaluated, servicesSuspended
    // An evaluation recorded with a wrong start date, corrected by the provincial office.
    case evaluationCorrected
    // X1: a retirement reported by mistake, found untrue by the provincial office and withdrawn.
    case retirementUntrue

    /// How often an evaluation of a talent without a fixed storyline is corrected afterwards.
    static let correctionChance = 0.02

    var isEndTerm: Bool { [.objection, .gradePending, .fairGrade, .unqualifiedGrade].contains(self) }

    /// How often a talent without a fixed storyline meets this one (per talent, over the whole history).
    var chance: Double {
        switch self {
        case .retiredTierB: 0.05
        case .rehireEnded: 0.03
        case .relocatedWithin, .reevaluated: 0.06
        case .leftProvince, .sanctionBelowThreshold: 0.02
        case .postedToBranch, .becameCivilServant, .unrelatedPost, .sanctionExit, .labourContractEnded: 0.012
        case .contactLost, .servicesSuspended: 0.015
        case .misconduct, .died: 0.006
        case .overdueAbroad, .otherSituation, .fraud: 0.004
        default: 0
        }
    }
}

/// Synthetic wording for the demo: fields, titles, survey answers, names. Nothing names a real person.
enum DemoVocabulary {
    static let fields = ["人工智能", "生物医药", "汽车工程", "现代农业", "新材料", "临床医学", "化学工程", "光电信息", "数字经济", "教育教学"]
    static let industries = ["制造业", "科学研究和技术服务业", "卫生和社会工作", "教育", "农、林、牧、渔业", "信息传输、软件和信息技术服务业"]
    static let educations = ["博士研究生", "硕士研究生", "大学本科"]
    static let titles = ["正高级", "副高级", "中级"]
    static let helpMeasures = ["配备导师，每季度跟踪一次", "调整科研任务并提供平台支持", "制定个人提升计划，半年内复查"]
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "金", "朴", "崔"]
    static let givenNames = [
        "伟", "芳", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "华",
    ]

    static func name(random: inout SplitMix64) -> String {
        random.pick(surnames) + random.pick(givenNames) + (random.chance(0.6) ? random.pick(givenNames) : "")
    }

    static func document(on day: Day, random: inout SplitMix64) -> String {
        "吉人社字〔\(day.year)〕\(random.int(1...199))号"
    }

    static func survey(random: inout SplitMix64) -> MidTermSurveyItems {
        MidTermSurveyItems(
            innovationAndEntrepreneurship: "主持省级以上项目\(random.int(0...3))项",
            technicalBreakthroughs: "突破关键技术\(random.int(0...4))项",
            transferOfResults: "转化成果\(random.int(0...3))项",
            economicAndSocialBenefit: "带动产值约\(random.int(50...5000))万元",
            professionalLevel: "发表论文或获得专利\(random.int(1...12))项",
            talentCultivation: "培养青年人才\(random.int(0...8))名")
    }
}
