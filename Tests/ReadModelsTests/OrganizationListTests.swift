// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like O1 are the register's own spelling.

import Foundation
import TalentLedgerTesting
import Testing

@testable import ReadModels
@testable import TalentDomain

@Suite("The organization tree an operator loads (O1)")
struct OrganizationListTests {
    static let limits = RegisterLimits(
        earliestDay: Day(ordinal: 0), latestDay: Day(ordinal: 100_000), maximumTextLength: 200)

    static func csv(_ organizations: [Organization], header: String = "id,name,shortName,kind,parent,region") -> Data {
        let lines = organizations.map {
            [$0.id, $0.name, $0.shortName, $0.kind.rawValue, $0.parentID ?? "", $0.region ?? ""].joined(separator: ",")
        }
        return Data(([header] + lines).joined(separator: "\n").utf8)
    }

    /// O1: the demo province's tree, written as a file, reads back whole: every kind reports to a kind the
    /// chain of authority names, parents before or after their children.
    @Test func O1_theDemoProvincesTreeReadsBackAsAList() throws {
        let tree = DemoProvince(seed: 7, talents: 0).organizations()
        let read = OrganizationList.read(Self.csv(tree.reversed()), registered: [], limits: Self.limits)
        #expect(read.problems.isEmpty, "\(read.problems.prefix(3))")
        #expect(Set(read.organizations.map(\.id)) == Set(tree.map(\.id)))
        #expect(read.organizations.first { $0.kind == .provincialOffice }?.parentID == nil)
    }

