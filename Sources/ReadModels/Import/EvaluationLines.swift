import Foundation
import TalentDomain

/// The checks of an evaluation list that need nothing but the file and the policy.
extension EvaluationImport {
    /// The M2 sources (管理期起算依据) as a list spells them: the words of `talentledger import`, or in Chinese
    /// the notice's documents (电子证书落款时间; 评定通过人员名单的相关文件; 实际发放“吉享卡”时间).
    public static let startSources: [String: PeriodStartSource] = [
        "electronic_certificate": .electronicCertificate,
        "provincial_list_document": .provincialListDocument,
        "jixiang_card_issued": .jixiangCardIssued,
        "电子证书": .electronicCertificate,
        "名单文件": .provincialListDocument,
        "吉享卡发放": .jixiangCardIssued,
        "电子证书落款时间": .electronicCertificate,
        "评定通过人员名单文件": .provincialListDocument,
        "吉享卡发放时间": .jixiangCardIssued,
    ]

    /// The M2 source a list's cell names: as ``startSources`` spells it, the English words in any case.
    static func startSource(_ text: String) -> PeriodStartSource? {
        startSources[text] ?? startSources[text.lowercased()]
    }

    /// Checks one line: fields present, tier and source known, date real and not after `date`, and the
    /// domain accepts the evaluation (decided on `date` for a talent not yet in the register). Every
    /// problem of the line's fields is said at once, so that the clerk mends the line in one go; a column
    /// is called as the file's header calls it.
    static func row(
        _ record: CSV.Record, columns: ListColumns, policy: Policy, date: Day, rowsMayEndEarly: Bool = false
    ) -> Result<Row, BadLine> {
        func bad(_ reasons: [Said]) -> Result<Row, BadLine> {
            .failure(BadLine(problems: reasons.map { problem($0.english, $0.chinese, at: record, columns: columns) }))
        }
        // Each column as the file calls it, and in Chinese as the console does.
        let heading = { (column: ListColumn) in columns.heading(of: column) }
        let chineseHeading = { (column: ListColumn) in columns.chineseHeading(of: column) }
        if columns.isHeader(record) {
            return bad([
                Said(
                    "the header again: two lists pasted into one file? Remove this line",
                    "又是一行表头：可能是两份名单拼在了一起，请删除此行")
            ])
        }
        var value = record.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        // Empty fields after the last column, as a header's empty columns are (``ListColumns/read(_:)``).
        while value.count > columns.order.count, value.last?.isEmpty == true { value.removeLast() }
        if rowsMayEndEarly, value.count < columns.order.count {
            value += Array(repeating: "", count: columns.order.count - value.count)
        }
        guard value.count == columns.order.count else {
            let headings = columns.headings.joined(separator: ",")
            // A value past the header's last column is most often under a column whose heading was left empty.
            let beyond = value.count > columns.order.count
            return bad([
                Said(
                    "expected \(columns.order.count) fields (\(headings)), found \(record.fields.count)"
                        + (beyond ? ": a value beyond the header's last column (a column without a heading?)" : ""),
                    "应有 \(columns.order.count) 列（\(headings)），实有 \(record.fields.count) 列"
                        + (beyond ? "：表头最后一列之后还有内容（可能有一列没有填写列名）" : ""))
            ])
        }
        // A value missing is said with every other problem of the line, so that one round of corrections
        // mends it all; the checks of a missing value's own column are left out (an empty tier is missing,
        // not unknown).
        let missing = columns.order.compactMap { $0 }.filter { $0.isRequired && columns.value($0, in: value).isEmpty }
        var reasons: [Said] = []
        if !missing.isEmpty {
            reasons.append(
                Said(
                    "missing \(missing.map(heading).joined(separator: ", "))",
                    "缺少\(missing.map(chineseHeading).joined(separator: "、"))"))
        }
        let given = { (column: ListColumn) in !missing.contains(column) }
        // A name in its composed form (NFC), as a profile's is kept and a search is read: "Zoë" typed with a
        // combining diaeresis is the same name.
        let (id, name, unit, document) = (
            columns.value(.id, in: value), columns.value(.name, in: value).precomposedStringWithCanonicalMapping,
            columns.value(.unit, in: value), columns.value(.document, in: value)
        )
        let (tierText, dateText, sourceText) = (
            columns.value(.tier, in: value), columns.value(.startDate, in: value),
            columns.value(.startSource, in: value)
        )
        if given(.id), !TalentID(id).isWellFormed {
            // Full-width letters and digits look like the ASCII an id is made of: said as such.
            let fullWidth = halfWidth(id) != id
            reasons.append(
                Said(
                    "\(heading(.id)) '\(excerpt(id))' must be \(TalentID.wellFormed)"
                        + (fullWidth ? " (it holds full-width characters)" : ""),
                    "\(chineseHeading(.id))“\(excerpt(id))”只能由英文字母、数字、“-”和“_”组成，不超过 64 个字符"
                        + (fullWidth ? "（其中有全角字符，请改为半角）" : "")))
        }
        let tier = Self.tier(tierText)
        if tier == nil, given(.tier) {
            reasons.append(
                Said(
                    "unknown \(heading(.tier)) '\(excerpt(tierText))' (A–E, or as the notice writes it, A类)",
                    "\(chineseHeading(.tier))“\(excerpt(tierText))”无法识别：应为 A—E 或 A类"))
        }
        let source = Self.startSource(sourceText)
        if source == nil, given(.startSource) {
            reasons.append(
                Said(
                    "unknown \(heading(.startSource)) '\(excerpt(sourceText))' "
                        + "(\(startSources.keys.sorted().joined(separator: ", ")))",
                    "\(chineseHeading(.startSource))“\(excerpt(sourceText))”无法识别：应为 电子证书、名单文件 或 吉享卡发放（M2）"))
        }
        // The name goes to the profile, not to the domain: the register's limits on texts apply all the same,
        // and a profile's checks (`PUT …/profile`) with them; one problem for the name, its first. Digits come
        // first: a name holds none, which says more than the limits' personal numbers would.
        do {
            if PersonName.holdsDigits(name) {
                reasons.append(
                    Said(
                        "the name holds digits: an id number or a phone has no column here (SEC1)",
                        "姓名中含有数字：公民身份号码、联系电话不填入名单（SEC1）"))
            } else {
                if given(.name) { try policy.management.registerLimits.check(text: name, field: heading(.name)) }
                if name.holdsLineBreakOrInvisibleCharacter {
                    reasons.append(
                        Said(
                            "the name is not one line: it holds a line break, a tab or an invisible format character",
                            "姓名应在一行内：不能含换行、制表符或不可见的格式字符"))
                }
            }
        } catch {
            let inChinese = chineseHeading(.name) + error.reason.dropFirst(error.field.map { $0.count } ?? 0)
            reasons.append(Said("refused by \(error.rule): \(error.reason)", "不符合 \(error.rule)：\(inChinese)"))
        }
        // A document's reference (文号) and a field are one line too: a line break in a cell (Alt+Enter)
        // would be kept in the evaluation's event for good.
        for column in [ListColumn.document, .professionalField]
        where columns.value(column, in: value).holdsLineBreakOrInvisibleCharacter {
            reasons.append(
                Said(
                    "\(heading(column)) is not one line: it holds a line break, a tab or an invisible format character",
                    "\(chineseHeading(column))应在一行内：不能含换行、制表符或不可见的格式字符"))
        }
        var start = Self.day(dateText)
        let limits = policy.management.registerLimits
        if let day = start, limits.outsideDays(day) != nil, Self.isDayNumber(dateText) {
            // A number read as Excel's day number, outside the register's days: most likely no date at all (a
            // count, an id typed in the wrong column), said as typed rather than as the day it would be.
            reasons.append(
                Said(
                    "\(heading(.startDate)) '\(excerpt(dateText))' read as Excel's day number is \(day), outside the "
                        + "days the register holds (\(limits.earliestDay) to \(limits.latestDay)): is it a date?",
                    "\(chineseHeading(.startDate))“\(excerpt(dateText))”按 Excel 的日期序号是 \(day)，"
                        + "不在登记簿记载的日期范围（\(limits.earliestDay)至\(limits.latestDay)）内：请核对是否为日期"))
            // Said as typed: no rule is asked of a day the clerk most likely did not mean.
            start = nil
        } else if start == nil, given(.startDate) {
            reasons.append(
                Said(
                    "\(heading(.startDate)) '\(excerpt(dateText))' is not a date (YYYY-MM-DD, or as a spreadsheet "
                        + "writes it: 2024/3/1, 2024年3月1日, 20240301, or Excel's day number 45352)",
                    "\(chineseHeading(.startDate))“\(excerpt(dateText))”不是日期：应写作 2024-03-01、2024/3/1、2024年3月1日 或 20240301"
                ))
        }
        // The rules (M2's start, T3's agreement) are asked whenever the values they read are good, the others'
        // problems or not, so that a line is mended in one round; a value missing stands in as a dash, which
        // no rule reads.
        guard let tier, let source, let start else { return bad(reasons) }
        var evaluation = Evaluation(
            talentId: TalentID(id), tier: tier, unit: UnitID(unit.isEmpty ? "-" : unit),
            professionalField: columns.value(.professionalField, in: value),
            evaluatingDocument: document.isEmpty ? "-" : document)
        switch source {
        case .electronicCertificate: evaluation.certificateDate = start
        case .provincialListDocument: evaluation.listDocumentDate = start
        case .jixiangCardIssued: evaluation.jixiangCardIssuedDate = start
        }
        let events: [TalentEvent]
        do {
            events = try decide(.evaluate(evaluation), .initial, policy, date)
        } catch {
            return bad(
                reasons + [
                    Said(
                        "refused by \(error.rule): \(columns.inFileTerms(error))",
                        "不符合 \(error.rule)：\(columns.inFileTerms(error, inChinese: true))")
                ])
        }
        guard reasons.isEmpty else { return bad(reasons) }
        return .success(
            Row(
                line: record.line, row: record.row, talent: TalentID(id), name: name, evaluation: evaluation,
                events: events))
    }
}

