import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An evaluation list saved as an Excel workbook (.xlsx, as Excel and WPS save one by default): its first
/// sheet's rows, turned into the CSV the import reads, so that a clerk need not save the list as
/// "CSV UTF-8" first (their plain "CSV" is GB18030, which the import refuses). A row of the sheet is a line
/// of the CSV, so a problem's line is the sheet's row. A cell's value is what the sheet stores: a date
/// formatted as one is Excel's day number, which the import reads as a day. The old .xls is no workbook
/// here (it is no zip), and is refused with how to save it.
enum WorkbookList {
    /// The most a workbook's parts may hold together once inflated: a list of 100,000 talents is a sheet of
    /// some tens of megabytes; a zip that inflates past this is no list (or a bomb).
    static let maximumInflatedBytes = 256 << 20
    /// The most of a file read to look inside it as a workbook.
    static let maximumFileBytes = 128 << 20
    /// The rows and columns a sheet can have (Excel's own bounds): a reference past them is no cell.
    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384

    /// A workbook's list: its sheet as CSV, and the sheet's name.
    struct Sheet {
        var csv: Data
        var name: String
    }

    /// Whether a row is an evaluation list's header (its every required column named, whatever else it
    /// holds): the sheet whose first rows hold one is the list's.
    static let evaluationListHeader: @Sendable ([String]) -> Bool = ListColumns.namesEveryRequiredColumn

    /// What a file read from `open` is as a workbook: nil when it is no zip, or a zip that holds no
    /// workbook (which the CSV reader then says is no CSV); else the list's sheet as CSV, or what keeps it
    /// from being read. The list's sheet is the one whose first rows hold a row `isHeader` takes for the
    /// list's header (an evaluation list's, or an organization tree's).
    static func list<Source: ByteChunks>(
        in open: () throws -> Source, isHeader: ([String]) -> Bool = evaluationListHeader
    ) throws -> Result<Sheet, CSV.Problem>? {
        var source = try open()
        guard let first = try source.nextChunk(), first.starts(with: ListEncoding.zipSignature) else { return nil }
        var data = Data(first)
        while let chunk = try source.nextChunk() {
            data.append(contentsOf: chunk)
            guard data.count <= maximumFileBytes else {
                return .failure(
                    problem(
                        "the workbook is larger than \(maximumFileBytes >> 20) MB",
                        "工作簿超过 \(maximumFileBytes >> 20) MB"))
            }
        }
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else {
            return .failure(
                problem(
                    "the file begins as a zip (an .xlsx workbook?) but cannot be opened as one: damaged or incomplete",
                    "文件像 zip 压缩包（.xlsx 工作簿），但无法打开：文件已损坏或不完整"))
        }
        guard archive["xl/workbook.xml"] != nil else { return nil }
        do {
            var budget = maximumInflatedBytes
            return .success(try csv(of: archive, budget: &budget, isHeader: isHeader))
        } catch let unreadable as Unreadable {
            return .failure(
                problem(unreadable.english, unreadable.chinese, withSavingAdvice: unreadable.withSavingAdvice))
        } catch {
            return .failure(problem("the workbook cannot be read (\(error))", "工作簿无法读取，可能已损坏"))
        }
    }

    /// Why a workbook cannot be read, in both languages; with how to save the list again unless what is
    /// said is what to do.
    struct Unreadable: Error {
        var english: String
        var chinese: String
        var withSavingAdvice = true
    }

    static func problem(_ english: String, _ chinese: String, withSavingAdvice: Bool = true) -> CSV.Problem {
        guard withSavingAdvice else { return CSV.Problem(line: 1, reason: english, chinese: chinese) }
        return CSV.Problem(
            line: 1, reason: "\(english): \(ListEncoding.saveAsUTF8)",
            chinese: "\(chinese)。\(ListEncoding.saveAsUTF8InChinese)")
    }