    /// O1: a line whose parent is of a kind its kind does not report to, missing, or absent is refused with
    /// its line (a parent differing in case alone offered as the one meant); so is a second provincial
    /// office, an id twice or registered already, a kind unknown or a name empty. The Chinese headings name
    /// the columns too.
    @Test func O1_aLineOutsideTheChainOfAuthorityIsRefusedWithItsLine() throws {
        let office = Organization(
            id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
        let text = """
            编号,名称,简称,类别,上级,市州
            city,长春市人社局,长春,cityBureau,prov,长春市
            unit-1,市一中,一中,countyUnit,city,长春市
            unit-2,市医院,医院,cityUnit,,长春市
            unit-3,市医院三院,三院,cityUnit,nowhere,长春市
            city,长春市人社局,长春,cityBureau,prov,长春市
            prov,省人社厅,省厅,provincialOffice,,
            prov2,省厅二,省厅二,provincialOffice,,
            unit-4,单位,单位,hospital,city,
            unit-5,,单位,cityUnit,city,
            unit-6,单位六,单位六,cityUnit,city,长春市
            unit-7,单位七,单位七,cityUnit,CITY,长春市
            """
        let read = OrganizationList.read(Data(text.utf8), registered: [office], limits: Self.limits)
        let byLine = Dictionary(grouping: read.problems, by: \.line).mapValues { $0.map(\.reason) }
        #expect(byLine[3]?.first?.contains("a countyUnit reports to a countyBureau, not to city") == true)
        #expect(byLine[4]?.first?.contains("reports to a cityBureau") == true)
        #expect(byLine[5]?.first?.contains("parent nowhere is neither registered nor in the file") == true)
        #expect(byLine[6]?.first == "city repeats line 2 (ids are the same in any case)")
        #expect(byLine[7]?.first == "prov is registered already")
        #expect(byLine[8]?.first == "prov2: the register holds one provincial office")
        #expect(byLine[9]?.first?.contains("kind 'hospital' is not one of") == true)
        #expect(byLine[10]?.first == "unit-5: name is empty")
        // A parent that differs from one in case alone is offered as the one meant.
        #expect(byLine[12]?.first == "unit-7: parent CITY is neither registered nor in the file (did you mean city?)")
        #expect(byLine[2] == nil && byLine[11] == nil, "\(read.problems)")
        #expect(read.problems.allSatisfy { !$0.chinese.isEmpty })
        // A header without a column it needs says which; one it does not know (misspelt), or gives twice, is
        // refused too, rather than its values dropped.
        for (header, said) in [
            ("id,name,shortName,kind,parent,regoin", "'regoin' is no column"),
            ("id,name,shortName,kind,parent,联系电话", "'联系电话' is personal data no tree carries (SEC1)"),
            ("id,name,name,shortName,kind,parent", "the header gives name twice"),
        ] {
            let read = OrganizationList.read(
                Data("\(header)\nx,y,z,cityUnit,city".utf8), registered: [], limits: Self.limits)
            #expect(read.problems.map(\.reason).contains { $0.hasPrefix(said) }, "\(read.problems)")
            #expect(read.organizations.isEmpty)
        }
        let headless = OrganizationList.read(Data("id,name\nx,y".utf8), registered: [], limits: Self.limits)
        #expect(headless.problems.first?.reason.contains("the header lacks shortName, kind, parent") == true)
    }

    /// Each line as its header says: a value past the last column (a comma too many in a name moved the
    /// line along), an id that is another's in another case, a short name another organization has (S1
    /// names a unit's documents by it: two alike overwrite each other's), a tab or an invisible character
    /// in a name, and a file of the header alone are refused, each with its line.
    @Test func O1_S1_linesBeyondTheHeaderIdsInAnotherCaseShortNamesTwiceAndInvisibleCharactersAreRefused() throws {
        let office = Organization(
            id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
        let city = Organization(
            id: "city", name: "长春市人社局", shortName: "长春", kind: .cityBureau, parentID: "prov", region: nil)
        let text = """
            id,name,shortName,kind,parent,region,,
            u-1,长春市中心医院,长春中心医院,cityUnit,city,长春市,,
            u-2,长春市中心医院,长春中心医院,cityUnit,city,长春市
            U-1,一中,一中,cityUnit,city,长春市
            CITY,另一局,另一局,cityBureau,prov,长春市
            u-3,二中,长春,cityUnit,city,长春市
            u-4,三中,三中,cityUnit,city,长春市,extra
            u-5,四\u{200B}中,四中,cityUnit,city,长春市
            u-6,五中,五\t中,cityUnit,city,长春市
            u-7,六中,六中,cityUnit,city,长春市
            u-8,吉大医学部,吉大/医学部,cityUnit,city,长春市
            u-9,七中,ＡＢＣ,cityUnit,city,长春市
            u-10,八中,abc,cityUnit,city,长春市
            """
        let read = OrganizationList.read(Data(text.utf8), registered: [office, city], limits: Self.limits)
        let byLine = Dictionary(grouping: read.problems, by: \.line).mapValues { $0.map(\.reason) }
        #expect(byLine[2] == nil, "trailing empty columns are none: \(read.problems)")
        #expect(byLine[3]?.first?.contains("the short name 长春中心医院 is u-1's too (line 2") == true)
        #expect(byLine[4]?.first == "U-1 repeats line 2 (ids are the same in any case)")
        #expect(byLine[5]?.first == "CITY is registered already (as city)")
        #expect(byLine[6]?.first?.contains("the short name 长春 is city's already") == true)
        #expect(byLine[7]?.first?.hasPrefix("expected 6 fields") == true)
        #expect(byLine[8]?.first?.contains("name holds a control or invisible character") == true)
        #expect(byLine[9]?.first?.contains("shortName holds a control or invisible character") == true)
        #expect(byLine[10] == nil)
        // A short name names files (S1): no folder separator nor a character Windows keeps out of a name, and
        // two that a file system takes for one (in another case or width) are one.
        #expect(byLine[11]?.first?.contains("shortName 吉大/医学部 names the unit's files (S1)") == true)
        #expect(byLine[12] == nil)
        #expect(byLine[13]?.first?.contains("the short name abc is u-9's too (line 12") == true)
        // An .xls (no zip: the old binary workbook) is said as one, with how to save it again.
        let xls = OrganizationList.read(
            Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), registered: [], limits: Self.limits)
        #expect(
            xls.problems.map(\.reason).first?.hasPrefix(
                "the file is an .xls workbook, not CSV: save it again as an Excel workbook (.xlsx)") == true,
            "\(xls.problems)")
        let headerOnly = OrganizationList.read(
            Data("id,name,shortName,kind,parent,region\n\n".utf8), registered: [office], limits: Self.limits)
        #expect(headerOnly.problems.map(\.reason) == ["the file holds the header only: no organization to register"])
    }

