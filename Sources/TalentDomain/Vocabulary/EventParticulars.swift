extension PeriodStartSource {
    /// The notice's name for the source (M2).
    public var chineseName: String {
        switch self {
        case .electronicCertificate: "电子证书落款时间"
        case .provincialListDocument: "评定通过人员名单文件"
        case .jixiangCardIssued: "吉享卡发放时间"
        }
    }
}

extension TalentEvent {
    /// What a fact holds beyond its type, in the notice's words, where a reader of the timeline needs it:
    /// a grade, a verification's outcome, a move's kind, a corrected record. Free texts a person wrote (a
    /// finding, an objection, a responsible person) only `withTexts`: for whoever sees the talent's
    /// personal data in full (SEC2).
    public func particulars(withTexts: Bool) -> String? {
        func text(_ said: String) -> String? { withTexts ? said : nil }
        switch self {
        case .talentEvaluated(let e):
            return "认定为\(e.tier.rawValue)类（\(e.evaluatingDocument)），管理期 \(e.periodStart) 至 \(e.periodEnd)"
        case .evaluationCorrected(let e):
            return "管理期起算 \(e.periodStart)（\(e.startSource.chineseName)），至 \(e.periodEnd)；评定文号 \(e.evaluatingDocument)；"
                + "专业领域 \(e.professionalField)\(e.classified ? "；涉密人员" : "")"
                + (e.flexibleAgreementEnd.map { "；柔性引进协议至 \($0)" } ?? "")
                + (text("；更正原因：\(e.reason)") ?? "")
        case .endTermGraded(let e): return "\(e.campaignYear)年度考核等次：\(e.grade.chineseName)"
        case .endTermGradePending(let e): return "\(e.campaignYear)年度暂不确定等次" + (text("；调查事项：\(e.investigation)") ?? "")
        case .resultNotified(let e): return "\(e.campaignYear)年度考核结果：\(e.grade.chineseName)"
        case .endTermResultConfirmed(let e): return "\(e.campaignYear)年度考核结果：\(e.grade.chineseName)"
        case .objectionFiled(let e): return "异议 \(e.objectionId)" + (text("：\(e.summary)") ?? "")
        case .objectionAnswered(let e): return "异议 \(e.objectionId)" + (text("；答复：\(e.response)") ?? "")
        case .talentRelocated(let e): return e.kind.chineseName + (e.newUnit.map { "，新单位 \($0.rawValue)" } ?? "")
        case .exitSituationVerified(let e):
            let outcome = "\(e.reason.chineseName)：\(e.confirmed ? "属实，退出管理" : "不属实，撤销报告")"
            return outcome + (text("；核实情况：\(e.finding)") ?? "")
        case .exitOrDowngradeRecommended(let e): return "建议：\(e.outcome.chineseName)"
        case .recommendationDecided(let e): return "决定：\(e.outcome.chineseName)"
        case .midTermFollowUpRecorded(let e):
            return "\(e.reminderTalkOn)提醒谈话"
                + (text("，责任人\(e.responsiblePerson)；帮扶措施：\(e.helpMeasures)") ?? "") + "；改进期限至\(e.improveBy)"
        case .talentRehired(let e):
            return "返聘协议\(e.agreementReference)，\(e.validUntil.map { "期限至\($0)" } ?? "无固定期限")"
        case .talentPenalized(let e): return "\(e.sanction.kind.chineseName)：\(e.sanction.measure.chineseName)"
        case .annualAssessmentRecorded(let e):
            // "2026年年度考核", not "2026年度年度考核".
            return "\(e.assessment.year)年\(e.assessment.kind.chineseName)\(e.assessment.result.chineseName)"
                + "（\(e.assessment.sector.chineseName)）"
        case .labourContractEnded(let e): return "依《劳动合同法实施条例》第十九条第\(e.article19Item)项解除"
        case .misconductFound(let e): return text(e.finding)
        case .otherExitSituationFound(let e): return text(e.situation)
        case .fraudFound(let e):
            return "处理：\(e.measures.map(\.chineseName).joined(separator: "、"))" + (text("；查实情况：\(e.finding)") ?? "")
        case .investigationConcluded(let e): return text("结论：\(e.conclusion)")
        case .housingSubsidyInstalmentPaid(let e): return "第\(e.instalment)期，\(e.amountYuan) 元"
        default: return nil
        }
    }
}
