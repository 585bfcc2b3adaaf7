import Foundation
import TalentDomain

/// A column of an evaluation list (评定名单), known by its heading: in English, as `talentledger import`
/// documents it, or in Chinese, as a clerk's spreadsheet heads it.
public enum ListColumn: String, CaseIterable, Sendable {
    case id, name, unit, tier
    case startDate = "start_date"
    case startSource = "start_source"
    case document
    /// The talent's professional field (专业领域): a column a list may leave out, and whose values may be empty.
    case professionalField = "professional_field"

    /// The Chinese headings taken for the column: the notice's words where it has them (管理期的具体起算时间,
    /// 专业领域), the campaign forms' elsewhere (人才编号, 姓名, 层次).
    public var chineseHeadings: [String] {
        switch self {
        case .id: ["人才编号", "编号"]
        case .name: ["姓名"]
        case .unit: ["单位编号", "用人单位编号"]
        case .tier: ["层次", "人才层次", "类别", "人才类别"]
        case .startDate: ["管理期起算时间", "管理期起算日期", "起算时间", "起算日期"]
        case .startSource: ["起算依据"]
        case .document: ["评定文号", "文号"]
        case .professionalField: ["专业领域"]
        }
    }

    public var isRequired: Bool { self != .professionalField }

    /// The required columns' first Chinese headings, as a header would write them.
    static var requiredChineseHeadings: String {
        allCases.filter(\.isRequired).map { $0.chineseHeadings[0] }.joined(separator: ",")
    }

    /// The column a heading names, in either language; nil for a heading that is none of the list's. A
    /// heading is read as a spreadsheet's is typed: spaced out to fill its cell (姓　名), with a note in
    /// brackets after it (管理期起算时间（年月日）), in full-width letters (ｉｄ).
    static func named(_ heading: String) -> ListColumn? {
        let key = bare(heading)
        return ListColumn(rawValue: key.lowercased()) ?? allCases.first { $0.chineseHeadings.contains(key) }
    }

    /// Headings a Chinese list carries beside the register's columns, whose values the import does not
    /// take: the rows' numbers, the clerk's remarks, and what a talent's form says of the person and the
    /// unit that the register keeps elsewhere (W1's basic information) or not at all.
    public static let ignoredHeadings: Set<String> = [
        "序号", "备注", "说明", "性别", "民族", "出生年月", "出生日期", "单位名称", "工作单位", "职务", "职称", "学历", "学位",
    ]

    /// Whether a heading is one of ``ignoredHeadings``, as ``named(_:)`` reads a heading.
    static func isIgnored(_ heading: String) -> Bool { ignoredHeadings.contains(bare(heading)) }

    /// Headings of personal data a list must not carry (SEC1): a national id or a phone is entered in the
    /// talent's profile by whoever may see it, never travels in a list. Refused as any other column, with
    /// why, so that the clerk deletes the column rather than renames it.
    static let personalDataHeadings: Set<String> = [
        "身份证号", "身份证号码", "身份证", "公民身份号码", "证件号码", "联系电话", "电话", "手机", "手机号", "手机号码", "联系方式",
    ]

    static func isPersonalData(_ heading: String) -> Bool { personalDataHeadings.contains(bare(heading)) }

    /// `heading` without its spaces, its note in brackets, its mark of a required column (人才编号*), and its
    /// full-width forms.
    private static func bare(_ heading: String) -> String {
        var key = EvaluationImport.halfWidth(heading).filter { !$0.isWhitespace && $0 != "*" }
        if let noted = key.wholeMatch(of: /(.+?)[(（][^()（）]*[)）]/) { key = String(noted.1) }
        return key
    }
}

/// Where a list's columns are, as its header says: any order, either language, headings of both mixed.
struct ListColumns: Sendable, Hashable {
    /// The list's column at each of the file's positions; nil for a column it does not take (序号, 备注).
    var order: [ListColumn?]
    /// The header's own heading of each, which a problem calls the column by.
    var headings: [String]

