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
    }

    public static let attachmentOneColumns: [Column] = [
        .init(header: "序号", width: 6), .init(header: "人才编号", width: 14), .init(header: "姓名", width: 10),
        .init(header: "层次", width: 6), .init(header: "现工作单位", width: 24), .init(header: "所属行业", width: 18),
        .init(header: "专业领域", width: 14), .init(header: "学历", width: 8), .init(header: "职称", width: 12),
        .init(header: "是否存在退出或降级情形", width: 22),
    ]

    public static let attachmentFourColumns: [Column] = [
        .init(header: "序号", width: 6), .init(header: "人才编号", width: 14), .init(header: "姓名", width: 10),
        .init(header: "层次", width: 6), .init(header: "考核类别", width: 12), .init(header: "期中业绩调查主要结果", width: 30),
        .init(header: "考核等次或暂不确定原因", width: 20), .init(header: "公示开始", width: 12), .init(header: "公示结束", width: 12),
        .init(header: "异议及答复", width: 20), .init(header: "考核结果", width: 12), .init(header: "结果运用", width: 24),
    ]

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
        public var workItems: [WorkItem]
        public var record: CampaignRecord
        /// What the result led to (a downgrade, an exit, none).
        public var consequence: String

        public init(
            id: String, name: String, tier: Tier, workItems: [WorkItem], record: CampaignRecord, consequence: String
        ) {
            self.id = id
            self.name = name
            self.tier = tier
            self.workItems = workItems
            self.record = record
            self.consequence = consequence
        }
    }

    /// Writes Attachment 1 to `path`.
    public static func writeBasicInfo(
        _ rows: some Sequence<BasicInfoRow>, heading: Heading, classifiedCount: Int, to path: String
    ) throws {
        try write(
            to: path, sheet: "附件1", heading: heading, columns: attachmentOneColumns, classifiedCount: classifiedCount,
            rows: rows.lazy.map { row -> [Workbook.Cell] in
                let situations = row.info?.declaredSituations.map(\.rawValue).joined(separator: "、") ?? ""
                return [
                    .text(row.id), .text(row.name), .text("\(row.tier.rawValue)类"), .text(row.employer),
                    text(row.info?.industry), text(row.info?.professionalField), text(row.info?.education),
                    text(row.info?.professionalTitle), .text(situations.isEmpty ? "否" : "是（\(situations)）"),
                ]
            })
    }

    /// Writes Attachment 4 to `path`.
    public static func writeAssessments(
        _ rows: some Sequence<AssessmentRow>, heading: Heading, classifiedCount: Int, to path: String
    ) throws {
        try write(
            to: path, sheet: "附件4", heading: heading, columns: attachmentFourColumns, classifiedCount: classifiedCount,
            rows: rows.lazy.map { row -> [Workbook.Cell] in
                let record = row.record
                let kinds = row.workItems.compactMap { item -> String? in
                    switch item {
                    case .midTermSurvey: "期中业绩调查"
                    case .endTermAssessment: "期末考核"
                    case .basicInfoCollection: nil
                    }
                }
                let grade = record.grade.map(Self.gradeName) ?? record.pendingInvestigation.map { "暂不确定：\($0)" }
                let objections =
                    record.openObjections.isEmpty && record.answeredObjections.isEmpty
                    ? "无"
                    : "已答复\(record.answeredObjections.count)件，未答复\(record.openObjections.count)件"
                return [
                    .text(row.id), .text(row.name), .text("\(row.tier.rawValue)类"), .text(kinds.joined(separator: "、")),
                    text(record.survey.map { "\($0.innovationAndEntrepreneurship)；\($0.technicalBreakthroughs)" }),
                    text(grade), date(record.publicity?.startedOn), date(record.publicity?.endedOn), .text(objections),
                    text(
                        record.confirmedOn == nil
                            ? (record.grade == nil ? nil : "待确定") : record.grade.map(Self.gradeName)),
                    .text(row.consequence),
                ]
            })
    }

    static func gradeName(_ grade: Grade) -> String {
        switch grade {
        case .excellent: "优秀"
        case .good: "良好"
        case .fair: "一般"
        case .unqualified: "不合格"
        }
    }

    static func text(_ value: String?) -> Workbook.Cell { value.map { .text($0) } ?? .empty }

    static func date(_ day: Day?) -> Workbook.Cell {
        guard let day else { return .empty }
        return .date(year: day.year, month: day.month, day: day.day)
    }

    /// A merged title row, the organization and the day, the header (frozen), then one row per talent led
    /// by its number; a note of the classified talents counted but not listed.
    static func write(
        to path: String, sheet name: String, heading: Heading, columns: [Column], classifiedCount: Int,
        rows: some Sequence<[Workbook.Cell]>
    ) throws {
        let book = try Workbook(path: path)
        let sheet = try book.sheet(named: name)
        for (index, column) in columns.enumerated() { sheet.width(index, column.width) }
        sheet.merge(row: 0, columns: columns.count, heading.title, .title)
        sheet.merge(row: 1, columns: columns.count, "填报单位：\(heading.organization)    填报日期：\(heading.date)", .text)
        for (index, column) in columns.enumerated() {
            sheet.write(row: 2, column: index, .text(column.header, .header))
        }
        sheet.freeze(rows: 3)
        sheet.printOnePageWide(repeatingRow: 2)
        var row = 3
        for (number, cells) in rows.enumerated() {
            sheet.write(row: row, column: 0, .number(Double(number + 1)))
            for (index, cell) in cells.enumerated() { sheet.write(row: row, column: index + 1, cell) }
            row += 1
        }
        if classifiedCount > 0 {
            sheet.merge(row: row + 1, columns: columns.count, "另有涉密人员\(classifiedCount)名，按规定仅计数，不列明细（T4）。", .text)
        }
        try book.close()
    }
}
