import ReadModels
import TalentApplication
import TalentDomain

/// The console's words: the notice's terms for the register's values, in Simplified Chinese.
enum ConsoleVocabulary {
    static func tier(_ tier: Tier?) -> String { tier.map { "\($0.rawValue)类" } ?? "—" }

    static func status(_ status: Talent.Status) -> String {
        switch status {
        case .notEvaluated: "未认定"
        case .underManagement: "管理期内"
        case .pendingInvestigation: "暂不确定（调查中）"
        case .exited: "已退出管理"
        case .contactList: "联系名单"
        }
    }

    static func card(_ state: CardState) -> String {
        switch state {
        case .none: "未发放"
        case .active: "正常"
        case .suspended: "暂停"
        case .takenBack: "已收回"
        case .cancelled: "已注销"
        }
    }

    static func card(_ status: CardStatus) -> String { card(CardState(status)) }

    static let cards: [(TrackedCard, String)] = [
        (.jixiangCard, "吉享卡"), (.jijianCard, "吉健卡"), (.talentCode, "人才码"), (.certificate, "电子证书"),
    ]

    static func role(_ role: Caller.Role) -> String {
        switch role {
        case .unitOfficer: "用人单位经办人"
        case .hrBureau: "人社部门"
        case .supervisingDepartment: "省级主管部门"
        case .provinceOffice: "省人社厅"
        case .auditor: "审计"
        case .system: "系统"
        }
    }

    static func workItem(_ raw: String) -> String { WorkItem(rawValue: raw)?.chineseName ?? raw }

    /// What an event is called on a talent's timeline.
    static func event(_ type: String) -> String {
        events[type] ?? type
    }

    static let events: [String: String] = [
        "TalentEvaluated": "认定", "EvaluationCorrected": "更正认定", "ManagementPeriodRenewed": "管理期续期",
        "BasicInfoCollected": "基本信息采集", "MidTermSurveySubmitted": "期中业绩调查", "MidTermJudgedWeak": "期中业绩较弱",
        "MidTermFollowUpRecorded": "约谈及帮扶", "EndTermRegistered": "期末考核登记", "EndTermGraded": "确定考核等次",
        "EndTermGradePending": "暂不确定等次", "InvestigationConcluded": "调查结论", "PublicityStarted": "公示开始",
        "PublicityEnded": "公示结束", "ObjectionFiled": "收到异议", "ObjectionAnswered": "异议答复", "ResultNotified": "书面告知",
        "EndTermResultConfirmed": "考核结果确定", "TalentDowngraded": "降级", "TalentExited": "退出管理",
        "EntitlementsChanged": "待遇变更", "MovedToContactList": "转列联系名单", "HousingSubsidyInstalmentPaid": "安家补贴发放",
        "ExitSituationReported": "报告退出情形", "ExitSituationVerified": "核实退出情形", "ExitReportWithdrawn": "撤回退出报告",
        "TalentRetired": "退休", "TalentRehired": "返聘", "RehireEnded": "返聘结束", "TalentRelocated": "工作变动",
        "FlexibleAgreementRenewed": "柔性协议续签", "FlexibleAgreementExpired": "柔性协议到期", "MisconductFound": "失德失范失信",
        "TalentPenalized": "受到处分", "AnnualAssessmentRecorded": "年度考核", "LabourContractEnded": "解除劳动合同",
        "TalentDied": "死亡", "OverdueAbroad": "逾期滞留境外", "ContactLost": "失联", "ContactRestored": "恢复联系",
        "OtherExitSituationFound": "其他退出情形", "FraudFound": "弄虚作假", "ExitOrDowngradeRecommended": "降级或退出建议",
        "RecommendationDecided": "建议的决定",
    ]
}