    /// Whether `fields` name every column a list needs, whatever else they hold: the header of a list,
    /// right or wrong (a column of id numbers beside, say), which the sheet holding it is read for, so that
    /// the header's problem is said of it rather than of a notes sheet before it.
    static func namesEveryRequiredColumn(_ fields: [String]) -> Bool {
        let named = Set(fields.map { $0.trimmingCharacters(in: .whitespaces) }.compactMap(ListColumn.named))
        return ListColumn.allCases.allSatisfy { !$0.isRequired || named.contains($0) }
    }

    /// The columns `fields` (a header's cells) name; what is wrong with them when they are not the list's.
    static func read(_ fields: [String]) -> Result<ListColumns, HeaderProblem> {
        var headings = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        // Empty columns after the last (Excel keeps one where a cell once held something): no column at all.
        while headings.last?.isEmpty == true { headings.removeLast() }
        let order = headings.map(ListColumn.named)
        let ignored = headings.map(ListColumn.isIgnored)
        let found = order.compactMap { $0 }
        guard zip(order, ignored).allSatisfy({ $0 != nil || $1 }), Set(found).count == found.count,
            ListColumn.allCases.allSatisfy({ !$0.isRequired || found.contains($0) })
        else { return .failure(HeaderProblem(headings: headings, columns: order, ignored: ignored)) }
        return .success(ListColumns(order: order, headings: headings))
    }

