// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S1 and SEC1 are the register's own spelling.

import EventStore
import Foundation
import Postgres
import ReadModels
import Reports
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import talentledger

/// The documents are opened again by other programs (openpyxl, python-docx, zipfile: as office software
/// would read them) and checked cell by cell and paragraph by paragraph.
@Suite("talentledger export: the campaign's documents and package (S1, SEC1, SEC3, T4)")
struct ExportTests {
    /// The education department with two units: 吉林大学 (an excellent result publicized with an objection
    /// answered; a classified talent) and 长白研究所 (an unqualified result that exits, G5; a grade pending
    /// an investigation, G2). Answers the database's URL.
    static func campaign(_ name: String) async throws -> String {
        let configuration = try await TestDatabase.fresh(name)
        let cluster = try await TestDatabase.sharedCluster()
        let policy = try PolicyDirectory.load()
        try await TestDatabase.withStore(on: configuration, maximumConnections: 4) { store, _ in
            try await registerEducationDepartment(units: [("univ", "吉林大学"), ("inst", "长白研究所")], in: store)
            let register = TalentRegister(store: store, policy: policy)
            let start = try Day("2020-06-01")
            for (id, unit, tier, classified) in [
                ("E-1", "univ", Tier.C, false), ("E-2", "univ", .C, true), ("E-3", "inst", .D, false),
                ("E-4", "inst", .D, false),
            ] {
                try await register.handle(
                    .evaluate(
                        Evaluation(
                            talentId: TalentID(id), tier: tier, unit: UnitID(unit), professionalField: "材料",
                            evaluatingDocument: "吉人社字〔2020〕1号", certificateDate: start, classified: classified)),
                    for: TalentID(id), on: start, by: .system)
            }
            try await register.catchUpProjections()
            for (id, name) in [("E-1", "张三丰"), ("E-2", "李秘密"), ("E-3", "王五"), ("E-4", "赵六")] {
                try await register.replaceProfile(
                    PersonalData(
                        name: name, nationalID: id == "E-1" ? "11010519491231002X" : nil,
                        phone: id == "E-1" ? "13800135678" : nil),
                    of: TalentID(id), by: .system)
            }
            let info = BasicInfo(industry: "教育", professionalField: "材料", education: "博士", professionalTitle: "教授")
            let story: [(String, TalentCommand, String)] = [
                ("E-1", .collectBasicInfo(campaign: 2025, info: info), "2026-01-04"),
                ("E-1", .registerEndTerm(campaign: 2025), "2026-01-05"),
                ("E-1", .grade(campaign: 2025, grade: .excellent, decidedCollectively: true), "2026-02-10"),
                ("E-1", .startPublicity(campaign: 2025), "2026-02-12"),
                ("E-1", .fileObjection(campaign: 2025, objectionId: "O-1", summary: "成果署名存疑"), "2026-02-13"),
                ("E-1", .answerObjection(campaign: 2025, objectionId: "O-1", response: "经核实署名无误"), "2026-02-16"),
                ("E-1", .endPublicity(campaign: 2025), "2026-02-25"),
                ("E-3", .registerEndTerm(campaign: 2025), "2026-01-05"),
                ("E-3", .grade(campaign: 2025, grade: .unqualified, decidedCollectively: true), "2026-02-10"),
                ("E-3", .notifyResult(campaign: 2025), "2026-02-11"),
                ("E-3", .finalizeResult(campaign: 2025), "2026-02-20"),
                ("E-4", .registerEndTerm(campaign: 2025), "2026-01-05"),
                ("E-4", .markGradePending(campaign: 2025, investigation: "正在接受纪律审查"), "2026-02-10"),
            ]
            for (id, command, day) in story {
                try await register.handle(command, for: TalentID(id), on: try Day(day), by: .system)
            }
            try await register.catchUpProjections()
        }
        return cluster.url(database: try #require(configuration.database))
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
    }

    @Test func S1_SEC1_T4_aUnitsDocumentsCarryTheirColumnsDatesAndNamesButNoIdNumbersOrClassifiedTalents()
        async throws
    {
        let url = try await Self.campaign("cli_export_unit")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await Export.parse(
            ["--unit", "univ", "--on", "2026-03-20", "--out", folder.path, "--database-url", url, "--quiet"]
        ).output()
        #expect(output.contains("packed \(folder.path)/吉林2025人才考核.zip"), "S1: named <short name>2025人才考核")
        // SEC1: the documents name talents, so only their owner may read them, as a backup.
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let mode =
                try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[
                    .posixPermissions] as? Int
            #expect(mode == 0o600, "\(name): \(String(mode ?? 0, radix: 8))")
        }

        let one = try #require(
            try OfficeDocuments.workbook(folder.appendingPathComponent("附件1_吉林_高层次人才基本信息采集表（2025）.xlsx").path).first)
        #expect(one.merged.contains("A1:K1"))
        #expect(one.rows[0].first == "高层次人才基本信息采集表（2025）")
        #expect(one.rows[1].first == "填报单位：吉林大学    填报日期：2026年3月20日")
        #expect(
            one.rows[2].compactMap { $0 } == [
                "序号", "人才编号", "姓名", "层次", "现工作单位", "所属行业", "专业领域", "学历", "职称", "是否存在应予退出或降级情形",
                "填报时管理状态",
            ])
        #expect(one.frozen == "A4")
        // Printed: every page numbered; the header row tall enough for its longest header wrapped.
        #expect(one.footer == "第 &P 页，共 &N 页")
        #expect(one.heights["3"] == 30, "是否存在应予退出或降级情形 takes two lines: \(one.heights)")
        #expect(
            one.rows[3].compactMap { $0 } == ["1", "E-1", "张三丰", "C类", "吉林大学", "教育", "材料", "博士", "教授", "否", "管理期内"])
        #expect(!one.allText.contains("11010519491231002X") && !one.allText.contains("13800135678"), "SEC1")
        #expect(!one.allText.contains("李秘密") && !one.allText.contains("E-2"), "T4: counted, never listed")
        #expect(one.allText.contains("本表范围内另有涉密人员1名"), "the form's own scope, which a summary's 其中涉密 may exceed")
        #expect(!one.allText.contains("王五"), "another unit's talents stay out of a unit's forms")

        let fourSheets = try OfficeDocuments.workbook(
            folder.appendingPathComponent("附件4_吉林_2025年度高层次人才管理期期中业绩调查和期末考核情况合并汇总表.xlsx").path)
        #expect(fourSheets.count == 1, "a unit's own form has no summary sheet")
        let four = try #require(fourSheets.first)
        #expect(four.rows[0].first == "2025年度高层次人才管理期期中业绩调查和期末考核情况合并汇总表")
        #expect(four.rows[2].compactMap { $0 }.prefix(6) == ["序号", "人才编号", "姓名", "层次", "现工作单位", "考核类别"])
        let row = four.rows[3]
        #expect(row[2] == "张三丰")
        #expect(row[5] == "期末考核")
        #expect(row[7] == "优秀")
        #expect(row[8] == "2026-02-12")
        #expect(row[9] == "2026-02-25")
        #expect(row[10] == "已答复1件，未答复0件")
        #expect(four.dates.contains("I4") && four.dates.contains("J4"), "publicity dates are dates: \(four.dates)")

        let report = try OfficeDocuments.document(
            folder.appendingPathComponent("附件5_吉林_吉林大学2025年度高层次人才管理期期中业绩调查和期末考核工作报告.docx").path)
        #expect(report.paragraphs.first?.text == "吉林大学2025年度高层次人才管理期期中业绩调查和期末考核工作报告")
        #expect(report.paragraphs.first?.style == "Title")
        // Each page numbered at its foot (— 1 —, GB/T 9704); the signature's name kept with its date.
        #expect(report.footerFields == ["PAGE"] && report.footer == "— 1 —")
        let signature = try #require(report.paragraphs.firstIndex { $0.style == "Signature" })
        #expect(report.keepWithNext[signature], "the organization's name is not left without its date")
        #expect(report.paragraphs.contains { $0.text.contains("本单位纳入2025年度高层次人才考核工作范围的人才共2名，其中涉密人员1名") })
        // T4: the classified talent is in the total alone; by tier, the table shows the named rows only (a
        // tier counted with it would tell its tier by subtraction from Attachment 1's rows).
        #expect(report.tables.first?.first(where: { $0.first == "C类" }) == ["C类", "1"])
        #expect(report.tables.first?.first(where: { $0.first == "涉密人员（不分层次）" }) == ["涉密人员（不分层次）", "1"])
        #expect(report.tables.first?.last == ["合计", "2"])
        #expect(report.tables[1].first(where: { $0.first == "优秀" }) == ["优秀", "1", "0"], "given, not yet final")
        #expect(report.paragraphs.contains { $0.text.contains("对考核结果收到异议1件，已核实答复1件，尚未答复0件") })
        // S1: the days whose exits and downgrades it counts (the first campaign's from January 1).
        #expect(report.paragraphs.contains { $0.text.hasPrefix("2025年1月1日至2026年3月20日，退出管理") }, "\(report.paragraphs)")
        #expect(!report.allText.contains("李秘密") && !report.allText.contains("11010519491231002X"), "SEC1, T4")

        let package = try OfficeDocuments.package(folder.appendingPathComponent("吉林2025人才考核.zip").path)
        #expect(
            package.entries.map(\.name) == [
                "吉林2025人才考核/附件1_吉林_高层次人才基本信息采集表（2025）.xlsx",
                "吉林2025人才考核/附件4_吉林_2025年度高层次人才管理期期中业绩调查和期末考核情况合并汇总表.xlsx",
                "吉林2025人才考核/附件5_吉林_吉林大学2025年度高层次人才管理期期中业绩调查和期末考核工作报告.docx",
            ])
        #expect(package.entries.allSatisfy { $0.utf8 }, "Chinese names are flagged UTF-8")
        #expect(package.entries.allSatisfy { $0.mode == 0o600 }, "SEC1: unpacked, readable by their owner only")
        // Stamped with China's wall-clock time, which its readers show as theirs (a zip keeps no zone).
        let china = Date().addingTimeInterval(8 * 3600)
        let stamped = try #require(package.entries.first?.modified)
        let parser = ISO8601DateFormatter()
        let read = try #require(parser.date(from: stamped + "Z"))
        #expect(abs(read.timeIntervalSince(china)) < 600, "stamped \(stamped), China's time \(china)")
        #expect(package.entries[0].sheets?.first?.rows[3][2] == "张三丰", "the package's forms open as the loose ones")
        #expect(package.entries[2].document?.paragraphs.first?.style == "Title")

        // Another unit's documents exported into the same folder sit beside these, named with their unit.
        _ = try await Export.parse(
            ["--unit", "inst", "--on", "2026-03-20", "--out", folder.path, "--database-url", url, "--quiet"]
        ).output()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for unit in ["吉林", "长白"] {
            #expect(names.contains("附件1_\(unit)_高层次人才基本信息采集表（2025）.xlsx"), "\(names)")
            #expect(names.contains("\(unit)2025人才考核.zip"), "\(names)")
        }
        let univ = try OfficeDocuments.workbook(
            folder.appendingPathComponent("附件1_吉林_高层次人才基本信息采集表（2025）.xlsx").path)
        #expect(univ.first?.rows[1].first == "填报单位：吉林大学    填报日期：2026年3月20日", "not taken by the other unit's")
    }

    @Test func S1_SEC3_T4_aDepartmentsPackageMergesItsUnitsRowsWithASummarySheetPerUnit() async throws {
        let url = try await Self.campaign("cli_export_department")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Export.parse(
            ["--organization", "dept", "--on", "2026-03-20", "--out", folder.path, "--database-url", url, "--quiet"]
        ).output()
        // SEC3: the department's aggregate travels as one package for offline delivery.
        let package = try OfficeDocuments.package(folder.appendingPathComponent("教育厅2025人才考核.zip").path)
        #expect(package.entries.count == 3)
        let four = try #require(package.entries[1].sheets)
        #expect(four.map(\.name) == ["附件4", "各单位汇总"])
        // Both units' talents in register-id order, each row naming its unit.
        let rows = four[0].rows.dropFirst(3).filter { $0.count > 1 && $0[1] != nil }
        #expect(
            rows.map { $0[1] } == ["E-1", "E-3", "E-4"], "both units' rows, merged; the classified one counted only")
        #expect(rows.map { $0[4] } == ["吉林大学", "长白研究所", "长白研究所"])
        #expect(rows.map { $0[0] } == ["1", "2", "3"])
        let exited = try #require(rows.first { $0[1] == "E-3" })
        #expect(
            exited[7] == "不合格" && exited[11] == "2026-02-11" && exited[12] == "不合格" && exited[13] == "退出管理（2026-02-20）")
        #expect(rows.first { $0[1] == "E-4" }?[7] == "暂不确定：正在接受纪律审查")
        #expect(four[0].rows[1].first == "填报单位：省教育厅    填报日期：2026年3月20日")

        let summary = four[1]
        let header = try #require(summary.rows[2].compactMap { $0 } as [String]?)
        #expect(header.prefix(5) == ["序号", "单位", "报送情况", "人才数", "其中涉密"])
        #expect(header.contains("应考核") && !header.contains("应采集基本信息"), "Attachment 4's own figures: \(header)")
        func lines(_ sheet: OfficeDocuments.Sheet) -> [String: [String?]] {
            Dictionary(
                uniqueKeysWithValues: sheet.rows.dropFirst(3).compactMap { row -> (String, [String?])? in
                    guard let unit = row[1] else { return nil }
                    return (unit, row)
                })
        }
        let fourLines = lines(summary)
        let column = { (name: String) in try #require(header.firstIndex(of: name)) }
        #expect(fourLines["吉林大学"]?[try column("人才数")] == "2")
        #expect(fourLines["吉林大学"]?[try column("其中涉密")] == "1")
        #expect(fourLines["吉林大学"]?[try column("报送情况")] == "填报中")
        #expect(fourLines["长白研究所"]?[try column("不合格")] == "1")
        #expect(fourLines["长白研究所"]?[try column("退出（人次）")] == "1")
        #expect(fourLines["合计"]?[try column("人才数")] == "4")
        #expect(fourLines["合计"]?[try column("暂不确定")] == "1")
        // Each summary agrees with its form's rows: the classified talent is in neither (T4).
        let fourRows = rows.count
        let figure = { (name: String) in Int(fourLines["合计"]?[try column(name)] ?? "") ?? -1 }
        #expect(try figure("应调查") + figure("应考核") == fourRows)
        let one = try #require(package.entries[0].sheets)
        let oneHeader = try #require(one[1].rows[2].compactMap { $0 } as [String]?)
        let oneColumn = { (name: String) in try #require(oneHeader.firstIndex(of: name)) }
        let oneRows = one[0].rows.dropFirst(3).filter { $0.count > 1 && $0[1] != nil }.count
        let oneLines = lines(one[1])
        #expect(oneLines["合计"]?[try oneColumn("应采集基本信息")] == String(oneRows))
        let byTier = try Tier.allCases.map { Int(oneLines["合计"]?[try oneColumn("\($0.rawValue)类")] ?? "") ?? 0 }
        #expect(byTier.reduce(0, +) == oneRows, "the tiers add up to the form's rows")
        let oneFigure = { (name: String) in Int(oneLines["合计"]?[try oneColumn(name)] ?? "") ?? -1 }
        #expect(
            try oneFigure("人才数") == oneFigure("其中涉密") + byTier.reduce(0, +) + oneFigure("不在本表（已退出）"),
            "人才数 adds up from the classified, the tiers and those not in the form")

        let report = try #require(package.entries[2].document)
        #expect(report.paragraphs.first?.text == "省教育厅2025年度高层次人才管理期期中业绩调查和期末考核工作报告")
        #expect(report.paragraphs.contains { $0.text.hasPrefix("所辖2个用人单位纳入2025年度") })
        #expect(report.tables.contains { $0.contains(["期末考核不合格", "1"]) }, "exits by reason")
        // A level's report names its units' exits as a unit's does, with the unit.
        let exits = try #require(report.tables.first { $0.first == ["序号", "人才编号", "姓名", "单位", "退出原因"] })
        #expect(exits.dropFirst().map { $0[1] } == ["E-3"])
        #expect(exits.dropFirst().first?[3] == "长白研究所")
        #expect(!report.allText.contains("李秘密"), "T4")
    }

    @Test func theProvincesFormsHoldEveryUnitAndAWrongScopeIsAClearError() async throws {
        let url = try await Self.campaign("cli_export_province")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await Export.parse(
            ["--province", "--on", "2026-03-20", "--out", folder.path, "--database-url", url, "--quiet"]
        ).output()
        #expect(output.contains("packed \(folder.path)/省厅2025人才考核.zip"))
        #expect(output.contains("4 talents in the campaign (1 classified, counted only) across 2 units"))

        let notALevel = await #expect(throws: CLIFailure.self) {
            try await Export.parse(["--organization", "univ", "--out", folder.path, "--database-url", url]).output()
        }
        #expect(notALevel?.description.contains("--unit") == true)
        // A campaign's documents are made within it: 2025's dated 2020 would report a year not begun.
        let beforeTheCampaign = await #expect(throws: CLIFailure.self) {
            try await Export.parse(
                ["--province", "--on", "2024-12-31", "--out", folder.path, "--database-url", url, "--quiet"]
            ).output()
        }
        #expect(beforeTheCampaign?.description.contains("before campaign 2025 began (2025-01-01)") == true)
        // A campaign the policy does not hold is said so, whatever the day.
        let unknown = await #expect(throws: CLIFailure.self) {
            try await Export.parse(
                ["--province", "--campaign", "2027", "--out", folder.path, "--database-url", url, "--quiet"]
            ).output()
        }
        #expect(unknown?.description.contains("no campaign 2027") == true, "\(String(describing: unknown))")
        // A refused export leaves none of the folders it made for itself, those above --out included.
        let deep = Self.folder().appendingPathComponent("a/b")
        await #expect(throws: CLIFailure.self) {
            try await Export.parse(["--unit", "nowhere", "--out", deep.path, "--database-url", url, "--quiet"]).output()
        }
        #expect(CLIValues.kind(at: deep.deletingLastPathComponent().deletingLastPathComponent().path) == nil)
        #expect(throws: (any Error).self) { try Export.parse(["--out", folder.path]) }
        #expect(throws: (any Error).self) { try Export.parse(["--unit", "univ", "--province", "--out", folder.path]) }
    }

    /// An export that fails halfway (here: a talent whose history cannot be read) leaves the folder as it
    /// was: no half-written workbook over an earlier export's whole one, and nothing of its own.
    @Test func anExportThatFailsHalfwayLeavesTheFolderAsItWas() async throws {
        let url = try await Self.campaign("cli_export_halfway")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--province", "--on", "2026-03-20", "--out", folder.path, "--database-url", url, "--quiet"]
        _ = try await Export.parse(arguments).output()
        func contents() throws -> [String: Data] {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            return try Dictionary(
                uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) })
        }
        let before = try contents()
        #expect(before.count == 4, "three documents and their package: \(before.keys.sorted())")
        _ = try await TestDatabase.withStore(on: try ConnectionConfiguration(url: url), maximumConnections: 2) {
            store, _ in
            try await store.append(
                [NewEvent(type: "NoSuchEvent", data: Data("{}".utf8), effectiveDate: "2021-03-01")],
                to: "talent-E-3", type: "talent", expecting: .any)
        }
        await #expect(throws: (any Error).self) { try await Export.parse(arguments).output() }
        #expect(try contents() == before)
        // Nor does it keep a file of its own open: the forms' rows waited in temporary files in its staging
        // folder, and a sheet left empty by the failure (the province's summary) kept its file open for
        // the life of the process (libxlsxwriter 1.1.4), two descriptors a failed export.
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
        let kept = descriptors.compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")
        }
        .filter { $0.hasPrefix(folder.path + "/.talentledger-export-") }
        #expect(kept.isEmpty, "\(kept)")
    }

    /// An export into a folder holding an earlier export's documents replaces them, and says so (a clerk
    /// tester's finding: the second export said "wrote" as the first had).
    @Test func anExportThatReplacesAnEarlierOnesDocumentsSaysSo() async throws {
        let url = try await Self.campaign("cli_export_replaces")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await Export.parse(
            ["--unit", "univ", "--on", "2026-03-20", "--out", folder.path, "--database-url", url, "--quiet"]
        ).output()
        #expect(!first.contains("replacing"), "\(first)")
        let second = try await Export.parse(
            ["--unit", "univ", "--on", "2026-03-19", "--out", folder.path, "--database-url", url, "--quiet"]
        ).output()
        let replacing = second.split(separator: "\n").filter { $0.hasSuffix("(replacing the earlier one)") }
        #expect(replacing.count == 4, "\(second)")
    }

    /// A folder under the name of one of the documents or of the package is the operator's, not an
    /// earlier export's: the export is refused naming it, and that folder and the rest stay as they were.
    @Test func anExportDoesNotReplaceAFolderUnderADocumentsName() async throws {
        let url = try await Self.campaign("cli_export_folder_clash")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "--unit", "univ", "--on", "2026-03-20", "--out", folder.path, "--database-url", url, "--quiet",
        ]
        _ = try await Export.parse(arguments).output()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let package = try #require(names.first { $0.hasSuffix(".zip") })
        let attachmentOne = try #require(names.first { $0.hasPrefix("附件1") })
        try FileManager.default.removeItem(at: folder.appendingPathComponent(package))
        let kept = folder.appendingPathComponent(package).appendingPathComponent("keep.txt")
        try FileManager.default.createDirectory(
            at: kept.deletingLastPathComponent(), withIntermediateDirectories: false)
        try Data("precious".utf8).write(to: kept)
        let before = try Data(contentsOf: folder.appendingPathComponent(attachmentOne))

        let refused = await #expect(throws: CLIFailure.self) { try await Export.parse(arguments).output() }
        #expect(refused?.description.contains("\(package): a folder of that name is there") == true)
        #expect(try Data(contentsOf: kept) == Data("precious".utf8))
        #expect(try Data(contentsOf: folder.appendingPathComponent(attachmentOne)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == names)
    }

    /// An export writes into a folder its caller made and makes none of its own: the command line's
    /// staging folder, removed on Ctrl-C while the export runs on, cannot be made again by it.
    @Test func anExportMakesNoFolderOfItsOwn() async throws {
        let url = try await Self.campaign("cli_export_no_folder")
        let missing = Self.folder()
        try await TestDatabase.withStore(on: try ConnectionConfiguration(url: url), maximumConnections: 2) { store, _ in
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            await #expect(throws: (any Error).self) {
                try await register.exportCampaign(
                    2025, scope: .unit("univ"), on: try Day("2026-03-20"), to: missing, package: true, by: .system)
            }
        }
        #expect(CLIValues.kind(at: missing.path) == nil)
    }
    /// S1: a unit's full name goes into its work report's file name as the notice's template names the
    /// report; one holding a folder's separator or what Windows refuses, or too long for a file's name,
    /// still gets its documents and package, the name made safe and cut (a clerk tester's finding: the
    /// report and the package were a 500, the CLI said the folder did not exist).
    @Test func S1_aUnitWhoseFullNameHoldsASlashOrRunsLongGetsItsDocuments() async throws {
        let configuration = try await TestDatabase.fresh("cli_export_odd_names")
        let cluster = try await TestDatabase.sharedCluster()
        let long = "七测县" + String(repeating: "高层次人才工作研究所", count: 6)
        try await TestDatabase.withStore(on: configuration, maximumConnections: 4) { store, _ in
            try await registerEducationDepartment(units: [("slash", "七测县/斜杠研究所:二*部?"), ("long", long)], in: store)
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            let start = try Day("2020-06-01")
            for (id, unit) in [("S-1", "slash"), ("L-1", "long")] {
                try await register.handle(
                    .evaluate(
                        Evaluation(
                            talentId: TalentID(id), tier: .C, unit: UnitID(unit), professionalField: "材料",
                            evaluatingDocument: "吉人社字〔2020〕1号", certificateDate: start)),
                    for: TalentID(id), on: start, by: .system)
            }
            try await register.catchUpProjections()
        }
        let url = cluster.url(database: try #require(configuration.database))
        for unit in ["slash", "long"] {
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try await Export.parse(
                ["--unit", unit, "--on", "2026-03-20", "--out", folder.path, "--database-url", url, "--quiet"]
            ).output()
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(files.count == 4, "\(unit): \(files)")
            let report = try #require(files.first { $0.hasPrefix("附件5_") })
            #expect(report.utf8.count <= 255 && report.hasSuffix("工作报告.docx"), "\(report)")
            #expect(!report.contains(where: { ":*?/\\".contains($0) }), "\(report)")
            if unit == "slash" {
                #expect(report == "附件5_七测_七测县_斜杠研究所_二_部_2025年度高层次人才管理期期中业绩调查和期末考核工作报告.docx")
            } else {
                #expect(report.contains("…2025年度"), "a long name is cut: \(report)")
            }
            let package = try OfficeDocuments.package(folder.appendingPathComponent("七测2025人才考核.zip").path)
            #expect(package.entries.count == 3)
        }
        #expect(CampaignForms.fileNamePart("甲\t乙|丙", bytes: 60) == "甲_乙_丙")
        #expect(
            CampaignForms.fileNamePart(String(repeating: "长", count: 40), bytes: 60) == String(
                repeating: "长", count: 19) + "…")
    }
}
