import TalentDomain

/// The notice's words for what the forms and the work report print, where the domain's own names are not
/// enough. The documents go to people who know the notice, not the register: they cite no rule IDs.
enum FormVocabulary {
    /// A situation a unit declares in Attachment 1 (应予退出、降级管理情形, §2(1)), as the notice's list in
    /// §5(2) (X1–X8) and §5(3)2 (D1, D2) words it, shortened but whole: the rule names the situation, not
    /// which of its branches holds.
    static func situation(_ rule: RuleID) -> String {
        switch rule {
        case .X1: "已退休且未被返聘继续从事本专业领域工作（B—D类）"
        case .X2: "E类人才已退休"
        case .X3: "调离吉林省工作、转为公务员或参公管理人员，或现岗位与认定专业领域缺乏关联"
        case .X4: "柔性引进人才协议到期且不再续签"
        case .X5: "失德、失范、失信"
        case .X6: "受到撤销党内职务、降级、降低岗位等级及以上处分，或被判处刑罚"
        case .X7: "年度或聘期考核不合格，或被依法解除劳动合同"
        case .X8: "去世、违规出国（境）逾期不归、失联6个月及以上等"
        case .D1: "事业单位年度考核基本合格或不确定档次等"
        case .D2: "受到其他党纪、政务或事业单位工作人员处分"
        default: rule.rawValue
        }
    }
}