    /// The worksheet that holds the list, as CSV in UTF-8 with its byte order mark, one line per row of the
    /// sheet: the first the workbook shows (in its order, hidden sheets and chart sheets passed over), or,
    /// when its first rows hold no list's header, the one other sheet whose first rows do (a template's
    /// instructions sheet before the list). With none, the first, whose header the import says is wrong.
    static func csv(of archive: Archive, budget: inout Int, isHeader: ([String]) -> Bool) throws -> Sheet {
        let workbook = try XMLDocumentReader.read(entry("xl/workbook.xml", in: archive, budget: &budget), as: Sheets())
        // Dates counted from 1904 (old Mac workbooks) would be read four years early as day numbers.
        // Clearing the option moves every date the workbook holds by four years and a day: saved as CSV, the
        // dates are written as the sheet shows them.
        guard !workbook.countsFrom1904 else {
            throw Unreadable(
                english: "the workbook counts its dates from 1904 (Excel's option “use 1904 date system”), which the "
                    + "import does not read; do not clear the option (every date would move by four years): save the "
                    + "sheet as CSV UTF-8 instead (Excel: 另存为 “CSV UTF-8（逗号分隔）”)",
                chinese: "工作簿使用 1904 日期系统（Excel 选项“使用 1904 日期系统”），导入无法按此读取日期。"
                    + "请不要取消该选项（取消后所有日期会移动四年零一天），而是把工作表另存为 CSV UTF-8（Excel：另存为“CSV UTF-8（逗号分隔）”）后导入",
                withSavingAdvice: false)
        }
        let relationships = try XMLDocumentReader.read(
            entry("xl/_rels/workbook.xml.rels", in: archive, budget: &budget), as: Relationships())
        let sheets = workbook.visible.compactMap { sheet in
            relationships.worksheets[sheet.id].map { (name: sheet.name, target: $0) }
        }
        guard let target = sheets.first?.target else {
            throw Unreadable(english: "the workbook shows no worksheet", chinese: "工作簿中没有可见的工作表")
        }
        let strings =
            try relationships.sharedStrings.map {
                try XMLDocumentReader.read(
                    entry(part($0), in: archive, budget: &budget), as: SharedStrings()
                ).strings
            } ?? []
        func holdsAList(_ sheet: SheetRows) -> Bool {
            sheet.firstRows(ListColumns.linesLookedAtForHeader).contains(where: isHeader)
        }
        func opening(_ target: String) throws -> SheetRows {
            try XMLDocumentReader.read(
                entry(part(target), in: archive, budget: &budget),
                as: SheetRows(strings: strings, keeping: ListColumns.linesLookedAtForHeader))
        }
        let first = try XMLDocumentReader.read(
            entry(part(target), in: archive, budget: &budget), as: SheetRows(strings: strings))
        // A list kept on several sheets (a sheet a tier) would be imported in part, the first sheet's talents
        // alone: refused, naming the sheets whose first rows hold a list's header.
        let others = try sheets.dropFirst().filter { try holdsAList(opening($0.target)) }
        let lists = (holdsAList(first) ? [sheets[0]] : []) + others
        guard lists.count <= 1 else {
            let named = lists.map { "“\($0.name)”" }
            throw Unreadable(
                english: "the workbook holds a list on more than one sheet (\(named.joined(separator: ", "))), and the "
                    + "import reads one alone: put the talents on one sheet, or save each sheet as a workbook "
                    + "of its own and import each",
                chinese: "工作簿中不止一个工作表有名单（\(named.joined(separator: "、"))），导入只读取一个工作表。"
                    + "请把人才放在同一个工作表中，或把各工作表分别另存为工作簿后逐一导入",
                withSavingAdvice: false)
        }
        let chosen = lists.first ?? sheets[0]
        let sheet =
            chosen.target == target
            ? first
            : try XMLDocumentReader.read(
                entry(part(chosen.target), in: archive, budget: &budget), as: SheetRows(strings: strings))
        if let problem = sheet.problem { throw problem }
        // Rows hidden by hand or by a filter are rows the clerk does not see: imported, they would register
        // talents nobody checked; left out, talents the list holds. The clerk says which.
        if !sheet.hiddenRows.isEmpty {
            let some = sheet.hiddenRows.prefix(5).map(String.init)
            let count = sheet.hiddenRows.count
            throw Unreadable(
                english: "the sheet hides rows that hold values (rows \(some.joined(separator: ", "))"
                    + "\(count > 5 ? ", \(count) in all" : "")): show them (or clear the filter), delete the rows that "
                    + "are not to be imported, and import the list again",
                chinese: "工作表中有隐藏的行（第 \(some.joined(separator: "、")) 行\(count > 5 ? " 等 \(count) 行" : "")）："
                    + "请取消隐藏（或清除筛选），删除不应导入的行后重新导入",
                withSavingAdvice: false)
        }
        return Sheet(csv: sheet.csv, name: chosen.name)
    }

