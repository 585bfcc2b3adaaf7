import Foundation

/// One form being written, a talent's row at a time, so that a province-wide form costs the memory of one
/// row: a merged title row, the organization and the day, the frozen header, then one row per talent led
/// by its number. A merged form (a county's, city's, department's or the province's) also has a summary
/// sheet with a line per unit, written when the form is finished.
public final class FormFile<Row> {
    private let book: Workbook
    private let sheet: Workbook.Sheet
    private let summary: (sheet: Workbook.Sheet, columns: [CampaignForms.SummaryColumn])?
    private let columns: [CampaignForms.Column]
    private let heading: CampaignForms.Heading
    private let cells: (Row) -> [Workbook.Cell]
    private var next = 3
    /// The rows written so far.
    public private(set) var count = 0

    init(
        path: String, sheet name: String, heading: CampaignForms.Heading, columns: [CampaignForms.Column],
        summary summaryColumns: [CampaignForms.SummaryColumn]?, temporaryFolder: String?,
        cells: @escaping (Row) -> [Workbook.Cell]
    ) throws {
        let book = try Workbook(path: path, temporaryFolder: temporaryFolder)
        self.book = book
        sheet = try book.sheet(named: name)
        // Added now, written last: in constant-memory mode each sheet streams to its own file, so the
        // summary can follow the rows it adds up.
        summary = try summaryColumns.map { (try book.sheet(named: "各单位汇总"), $0) }
        self.columns = columns
        self.heading = heading
        self.cells = cells
        Self.head(sheet, columns: columns, title: heading.title, heading: heading)
    }

    static func head(
        _ sheet: Workbook.Sheet, columns: [CampaignForms.Column], title: String, heading: CampaignForms.Heading
    ) {
        for (index, column) in columns.enumerated() { sheet.width(index, column.width) }
        sheet.merge(row: 0, columns: columns.count, title, .title)
        sheet.merge(row: 1, columns: columns.count, heading.subtitle, .text)
        // Tall enough for the longest header wrapped in its column.
        let headerLines = columns.map { Self.lines(.text($0.header), width: $0.width) }.max() ?? 1
        if headerLines > 1 { sheet.height(row: 2, points: rowHeight(lines: headerLines)) }
        for (index, column) in columns.enumerated() {
            sheet.write(row: 2, column: index, .text(column.header, .header))
        }
        sheet.freeze(rows: 3)
        sheet.printOnePageWide(repeatingRow: 2)
    }

    public func append(_ row: Row) {
        count += 1
        let cells = cells(row)
        // Tall enough for its longest wrapped text (set before the row's cells: the workbook writes a row
        // to disk once the next one begins).
        let lines = zip(cells, columns.dropFirst()).map { cell, column in Self.lines(cell, width: column.width) }
        if let most = lines.max(), most > 1 { sheet.height(row: next, points: Self.rowHeight(lines: most)) }
        sheet.write(row: next, column: 0, .number(Double(count)))
        for (index, cell) in cells.enumerated() { sheet.write(row: next, column: index + 1, cell) }
        next += 1
    }

    /// A line of the forms' 11-point text, in points.
    static var lineHeight: Double { 15 }

    /// The height of a row of `lines` lines, at most the 409 points a spreadsheet row may have (a longer
    /// text, a name of hundreds of characters, shows its beginning; the cell holds it whole).
    static func rowHeight(lines: Int) -> Double { min(409, lineHeight * Double(lines)) }

    /// The lines a cell's text takes in a column `width` characters wide, a Chinese character (or any
    /// full-width one) taking two.
    static func lines(_ cell: Workbook.Cell, width: Double) -> Int {
        guard case .text(let text, _) = cell else { return 1 }
        // CJK, its punctuation and the full-width forms (U+2E80 on, but the half-width katakana and
        // Hangul of U+FF61–U+FFDC) are drawn twice as wide as Latin letters.
        let units = text.unicodeScalars.reduce(0) { sum, scalar in
            sum + (scalar.value >= 0x2E80 && !(0xFF61...0xFFDC).contains(scalar.value) ? 2 : 1)
        }
        return max(1, Int((Double(units) / max(1, width)).rounded(.up)))
    }

    /// Notes the classified talents counted but not listed (T4), writes the summary of `units` when the
    /// form is merged, and closes the file. The note counts those the form's rows would hold (its work
    /// items'), which a summary's 其中涉密 (every classified talent of the campaign) may exceed: said so.
    public func finish(classifiedCount: Int, units: [CampaignForms.UnitSummary] = []) throws {
        if classifiedCount > 0 {
            sheet.merge(
                row: next + 1, columns: columns.count, "本表范围内另有涉密人员\(classifiedCount)名，按规定仅计数，不列明细。", .text)
        }
        if let (summary, columns) = self.summary {
            Self.head(
                summary, columns: CampaignForms.summaryLead + columns.map(\.column),
                title: "\(heading.title)：各单位汇总", heading: heading)
            var total = CampaignFigures()
            for (index, unit) in units.enumerated() {
                summary.write(row: 3 + index, column: 0, .number(Double(index + 1)))
                for (column, cell) in unit.cells(columns).enumerated() {
                    summary.write(row: 3 + index, column: column + 1, cell)
                }
                total = total + unit.figures
            }
            let totals = CampaignForms.UnitSummary(unit: "合计", submission: "", figures: total)
            summary.write(row: 3 + units.count, column: 0, .empty)
            for (column, cell) in totals.cells(columns).enumerated() {
                summary.write(row: 3 + units.count, column: column + 1, cell)
            }
        }
        try book.close()
    }
}
