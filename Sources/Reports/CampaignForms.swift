import Foundation
import TalentDomain

/// The campaign's forms as .xlsx (S1): Attachment 1 (高层次人才基本信息采集表) and Attachment 4 (期中业绩调查和
/// 期末考核情况合并汇总表). The notice names the attachments but not their columns; these are taken from what it
/// says each collects (§3(1)–(3)), led by 序号, register id, name and tier. The column lists are the tables
/// below, in one place, so that the province can adjust them.
///
/// Desensitized (SEC1): no national id number or phone column exists; classified talents (T4) are never
/// listed, only counted under the table.
public enum CampaignForms {
    /// A form's column: its Chinese header and its width in characters.
    public struct Column: Sendable, Hashable {
        public let header: String
        public let width: Double
    }

    /// What heads a form: its title, the unit (or organization) and the day it was made.
    public struct Heading: Sendable, Hashable {
        public var title: String
        public var organization: String
        public var date: Day

        public init(title: String, organization: String, date: Day) {
            self.title = title
            self.organization = organization
            self.date = date
        }

        /// The day as a document writes it: 2026年3月20日.
        var dateInWords: String { "\(date.year)年\(date.month)月\(date.day)日" }
    }

    /// The forms' titles and file names, as the notice names them (§6(2), the list of attachments).
    public static func attachmentOneTitle(campaign year: Int) -> String { "高层次人才基本信息采集表（\(year)）" }
    public static func attachmentFourTitle(campaign year: Int) -> String {
        "\(year)年度高层次人才管理期期中业绩调查和期末考核情况合并汇总表"
    }
    /// Named with the organization (its short name) too: the forms of several units or levels sit side by
    /// side wherever they are sent, and one unit's export must not take another's place in a folder.
    public static func attachmentOneFile(organization: String, campaign year: Int) -> String {
        "附件1_\(organization)_\(attachmentOneTitle(campaign: year)).xlsx"
    }
    public static func attachmentFourFile(organization: String, campaign year: Int) -> String {
        "附件4_\(organization)_\(attachmentFourTitle(campaign: year)).xlsx"
    }
    public static func workReportFile(organization: String, campaign year: Int) -> String {
        "附件5_\(WorkReport.title(organization: organization, campaign: year)).docx"
    }

    public static let attachmentOneColumns: [Column] = [
        .init(header: "序号", width: 6), .init(header: "人才编号", width: 14), .init(header: "姓名", width: 10),
        .init(header: "层次", width: 6), .init(header: "现工作单位", width: 24), .init(header: "所属行业", width: 18),
        .init(header: "专业领域", width: 14), .init(header: "学历", width: 8), .init(header: "职称", width: 12),
        .init(header: "是否存在退出或降级情形", width: 22),
    ]

    public static let attachmentFourColumns: [Column] = [
        .init(header: "序号", width: 6), .init(header: "人才编号", width: 14), .init(header: "姓名", width: 10),
        .init(header: "层次", width: 6), .init(header: "现工作单位", width: 24), .init(header: "考核类别", width: 12),
        .init(header: "期中业绩调查主要结果", width: 30),
        .init(header: "考核等次或暂不确定原因", width: 20), .init(header: "公示开始", width: 12), .init(header: "公示结束", width: 12),
        .init(header: "异议及答复", width: 20), .init(header: "考核结果", width: 12), .init(header: "结果运用", width: 24),
    ]

    /// The summary sheet of a merged form: one line per unit of the scope, those without talents too.
    public static let unitSummaryColumns: [Column] =
        [
            .init(header: "序号", width: 6), .init(header: "单位", width: 28), .init(header: "报送情况", width: 12),
            .init(header: "人才数", width: 8), .init(header: "其中涉密", width: 8),
            // Attachment 1's rows of the unit, with its classified ones: the talents who take part in the
            // year's work without a basic-information collection (exited within the year) are not among them.
            .init(header: "应采集基本信息", width: 10),
        ]
        + Tier.allCases.map { .init(header: "\($0.rawValue)类", width: 6) }
        + Grade.allCases.map { .init(header: $0.chineseName, width: 7) }
        + [
            .init(header: "暂不确定", width: 8), .init(header: "公示完成", width: 8), .init(header: "异议", width: 6),
            .init(header: "退出", width: 6), .init(header: "降级", width: 6),
        ]

    /// One unit's line of a merged form's summary sheet.
    public struct UnitSummary: Sendable, Hashable {
        public var unit: String
        /// Where the unit's submission stands (not started, submitted, accepted, late…), in Chinese.
        public var submission: String
        public var figures: CampaignFigures

        public init(unit: String, submission: String, figures: CampaignFigures) {
            self.unit = unit
            self.submission = submission
            self.figures = figures
        }