    /// A text as the workbook stores it, its escapes decoded: OOXML writes a character XML cannot hold
    /// (a carriage return pasted from Word) as `_x000D_`, and an underscore that would read as one as
    /// `_x005F_`. Read once from the left, so `_x005F_x000D_` is the text `_x000D_`.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var units: [UInt16] = []
        var rest = Substring(text)
        while let match = rest.firstMatch(of: /_x([0-9A-Fa-f]{4})_/) {
            units += rest[..<match.range.lowerBound].utf16
            units.append(UInt16(match.output.1, radix: 16) ?? 0)
            rest = rest[match.range.upperBound...]
        }
        units += rest.utf16
        return String(decoding: units, as: UTF16.self)
    }

    /// The path in the zip of a part the workbook's relationships name (relative to `xl/`, or from the
    /// package's root when it begins with `/`), with its `.` and `..` resolved and its escapes decoded.
    static func part(_ target: String) -> String {
        let target = target.removingPercentEncoding ?? target
        var path = target.hasPrefix("/") ? [] : ["xl"]
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = path.popLast()
            default: path.append(String(segment))
            }
        }
        return path.joined(separator: "/")
    }

    /// An entry's bytes, inflated within what is left of the workbook's `budget`.
    static func entry(_ path: String, in archive: Archive, budget: inout Int) throws -> Data {
        guard let entry = archive[path] else {
            throw Unreadable(english: "the workbook lacks its part \(path)", chinese: "工作簿缺少其组成部分 \(path)")
        }
        let tooLarge = Unreadable(
            english: "the workbook's parts inflate past \(maximumInflatedBytes >> 20) MB",
            chinese: "工作簿解压后超过 \(maximumInflatedBytes >> 20) MB")
        guard entry.uncompressedSize <= UInt64(budget) else { throw tooLarge }
        var data = Data()
        let left = budget
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
            data.append(chunk)
            // The size the zip declares may lie: what is inflated is counted.
            guard data.count <= left else { throw tooLarge }
        }
        budget -= data.count
        return data
    }
}

/// Reads an XML document into what a handler gathers from it.
enum XMLDocumentReader {
    static func read<Handler: XMLGathering>(_ data: Data, as handler: Handler) throws -> Handler {
        let delegate = XMLDelegate(handler)
        // From a stream, so that libxml2 reads the part in chunks (given whole, it refuses one over 10 MB);
        // with namespaces, so that a part written with prefixes (`<x:sheet>`, as .NET and Java writers do)
        // is read by its elements' local names.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        let parsed = parser.parse()
        // Stopped by the handler, which says why (a sheet past a workbook's rows).
        if delegate.handler.stopped { return delegate.handler }
        if delegate.textTooLong {
            throw WorkbookList.Unreadable(
                english:
                    "a cell of the workbook holds more than \(CSV.maximumRecordBytes) bytes of text, more than a line of a list may hold",
                chinese: "工作簿中有单元格的内容超过 \(CSV.maximumRecordBytes) 字节，超过名单一行所能容纳的长度")
        }
        guard parsed else {
            throw WorkbookList.Unreadable(
                english: "a part of the workbook is not well-formed XML (\(parser.parserError.map { "\($0)" } ?? "?"))",
                chinese: "工作簿的组成部分不是格式正确的 XML")
        }
        return delegate.handler
    }
}

/// What is gathered from an XML document, element by element.
protocol XMLGathering {
    mutating func start(_ element: String, _ attributes: [String: String])
    mutating func text(_ text: String)
    mutating func end(_ element: String)
    /// Whether the handler has read enough: the reading stops at the element that set it.
    var stopped: Bool { get }
}

extension XMLGathering {
    var stopped: Bool { false }
}

