import ReadModels
import TalentApplication
import TalentDomain

/// The console's words: the notice's terms for the register's values, in Simplified Chinese.
enum ConsoleVocabulary {
    static func tier(_ tier: Tier?) -> String { tier.map { "\($0.rawValue)类" } ?? "—" }

    /// The title of a page drawn again over something refused: said first, as a screen reader reads it on
    /// arrival.
    static func refusedTitle(_ title: String) -> String { "错误：\(title)" }

    /// Why the register cannot answer now, for a person (what they can do about it).
    static func unavailable(_ reason: Availability.Unavailability) -> String {
        switch reason {
        case .notAnswering, .outOfResources: "数据库暂时无法访问，未能完成本次操作，请稍后再试。"
        case .busy: "系统繁忙：所需数据正被其他操作占用，未能完成本次操作，请稍后再试。"
        case .diskFull: "数据库存储空间已满，暂时无法保存，未能完成本次操作。请联系系统管理员。"
        case .refusesWrites: "数据库拒绝写入（只读，或未授予所需权限），未能完成本次操作。请联系系统管理员。"
        }
    }

    /// The sign-in page's word on a session that ended, `keeping` a form posted after it (``FormDraft``).
    static func sessionEnded(keeping: Bool) -> String {
        "登录已失效（长时间未操作、已退出、令牌被撤销或服务已重启），请重新登录。"
            + (keeping ? "您刚才填写的内容尚未记录，已为您保留：登录后将回到该表单并重新填入，请核对后再提交。" : "")
    }

    /// Above a form drawn again from a ``FormDraft``; `moved`: the talent has new facts since the form's page
    /// was opened.
    static func restoredDraft(moved: Bool) -> String {
        "这是您在登录失效前填写的内容，尚未记录。请核对后再提交。" + (moved ? "其间此人才有新的记录，请先查看本页的最新情况。" : "")
    }

    /// A list that waited its bound behind another being written: nothing written, and for a check, nothing
    /// checked (a check writes as the import does, then takes it back).
    static func listBeingImported(dryRun: Bool) -> String {
        dryRun
            ? "另一份名单正在导入或检查，本次检查未能进行（未写入任何内容）。请稍后重新检查。"
            : "另一份名单正在导入（也可能是这份名单被重复提交），本次未写入。请稍后在“人才”页面查看这份名单的人才是否已在库中；不在的，稍后重新提交。"
    }

    /// Beside a form sent from a page whose form was already recorded with other contents (sent again
    /// after the browser's Back, changed): the page's key stands for the first one.
    static let formSentBefore = "此页面上的表单已提交过一次（内容与这次不同），这次未记录。请在刷新后的页面上重新填写。"

    /// At a page's head when a ``FormDraft``'s form is not on its page (done meanwhile, or no longer the
    /// person's to do).
    static let draftWithoutForm = "您在登录失效前填写的表单已不在本页（可能已有人办理，或您的角色不能办理），内容未能重新填入，也未记录。"

    /// The navigation's sections: each page's address under `/console/`, and its name.
    static let sections: [(path: String, label: String)] = [
        ("overview", "概览"), ("talents", "人才"), ("units", "单位"), ("campaign", "考核工作"), ("evaluation-lists", "名单导入"),
        ("audit", "审计"),
    ]

