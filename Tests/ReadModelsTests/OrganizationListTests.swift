// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like O1 are the register's own spelling.

import Foundation
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
    /// its line; so is a second provincial office, an id twice or registered already, a kind unknown or a
    /// name empty. The Chinese headings name the columns too.
    @Test func O1_aLineOutsideTheChainOfAuthorityIsRefusedWithItsLine() throws {
        let office = Organization(
            id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
        let text = """
            编号,名称,简称,类别,上级,市州
            city,长春市人社局,长春,cityBureau,prov,长春市
            unit-1,市一中,一中,countyUnit,city,长春市
            unit-2,市医院,医院,cityUnit,,长春市
            unit-3,市医院,医院,cityUnit,nowhere,长春市
            city,长春市人社局,长春,cityBureau,prov,长春市
            prov,省人社厅,省厅,provincialOffice,,
            prov2,省厅二,省厅二,provincialOffice,,
            unit-4,单位,单位,hospital,city,
            unit-5,,单位,cityUnit,city,
            unit-6,单位,单位,cityUnit,city,长春市
            """
        let read = OrganizationList.read(Data(text.utf8), registered: [office], limits: Self.limits)
        let byLine = Dictionary(grouping: read.problems, by: \.line).mapValues { $0.map(\.reason) }
        #expect(byLine[3]?.first?.contains("a countyUnit reports to a countyBureau, not to city") == true)
        #expect(byLine[4]?.first?.contains("reports to a cityBureau") == true)
        #expect(byLine[5]?.first?.contains("parent nowhere is neither registered nor in the file") == true)
        #expect(byLine[6]?.first == "city repeats line 2")
        #expect(byLine[7]?.first == "prov is registered already")
        #expect(byLine[8]?.first == "prov2: the register holds one provincial office")
        #expect(byLine[9]?.first?.contains("kind 'hospital' is not one of") == true)
        #expect(byLine[10]?.first == "unit-5: name is empty")
        #expect(byLine[2] == nil && byLine[11] == nil, "\(read.problems)")
        #expect(read.problems.allSatisfy { !$0.chinese.isEmpty })
        // A header without a column it needs says which.
        let headless = OrganizationList.read(Data("id,name\nx,y".utf8), registered: [], limits: Self.limits)
        #expect(headless.problems.first?.reason.contains("the header lacks shortName, kind, parent") == true)
    }
}