final class XMLDelegate<Handler: XMLGathering>: NSObject, XMLParserDelegate {
    var handler: Handler
    /// Whether one element's text ran past what a line of a list may hold (``CSV/maximumRecordBytes``):
    /// the reading stopped there. A cell of hundreds of megabytes in a small zip kept the server busy for
    /// minutes before the CSV reader refused its line.
    private(set) var textTooLong = false
    private var textBytes = 0

    init(_ handler: Handler) {
        self.handler = handler
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        textBytes = 0
        handler.start(elementName, attributes)
        if handler.stopped { parser.abortParsing() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { gather(string, from: parser) }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        gather(String(decoding: block, as: UTF8.self), from: parser)
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        textBytes = 0
        handler.end(elementName)
    }

    private func gather(_ text: String, from parser: XMLParser) {
        guard !textTooLong else { return }
        textBytes += text.utf8.count
        guard textBytes <= CSV.maximumRecordBytes else {
            textTooLong = true
            parser.abortParsing()
            return
        }
        handler.text(text)
    }
}

/// The workbook's sheets the workbook shows, in its order (the relationship naming each one's part), and
/// whether it counts its dates from 1904.
struct Sheets: XMLGathering {
    var visible: [(id: String, name: String)] = []
    var countsFrom1904 = false

    mutating func start(_ element: String, _ attributes: [String: String]) {
        switch element {
        case "sheet" where !["hidden", "veryHidden"].contains(attributes["state"] ?? ""):
            // The relationship's id, whatever prefix its namespace has (`r:id`).
            if let id = attributes.first(where: { $0.key == "id" || $0.key.hasSuffix(":id") })?.value {
                visible.append((id, attributes["name"] ?? ""))
            }
        case "workbookPr": countsFrom1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
        default: break
        }
    }
    mutating func text(_ text: String) {}
    mutating func end(_ element: String) {}
}

/// The workbook's relationships: the worksheets' parts by id (chart sheets and others left out), and the
/// shared strings' part.
struct Relationships: XMLGathering {
    var worksheets: [String: String] = [:]
    var sharedStrings: String?

    mutating func start(_ element: String, _ attributes: [String: String]) {
        guard element == "Relationship", let id = attributes["Id"], let target = attributes["Target"],
            let type = attributes["Type"]
        else { return }
        if type.hasSuffix("/worksheet") { worksheets[id] = target }
        if type.hasSuffix("/sharedStrings") { sharedStrings = target }
    }
    mutating func text(_ text: String) {}
    mutating func end(_ element: String) {}
}

/// The shared strings a sheet's text cells point to: each `<si>`'s text, its runs joined, without the
/// phonetic guides (`<rPh>`) Excel keeps beside East Asian text.
struct SharedStrings: XMLGathering {
    var strings: [String] = []
    private var current: String?
    private var inText = false
    private var inPhonetic = false