extension EvaluationImport {
    /// A line's problems, every one its fields have.
    struct BadLine: Error {
        var problems: [Problem]
    }

    /// A problem's reason, for the command line and the API, and in Chinese for the console.
    struct Said {
        var english: String
        var chinese: String

        init(_ english: String, _ chinese: String) {
            self.english = english
            self.chinese = chinese
        }
    }

    /// A problem of `record`, placed as the clerk finds the line: its line, its row in a spreadsheet and the
    /// register id it gives.
    static func problem(_ reason: String, _ chinese: String, at record: CSV.Record, columns: ListColumns) -> Problem {
        let id = columns.id(of: record)
        return Problem(
            line: record.line, reason: reason, chinese: chinese, row: record.row, talent: id.isEmpty ? nil : excerpt(id)
        )
    }

    /// `text` with the full-width forms of ASCII (Ａ, ２, －, ／), as Chinese input methods type them, as
    /// ASCII; nothing else is mapped (a compatibility mapping would take ⓐ for a tier and ① for a digit).
    static func halfWidth(_ text: String) -> String {
        var mapped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let ascii = (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0) : nil
            mapped.append(ascii ?? scalar)
        }
        return String(mapped)
    }

    /// A tier as a list writes it: `A`, `a`, full-width `Ａ`, or as the notice does, `A类`.
    static func tier(_ text: String) -> Tier? {
        var letter = halfWidth(text).uppercased()
        if letter.hasSuffix("类") { letter.removeLast() }
        return Tier(rawValue: letter)
    }

    /// A day as a list writes it: `2024-03-01`, or as a spreadsheet saves one (`2024/3/1`, `2024-3-1`,
    /// `2024.3.1`, `2024年3月1日`, `20240301`, in full-width digits too, spaced out or with a time of day),
    /// or as Excel saves a date cell formatted as a number: its day number, five digits (45352 is
    /// 2024-03-01). The year always comes
    /// first, so none of them is ambiguous; a day that is not one (2026-02-30) is none.
    /// Whether `text` is written as Excel's day number (five digits, perhaps a time of day after a point).
    static func isDayNumber(_ text: String) -> Bool {
        halfWidth(text).filter { $0 != " " }.wholeMatch(of: /[0-9]{5}(\.[0-9]+)?/) != nil
    }

    static func day(_ text: String) -> Day? {
        var text = halfWidth(text).filter { !$0.isWhitespace || $0 == " " }
        // A date-time cell (2024/3/1 0:00, 2024-03-01 00:00:00) is its day.
        if let dated = text.wholeMatch(of: /(.+?)[ T]+[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?/) { text = String(dated.1) }
        text = text.filter { $0 != " " }
        if let day = try? Day(text) { return day }
        // A day number with a time of day after its point (45352.5, a date-time cell) is that day.
        if isDayNumber(text), let number = Int(text.prefix(5)) {
            // Excel counts days from 1899-12-30 (its 1900 leap-year error lies before day 61, not here).
            return try? Day(year: 1899, month: 12, day: 30).adding(days: number)
        }
        let parts: [Substring]
        if let match = text.wholeMatch(of: /([0-9]{4})[-\/.年]([0-9]{1,2})[-\/.月]([0-9]{1,2})日?/) {
            parts = [match.1, match.2, match.3]
        } else if let match = text.wholeMatch(of: /([0-9]{4})([0-9]{2})([0-9]{2})/) {
            parts = [match.1, match.2, match.3]
        } else {
            return nil
        }
        guard let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return try? Day(year: year, month: month, day: day)
    }
}

/// A value as a message shows it: whole when short, else its start and its length, so that a 100 KB
/// field does not become a 100 KB message.
func excerpt(_ value: String, limit: Int = 40) -> String {
    value.count <= limit ? value : "\(value.prefix(limit))… (\(value.count) characters)"
}
