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
    /// The most a workbook's parts may hold once inflated: a list of 100,000 talents is a sheet of some
    /// tens of megabytes; a zip that inflates past this is no list (or a bomb).
    static let maximumInflatedBytes = 512 << 20
    /// The most of a file read to look inside it as a workbook.
    static let maximumFileBytes = 128 << 20

    /// What a file read from `open` is as a workbook: nil when it is no zip, or a zip that holds no
    /// workbook (which the CSV reader then says is no CSV); else the first sheet as CSV, or what keeps it
    /// from being read.
    static func list<Source: ByteChunks>(in open: () throws -> Source) throws -> Result<Data, CSV.Problem>? {
        var source = try open()
        guard let first = try source.nextChunk(), first.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return nil }
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
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil),
            archive["xl/workbook.xml"] != nil
        else {
            return nil
        }
        do {
            return .success(try csv(of: archive))
        } catch let unreadable as Unreadable {
            return .failure(problem(unreadable.english, unreadable.chinese))
        } catch {
            return .failure(problem("the workbook cannot be read (\(error))", "工作簿无法读取（\(error)）"))
        }
    }

    /// Why a workbook cannot be read, in both languages.
    struct Unreadable: Error {
        var english: String
        var chinese: String
    }

    static func problem(_ english: String, _ chinese: String) -> CSV.Problem {
        CSV.Problem(
            line: 1, reason: "\(english): \(ListEncoding.saveAsUTF8)",
            chinese: "\(chinese)。\(ListEncoding.saveAsUTF8InChinese)")
    }

    /// The first sheet (in the workbook's order) as CSV in UTF-8, one line per row of the sheet.
    static func csv(of archive: Archive) throws -> Data {
        let workbook = try XMLDocumentReader.read(entry("xl/workbook.xml", in: archive), as: FirstSheet())
        guard let sheetID = workbook.relationshipID else {
            throw Unreadable(english: "the workbook holds no sheet", chinese: "工作簿中没有工作表")
        }
        let relationships = try XMLDocumentReader.read(
            entry("xl/_rels/workbook.xml.rels", in: archive), as: Relationships())
        guard let target = relationships.targets[sheetID] else {
            throw Unreadable(english: "the workbook's first sheet is missing", chinese: "工作簿的第一个工作表缺失")
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        let strings =
            archive["xl/sharedStrings.xml"] == nil
            ? [] : try XMLDocumentReader.read(entry("xl/sharedStrings.xml", in: archive), as: SharedStrings()).strings
        let sheet = try XMLDocumentReader.read(entry(path, in: archive), as: SheetRows(strings: strings))
        if let problem = sheet.problem { throw problem }
        return sheet.csv
    }

    /// An entry's bytes, inflated up to ``maximumInflatedBytes``.
    static func entry(_ path: String, in archive: Archive) throws -> Data {
        guard let entry = archive[path] else {
            throw Unreadable(english: "the workbook lacks its part \(path)", chinese: "工作簿缺少其组成部分 \(path)")
        }
        guard entry.uncompressedSize <= UInt64(maximumInflatedBytes) else {
            throw Unreadable(
                english: "the workbook's part \(path) inflates past \(maximumInflatedBytes >> 20) MB",
                chinese: "工作簿的组成部分 \(path) 解压后超过 \(maximumInflatedBytes >> 20) MB")
        }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
            data.append(chunk)
            guard data.count <= maximumInflatedBytes else {
                throw Unreadable(
                    english: "the workbook's part \(path) inflates past \(maximumInflatedBytes >> 20) MB",
                    chinese: "工作簿的组成部分 \(path) 解压后超过 \(maximumInflatedBytes >> 20) MB")
            }
        }
        return data
    }
}

/// Reads an XML document into what a handler gathers from it.
enum XMLDocumentReader {
    static func read<Handler: XMLGathering>(_ data: Data, as handler: Handler) throws -> Handler {
        let delegate = XMLDelegate(handler)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
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
}

final class XMLDelegate<Handler: XMLGathering>: NSObject, XMLParserDelegate {
    var handler: Handler

    init(_ handler: Handler) {
        self.handler = handler
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        handler.start(elementName, attributes)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { handler.text(string) }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        handler.end(elementName)
    }
}

/// The workbook's first sheet: the relationship that names its part.
struct FirstSheet: XMLGathering {
    var relationshipID: String?

    mutating func start(_ element: String, _ attributes: [String: String]) {
        if element == "sheet", relationshipID == nil { relationshipID = attributes["r:id"] }
    }
    mutating func text(_ text: String) {}
    mutating func end(_ element: String) {}
}

/// The workbook's relationships: each id's part.
struct Relationships: XMLGathering {
    var targets: [String: String] = [:]

    mutating func start(_ element: String, _ attributes: [String: String]) {
        if element == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
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
            strings.append(current ?? "")
            current = nil
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// A sheet's rows as CSV: each cell's value by its kind (a shared string, an inline string, a formula's
/// text, a truth value, a number as stored), in its column by its reference; rows the sheet leaves out are
/// empty lines, so that the CSV's lines are the sheet's rows. Every row is as wide as the widest: a sheet
/// keeps no cell after a row's last filled one, where CSV keeps an empty field.
struct SheetRows: XMLGathering {
    let strings: [String]
    private(set) var problem: WorkbookList.Unreadable?
    /// Each row the sheet keeps: its number, and its cells' texts up to its last filled one.
    private var rows: [(number: Int, cells: [String])] = []
    private var lastRow = 0
    private var row: [String] = []
    private var cell: (column: Int, kind: String?)?
    private var value = ""
    private var inValue = false
    private var inPhonetic = false

    init(strings: [String]) {
        self.strings = strings
    }

    mutating func start(_ element: String, _ attributes: [String: String]) {
        switch element {
        case "row":
            // Rows come in order; one without its number follows the last.
            lastRow = max(attributes["r"].flatMap(Int.init) ?? lastRow + 1, lastRow + 1)
            row = []
        case "c":
            cell = (attributes["r"].flatMap(Self.column) ?? row.count, attributes["t"])
            value = ""
        case "v", "t": inValue = cell != nil
        case "rPh": inPhonetic = true
        default: break
        }
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
            guard cell.column < 16_384 else { return }
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
            default: text = value
            }
            if row.count <= cell.column { row += Array(repeating: "", count: cell.column + 1 - row.count) }
            row[cell.column] = text
        case "row": rows.append((lastRow, row))
        default: break
        }
    }

    /// The rows as CSV, a line for each row up to the last the sheet keeps (Excel's sheets hold at most
    /// 1,048,576).
    var csv: Data {
        let width = rows.map(\.cells.count).max() ?? 0
        var csv = Data()
        var line = 1
        for (number, cells) in rows where number <= 1_048_576 {
            // A row the sheet leaves out (never filled) is an empty line.
            csv.append(contentsOf: repeatElement(0x0A, count: number - line))
            let padded = cells + Array(repeating: "", count: width - cells.count)
            csv.append(contentsOf: padded.map(Self.quoted).joined(separator: ",").utf8)
            csv.append(0x0A)
            line = number + 1
        }
        return csv
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