    mutating func start(_ element: String, _ attributes: [String: String]) {
        switch element {
        case "si": current = ""
        case "t": inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }
    mutating func text(_ text: String) {
        if inText, !inPhonetic { current?.append(text) }
    }
    mutating func end(_ element: String) {
        switch element {
        case "si":
            strings.append(WorkbookList.unescaped(current ?? ""))
            current = nil
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// A sheet's rows as CSV: each cell's value by its kind (a shared string, an inline string, a formula's
/// text, a truth value, a number as stored), in its column by its reference; rows the sheet leaves out are
/// empty lines, so that the CSV's lines are the sheet's rows. A row ends at its last filled cell (a sheet
/// keeps none after it, and a styled empty cell is no value): the import takes a sheet's row short of the
/// header as ending in empty fields.
struct SheetRows: XMLGathering {
    let strings: [String]
    /// The rows kept, when only a sheet's first rows are looked at.
    let keeping: Int?
    private(set) var problem: WorkbookList.Unreadable?
    private(set) var stopped = false
    /// The row elements read, whatever their numbers.
    private var rowsRead = 0
    /// Each row the sheet keeps: its number, and its cells' texts up to its last filled one.
    private var rows: [(number: Int, cells: [String])] = []
    private var lastRow = 0
    private var row: [String] = []
    private var cell: (column: Int, kind: String?)?
    private var value = ""
    /// Whether the cell read holds a formula: a program that writes formulas without computing them (a
    /// script's workbook never opened in Excel or WPS) saves an empty value of no kind for each.
    private var cellFormula = false
    private var inValue = false
    private var inPhonetic = false
    /// The filled rows the sheet hides (by hand, or a filter's): what the clerk does not see.
    private(set) var hiddenRows: [Int] = []
    private var rowHidden = false
    /// Cells merged across rows (a unit's id once for its three talents), by their left column (where a
    /// merged range keeps its value) and their rows.
    private var merges: [(column: Int, rows: ClosedRange<Int>)] = []

    /// The most cells filled from merged cells above them: a sheet of many large merges is no list.
    static let maximumMergedCells = 1_000_000

    init(strings: [String], keeping: Int? = nil) {
        self.strings = strings
        self.keeping = keeping
    }

    /// The cells of the sheet's first `count` rows it keeps, in order.
    func firstRows(_ count: Int) -> [[String]] { rows.prefix(count).map(\.cells) }

    mutating func start(_ element: String, _ attributes: [String: String]) {
        switch element {
        case "row":
            // Rows come in order; one without its number follows the last, and none lies past the sheet's
            // last row (a larger number is no row: it would run the count past any bound).
            let number = attributes["r"].flatMap(Int.init).map { min(max($0, 1), WorkbookList.maximumRows + 1) }
            lastRow = max(number ?? lastRow + 1, min(lastRow + 1, WorkbookList.maximumRows + 1))
            // More rows than a workbook holds are no spreadsheet program's: read on, a small upload of
            // millions of empty rows kept a processor busy for half a minute.
            rowsRead += 1
            if rowsRead > WorkbookList.maximumRows {
                problem = WorkbookList.Unreadable(
                    english: "the sheet holds more than \(WorkbookList.maximumRows) rows, more than a workbook can",
                    chinese: "工作表的行数超过 \(WorkbookList.maximumRows) 行，超出工作簿的上限")
                stopped = true
            }
            row = []
            rowHidden = ["1", "true"].contains(attributes["hidden"] ?? "")
        case "c":
            cell = (attributes["r"].flatMap(Self.column) ?? row.count, attributes["t"])
            value = ""
            cellFormula = false
        case "f": cellFormula = true
        case "v", "t": inValue = cell != nil
        case "rPh": inPhonetic = true
        case "mergeCell":
            let corners = (attributes["ref"] ?? "").split(separator: ":").map(String.init)
            guard corners.count == 2, let left = Self.column(corners[0]), let right = Self.column(corners[1]),
                let top = Self.row(corners[0]), let bottom = Self.row(corners[1]), left <= right, top < bottom
            else { return }
            merges.append((left, top...bottom))
        default: break
        }
    }

    /// The row of a cell reference (`C12` is 12), nil for none within the sheet's rows.
    static func row(_ reference: String) -> Int? {
        Int(reference.drop { $0.isLetter }).flatMap { (1...WorkbookList.maximumRows).contains($0) ? $0 : nil }
    }

    mutating func text(_ text: String) {
        if inValue, !inPhonetic { value.append(text) }
    }

    mutating func end(_ element: String) {
        switch element {
        case "v", "t": inValue = false
        case "rPh": inPhonetic = false
        case "c":
            guard let cell else { return }
            self.cell = nil
            guard cell.column < WorkbookList.maximumColumns else { return }
            // Read as empty, its value would be lost without a word where the clerk sees one in Excel. (A
            // computed empty text is saved as a text's, `str`.)
            // The sheet's first such cell is said: the clerk mends the cell, or the workbook, it names.
            func refuseCell(_ english: String, _ chinese: String) {
                guard problem == nil else { return }
                let reference = "\(Self.columnName(cell.column))\(lastRow)"
                problem = WorkbookList.Unreadable(
                    english: "the cell \(reference) \(english)", chinese: "单元格 \(reference) \(chinese)",
                    withSavingAdvice: false)
            }
            if cellFormula, value.isEmpty, cell.kind != "str" {
                refuseCell(
                    "holds a formula whose value was never computed (the workbook was written by a program, not "
                        + "saved by a spreadsheet program): open it in Excel or WPS, save it, and import it again",
                    "中的公式没有计算结果（工作簿由程序生成，未经电子表格软件保存），请用 Excel 或 WPS 打开并保存后再导入")
                return
            }
            let text: String
            switch cell.kind {
            case "s":
                guard let index = Int(value), strings.indices.contains(index) else {
                    problem = WorkbookList.Unreadable(
                        english: "a cell points to a shared string the workbook does not hold",
                        chinese: "某个单元格引用的共享字符串在工作簿中不存在")
                    return
                }
                text = strings[index]
            case "b": text = value == "1" ? "TRUE" : "FALSE"
            case "e":
                // A formula's error (#N/A of a lookup that found nothing) would be read as the value typed.
                refuseCell(
                    "holds a formula's error (\(value)), not a value: mend the formula or type the value, and import "
                        + "it again",
                    "中是公式的错误值（\(value)），不是数据：请修正公式或直接填写数值后再导入")
                return
            case "inlineStr", "str": text = WorkbookList.unescaped(value)
            default: text = value
            }
            guard !text.isEmpty else { return }
            if row.count <= cell.column { row += Array(repeating: "", count: cell.column + 1 - row.count) }
            row[cell.column] = text
        case "row" where keeping.map { rows.count < $0 } ?? true:
            rows.append((lastRow, row))
            if rowHidden, !row.isEmpty, lastRow <= WorkbookList.maximumRows { hiddenRows.append(lastRow) }
        default: break
        }
    }

    /// The rows as CSV, a line for each row up to the last the sheet keeps, after UTF-8's byte order mark
    /// (the text is UTF-8 whatever it looks like: no encoding is to be guessed).
    var csv: Data {
        var csv = Data([0xEF, 0xBB, 0xBF])
        var line = 1
        for (number, cells) in rowsWithMergesFilled where number <= WorkbookList.maximumRows {
            // A row the sheet leaves out (never filled) is an empty line.
            csv.append(contentsOf: repeatElement(0x0A, count: number - line))
            csv.append(contentsOf: cells.map(Self.quoted).joined(separator: ",").utf8)
            csv.append(0x0A)
            line = number + 1
        }
        return csv
    }

    /// The rows with each cell merged across rows read in every row it spans, as the clerk sees the value
    /// beside each. A merged range's value is its top-left cell's, so its left column alone is filled (the
    /// cells to its right hold nothing of their own, and a title merged over two rows stays one cell a row).
    var rowsWithMergesFilled: [(number: Int, cells: [String])] {
        guard !merges.isEmpty else { return rows }
        var filled = rows
        var budget = Self.maximumMergedCells
        // Within the widest row the sheet fills itself: a merge far to the right widens no row.
        let width = rows.map(\.cells.count).max() ?? 0
        let position = Dictionary(rows.enumerated().map { ($1.number, $0) }, uniquingKeysWith: { first, _ in first })
        for merge in merges {
            let column = merge.column
            guard let top = position[merge.rows.lowerBound], column < min(width, filled[top].cells.count) else {
                continue
            }
            let value = filled[top].cells[column]
            guard !value.isEmpty else { continue }
            // Rows come in order: the ones below the merge's first, within it.
            for index in (top + 1)..<filled.count {
                guard filled[index].number <= merge.rows.upperBound, budget > 0 else { break }
                budget -= 1
                if filled[index].cells.count <= column {
                    filled[index].cells += Array(repeating: "", count: column + 1 - filled[index].cells.count)
                }
                if filled[index].cells[column].isEmpty { filled[index].cells[column] = value }
            }
        }
        return filled
    }

    /// A column's letters as a sheet names it (2 is `C`, 26 is `AA`).
    static func columnName(_ column: Int) -> String {
        var name = ""
        var rest = column + 1
        while rest > 0 {
            name.insert(Character(UnicodeScalar(UInt8(65 + (rest - 1) % 26))), at: name.startIndex)
            rest = (rest - 1) / 26
        }
        return name
    }

    /// The column of a cell reference (`C12` is 2), nil for no reference.
    static func column(_ reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            column = column * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 || letters > 3 ? nil : column - 1
    }

    /// A field as CSV writes it: quoted when it holds a comma, a quote, a tab or a line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { [",", "\"", "\t", "\n", "\r", "\r\n"].contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
