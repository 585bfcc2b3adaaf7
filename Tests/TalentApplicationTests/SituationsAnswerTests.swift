// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like W1 and X1 are the register's own spelling.

import Reports
import TalentDomain
import Testing

/// Attachment 1's 是否存在应予退出或降级情形 (W1, §3(1)): what the collection declared and what the unit has
/// reported since, each once.
@Suite("Attachment 1's answer on exit and downgrade situations (W1)")
struct SituationsAnswerTests {
    static func row(declared: [RuleID]?, reported: [RuleID]) -> CampaignForms.BasicInfoRow {
        CampaignForms.BasicInfoRow(
            id: "T-1", name: "张三", tier: .C, employer: "吉林大学",
            info: declared.map {
                BasicInfo(
                    industry: "教育", professionalField: "材料", education: "博士", professionalTitle: "教授",
                    declaredSituations: $0)
            },
            status: "管理期内", reported: reported)
    }

    @Test func W1_aSituationReportedSinceTheCollectionIsAnsweredYes() {
        #expect(Self.row(declared: [], reported: []).situationsAnswer == "否")
        #expect(Self.row(declared: nil, reported: []).situationsAnswer == "未采集")
        // A retirement reported after the collection and waiting for the province's verification.
        #expect(Self.row(declared: [], reported: [.X1]).situationsAnswer == "是（已退休且未被返聘继续从事本专业领域工作（B—D类））")
        #expect(Self.row(declared: nil, reported: [.X8]).situationsAnswer.hasPrefix("是（去世"))
        // Declared and reported: said once.
        #expect(
            Self.row(declared: [.X1], reported: [.X1, .D2]).situationsAnswer.components(separatedBy: "；").count == 2)
    }
}
