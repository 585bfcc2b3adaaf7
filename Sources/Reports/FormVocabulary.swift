import TalentDomain

/// The notice's words for what the forms and the work report print, where the domain's own names are not
/// enough. The documents go to people who know the notice, not the register: they cite no rule IDs.
enum FormVocabulary {
    /// A situation a unit declares in Attachment 1 (应予退出、降级管理情形, §2(1)), by the notice's list in
    /// §4(2) (X1–X8) and §4(3)2 (D1, D2).
    static func situation(_ rule: RuleID) -> String {
        switch rule {
        case .X1: "已退休且未被返聘（B—D类）"
        case .X2: "E类人才已退休"
        case .X3: "已调离吉林省工作"
        case .X4: "柔性引进协议到期且不再续签"
        case .X5: "失德、失范、失信"
        case .X6: "受到撤销党内职务、降级及以上处分"
        case .X7: "年度或聘期考核不合格"
        case .X8: "去世、逾期不归、失联6个月及以上等"
        case .D1: "年度考核基本合格或不确定"
        case .D2: "受到其他党纪、政务或事业单位处分"
        default: rule.rawValue
        }
    }
}
