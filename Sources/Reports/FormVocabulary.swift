import TalentDomain

/// The notice's words for the register's values, as the forms and the work report print them.
enum FormVocabulary {
    static func name(of grade: Grade) -> String {
        switch grade {
        case .excellent: "优秀"
        case .good: "良好"
        case .fair: "一般"
        case .unqualified: "不合格"
        }
    }

    static func name(of item: WorkItem) -> String {
        switch item {
        case .basicInfoCollection: "基本信息采集"
        case .midTermSurvey: "期中业绩调查"
        case .endTermAssessment: "期末考核"
        }
    }

    /// Why a talent left management, in the notice's words, with the rule that made it an exit.
    static func name(of reason: ExitReason) -> String {
        let words =
            switch reason {
            case .endTermFairAtTierE: "E类人才期末考核一般"
            case .endTermUnqualified: "期末考核不合格"
            case .retiredNotRehired: "退休且未返聘"
            case .retiredAtTierE: "E类人才退休"
            case .leftProvince: "离开吉林工作"
            case .becameCivilServant: "成为公务员或参公人员"
            case .unrelatedPost: "从事与人才认定无关的岗位"
            case .flexibleAgreementExpired: "柔性引进协议到期未续签"
            case .misconduct: "失德、失范、失信"
            case .sanction: "受到撤销党内职务、降级、降低岗位等级等及以上处分或刑事处罚"
            case .assessmentUnqualified: "年度或聘期考核不合格"
            case .labourContractEnded: "用人单位依法解除劳动合同"
            case .died: "死亡"
            case .overdueAbroad: "违规逾期滞留境外"
            case .lostContact: "失联"
            case .otherSituation: "其他应退出情形"
            case .provinceDecidedExit: "经研究退出管理"
            case .downgradedFromTierE: "E类人才降级退出"
            case .fraud: "弄虚作假"
            }
        return "\(words)（\(reason.rule.rawValue)）"
    }
}
