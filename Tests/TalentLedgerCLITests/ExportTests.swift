// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S1 and SEC1 are the register's own spelling.

import EventStore
import Foundation
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import talentledger

/// The forms are opened again by another program (Python's openpyxl, as a spreadsheet would read them) and
/// checked cell by cell.
@Suite("talentledger export: the campaign's forms as .xlsx (S1, SEC1, T4)")
struct ExportTests {
    /// Every sheet's merged ranges, cells (as text) and the cells openpyxl reads as dates.
    struct Sheet: Decodable {
        var merged: [String]
        var rows: [[String?]]
        var dates: [String]
        var frozen: String?
    }

    struct ReadFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws -> Sheet {
        let script = """
            json, sys, datetime, openpyxl = (__import__(m) for m in ("json", "sys", "datetime", "openpyxl"))
            sheet = openpyxl.load_workbook(sys.argv[1]).active
            rows = [[None if c is None else (c.strftime('%Y-%m-%d') if isinstance(c, datetime.datetime) else str(c)) for c in r]
                    for r in sheet.iter_rows(values_only=True)]
            dates = [c.coordinate for r in sheet.iter_rows() for c in r if getattr(c, "is_date", False) and c.value is not None]
            print(json.dumps({"merged": sorted(str(m) for m in sheet.merged_cells.ranges), "rows": rows,
                              "dates": dates, "frozen": sheet.freeze_panes}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReadFailure(description: "python3 could not read \(path): \(problem)")
        }
        return try JSONDecoder().decode(Sheet.self, from: data)
    }

    @Test func S1_SEC1_T4_aUnitsFormsCarryTheirColumnsDatesAndNamesButNoIdNumbersOrClassifiedTalents() async throws {
        let configuration = try await TestDatabase.fresh("cli_export")
        let cluster = try await TestDatabase.sharedCluster()
        let url = cluster.url(database: try #require(configuration.database))
        let policy = try PolicyDirectory.load()
        try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            try await registerEducationDepartment(units: [("univ", "吉林大学")], in: store)
            let register = TalentRegister(store: store, policy: policy)
            let start = try Day("2020-06-01")
            for (id, classified) in [("E-1", false), ("E-2", true)] {
                try await register.handle(
                    .evaluate(
                        Evaluation(
                            talentId: TalentID(id), tier: .C, unit: UnitID("univ"), professionalField: "材料",
                            evaluatingDocument: "吉人社字〔2020〕1号", certificateDate: start, classified: classified)),
                    for: TalentID(id), on: start, by: .system)
            }
            try await register.catchUpProjections()
            try await register.replaceProfile(
                PersonalData(name: "张三丰", nationalID: "11010519491231002X", phone: "13800135678"),
                of: TalentID("E-1"), by: .system)
            try await register.replaceProfile(PersonalData(name: "李秘密"), of: TalentID("E-2"), by: .system)
            let info = BasicInfo(industry: "教育", professionalField: "材料", education: "博士", professionalTitle: "教授")
            for (command, day) in [
                (TalentCommand.collectBasicInfo(campaign: 2025, info: info), "2026-01-04"),
                (.registerEndTerm(campaign: 2025), "2026-01-05"),
                (.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), "2026-02-10"),
                (.startPublicity(campaign: 2025), "2026-02-12"), (.endPublicity(campaign: 2025), "2026-02-25"),
            ] {
                try await register.handle(command, for: TalentID("E-1"), on: try Day(day), by: .system)
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await Export.parse(
            ["--unit", "univ", "--on", "2026-03-20", "--out", folder.path, "--database-url", url]
        ).output()
        #expect(output.contains("附件1_高层次人才基本信息采集表.xlsx"))

        let one = try Self.read(folder.appendingPathComponent("附件1_高层次人才基本信息采集表.xlsx").path)
        #expect(one.merged.contains("A1:J1"))
        #expect(one.rows[0].first == "附件1 高层次人才基本信息采集表（2025年度）")
        #expect(one.rows[1].first == "填报单位：吉林大学    填报日期：2026-03-20")
        #expect(
            one.rows[2].compactMap { $0 } == [
                "序号", "人才编号", "姓名", "层次", "现工作单位", "所属行业", "专业领域", "学历", "职称", "是否存在退出或降级情形",
            ])
        #expect(one.frozen == "A4")
        #expect(one.rows[3].compactMap { $0 } == ["1", "E-1", "张三丰", "C类", "吉林大学", "教育", "材料", "博士", "教授", "否"])
        let everything = (one.rows.flatMap { $0 }.compactMap { $0 }).joined(separator: " ")
        #expect(!everything.contains("11010519491231002X") && !everything.contains("13800135678"), "SEC1")
        #expect(!everything.contains("李秘密") && !everything.contains("E-2"), "T4: counted, never listed")
        #expect(everything.contains("另有涉密人员1名"))

        let four = try Self.read(folder.appendingPathComponent("附件4_期中业绩调查和期末考核情况合并汇总表.xlsx").path)
        #expect(four.rows[2].compactMap { $0 }.prefix(4) == ["序号", "人才编号", "姓名", "层次"])
        let row = four.rows[3]
        #expect(row[2] == "张三丰")
        #expect(row[4] == "期末考核")
        #expect(row[6] == "优秀")
        #expect(row[7] == "2026-02-12")
        #expect(row[8] == "2026-02-25")
        #expect(four.dates.contains("H4") && four.dates.contains("I4"), "publicity dates are dates: \(four.dates)")
    }
}
