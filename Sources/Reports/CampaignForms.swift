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
        /// Whether the names are masked for whoever made the documents (SEC2: a level between the unit and
        /// the province, an auditor): said on the documents, so that a masked copy is not taken for the
        /// unit's own.
        public var namesMasked: Bool

        public init(title: String, organization: String, date: Day, namesMasked: Bool = false) {
            self.title = title
            self.organization = organization
            self.date = date
            self.namesMasked = namesMasked
        }

        /// The line under the title: the organization, the day, and whether the names are masked.
        var subtitle: String {
            "填报单位：\(organization)    填报日期：\(dateInWords)" + (namesMasked ? "    （姓名已按查看权限脱敏）" : "")
        }

        /// The day as a document writes it: 2026年3月20日.
        var dateInWords: String { CampaignForms.inWords(date) }
    }

    /// A day as a document writes it: 2026年3月20日.
    static func inWords(_ day: Day) -> String { "\(day.year)年\(day.month)月\(day.day)日" }

    /// The forms' titles and file names, as the notice names them (§6(2), the list of attachments).
    public static func attachmentOneTitle(campaign year: Int) -> String { "高层次人才基本信息采集表（\(year)）" }
    public static func attachmentFourTitle(campaign year: Int) -> String {
        "\(year)年度高层次人才管理期期中业绩调查和期末考核情况合并汇总表"
    }
    /// Named with the organization (its short name) too: the forms of several units or levels sit side by
    /// side wherever they are sent, and one unit's export must not take another's place in a folder.
    public static func attachmentOneFile(organization: String, campaign year: Int) -> String {
        "附件1_\(fileNamePart(organization, bytes: shortNameBytes))_\(attachmentOneTitle(campaign: year)).xlsx"
    }
    public static func attachmentFourFile(organization: String, campaign year: Int) -> String {
        "附件4_\(fileNamePart(organization, bytes: shortNameBytes))_\(attachmentFourTitle(campaign: year)).xlsx"
    }
    /// The report's title names the organization in full, as the notice's template (XX（单位）…工作报告) does.
    public static func workReportFile(organization: String, fullName: String, campaign year: Int) -> String {
        let title = WorkReport.title(organization: fileNamePart(fullName, bytes: fullNameBytes), campaign: year)
        return "附件5_\(fileNamePart(organization, bytes: shortNameBytes))_\(title).docx"
    }

    /// The most bytes (UTF-8) of a short name and of a full name in a file's name: with the forms' titles
    /// (at most 102 bytes) a name stays within the 255 bytes a file system allows one.
    public static let shortNameBytes = 60
    static let fullNameBytes = 90

    /// `name` as part of a file's name: a character no file name may hold, on the register's disk or on the
    /// Windows computer the package is opened on (a folder's separator, `: * ? " < > |`, a control
    /// character), becomes `_`; a name longer than `bytes` is cut at a character and ends in `…`. An
    /// organization's full name is checked for neither when it is registered: it is the name on paper.
    public static func fileNamePart(_ name: String, bytes: Int) -> String {
        var part = String(
            name.map { character in
                character.unicodeScalars.contains { $0.properties.generalCategory == .control }
                    || "/\\:*?\"<>|".contains(character) ? "_" : character
            })
        guard part.utf8.count > bytes else { return part }
        let ellipsis = "…"
        while part.utf8.count + ellipsis.utf8.count > bytes { part.removeLast() }
        return part + ellipsis
    }

    public static let attachmentOneColumns: [Column] = [
        .init(header: "序号", width: 6), .init(header: "人才编号", width: 14), .init(header: "姓名", width: 10),
        .init(header: "层次", width: 6), .init(header: "现工作单位", width: 24), .init(header: "所属行业", width: 18),
        .init(header: "专业领域", width: 14), .init(header: "学历", width: 12), .init(header: "职称", width: 12),
        .init(header: "是否存在应予退出或降级情形", width: 22),
        // Whether the talent is still under management on the form's day: one who exited since its
        // information was collected answered "否" above, truly, on the day it was asked.
        .init(header: "填报时管理状态", width: 22),
    ]

    public static let attachmentFourColumns: [Column] = [
        .init(header: "序号", width: 6), .init(header: "人才编号", width: 14), .init(header: "姓名", width: 10),
        .init(header: "层次", width: 6), .init(header: "现工作单位", width: 24), .init(header: "考核类别", width: 12),
        .init(header: "期中业绩调查主要结果", width: 30),
        // The grade the unit's leadership gave (G1), and the result once made final (G6): a grade stays
        // "待确定" in the second until it is notified, publicized where due and confirmed.
        .init(header: "评定等次或暂不确定原因", width: 20), .init(header: "公示开始", width: 12), .init(header: "公示结束", width: 12),
        .init(header: "异议及答复", width: 20),
        // §4(4): every result is notified to the talent in writing.
        .init(header: "书面通知日期", width: 12),
        .init(header: "最终考核结果", width: 12), .init(header: "结果运用", width: 24),
    ]

    /// A column of a merged form's summary sheet and the figure of a unit it shows.
    public struct SummaryColumn: Sendable {
        public let column: Column
        let figure: @Sendable (CampaignFigures) -> Int

        init(_ header: String, width: Double = 8, _ figure: @escaping @Sendable (CampaignFigures) -> Int) {
            column = Column(header: header, width: width)
            self.figure = figure
        }
    }

    /// What leads every summary line: the unit and where its submission stands.
    static let summaryLead: [Column] = [
        .init(header: "序号", width: 6), .init(header: "单位", width: 28), .init(header: "报送情况", width: 12),
    ]

    /// The summary sheet of a merged Attachment 1: one line per unit of the scope, those without talents too.
    /// Classified talents are in 人才数 and 其中涉密 alone. 应采集基本信息 and the tiers count the form's rows
    /// (人才数 counts every talent with work in the campaign: one who exited within the year before its
    /// information was collected is in Attachment 4, not in this form). 不在本表 counts those, so that 人才数
    /// is 其中涉密, the tiers and 不在本表 added up.
    public static let basicInfoSummaryColumns: [SummaryColumn] =
        [
            .init("人才数", \.talents), .init("其中涉密", \.classified),
            .init("应采集基本信息", width: 10, \.basicInfoDue), .init("已采集", \.basicInfoCollected),
        ] + Tier.allCases.map { tier in .init("\(tier.rawValue)类", width: 6) { $0.basicInfoByTier[tier] ?? 0 } }
        + [
            .init("不在本表（已退出）", width: 10) {
                $0.talents - $0.classified - $0.basicInfoByTier.values.reduce(0, +)
            }
        ]

    /// The summary sheet of a merged Attachment 4, as above.
    public static let assessmentSummaryColumns: [SummaryColumn] =
        [
            .init("人才数", \.talents), .init("其中涉密", \.classified), .init("应调查", \.surveysDue),
            .init("已调查", \.surveysDone), .init("业绩欠佳", \.weakJudgements), .init("应考核", \.assessmentsDue),
        ] + Grade.allCases.map { grade in .init(grade.chineseName, width: 7) { $0.byGrade[grade] ?? 0 } }
        + [
            .init("暂不确定", \.pending), .init("公示完成", \.publicitiesFinished),
            .init("异议", width: 6) { $0.objectionsAnswered + $0.objectionsOpen }, .init("退出（人次）", width: 8, \.exits),
            .init("降级（人次）", width: 8, \.downgrades),
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

        func cells(_ columns: [SummaryColumn]) -> [Workbook.Cell] {
            [.text(unit), .text(submission)] + columns.map { .number(Double($0.figure(figures))) }
        }
    }

    /// One talent's line of Attachment 1.
    public struct BasicInfoRow: Sendable, Hashable {
        public var id: String
        public var name: String
        public var tier: Tier
        public var employer: String
        public var info: BasicInfo?
        /// Under management or exited, on the form's day (管理期内, 已退出管理…).
        public var status: String
        /// The exit (X1–X8) and downgrade (D1, D2) situations the unit has reported and the province not yet
        /// settled on the form's day: they exist whether or not the collection declared them.
        public var reported: [RuleID]

        public init(
            id: String, name: String, tier: Tier, employer: String, info: BasicInfo?, status: String,
            reported: [RuleID] = []
        ) {
            self.id = id
            self.name = name
            self.tier = tier
            self.employer = employer
            self.info = info
            self.status = status
            self.reported = reported
        }

        /// 是否存在应予退出或降级情形: the situations declared in the collection and those reported since, each
        /// once. Nothing collected and nothing reported is no answer to the question, not a "no" (未采集); a
        /// situation reported since the collection exists all the same.
        public var situationsAnswer: String {
            guard info != nil || !reported.isEmpty else { return "未采集" }
            var known: [RuleID] = []
            for rule in (info?.declaredSituations ?? []) + reported where !known.contains(rule) { known.append(rule) }
            return known.isEmpty ? "否" : "是（\(known.map(FormVocabulary.situation).joined(separator: "；"))）"
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
    /// units whose rows it merges. Its rows wait in `temporaryFolder` (nil: the system's) until it is finished.
    public static func basicInfoForm(
        path: String, heading: Heading, merged: Bool, temporaryFolder: String? = nil
    ) throws -> FormFile<BasicInfoRow> {
        try FormFile(
            path: path, sheet: "附件1", heading: heading, columns: attachmentOneColumns,
            summary: merged ? basicInfoSummaryColumns : nil, temporaryFolder: temporaryFolder
        ) { row in
            return [
                .text(row.id), .text(row.name), .text("\(row.tier.rawValue)类"), .text(row.employer),
                text(row.info?.industry), text(row.info?.professionalField), text(row.info?.education),
                text(row.info?.professionalTitle), .text(row.situationsAnswer), .text(row.status),
            ]
        }
    }

    /// Opens Attachment 4 at `path`, to be written a row at a time; `merged` adds the summary sheet of the
    /// units whose rows it merges. Its rows wait in `temporaryFolder` (nil: the system's) until it is finished.
    public static func assessmentForm(
        path: String, heading: Heading, merged: Bool, temporaryFolder: String? = nil
    ) throws -> FormFile<AssessmentRow> {
        try FormFile(
            path: path, sheet: "附件4", heading: heading, columns: attachmentFourColumns,
            summary: merged ? assessmentSummaryColumns : nil, temporaryFolder: temporaryFolder
        ) { row in
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
                date(record.notifiedOn),
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
        var parts = zip(MidTermSurveyItems.named, survey.texts).map { "\($0.chineseName)：\($1)" }
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
