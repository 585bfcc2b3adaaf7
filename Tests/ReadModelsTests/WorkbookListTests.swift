import Foundation
import Testing
import ZIPFoundation

@testable import ReadModels

/// Workbooks as other writers than Excel make them, and as nobody should (``WorkbookList``): made here
/// part by part, so that each shape is the one named.
@Suite("Evaluation lists in workbooks")
struct WorkbookListTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let worksheet = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

    static func sheet(_ rows: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(main)"><sheetData>\#(rows)</sheetData></worksheet>"#
    }

    static let oneSheet =
        #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    static let oneRelationship =
        #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(worksheet)" Target="worksheets/sheet1.xml"/></Relationships>"#

    /// A zip of `parts` (path and text), as a workbook's file.
    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        return try #require(archive.data)
    }

    static func workbook(
        sheet rows: String, workbook: String = oneSheet, relationships: String = oneRelationship,
        sheetPath: String = "xl/worksheets/sheet1.xml"
    ) throws -> Data {
        try zip([
            ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", relationships), (sheetPath, sheet(rows)),
        ])
    }

    /// The workbook's first sheet as the import reads it: its CSV's lines, or the problem.
    static func read(_ data: Data) throws -> Result<[String], CSV.Problem>? {
        try WorkbookList.list(in: { DataChunks(data) })?.map { list in
            String(decoding: list.csv.dropFirst(3), as: UTF8.self).split(
                separator: "\n", omittingEmptySubsequences: false
            )
            .map(String.init).dropLast()
        }
    }

    static func inline(_ reference: String, _ text: String) -> String {
        #"<c r="\#(reference)" t="inlineStr"><is><t>\#(text)</t></is></c>"#
    }

    @Test func cellsOfEveryKindAreReadInTheirColumns() throws {
        let rows =
            #"<row r="1">\#(Self.inline("A1", "编号"))\#(Self.inline("C1", "a &amp; b"))</row>"#
            + #"<row r="3"><c r="A3"><v>45352</v></c><c r="B3" t="b"><v>1</v></c>"#
            + #"<c r="C3" t="str"><f>A3&amp;""</f><v>45352</v></c><c r="D3" t="inlineStr"><is><t><![CDATA[x,<y>]]></t></is></c>"#
            + #"<c r="E3" s="1"/></row>"#
        let lines = try #require(try Self.read(try Self.workbook(sheet: rows))?.get())
        // A row left out is an empty line; a row ends at its last filled cell (E3 is styled, empty).
        #expect(lines == ["编号,,a & b", "", "45352,TRUE,45352,\"x,<y>\""], "\(lines)")
    }

    /// Parts written with prefixes (`<x:sheet>`, as .NET and Java writers do), a target up and back (`../`),
    /// a hidden sheet and a chart sheet before the list.
    @Test func prefixesRelativeTargetsAndHiddenOrChartSheetsAreReadAsExcelReadsThem() throws {
        let workbook =
            #"<x:workbook xmlns:x="\#(Self.main)" xmlns:rel="\#(Self.relationships)"><x:sheets>"#
            + #"<x:sheet name="字典" sheetId="1" state="hidden" rel:id="rId1"/><x:sheet name="图" sheetId="2" rel:id="rId2"/>"#
            + #"<x:sheet name="名单" sheetId="3" rel:id="rId3"/></x:sheets></x:workbook>"#
        let relationships =
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="\#(Self.worksheet)" Target="worksheets/hidden.xml"/>"#
            + #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>"#
            + #"<Relationship Id="rId3" Type="\#(Self.worksheet)" Target="../xl/worksheets/list.xml"/></Relationships>"#
        let data = try Self.zip([
            ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", relationships),
            ("xl/worksheets/hidden.xml", Self.sheet("<row r=\"1\">\(Self.inline("A1", "hidden"))</row>")),
            ("xl/worksheets/list.xml", Self.sheet("<row r=\"1\">\(Self.inline("A1", "list"))</row>")),
        ])
        #expect(try Self.read(data)?.get() == ["list"])
    }

    /// Dates counted from 1904 are refused (every day number would be read four years early), with the
    /// advice to save the sheet as CSV, never to clear the option (which moves every date); a damaged
    /// workbook is said as such; a zip that is no workbook (a .docx) is left to be said as no CSV.
    @Test func whatCannotBeReadIsSaid() throws {
        let from1904 = Self.oneSheet.replacingOccurrences(of: "<sheets>", with: #"<workbookPr date1904="1"/><sheets>"#)
        let refused = try Self.read(try Self.workbook(sheet: "", workbook: from1904))
        #expect(throws: CSV.Problem.self) { try refused?.get() }
        if case .failure(let problem)? = refused {
            #expect(problem.chinese.contains("1904 日期系统") && problem.chinese.contains("请不要取消该选项"))
            #expect(!problem.chinese.contains("请取消该选项"))
        }
        var damaged = try Self.workbook(sheet: "<row r=\"1\"/>")
        damaged.removeLast(damaged.count / 2)
        if case .failure(let problem)? = try Self.read(damaged) {
            #expect(problem.chinese.contains("已损坏或不完整"), "\(problem)")
        } else {
            Issue.record("a damaged workbook was read")
        }
        #expect(try Self.read(try Self.zip([("word/document.xml", "<w:document/>")])) == nil)
    }

    /// A row number past the sheet's last row does not run the count past its bound (it stopped the server),
    /// and a sheet part over 10 MB is read (libxml2 refuses one given whole).
    @Test func aHugeRowNumberAndALargeSheetAreRead() throws {
        let huge = "<row r=\"9223372036854775807\">\(Self.inline("A1", "x"))</row><row>\(Self.inline("A1", "y"))</row>"
        let lines = try #require(
            try Self.read(try Self.workbook(sheet: "<row r=\"1\">\(Self.inline("A1", "a"))</row>" + huge))?.get())
        #expect(lines == ["a"], "\(lines.count)")
        let filler = String(repeating: "名", count: 200)
        let rows = (1...20_000).map { "<row r=\"\($0)\">\(Self.inline("A\($0)", "\($0)\(filler)"))</row>" }.joined()
        #expect(rows.utf8.count > 10_000_000)
        let large = try #require(try Self.read(try Self.workbook(sheet: rows))?.get())
        #expect(large.count == 20_000 && large.last?.hasPrefix("20000名") == true)
    }

    /// A sheet of more row elements than a workbook holds (a small zip of millions of empty rows, which kept
    /// a processor busy for half a minute) is refused once the reading passes a workbook's last row.
    @Test func aSheetOfMoreRowsThanAWorkbookHoldsIsRefusedAtTheBound() throws {
        let rows = String(repeating: "<row/>", count: 1_048_577)
        let refused = try Self.read(try Self.workbook(sheet: rows))
        guard case .failure(let problem)? = refused else {
            Issue.record("read: \(String(describing: refused.map { (try? $0.get())?.count }))")
            return
        }
        #expect(problem.chinese.contains("工作表的行数超过 1048576 行"), "\(problem)")
        // Fewer are read.
        let fewer = try #require(try Self.read(try Self.workbook(sheet: String(repeating: "<row/>", count: 1_000))))
        #expect((try? fewer.get()) != nil)
    }

    /// A cell holding more text than a line of a list may (a small zip inflating to one cell of hundreds of
    /// megabytes kept the server busy for minutes) is refused as soon as the reading passes the bound.
    @Test func aCellLongerThanALineMayBeIsRefusedAtTheBound() throws {
        let long = String(repeating: "x", count: CSV.maximumRecordBytes + 1)
        let refused = try Self.read(try Self.workbook(sheet: "<row r=\"1\">\(Self.inline("A1", long))</row>"))
        guard case .failure(let problem)? = refused else {
            Issue.record("a cell of \(long.utf8.count) bytes was read")
            return
        }
        #expect(problem.chinese.contains("单元格的内容超过"), "\(problem)")
        let atTheBound = String(repeating: "x", count: CSV.maximumRecordBytes - 10)
        let read = try #require(
            try Self.read(try Self.workbook(sheet: "<row r=\"1\">\(Self.inline("A1", atTheBound))</row>"))?.get())
        #expect(read.first?.utf8.count == atTheBound.utf8.count)
    }

    /// Text as OOXML escapes it (`_xHHHH_`, a carriage return pasted from Word as `_x000D_`) is read as the
    /// text it stands for, in shared and inline strings alike; `_x005F_` is an underscore, read once.
    @Test func escapedCharactersAreReadAsTheTextTheyStandFor() throws {
        let workbook = try Self.zip([
            ("xl/workbook.xml", Self.oneSheet),
            (
                "xl/_rels/workbook.xml.rels",
                Self.oneRelationship.replacingOccurrences(
                    of: "</Relationships>",
                    with:
                        #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
                )
            ),
            (
                "xl/sharedStrings.xml",
                #"<sst xmlns="\#(Self.main)"><si><t>生物_x0020_医药</t></si><si><t>_x005F_x000D_</t></si></sst>"#
            ),
            (
                "xl/worksheets/sheet1.xml",
                Self.sheet(
                    #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>"#
                        + Self.inline("C1", "吉人社函_x000D_〔2025〕83号") + "</row>")
            ),
        ])
        let lines = try #require(try Self.read(workbook)?.get())
        #expect(lines == ["生物 医药,_x000D_,\"吉人社函\r〔2025〕83号\""], "\(lines)")
    }

    /// A list kept on more than one sheet (a sheet a tier) would be imported in part: refused, naming the
    /// sheets; a sheet of notes beside the list is no second list.
    @Test func aListOnSeveralSheetsIsRefusedNamingThem() throws {
        let header = ["人才编号", "姓名", "单位编号", "层次", "管理期起算时间", "起算依据", "评定文号"].enumerated().map {
            Self.inline("\(Character(UnicodeScalar(65 + $0.offset)!))2", $0.element)
        }.joined()
        let list = Self.sheet(#"<row r="1">\#(Self.inline("A1", "B类人才"))</row><row r="2">\#(header)</row>"#)
        let notes = Self.sheet(#"<row r="1">\#(Self.inline("A1", "填表说明：日期写作 2024-03-01"))</row>"#)
        func workbook(_ second: String) throws -> Data {
            try Self.zip([
                (
                    "xl/workbook.xml",
                    Self.oneSheet.replacingOccurrences(
                        of: "</sheets>", with: #"<sheet name="C类" sheetId="2" r:id="rId2"/></sheets>"#)
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    Self.oneRelationship.replacingOccurrences(
                        of: "</Relationships>",
                        with:
                            #"<Relationship Id="rId2" Type="\#(Self.worksheet)" Target="worksheets/sheet2.xml"/></Relationships>"#
                    )
                ),
                ("xl/worksheets/sheet1.xml", list), ("xl/worksheets/sheet2.xml", second),
            ])
        }
        let refused = try Self.read(try workbook(list))
        #expect(throws: CSV.Problem.self) { try refused?.get() }
        if case .failure(let problem)? = refused {
            #expect(problem.chinese.contains("不止一个工作表有名单（“名单”、“C类”）"), "\(problem.chinese)")
            #expect(!problem.chinese.contains("CSV UTF-8"), "no advice to save it as CSV: \(problem.chinese)")
        }
        #expect(try Self.read(try workbook(notes))?.get().count == 2)
    }

    /// A formula's error (#N/A of a lookup that found nothing) is refused naming its cell, where it was read
    /// as the value (a clerk tester's finding: "unit #N/A is not a registered organization"); so is a
    /// formula no spreadsheet program computed, where it was read as empty. A computed empty text is empty.
    @Test func aFormulasErrorOrUncomputedValueIsRefusedNamingItsCell() throws {
        let error =
            #"<row r="2">\#(Self.inline("A2", "T-1"))<c r="D2" t="e"><f>VLOOKUP(A2,X!A:B,2,0)</f><v>#N/A</v></c></row>"#
        if case .failure(let problem)? = try Self.read(try Self.workbook(sheet: error)) {
            #expect(problem.reason.hasPrefix("the cell D2 holds a formula's error (#N/A)"), "\(problem.reason)")
            #expect(problem.chinese.hasPrefix("单元格 D2 中是公式的错误值（#N/A）"))
        } else {
            Issue.record("a formula's error was read as a value")
        }
        let uncomputed = #"<row r="3"><c r="AB3"><f>LEFT(B3,2)</f><v></v></c></row>"#
        if case .failure(let problem)? = try Self.read(try Self.workbook(sheet: uncomputed)) {
            #expect(problem.reason.hasPrefix("the cell AB3 holds a formula whose value was never computed"))
        } else {
            Issue.record("an uncomputed formula was read as empty")
        }
        let emptyText = #"<row r="1">\#(Self.inline("A1", "x"))<c r="B1" t="str"><f>""</f><v></v></c></row>"#
        #expect(try Self.read(try Self.workbook(sheet: emptyText))?.get() == ["x"])
    }

    /// A cell merged down a column (a unit's id once for its three talents) is read in every row it spans,
    /// as the clerk sees it beside each; a title merged across its one row stays one cell.
    @Test func aCellMergedDownAColumnIsReadInEachRowItSpans() throws {
        let rows =
            #"<row r="1">\#(Self.inline("A1", "名单"))</row>"#
            + #"<row r="2">\#(Self.inline("A2", "T-1"))\#(Self.inline("B2", "u-1"))</row>"#
            + #"<row r="3">\#(Self.inline("A3", "T-2"))<c r="B3" s="1"/></row>"#
            + #"<row r="4">\#(Self.inline("A4", "T-3"))</row><row r="5">\#(Self.inline("A5", "T-4"))</row>"#
        let sheet = Self.sheet(rows).replacingOccurrences(
            of: "</sheetData>",
            with: #"</sheetData><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B2:B4"/></mergeCells>"#)
        let data = try Self.zip([
            ("xl/workbook.xml", Self.oneSheet), ("xl/_rels/workbook.xml.rels", Self.oneRelationship),
            ("xl/worksheets/sheet1.xml", sheet),
        ])
        #expect(try Self.read(data)?.get() == ["名单", "T-1,u-1", "T-2,u-1", "T-3,u-1", "T-4"])
    }

    /// A filled row the sheet hides (by hand or by a filter) is a row the clerk does not see: the list is
    /// refused naming it, rather than imported with it or without it; a hidden row with nothing in it is
    /// no matter.
    @Test func aSheetHidingFilledRowsIsRefusedNamingThem() throws {
        let rows =
            #"<row r="1">\#(Self.inline("A1", "编号"))</row><row r="2" hidden="1">\#(Self.inline("A2", "T-1"))</row>"#
            + #"<row r="3">\#(Self.inline("A3", "T-2"))</row><row r="4" hidden="true" customFormat="1"/>"#
        let refused = try Self.read(try Self.workbook(sheet: rows))
        #expect(throws: CSV.Problem.self) { try refused?.get() }
        if case .failure(let problem)? = refused {
            #expect(problem.chinese.hasPrefix("工作表中有隐藏的行（第 2 行）"), "\(problem.chinese)")
        }
        let emptyHidden = #"<row r="1">\#(Self.inline("A1", "编号"))</row><row r="2" hidden="1"/>"#
        #expect(try Self.read(try Self.workbook(sheet: emptyHidden))?.get() == ["编号", ""])
    }
}