    /// Whether `record`'s fields stand under the header's columns: as many (empty ones past the last not
    /// counted), or, for a sheet's row, no more. A line with fields missing or too many has lost its place:
    /// which value is its unit cannot be told.
    func aligned(_ record: CSV.Record, rowsMayEndEarly: Bool) -> Bool {
        var count = record.fields.count
        while count > order.count, record.fields[count - 1].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            count -= 1
        }
        return count == order.count || (rowsMayEndEarly && count < order.count)
    }

    /// The lines at the head of a file looked at for its header: a title or two above it (the list's name,
    /// the unit that fills it and the day), each passed over.
    static let linesLookedAtForHeader = 6

    /// Whether `record` holds nothing the list takes: a row of a template whose 序号 was filled down past
    /// the talents, or a remark alone. Such a row is no line of the list.
    func holdsNothingTaken(_ record: CSV.Record) -> Bool {
        record.fields.indices.allSatisfy { index in
            (index < order.count && order[index] == nil)
                || record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    /// Whether `record` is this header again (two lists pasted into one file).
    func isHeader(_ record: CSV.Record) -> Bool {
        var fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        while fields.last?.isEmpty == true { fields.removeLast() }
        return fields == headings
    }

    /// The position of `column`, nil for a column the list leaves out.
    func position(of column: ListColumn) -> Int? { order.firstIndex(of: column) }

    /// The value of `column` among a line's `fields`, empty where it has none.
    func value(_ column: ListColumn, in fields: [String]) -> String {
        guard let position = position(of: column), position < fields.count else { return "" }
        return fields[position]
    }

    /// The register id a record gives (trimmed), empty where it gives none.
    func id(of record: CSV.Record) -> String {
        value(.id, in: record.fields).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the console calls `column`: the file's heading where it is Chinese, else the column's first
    /// Chinese heading.
    func chineseHeading(of column: ListColumn) -> String {
        let heading = heading(of: column)
        return column.chineseHeadings.contains(heading) ? heading : column.chineseHeadings[0]
    }

    /// A refusal's reason with the evaluation's field it names (`evaluate.certificateDate：…`) called as the
    /// file calls its column (or, `inChinese`, as the console does): the clerk knows the columns, not the
    /// domain's fields.
    func inFileTerms(_ refusal: Refusal, inChinese: Bool = false) -> String {
        let heading = inChinese ? chineseHeading(of:) : heading(of:)
        guard let field = refusal.field, refusal.reason.hasPrefix(field) else { return refusal.reason }
        let name: String? =
            switch field {
            case "evaluate.talentId": heading(.id)
            case "evaluate.tier": heading(.tier)
            case "evaluate.unit": heading(.unit)
            case "evaluate.certificateDate", "evaluate.listDocumentDate", "evaluate.jixiangCardIssuedDate":
                heading(.startDate)
            case "evaluate.evaluatingDocument": heading(.document)
            case "evaluate.professionalField": heading(.professionalField)
            case "effectiveOn": inChinese ? "评定日期" : "the evaluation day (--date, evaluatedOn)"
            default: nil
            }
        return name.map { $0 + refusal.reason.dropFirst(field.count) } ?? refusal.reason
    }

    /// What the file calls `column`: its heading, or the column's English name where the file has none.
    func heading(of column: ListColumn) -> String {
        position(of: column).map { headings[$0] } ?? column.rawValue
    }
}

/// A header that is not the list's: which of its columns are wrong, missing or named twice.
struct HeaderProblem: Error, Sendable, Hashable, CustomStringConvertible {
    var headings: [String]
    var columns: [ListColumn?]
    /// Whether each heading is one the import passes over (``ListColumn/ignoredHeadings``).
    var ignored: [Bool]

    /// The headings that name no column, with their positions.
    var unknown: [(offset: Int, heading: String)] {
        headings.indices.filter { columns[$0] == nil && !ignored[$0] }.map { ($0, headings[$0]) }
    }

    /// What is wrong, column by column: the first few unknown headings (a header may be a megabyte of
    /// columns) and how many more, the required columns missing, the columns named twice.
    var wrong:
        (unknown: ArraySlice<(offset: Int, heading: String)>, more: Int, missing: [ListColumn], repeated: [ListColumn])
    {
        let unknown = self.unknown
        let named = columns.compactMap { $0 }
        return (
            unknown.prefix(5), max(0, unknown.count - 5),
            ListColumn.allCases.filter { $0.isRequired && !named.contains($0) },
            ListColumn.allCases.filter { column in named.filter { $0 == column }.count > 1 }
        )
    }

    /// The same in Chinese, for the console.
    var chinese: String {
        let wrong = self.wrong
        var said = wrong.unknown.map { index, heading in
            heading.isEmpty
                ? "第 \(index + 1) 列没有列名"
                : ListColumn.isPersonalData(heading)
                    ? "第 \(index + 1) 列“\(excerpt(heading))”是个人敏感信息，名单中不得填报（SEC1：身份证号、电话只在人才个人信息中由有权限的人员录入），请删除该列"
                    : "第 \(index + 1) 列“\(excerpt(heading))”不是名单的列"
        }
        if wrong.more > 0 { said.append("另有 \(wrong.more) 列不是名单的列") }
        if !wrong.missing.isEmpty {
            said.append("缺少\(wrong.missing.map { $0.chineseHeadings[0] }.joined(separator: "、"))列")
        }
        if !wrong.repeated.isEmpty {
            said.append("\(wrong.repeated.map { $0.chineseHeadings[0] }.joined(separator: "、"))列重复")
        }
        return "表头应写明以下各列（顺序不限，也可用英文列名）：\(ListColumn.requiredChineseHeadings)，可另加专业领域、序号、备注。"
            + said.joined(separator: "；")
    }

    /// What is wrong with the header, and what it must hold.
    var description: String {
        let wrong = self.wrong
        func named(_ columns: [ListColumn]) -> String {
            columns.map { "\($0.rawValue) (\($0.chineseHeadings[0]))" }.joined(separator: ", ")
        }
        var said = wrong.unknown.map { index, heading in
            heading.isEmpty
                ? "column \(index + 1) has no name"
                : ListColumn.isPersonalData(heading)
                    ? "column \(index + 1) '\(excerpt(heading))' is personal data no list carries (SEC1: an id number "
                        + "or a phone is entered in the talent's profile by whoever may see it): delete the column"
                    : "column \(index + 1) '\(excerpt(heading))' is none of the list's"
        }
        if wrong.more > 0 { said.append("\(wrong.more) more columns that are none of the list's") }
        if !wrong.missing.isEmpty { said.append("no column \(named(wrong.missing))") }
        if !wrong.repeated.isEmpty { said.append("\(named(wrong.repeated)) named twice") }
        let required = ListColumn.allCases.filter(\.isRequired)
        return "the header must name the columns \(required.map(\.rawValue).joined(separator: ",")) "
            + "(or in Chinese \(required.map { $0.chineseHeadings[0] }.joined(separator: ","))), in any order, "
            + "optionally with \(named([.professionalField])) "
            + "and columns the import passes over (\(ListColumn.ignoredHeadings.sorted().joined(separator: ", "))): "
            + said.joined(separator: "; ")
    }
}