    /// O1: a tree kept in a workbook (.xlsx, as an office keeps its lists) is read from its first sheet, with
    /// the Chinese headings under a title; a problem is said at the sheet's row, which a cell's line break
    /// does not move.
    @Test func O1_aTreeInAWorkbookIsReadFromItsFirstSheetByRow() throws {
        let office = Organization(
            id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
        func row(_ number: Int, _ cells: [String]) -> String {
            let columns = ["A", "B", "C", "D", "E", "F"]
            return #"<row r="\#(number)">"#
                + zip(columns, cells).map { WorkbookListTests.inline("\($0)\(number)", $1) }.joined() + "</row>"
        }
        let rows = [
            // A title above the header, as an office's sheet has one: passed over.
            row(1, ["长春市用人单位名录（2026年12月）"]),
            row(2, ["编号", "名称", "简称", "类别", "上级", "市州"]),
            row(3, ["city", "长春市人社局", "长春", "cityBureau", "prov", "长春市"]),
            // A name typed with Alt+Enter: a line break inside the cell, refused at its row.
            row(4, ["unit-1", "市一中\n高中部", "一中", "cityUnit", "city", "长春市"]),
            row(5, ["unit-2", "市医院", "医院", "hospital", "city", "长春市"]),
            // A row that ends early (no region) is a row whose last cells are empty.
            row(6, ["unit-3", "市三院", "三院", "cityUnit", "city"]),
            // A date cell where the short name goes: the sheet keeps its day number.
            #"<row r="7">"# + WorkbookListTests.inline("A7", "unit-4") + WorkbookListTests.inline("B7", "市四院")
                + #"<c r="C7"><v>45352</v></c>"# + WorkbookListTests.inline("D7", "cityUnit")
                + WorkbookListTests.inline("E7", "city") + "</row>",
        ].joined()
        let read = OrganizationList.read(
            try WorkbookListTests.workbook(sheet: rows), registered: [office], limits: Self.limits)
        let byLine = Dictionary(grouping: read.problems, by: \.line).mapValues { $0.map(\.reason) }
        #expect(Set(byLine.keys) == [4, 5, 7], "\(read.problems)")
        #expect(byLine[7]?.first?.contains("unit-4: shortName '45352' is a number, a date or a truth value") == true)
        #expect(byLine[4]?.first?.contains("unit-1: name holds a control or invisible character") == true)
        #expect(byLine[5]?.first?.contains("kind 'hospital' is not one of") == true)
        #expect(read.organizations.map(\.id) == ["city", "unit-3"])
        #expect(read.organizations.last?.region == nil)
        #expect(read.organizations.first?.name == "长春市人社局")
    }
    /// O1: a tree's workbook as a template comes, a notes sheet before the tree and a 序号 column, is read
    /// from the sheet holding the tree's header; a workbook holding none names the sheet it read (a re-check tester's
    /// finding: it was refused at line 1 without a word of which sheet).
    @Test func O1_aTreeBehindANotesSheetIsReadFromItsOwnSheet() throws {
        let office = Organization(
            id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
        let header: [OfficeDocuments.Cell] = ["序号", "编号", "名称", "简称", "类别", "上级", "市州"].map { .text($0) }
        let city: [OfficeDocuments.Cell] =
            [.number(1)] + ["city", "长春市人社局", "长春", "cityBureau", "prov", "长春市"].map { .text($0) }
        // A 序号 column, filled down past the tree, is passed over.
        let tree = try OfficeDocuments.writeWorkbook([header, city, [.number(2)]], notesFirst: true)
        let read = OrganizationList.read(
            try Data(contentsOf: URL(fileURLWithPath: tree)), registered: [office], limits: Self.limits)
        #expect(read.problems.isEmpty, "\(read.problems)")
        #expect(read.organizations.map(\.id) == ["city"])
        let headless = try OfficeDocuments.writeWorkbook([Array(header.dropLast(2)), city], notesFirst: true)
        let refused = OrganizationList.read(
            try Data(contentsOf: URL(fileURLWithPath: headless)), registered: [office], limits: Self.limits)
        #expect(refused.organizations.isEmpty)
        #expect(refused.problems.first?.chinese.hasPrefix("工作表“说明”：表头缺少编号") == true, "\(refused.problems)")
    }

    /// O1: a cell holding a formula no spreadsheet program computed (a script's workbook) is refused naming
    /// the cell, where it was read as empty: the clerk sees a value there once Excel opens it.
    @Test func O1_aFormulaWithNoComputedValueIsRefusedNamingItsCell() throws {
        let office = Organization(
            id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
        let rows: [[OfficeDocuments.Cell]] = [
            ["id", "name", "shortName", "kind", "parent"].map { .text($0) },
            ["city", "长春市人社局", "=LEFT(B2,2)", "cityBureau", "prov"].map { .text($0) },
        ]
        let read = OrganizationList.read(
            try Data(contentsOf: URL(fileURLWithPath: try OfficeDocuments.writeWorkbook(rows))), registered: [office],
            limits: Self.limits)
        #expect(read.organizations.isEmpty)
        #expect(
            read.problems.first?.reason.contains("the cell C2 holds a formula whose value was never computed") == true,
            "\(read.problems)")
        #expect(SheetRows.columnName(2) == "C" && SheetRows.columnName(27) == "AB")
    }
}