        var cells: [Workbook.Cell] {
            let figures = self.figures
            let counts =
                [figures.talents, figures.classified, figures.basicInfoDue]
                + Tier.allCases.map { figures.byTier[$0] ?? 0 }
                + Grade.allCases.map { figures.byGrade[$0] ?? 0 }
                + [
                    figures.pending, figures.publicitiesFinished, figures.objectionsAnswered + figures.objectionsOpen,
                    figures.exits, figures.downgrades,
                ]
            return [.text(unit), .text(submission)] + counts.map { .number(Double($0)) }
        }
    }

    /// One talent's line of Attachment 1.
    public struct BasicInfoRow: Sendable, Hashable {
        public var id: String
        public var name: String
        public var tier: Tier
        public var employer: String
        public var info: BasicInfo?

        public init(id: String, name: String, tier: Tier, employer: String, info: BasicInfo?) {
            self.id = id
            self.name = name
            self.tier = tier
            self.employer = employer
            self.info = info
        }
    }

    /// One talent's line of Attachment 4.
    public struct AssessmentRow: Sendable, Hashable {
        public var id: String
        public var name: String
        public var tier: Tier
        public var employer: String
        public var workItems: [WorkItem]
        public var record: CampaignRecord
        /// What the result led to (§5(1): kept at its tier, one tier down, an exit), or that it is not final yet.
        public var consequence: String

        public init(
            id: String, name: String, tier: Tier, employer: String, workItems: [WorkItem], record: CampaignRecord,
            consequence: String
        ) {
            self.id = id
            self.name = name
            self.tier = tier
            self.employer = employer
            self.workItems = workItems
            self.record = record
            self.consequence = consequence
        }
    }

    /// Opens Attachment 1 at `path`, to be written a row at a time; `merged` adds the summary sheet of the
    /// units whose rows it merges.
    public static func basicInfoForm(path: String, heading: Heading, merged: Bool) throws -> FormFile<BasicInfoRow> {
        try FormFile(path: path, sheet: "附件1", heading: heading, columns: attachmentOneColumns, merged: merged) { row in
            // Nothing collected is no answer to the question, not a "no".
            let situations = row.info.map { info in
                info.declaredSituations.isEmpty
                    ? "否" : "是（\(info.declaredSituations.map(FormVocabulary.situation).joined(separator: "；"))）"
            }
            return [
                .text(row.id), .text(row.name), .text("\(row.tier.rawValue)类"), .text(row.employer),
                text(row.info?.industry), text(row.info?.professionalField), text(row.info?.education),
                text(row.info?.professionalTitle), .text(situations ?? "未采集"),
            ]
        }
    }

    /// Opens Attachment 4 at `path`, to be written a row at a time; `merged` adds the summary sheet of the
    /// units whose rows it merges.
    public static func assessmentForm(path: String, heading: Heading, merged: Bool) throws -> FormFile<AssessmentRow> {
        try FormFile(path: path, sheet: "附件4", heading: heading, columns: attachmentFourColumns, merged: merged) {
            row in
            let record = row.record
            let kinds = row.workItems.filter { $0 != .basicInfoCollection }.map(\.chineseName)
            let grade =
                record.grade?.chineseName ?? record.pendingInvestigation.map { "暂不确定：\($0)" }
            let objections =
                record.openObjections.isEmpty && record.answeredObjections.isEmpty
                ? "无"
                : "已答复\(record.answeredObjections.count)件，未答复\(record.openObjections.count)件"
            return [
                .text(row.id), .text(row.name), .text("\(row.tier.rawValue)类"), .text(row.employer),
                .text(kinds.joined(separator: "、")),
                text(surveyResults(of: record)),
                text(grade), date(record.publicity?.startedOn), date(record.publicity?.endedOn), .text(objections),
                text(
                    record.confirmedOn == nil
                        ? (record.grade == nil ? nil : "待确定") : record.grade?.chineseName),
                .text(row.consequence),
            ]
        }
    }

    /// The survey's six items as §2(2) names them, and whether it was judged weak (§4(3)1) and followed up.
    static func surveyResults(of record: CampaignRecord) -> String? {
        guard let survey = record.survey else { return nil }
        var parts = [
            "创新创业：\(survey.innovationAndEntrepreneurship)", "技术攻关：\(survey.technicalBreakthroughs)",
            "成果转化：\(survey.transferOfResults)", "带动经济社会效益：\(survey.economicAndSocialBenefit)",
            "专业水平：\(survey.professionalLevel)", "人才培养：\(survey.talentCultivation)",
        ]
        if let weakOn = record.judgedWeakOn {
            parts.append(
                "经评估业绩成果欠佳（\(weakOn)）"
                    + (record.weakFollowUp.map { "，已于\($0.reminderTalkOn)提醒谈话" } ?? "，尚未提醒谈话"))
        }
        return parts.joined(separator: "；")
    }

    static func text(_ value: String?) -> Workbook.Cell { value.map { .text($0) } ?? .empty }

    static func date(_ day: Day?) -> Workbook.Cell {
        guard let day else { return .empty }
        return .date(year: day.year, month: day.month, day: day.day)
    }
}