    /// The kinds of O1's chain, as the notice names them.
    static func kind(_ kind: Organization.Kind) -> String {
        switch kind {
        case .provincialOffice: "省人社厅"
        case .provincialDepartment: "省直主管部门"
        case .cityBureau: "市（州）人社局"
        case .countyBureau: "县（市、区）人社局"
        case .centralUnit: "中直驻吉单位"
        case .provincialUnit: "省直单位"
        case .cityUnit: "市直单位"
        case .countyUnit: "县及以下单位"
        case .privateEnterprise: "民营企业"
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

    /// The talent code's or certificate's status (C2: cancelled on exit).
    static func credential(_ status: Credential.Status) -> String {
        switch status {
        case .none: "无"
        case .valid: "有效"
        case .cancelled: "已注销"
        }
    }

    static let cards: [(TrackedCard, String)] = [
        (.jixiangCard, "吉享卡"), (.jijianCard, "吉健卡"), (.talentCode, "人才码"), (.certificate, "电子证书"),
    ]

    /// What the person who recorded a fact said of it (说明). A verification's command names the situation
    /// verified in its `reason` member, which is also the events' reason: that code is said in words.
    static func said(_ reason: String) -> String { ExitReason(rawValue: reason)?.chineseName ?? reason }

    /// Who recorded a fact: the role in words, the organization it acted for by name, then the account
    /// (an id: staff names are not shown to every reader of a talent's page).
    static func recorder(role: String?, organization: String?, account: String?) -> String {
        guard let account else { return "—" }
        guard let role = role.flatMap(Caller.Role.init(rawValue:)) else { return account }
        guard role != .system else { return role.chineseName }
        return "\(role.chineseName)（\(organization.map { "\($0)，" } ?? "")\(account)）"
    }

    /// A number of months as the notice writes it: 一个月, 两个月, then in figures (6个月).
    static func months(_ count: Int) -> String {
        switch count {
        case 1: "一个月"
        case 2: "两个月"
        default: "\(count)个月"
        }
    }

    static func workItem(_ raw: String) -> String { WorkItem(rawValue: raw)?.chineseName ?? raw }

    /// An amount in yuan as a Chinese office writes it, its thousands grouped: 500,000.
    static func yuan(_ amount: Int) -> String {
        let digits = String(amount.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (amount < 0 ? "-" : "") + grouped
    }

    /// What an event is called on a talent's timeline.
    static func event(_ type: String) -> String {
        events[type] ?? type
    }

    static let events: [String: String] = [
        "TalentEvaluated": "认定", "EvaluationCorrected": "更正认定", "ManagementPeriodRenewed": "管理期续期",
        "BasicInfoCollected": "基本信息采集", "MidTermSurveySubmitted": "期中业绩调查", "MidTermJudgedWeak": "期中业绩较弱",
        "MidTermFollowUpRecorded": "提醒谈话及帮扶", "EndTermRegistered": "期末考核登记", "EndTermGraded": "确定考核等次",
        "EndTermGradePending": "暂不确定等次", "InvestigationConcluded": "调查结论", "PublicityStarted": "公示开始",
        "PublicityEnded": "公示结束", "ObjectionFiled": "收到异议", "ObjectionAnswered": "异议答复", "ResultNotified": "书面告知",
        "EndTermResultConfirmed": "考核结果确定", "TalentDowngraded": "降级", "TalentExited": "退出管理",
        "EntitlementsChanged": "待遇变更", "MovedToContactList": "转列联系名单", "HousingSubsidyInstalmentPaid": "安家补贴发放",
        "ExitSituationReported": "报告退出情形", "ExitSituationVerified": "核实退出情形", "ExitReportWithdrawn": "撤回退出报告",
        "RetirementWithdrawn": "撤销退休记录",
        "TalentRetired": "退休", "TalentRehired": "返聘", "RehireEnded": "返聘结束", "TalentRelocated": "工作变动",
        "FlexibleAgreementRenewed": "柔性协议续签", "FlexibleAgreementExpired": "柔性协议到期", "MisconductFound": "失德失范失信",
        "TalentPenalized": "受到处分", "AnnualAssessmentRecorded": "年度考核", "LabourContractEnded": "解除劳动合同",
        "TalentDied": "死亡", "OverdueAbroad": "逾期滞留境外", "ContactLost": "失联", "ContactRestored": "恢复联系",
        "OtherExitSituationFound": "其他退出情形", "FraudFound": "弄虚作假", "ExitOrDowngradeRecommended": "降级或退出建议",
        "RecommendationDecided": "建议的决定",
    ]

    /// What a blocker says a talent still lacks for its unit's submission (S1).
    static func missing(_ blocker: SubmissionBlocker) -> String {
        switch blocker.rule {
        case .W1: return "未完成基本信息采集"
        case .W2: return "未提交期中业绩调查"
        case .W3 where blocker.nextStep == .registerEndTerm: return "期末考核尚未登记：先登记期末考核，再确定考核等次"
        case .W3: return "无期末考核等次，也无暂不确定等次的原因（G2）"
        case .P1 where blocker.nextStep == .startPublicity: return "考核结果为优秀，尚未公示"
        case .P1: return "考核结果为优秀，公示尚未结束"
        case .P3: return "异议尚未答复"
        case .X9:
            let situation =
                blocker.situation.map { code in
                    ruleNames[code.rawValue].map { "“\($0)”（\(code.rawValue)）" } ?? code.rawValue
                }
                ?? "退出管理"
            return "基本信息采集中填报了\(situation)情形，但没有待核实的书面报告：请记录该情形，或重新采集基本信息"
        default: return blocker.missing
        }
    }

    /// A submission's refusal: "未能报送（S4 补报）：reason。", the rule's name beside its number.
    static func submissionRefusal(_ refusal: Refusal) -> String {
        let rule = refusal.rule.rawValue
        return "未能报送（\(rule)\(ruleNames[rule].map { " \($0)" } ?? "")）：\(refusal.reason)。"
    }

    /// A refusal as a sentence: the rule's name in the notice's words first, so the person knows which rule
    /// to look up, then the reason (in the notice's words too). Reasons end without a full stop (the API
    /// and the command line show them bare), so the sentence gets its one here.
    static func refusal(_ refusal: Refusal) -> String {
        guard let name = ruleNames[refusal.rule.rawValue] else { return "\(refusal.reason)。" }
        return "\(name)。\(refusal.reason)。"
    }

    /// What the register found wrong with one of a form's fields, in the notice's words where the register
    /// says it in English for the API's programmers (a unit the O1 tree does not hold as an employer unit).
    static func invalid(_ invalid: InvalidInput) -> String {
        invalid.reason.hasPrefix("no employer unit")
            ? "不是本省登记的用人单位编号（人社部门和主管部门不是用人单位）" : invalid.reason
    }

    /// `text` with each "不符合 M2：" (a rule's refusal as the import words it) naming the rule as the notice
    /// does: "不符合“管理期起算日期”（M2）：".
    static func naming(rulesIn text: String) -> String {
        text.replacing(/不符合 ([A-Z]+[0-9]*)：/) { match in
            let code = String(match.1)
            return ruleNames[code].map { "不符合“\($0)”（\(code)）：" } ?? String(match.0)
        }
    }

    /// The days the register holds, as a day outside them is refused beside its field.
    static func registerDays(_ limits: RegisterLimits) -> String {
        "登记簿只记载\(limits.earliestDay)至\(limits.latestDay)之间的日期"
    }

    static let ruleNames: [String: String] = [
        "T1": "人才层次", "T2": "用人单位", "T3": "柔性引进", "T4": "涉密人员", "M1": "管理期限", "M2": "管理期起算日期",
        "M3": "重新认定", "M4": "管理期接续", "W1": "基本信息采集", "W2": "期中业绩调查", "W3": "期末考核", "W4": "已退出管理的人员不参加调查和考核",
        "W5": "期中业绩较弱的提醒谈话和帮扶", "G1": "考核等次", "G2": "暂不确定等次", "G3": "优秀或良好", "G4": "一般", "G5": "不合格",
        "G6": "集体研究确定并书面告知", "P1": "优秀结果公示", "P2": "工作日", "P3": "异议处理", "X1": "退休且未返聘",
        "X2": "E类人才退休", "X3": "调离吉林", "X4": "柔性引进协议到期", "X5": "失德失范失信", "X6": "受到处分", "X7": "考核不合格",
        "X8": "死亡、逾期滞留境外或失联", "X9": "退出情形的报告和核实", "X10": "转列联系名单", "D1": "年度考核基本合格或不确定等次",
        "D2": "受到较轻处分", "D3": "降级或退出管理的建议", "C1": "降级后的待遇", "C2": "退出后的待遇", "C3": "重新申报",
        "E1": "吉享卡", "E2": "吉健卡", "E3": "人才码和电子证书", "E4": "安家补贴", "E5": "就医服务", "O1": "条块结合、逐级报送",
        "O2": "工作变动人员的报送单位", "O3": "联系表", "S1": "报送材料", "S2": "报送时间", "S3": "逾期未报", "S4": "补报",
        "F1": "弄虚作假", "LIMITS": "输入范围",
    ]

    /// Why a talent's page as of a day, or as known at a time, has nothing to show: the question that
    /// found nothing says why, as the register's own description does in English.
    static func notYetInRegister(_ error: NotYetInRegister) -> String {
        var asked = ""
        if let asOf = error.asOf { asked += "截至 \(asOf)" }
        if let knownAt = error.knownAt {
            asked += (asked.isEmpty ? "" : "、") + "按 \(knownAt.replacingOccurrences(of: "T", with: " ")) 时所知"
        }
        let why =
            switch (error.asOf, error.knownAt) {
            case (_?, _?): "当时尚未认定，或尚未录入"
            case (nil, _?): "当时尚未录入"
            default: "当时尚未认定"
            }
        return "人才 \(error.talent)\(asked.isEmpty ? "" : " " + asked) 在本系统中没有记录：\(why)。"
    }

    /// Why personal data was not kept, beside the field at fault.
    static func personalData(_ problem: InvalidPersonalData.Problem) -> String {
        switch problem {
        case .noName: "请填写姓名"
        case .nameWithDigits: "姓名中不能含数字（公民身份号码、联系电话请填入各自栏目）"
        case .nameOnTwoLines: "姓名应在一行内：不能含换行、制表符或不可见的格式字符（如文字方向控制符）"
        case .nationalIDShape: "应为 18 位：17 位数字和 1 位校验码（数字或 X）"
        case .nationalIDBirthDay: "第 7 至 14 位应为出生日期（年月日），且不晚于今天"
        case .nationalIDCheckCharacter: "校验码不符，请核对号码"
        case .phone: "请填写 11 位手机号码，或带区号的固定电话"
        }
    }

    /// Why a national id number was not kept: another talent's profile holds it, named when the person
    /// may see that talent.
    static func nationalIDInUse(_ error: NationalIDInUse) -> String {
        "此号码已登记于另一名人才\(error.holder.map { "（\($0.rawValue)）" } ?? "")；同一人只登记一次，请核对号码"
    }

    /// What a talent's page says after its personal data was kept or erased.
    static let profileNotices = ["saved": "已保存个人信息", "erased": "已清除个人信息"]

    /// What a unit's page says after a submission or review was recorded (the page is fetched again after
    /// the post, so that reloading it posts nothing twice).
    static let doneNotices = [
        "submitted": "已报送",
        "submittedPastMakeUp": "已报送。补报期限已过：本次报送审核通过后，也不恢复暂停的“吉享卡”“吉健卡”服务待遇（S4）",
        "passedUp": "本级已审核通过，已报上级审核", "accepted": "已审核通过，审核完毕", "returned": "已退回", "contactForm": "已报送联系表",
        "movedAway": "已记录：工作变动。该人才已调入省内其他单位，由新单位管理（O2），本单位不再查看其信息",
        "evaluationWorkSuspended": "已暂停本单位人才认定工作（F1）", "evaluationWorkResumed": "已恢复本单位人才认定工作（F1）",
    ]

    /// The documents of S1 a unit's or a level's page offers for download.
    static let documentLinks = [
        ["document": "1", "label": "附件1 基本信息采集表（xlsx）"], ["document": "4", "label": "附件4 合并汇总表（xlsx）"],
        ["document": "5", "label": "工作报告（docx）"], ["document": "package", "label": "报送压缩包（zip）"],
    ]
}
