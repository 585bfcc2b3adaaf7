// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 are the register's own spelling.

import Foundation
import Postgres
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing
import ZIPFoundation

@testable import EventStore
@testable import ReadModels

@Suite("Evaluation list import")
struct EvaluationImportTests {
    let store: EventStore
    let policy: Policy
    let importDay = Day(ordinal: 20_454)  // 2026-01-01

    init() async throws {
        let configuration = try await TestDatabase.fresh("evaluation_import")
        store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 4))
        policy = try PolicyDirectory.load()
        // Two employer units and an authority, registered through the store (not yet projected).
        let units = [
            Organization(
                id: "u-1", name: "测试单位一", shortName: "单位一", kind: .cityUnit, parentID: "city-x", region: "长春市"),
            Organization(
                id: "u-2", name: "测试单位二", shortName: "单位二", kind: .privateEnterprise, parentID: "city-x", region: "长春市"),
            Organization(
                id: "city-x", name: "测试人社局", shortName: "人社局", kind: .cityBureau, parentID: nil, region: "长春市"),
        ]
        try await store.append(try units.map { try OrganizationStream.registration($0, on: "2020-01-01") })
    }

    func importer() -> EvaluationImport { EvaluationImport(store: store, policy: policy, date: importDay) }

    func count(_ sql: PostgresQuery) async throws -> Int {
        try await store.pool.withConnection { try await $0.query(sql).first?.decode(Int.self, at: 0) ?? -1 }
    }

    @Test func aGoodFileImportsEventsAndProfilesAndIsProjected() async throws {
        let file = """
            \u{FEFF}id,name,unit,tier,start_date,start_source,document\r
            G-1,"张, 伟",u-1,C,2024-03-01,electronic_certificate,"吉人社字〔2024〕1号"\r
            G-2,李明,u-2,e,2023-06-15,provincial_list_document,吉人社字〔2023〕9号\r
            G-3,"王""小""明",u-1,B,2019-05-01,jixiang_card_issued,吉人社字〔2019〕3号\r

            """
        let report = try await importer().run(Data(file.utf8))
        #expect(report.problems == [])
        #expect(report.written && report.talents == 3)
        #expect(try await count("SELECT count(*) FROM events WHERE stream_type = 'talent'") == report.events)
        let names = try await store.pool.withConnection { connection in
            try await connection.query("SELECT talent_id, name FROM talent_profiles ORDER BY talent_id")
                .map { "\(try $0.decode(String.self, at: 0))=\(try $0.decode(String.self, at: 1))" }
        }
        #expect(names == ["G-1=张, 伟", "G-2=李明", "G-3=王\"小\"明"])
        // Names are personal data: no event holds one.
        #expect(
            try await count("SELECT count(*) FROM events WHERE data::text LIKE '%李明%' OR metadata::text LIKE '%李明%'")
                == 0)
        try await ReadModelProjector(store: store, policy: policy).catchUp()
        let rows = try await store.pool.withConnection { connection in
            try await connection.query(
                "SELECT talent_id, tier, period_start::text, period_source FROM talents ORDER BY 1"
            )
            .map {
                [
                    try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1),
                    try $0.decode(String.self, at: 2), try $0.decode(String.self, at: 3),
                ]
            }
        }
        #expect(
            rows == [
                ["G-1", "C", "2024-03-01", "electronicCertificate"],
                ["G-2", "E", "2023-06-15", "provincialListDocument"],
                ["G-3", "B", "2019-05-01", "jixiangCardIssued"],
            ])
    }

    /// A name is one line of every form that prints it: a quoted name holding a line break (which would
    /// print a second line under it in Attachment 1), or an invisible format character, is refused.
    @Test func SEC1_aNameOnTwoLinesOrWithAnInvisibleCharacterIsRefused() async throws {
        let file = """
            id,name,unit,tier,start_date,start_source,document
            N-1,"张三
            已核实",u-1,C,2024-03-01,electronic_certificate,d
            N-2,李\u{200B}四,u-1,C,2024-03-01,electronic_certificate,d
            N-3,王五,u-1,C,2024-03-01,electronic_certificate,d
            """
        let report = try await importer().run(Data(file.utf8))
        #expect(!report.written)
        #expect(report.problems.count == 2, "\(report.problems)")
        #expect(report.problems.allSatisfy { $0.reason.contains("the name is not one line") }, "\(report.problems)")
        #expect(try await count("SELECT count(*) FROM talent_profiles WHERE talent_id LIKE 'N-%'") == 0)
    }

    @Test func everyBadLineIsReportedAndNothingIsWritten() async throws {
        _ = try await importer().run(
            Data(
                "id,name,unit,tier,start_date,start_source,document\nTAKEN,某,u-1,D,2024-01-02,electronic_certificate,d\n"
                    .utf8))
        let before = try await store.eventCount()
        let file = """
            id,name,unit,tier,start_date,start_source,document
            B-1,甲,u-1,C,2024-03-01,electronic_certificate,d
            B-2,乙,u-1,F,2024-03-01,electronic_certificate,d
            B-3,丙,u-1,C,2024-02-30,electronic_certificate,d
            B-4,丁,u-1,C,2024-03-01,fax,d
            B-5,,u-1,C,2024-03-01,electronic_certificate,d
            B-1,戊,u-2,C,2024-03-01,electronic_certificate,d
            TAKEN,己,u-1,C,2024-03-01,electronic_certificate,d
            B-6,庚,nowhere,C,2024-03-01,electronic_certificate,d
            B-7,辛,city-x,C,2024-03-01,electronic_certificate,d
            B-8,壬,u-1,C,2021-03-01,jixiang_card_issued,d
            B-11,张三 身份证11010519491231002X,u-1,C,2024-03-01,electronic_certificate,d
            B-9,癸,u-1,C
            B-10,"子,u-1,C,2024-03-01,electronic_certificate,d
            """
        let report = try await importer().run(Data(file.utf8))
        #expect(!report.written)
        let lines = Set(report.problems.map(\.line))
        #expect(lines == Set(3...14), "\(report.problems)")
        func reason(_ line: Int) -> String {
            report.problems.filter { $0.line == line }.map(\.reason).joined(separator: "; ")
        }
        #expect(reason(3).contains("tier"))
        #expect(reason(4).contains("start_date"))
        #expect(reason(5).contains("start_source"))
        #expect(reason(6).contains("missing name"))
        #expect(reason(7).contains("repeats line 2"))
        #expect(reason(8).contains("already in the register"))
        #expect(reason(9).contains("not a registered organization"))
        #expect(reason(10).contains("not an employer unit"))
        #expect(reason(11).contains("M2"))
        // SEC1: an id number or a phone typed into the name would reach the forms under the name.
        #expect(reason(12).contains("the name holds digits") && !reason(12).contains("11010519491231002X"))
        #expect(reason(13).contains("expected 7 fields"))
        #expect(reason(14).contains("not closed"))
        #expect(try await store.eventCount() == before)
        #expect(try await count("SELECT count(*) FROM talent_profiles WHERE talent_id LIKE 'B-%'") == 0)
    }

    /// Register ids are told apart by their letters, not their case: a line that repeats another's id in
    /// another case, or names a talent in the register so, is one person typed twice.
    @Test func anIdDifferingOnlyInCaseIsTheSameTalent() async throws {
        _ = try await importer().run(
            Data(
                "id,name,unit,tier,start_date,start_source,document\nCASE-1,某,u-1,D,2024-01-02,electronic_certificate,d\n"
                    .utf8))
        let before = try await store.eventCount()
        let file = """
            id,name,unit,tier,start_date,start_source,document
            case-1,甲,u-1,C,2024-03-01,electronic_certificate,d
            NEW-1,乙,u-1,C,2024-03-01,electronic_certificate,d
            new-1,丙,u-1,C,2024-03-01,electronic_certificate,d
            """
        let report = try await importer().run(Data(file.utf8))
        #expect(!report.written)
        #expect(Set(report.problems.map(\.line)) == [2, 4], "\(report.problems)")
        #expect(report.problems.contains { $0.reason == "talent case-1 is already in the register as CASE-1" })
        #expect(report.problems.contains { $0.reason == "id new-1 repeats line 3" })
        #expect(try await store.eventCount() == before)
    }

    /// An id registered in another case after the list's first pass found it new (an evaluation under way
    /// when the list was checked) fails the list when it is written, naming the line: nothing written.
    @Test func anIdRegisteredInAnotherCaseWhileTheListIsImportedFailsTheList() async throws {
        let file = """
            id,name,unit,tier,start_date,start_source,document
            OTHER-9,甲,u-1,C,2024-03-01,electronic_certificate,d
            RACE-9,乙,u-1,C,2024-03-01,electronic_certificate,d
            """
        let talent = TalentID("race-9")
        let evaluation = TalentCommand.evaluate(
            Evaluation(
                talentId: talent, tier: .C, unit: UnitID("u-1"), professionalField: "材料",
                evaluatingDocument: "吉人社字〔2024〕1号", certificateDate: try Day("2024-03-01")))
        let events = try decide(evaluation, TalentHistory(talent).state, policy, importDay).map {
            try TalentStream.newEvent($0, metadata: EventMetadata(actor: "t", role: "province", reason: "race"))
        }
        let before = try await store.eventCount()
        // An evaluation under way holds the registrations' lock: the list's first pass runs, its write waits.
        let importing = try await store.withTransaction { transaction in
            try await transaction.holdRegistrationsOfNewIDs()
            let importer = importer()
            let importing = Task { try await importer.run(Data(file.utf8)) }
            let deadline = ContinuousClock.now + .seconds(20)
            // In this test's database: the cluster is shared with the suites running beside it.
            while try await count(
                """
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """) == 0
            {
                try #require(ContinuousClock.now < deadline, "the list's write never waited for the lock")
                try await Task.sleep(for: .milliseconds(20))
            }
            try await transaction.appendBulk(
                [
                    StreamAppend(
                        streamID: TalentStream.id(talent), streamType: TalentStream.type, expected: .noStream,
                        events: events)
                ],
                commandID: .timeOrdered())
            return importing
        }
        let report = try await importing.value
        #expect(!report.written)
        #expect(report.problems.map(\.line) == [3], "\(report.problems)")
        #expect(
            report.problems.first?.reason.contains("RACE-9 was registered (as race-9) while this list was imported")
                == true)
        #expect(try await store.eventCount() == before + events.count, "the list wrote nothing")
    }

    @Test func anOptionalProfessionalFieldColumnIsReadAndOthersAreRefused() async throws {
        let file = """
            id,name,unit,tier,start_date,start_source,document,professional_field
            P-1,甲,u-1,C,2024-03-01,electronic_certificate,d,新材料
            P-2,乙,u-2,D,2024-03-01,electronic_certificate,d,
            P-3,丙,u-1,D,2024-03-01,electronic_certificate,d
            """
        let report = try await importer().run(Data(file.utf8))
        #expect(report.problems.map(\.line) == [4])
        #expect(report.problems.first?.reason.contains("expected 8 fields") == true)
        let beyond = try await importer().run(
            Data((file.split(separator: "\n")[0] + "\nP-9,甲,u-1,C,2024-03-01,electronic_certificate,d,,值\n").utf8),
            dryRun: true)
        #expect(beyond.problems.first?.reason.hasSuffix("(a column without a heading?)") == true, "\(beyond.problems)")
        let good = try await importer().run(Data(file.split(separator: "\n").dropLast().joined(separator: "\n").utf8))
        #expect(good.problems == [] && good.written && good.talents == 2)
        try await ReadModelProjector(store: store, policy: policy).catchUp()
        let fields = try await store.pool.withConnection { connection in
            try await connection.query(
                "SELECT talent_id, professional_field FROM talents WHERE talent_id LIKE 'P-%' ORDER BY 1"
            ).map { "\(try $0.decode(String.self, at: 0))=\(try $0.decode(String?.self, at: 1) ?? "null")" }
        }
        #expect(fields == ["P-1=新材料", "P-2="])

        let unknown = try await importer().run(
            Data("id,name,unit,tier,start_date,start_source,document,remarks\nQ-1,甲,u-1,C,2024-03-01,x,d,r\n".utf8))
        #expect(!unknown.written)
        #expect(unknown.problems.first?.reason.contains("optionally with professional_field") == true)
    }

    @Test func aDryRunWritesNothing() async throws {
        let before = try await store.eventCount()
        let report = try await importer().run(
            Data(
                "id,name,unit,tier,start_date,start_source,document\nD-1,甲,u-1,A,2024-03-01,electronic_certificate,d\n"
                    .utf8),
            dryRun: true)
        #expect(report.isValid && !report.written && report.talents == 1 && report.events > 0)
        #expect(try await store.eventCount() == before)
        #expect(try await count("SELECT count(*) FROM talent_profiles") == 0)
    }

    static let listHeader = Data("id,name,unit,tier,start_date,start_source,document\n".utf8)

    /// A line of the list with `name` as the bytes a file holds.
    static func line(_ id: String, name: [UInt8]) -> Data {
        Data("\(id),".utf8) + Data(name) + Data(",u-1,C,2024-03-01,electronic_certificate,d\n".utf8)
    }

    /// Excel's and WPS's plain "CSV" on Chinese Windows is GB18030: a file in it is one problem that names
    /// the encoding, reads the text as it was meant and says how to save the file, not one per line; so is
    /// a workbook or UTF-16 text saved under a .csv name.
    static let chineseHeader = "人才编号,姓名,单位编号,层次,起算日期,起算依据,文号\r\nJL800001,王伟,u-1,B,2024-03-01,电子证书,吉人社字〔2024〕1号\r\n"

    @Test func aListThatIsNotUTF8IsOneProblemSayingWhatItIsAndHowToSaveIt() async throws {
        // 张三 in GB18030: no UTF-8.
        let zhangSan: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]
        let gb = Self.listHeader + Self.line("G-1", name: zhangSan) + Self.line("G-2", name: zhangSan)
        let report = try await importer().run(gb)
        #expect(!report.written)
        #expect(report.problems.count == 1, "\(report.problems)")
        #expect(report.problems.first?.line == 2)
        #expect(report.problems.first?.reason.contains("it reads as GB18030 “张三”") == true, "\(report.problems)")
        #expect(report.problems.first?.reason.contains("CSV UTF-8") == true)
        for (bytes, said) in [
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "begins as a zip"),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], ".xls workbook"),
            ([0xFF, 0xFE, 0x69, 0x00, 0x64, 0x00], "UTF-16"),
            ([0x69, 0x00, 0x64, 0x00, 0x2C, 0x00], "UTF-16 text without its byte order mark"),
            ([0x00, 0x69, 0x00, 0x64, 0x00, 0x2C], "UTF-16 text without its byte order mark"),
            ([0xFF, 0xFE, 0x00, 0x00, 0x69, 0x00, 0x00, 0x00], "UTF-32 text,"),
            ([0x69, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00], "UTF-32 text without"),
            (Array(Self.chineseHeader.data(using: .utf16LittleEndian)!), "UTF-16 text without its byte order mark"),
            (Array(Self.chineseHeader.data(using: .utf16BigEndian)!), "UTF-16 text without its byte order mark"),
            (Array(Self.chineseHeader.data(using: .utf32LittleEndian)!), "UTF-32 text without"),
            (Array(Self.chineseHeader.data(using: .utf32BigEndian)!), "UTF-32 text without"),
        ] as [([UInt8], String)] {
            let foreign = try await importer().run(Data(bytes))
            #expect(foreign.problems.map(\.line) == [1], "\(said)")
            #expect(foreign.problems.first?.reason.contains(said) == true, "\(foreign.problems)")
            #expect(foreign.problems.first?.reason.contains("CSV UTF-8") == true)
        }
        #expect(try await count("SELECT count(*) FROM talent_profiles WHERE talent_id LIKE 'G-%'") == 0)
    }

    /// 郑伟 in GB18030 is valid UTF-8 ("֣ΰ": a Hebrew accent and a Greek letter): read as UTF-8 it would
    /// be kept garbled. In a file that does not say it is UTF-8 it is refused with its reading; one that
    /// says so (the byte order mark of Excel's "CSV UTF-8") is taken at its word.
    @Test func aNameThatReadsAsGB18030IsRefusedUnlessTheFileSaysItIsUTF8() async throws {
        let zhengWei: [UInt8] = [0xD6, 0xA3, 0xCE, 0xB0]
        #expect(String(validating: zhengWei, as: UTF8.self) != nil)
        let file = Self.listHeader + Self.line("Z-1", name: zhengWei)
        let report = try await importer().run(file)
        #expect(!report.written)
        #expect(report.problems.first?.reason.contains("would read as GB18030 “郑伟”") == true, "\(report.problems)")
        // A name in Cyrillic letters alone reads so too: refused with how to say the file is UTF-8, unless
        // another line of the list is Chinese in UTF-8, which settles it.
        let ivan = Array("Иван Петров".utf8)
        let alone = try await importer().run(Self.listHeader + Self.line("Z-5", name: ivan), dryRun: true)
        #expect(alone.problems.first?.reason.contains("byte order mark") == true, "\(alone.problems)")
        let beside = try await importer().run(
            Self.listHeader + Self.line("Z-5", name: ivan) + Self.line("Z-6", name: Array("李娜".utf8)), dryRun: true)
        #expect(beside.problems == [], "\(beside.problems)")
        // Chinese in UTF-8, a transliterated name's middle dot and a Latin name's accents are not taken for it.
        let utf8 = try await importer().run(
            Self.listHeader + Self.line("Z-2", name: Array("阿卜杜·热合曼".utf8)) + Self.line("Z-3", name: Array("郑伟".utf8))
                + Self.line("Z-4", name: Array("José García".utf8)), dryRun: true)
        #expect(utf8.problems == [] && utf8.talents == 3, "\(utf8.problems)")
        let marked = try await importer().run(Data([0xEF, 0xBB, 0xBF]) + file)
        #expect(marked.written, "\(marked.problems)")
    }

    /// A list as a spreadsheet saves it: days as 2024/3/1 or 2024年3月1日, tiers as the notice writes them
    /// (A类) or in full-width letters, the empty column Excel keeps after the last one, and a row of empty
    /// cells (no line of the list).
    @Test func aListAsASpreadsheetSavesItIsRead() async throws {
        let file = """
            id,name,unit,tier,start_date,start_source,document,
            S-1,甲,u-1,A类,2024/3/1,electronic_certificate,d,
            S-2,乙,u-1,ｃ,2024年3月1日,electronic_certificate,d,
            S-3,丙,u-1,D,20240301,electronic_certificate,d,
            S-4,丁,u-1,E,２０２４－０３－０１,electronic_certificate,d
            ,,,,,,,
            """
        let report = try await importer().run(Data(file.utf8))
        #expect(
            report.problems == [] && report.written && report.talents == 4 && report.lines == 4, "\(report.problems)")
        for text in ["2024/3/1", "2024-3-1", "2024.3.1", "2024年3月1日", "20240301", "２０２４/３/１", "45352"] {
            #expect(EvaluationImport.day(text) == (try Day("2024-03-01")), "\(text)")
        }
        for text in ["2024/2/30", "3/1/2024", "2024/13/1", "4535", "453520", "2024年3月", "2024-①-①"] {
            #expect(EvaluationImport.day(text) == nil, "\(text)")
        }
        #expect(
            EvaluationImport.tier("B类") == .B && EvaluationImport.tier("Ｅ") == .E && EvaluationImport.tier("F") == nil)
        #expect(EvaluationImport.tier("ⓐ") == nil && EvaluationImport.tier("Ⅽ") == nil)
    }

    /// A list as a Chinese office keeps it: headed in Chinese, its columns in its own order, its cells
    /// copied into a tab-separated text file, the start sources in the notice's words, a day as Excel's day
    /// number, and rows of empty cells below. A refusal of the domain calls the column by the file's heading.
    @Test func aListHeadedInChineseInItsOwnOrderIsRead() async throws {
        let rows = [
            ["姓名", "人才编号", "层次", "单位编号", "起算依据", "管理期起算时间", "评定文号", "专业领域"],
            ["甲", "K-1", "B类", "u-1", "电子证书", "2024-03-01", "吉人社字〔2024〕1号", "新材料"],
            ["乙", "K-2", "C", "u-2", "名单文件", "45352", "吉人社字〔2024〕2号", ""],
            ["", "", "", "", "", "", "", ""],
        ]
        let file = Data(rows.map { $0.joined(separator: "\t") }.joined(separator: "\r\n").utf8)
        let report = try await importer().run(file)
        #expect(report.problems == [] && report.written && report.talents == 2, "\(report.problems)")
        try await ReadModelProjector(store: store, policy: policy).catchUp()
        let talents = try await store.pool.withConnection { connection in
            try await connection.query(
                "SELECT talent_id, tier, unit_id, professional_field FROM talents WHERE talent_id LIKE 'K-%' ORDER BY 1"
            ).map { row in
                try (0..<4).map { try row.decode(String?.self, at: $0) ?? "null" }.joined(separator: " ")
            }
        }
        #expect(talents == ["K-1 B u-1 新材料", "K-2 C u-2 "], "\(talents)")

        let refused = try await importer().run(
            Data("人才编号,姓名,单位编号,层次,起算日期,起算依据,文号\nK-3,丙,u-1,C,1800-01-01,电子证书,d\n".utf8),
            dryRun: true)
        let reason = try #require(refused.problems.first?.reason)
        #expect(reason.contains("起算日期：1800-01-01") && !reason.contains("evaluate."), "\(reason)")
        #expect(refused.problems.first?.chinese.hasPrefix("不符合 LIMITS：起算日期：1800-01-01") == true)
        // A number that is no date is said as typed, not as the day Excel's numbering would make it.
        let number = try await importer().run(
            Data("人才编号,姓名,单位编号,层次,起算日期,起算依据,文号\nK-5,戊,u-1,C,12345,电子证书,d\n".utf8), dryRun: true)
        #expect(
            number.problems.first?.reason.hasPrefix("起算日期 '12345' read as Excel's day number is 1933-10-18") == true)
        // A day written as one, outside the register's days, is said as the register's limits say it.
        let old = try await importer().run(
            Data("人才编号,姓名,单位编号,层次,起算日期,起算依据,文号\nK-6,己,u-1,C,1800/1/1,电子证书,d\n".utf8), dryRun: true)
        #expect(old.problems.first?.reason.contains("Excel's day number") == false, "\(old.problems)")
        let unknownSource = try await importer().run(
            Data("人才编号,姓名,单位编号,层次,起算日期,起算依据,文号\nK-4,丁,u-1,C,2024-03-01,证书,d\n".utf8),
            dryRun: true)
        #expect(unknownSource.problems.first?.reason.hasPrefix("unknown 起算依据 '证书'") == true)
    }

    /// A list as a clerk's spreadsheet really is: a title above the header, 序号 and 备注 columns, headings
    /// spaced out or with a note, full-width letters, a heading holding a comma in a tab-separated file,
    /// date-time cells and spaced-out days, the notice's words for the start source; a second list pasted
    /// below the first is said as such.
    @Test func aListAsAClerksSpreadsheetIsIsRead() async throws {
        let rows = [
            ["2025年高层次人才评定名单"],
            [
                "序号", "ｉｄ", "姓　名", "单位编号", "层次", "管理期起算时间（年月日）", "起算依据(电子证书,名单文件)", "文号", "备注",
            ],
            ["1", "W-1", "甲", "u-1", "B", "2024/3/1 0:00", "电子证书落款时间", "d", "无"],
            ["2", "W-2", "乙", "u-1", "C", "2024-03-01 00:00:00", "Electronic_Certificate", "d", ""],
            ["3", "W-3", "丙", "u-1", "D", "2024 年 3 月 1 日", "吉享卡发放时间", "d", ""],
            ["4", "W-4", "丁", "u-1", "E", "45352.0", "评定通过人员名单文件", "d", ""],
        ]
        let file = Data(rows.map { $0.joined(separator: "\t") }.joined(separator: "\n").utf8)
        let report = try await importer().run(file, dryRun: true)
        // W-3's card date is refused by M2 (an evaluation before 2020 only): every other line is read.
        #expect(report.problems.map(\.talent) == ["W-3"], "\(report.problems)")
        #expect(report.problems.first?.chinese.contains("吉享卡发放时间仅适用于") == true, "\(report.problems)")
        #expect(report.lines == 4)
        let pasted = try await importer().run(
            Self.listHeader + Self.line("W-5", name: Array("戊".utf8)) + Self.listHeader, dryRun: true)
        #expect(pasted.problems.map(\.line) == [3], "\(pasted.problems)")
        #expect(pasted.problems.first?.reason.contains("the header again") == true)
    }

    /// A list as offices' own forms head it: two title lines above the header (the list's name, then the
    /// unit that fills it and the day), a required column marked 人才编号*, 人才类别 and 管理期起算日期, and
    /// columns the register does not take (性别, 单位名称, 说明) passed over; a template's rows whose 序号
    /// was filled down past the talents are no lines.
    @Test func aListAsAnOfficesFormHeadsItIsRead() async throws {
        let rows = [
            ["2025年高层次人才评定名单"], ["填报单位：测试单位一", "", "填报日期：2026年1月5日"],
            ["序号", "人才编号*", "姓名*", "性别", "单位编号*", "单位名称", "人才类别", "管理期起算日期", "起算依据", "评定文号", "说明"],
            ["1", "F-1", "甲", "男", "u-1", "测试单位一", "B", "2024-03-01", "电子证书", "d", ""],
            ["2", "F-2", "乙", "女", "u-1", "测试单位一", "C", "2024-03-01", "电子证书", "d", "新引进"],
            ["3"], ["4", "", "", "", "", "", "", "", "", "", ""], ["5", "", "", "", "", "", "", "", "", "", "空行"],
        ]
        let file = Data(rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n").utf8)
        let report = try await importer().run(file, dryRun: true)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.lines == 2 && report.talents == 2)
        // A header nowhere near the top is said where the first line that looks like one is.
        let wrong = try await importer().run(Data("名单\n人才编号,姓名,层级\nF-3,丙,C\n".utf8), dryRun: true)
        #expect(wrong.problems.map(\.line) == [2], "\(wrong.problems)")
        #expect(wrong.problems.first?.chinese.contains("层级") == true, "\(wrong.problems)")
    }

    /// A spreadsheet program's other files are said for what they are: LibreOffice's own (.ods), and a
    /// workbook with a password to open it (kept in a compound file as an .xls is, its package encrypted).
    @Test func anOpenDocumentSheetAndAWorkbookWithAPasswordAreSaidAsSuch() async throws {
        let odsArchive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        for (path, text, method) in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", CompressionMethod.none),
            ("content.xml", "<office:document-content/>", .deflate),
        ] {
            let bytes = Data(text.utf8)
            try odsArchive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: method
            ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        }
        let odsReport = try await importer().run(try #require(odsArchive.data), dryRun: true)
        #expect(odsReport.problems.first?.chinese.contains("OpenDocument 电子表格（.ods") == true, "\(odsReport.problems)")
        let encrypted = Data(
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)
                + "EncryptionInfo".utf8.flatMap { [$0, 0] } + Array(repeating: 0, count: 100)
                + "EncryptedPackage".utf8.flatMap { [$0, 0] })
        let encryptedReport = try await importer().run(encrypted, dryRun: true)
        #expect(encryptedReport.problems.first?.chinese.contains("设有打开密码") == true, "\(encryptedReport.problems)")
        #expect(encryptedReport.problems.first?.chinese.contains(".xls") == false)
    }

    /// A list saved as an Excel workbook (.xlsx) is read from its first sheet: text cells, numbers, date cells
    /// (Excel's day numbers), a row left empty; a problem's line is the sheet's row. A workbook cut short is
    /// said to be damaged.
    @Test func aListSavedAsAnExcelWorkbookIsRead() async throws {
        typealias Cell = OfficeDocuments.Cell
        let header: [Cell] = ["序号", "人才编号", "姓名", "单位编号", "层次", "管理期起算时间", "起算依据", "评定文号", "专业领域"].map {
            .text($0)
        }
        func row(_ number: Double, _ id: String, _ name: String, tier: String, start: Cell) -> [Cell] {
            [
                .number(number), .text(id), .text(name), .text("u-1"), .text(tier), start, .text("电子证书"),
                .text("吉人社字〔2024〕1号"), .empty,
            ]
        }
        let good = try OfficeDocuments.writeWorkbook([
            header, row(1, "X-1", "张伟", tier: "B类", start: .day("2024-03-01")), [],
            row(2, "X-2", "李娜, 小", tier: "C", start: .text("2024/3/1")),
        ])
        let report = try await importer().run(reading: {
            FileChunks(try FileHandle(forReadingFrom: URL(fileURLWithPath: good)))
        })
        #expect(report.problems == [] && report.written && report.talents == 2, "\(report.problems)")
        let names = try await store.pool.withConnection { connection in
            try await connection.query("SELECT name FROM talent_profiles WHERE talent_id LIKE 'X-%' ORDER BY 1")
                .map { try $0.decode(String.self, at: 0) }
        }
        #expect(names == ["张伟", "李娜, 小"])
        try await ReadModelProjector(store: store, policy: policy).catchUp()
        #expect(
            try await count("SELECT count(*) FROM talents WHERE talent_id = 'X-1' AND period_start = '2024-03-01'") == 1
        )

        // The bad row is said at its row, a field broken by Alt+Enter above it notwithstanding.
        var broken = row(1, "X-3", "王五", tier: "B", start: .day("2024-03-01"))
        broken[8] = .text("材料\n科学")
        let bad = try OfficeDocuments.writeWorkbook([
            header, broken, [], row(2, "X-4", "赵六", tier: "F", start: .day("2024-03-01")),
        ])
        let refused = try await importer().run(Data(contentsOf: URL(fileURLWithPath: bad)), dryRun: true)
        #expect(refused.problems.map(\.line) == [2, 4], "\(refused.problems)")
        #expect(refused.problems.last?.talent == "X-4" && refused.problems.allSatisfy { $0.row == nil })
        // A template's instructions sheet before the list: the list is read from the one sheet that holds it.
        let notesFirst = try OfficeDocuments.writeWorkbook(
            [header, row(1, "X-5", "孙七", tier: "B", start: .day("2024-03-01"))], notesFirst: true)
        let behindNotes = try await importer().run(Data(contentsOf: URL(fileURLWithPath: notesFirst)), dryRun: true)
        #expect(behindNotes.problems == [] && behindNotes.talents == 1, "\(behindNotes.problems)")
        // A header that is not the list's names the sheet it was read from.
        let misheaded = try OfficeDocuments.writeWorkbook(
            [[.text("编号"), .text("姓名")], row(1, "X-6", "周八", tier: "B", start: .day("2024-03-01"))], notesFirst: true)
        let unread = try await importer().run(Data(contentsOf: URL(fileURLWithPath: misheaded)), dryRun: true)
        #expect(unread.problems.first?.chinese.hasPrefix("工作表“说明”：") == true, "\(unread.problems)")
        #expect(unread.problems.first?.reason.hasPrefix("sheet “说明”: ") == true, "\(unread.problems)")
        // A workbook cut short: damaged, said as such.
        let cut = try await importer().run(Data(contentsOf: URL(fileURLWithPath: good)).prefix(600))
        #expect(cut.problems.first?.reason.contains("damaged or incomplete") == true, "\(cut.problems)")
    }

    /// A header that is not the list's says what is wrong with it, column by column; a document's
    /// reference with a line break in its cell (Alt+Enter) is refused as a name's is.
    /// Notes under a list (注：以上人员经公示无异议。 填表人：… 审核人：…), as an office's sheet ends, are said
    /// once for what they are, where each was refused for every field it lacks with advice that did not fit
    /// (a clerk tester's finding: "full-width characters" for a Chinese sentence); they are still refused.
    /// A line of a cell or two amid the list is a bad line as before.
    @Test func notesUnderAListAreSaidOnceForWhatTheyAre() async throws {
        typealias Cell = OfficeDocuments.Cell
        let header: [Cell] = ["人才编号", "姓名", "单位编号", "层次", "管理期起算时间", "起算依据", "评定文号"].map { .text($0) }
        let talent: [Cell] = [
            .text("N-1"), .text("张伟"), .text("u-1"), .text("C"), .day("2024-03-01"), .text("电子证书"),
            .text("吉人社字〔2024〕1号"),
        ]
        let noted = try OfficeDocuments.writeWorkbook([
            header, talent, [], [.text("注：以上人员经公示无异议。")], [.text("填表人：张三"), .empty, .text("审核人：李四")],
        ])
        let report = try await importer().run(Data(contentsOf: URL(fileURLWithPath: noted)), dryRun: true)
        #expect(report.problems.count == 1, "\(report.problems)")
        #expect(report.problems.first?.line == 4)
        #expect(
            report.problems.first?.reason.hasPrefix("lines 4–5 look like notes under the list (“注：以上人员经公示无异议。”)")
                == true, "\(report.problems)")
        #expect(report.problems.first?.chinese.hasPrefix("第 4–5 行像是名单下方的备注") == true)
        #expect(!report.written)
        // A line of a cell amid the list is a line of its own problems, not a note.
        let amid = try OfficeDocuments.writeWorkbook([header, [.text("注：见下")], talent])
        let refused = try await importer().run(Data(contentsOf: URL(fileURLWithPath: amid)), dryRun: true)
        #expect(!refused.problems.isEmpty && refused.problems.allSatisfy { !$0.reason.contains("notes under") })
        // A header with notes alone under it (a template sent before any talent was filled in): said once,
        // as a list without talents, where each note was refused for every field it lacks.
        let template = try OfficeDocuments.writeWorkbook([
            header, [.text("注：以上人员经公示无异议。")], [.text("填表人：张三"), .empty, .text("审核人：李四")],
        ])
        let empty = try await importer().run(Data(contentsOf: URL(fileURLWithPath: template)), dryRun: true)
        #expect(empty.problems.count == 1, "\(empty.problems)")
        #expect(empty.problems.first?.line == 2)
        #expect(empty.problems.first?.chinese == "名单中没有人才信息行：表头下只有像是备注的内容（“注：以上人员经公示无异议。”）")
        #expect(!empty.written && empty.talents == 0)
        // Talents' lines each short of its fields are no notes: each is refused for what it lacks.
        let short = try OfficeDocuments.writeWorkbook([header, [.text("张伟"), .text("u-1")], [.text("李娜")]])
        let lacking = try await importer().run(Data(contentsOf: URL(fileURLWithPath: short)), dryRun: true)
        #expect(lacking.problems.count > 2 && lacking.problems.allSatisfy { !$0.chinese.contains("备注") })
    }

    /// SEC1: a list's column of id numbers or phones is refused saying why, so that the clerk deletes it
    /// (a clerk tester's finding: it was "none of the list's", as a misspelt heading is).
    @Test func SEC1_aListsColumnOfIdNumbersOrPhonesIsRefusedSayingWhy() async throws {
        let file = """
            人才编号,姓名,单位编号,层次,管理期起算时间,起算依据,评定文号,身份证号,联系电话
            P-1,张伟,u-1,C,2024-03-01,电子证书,吉人社字〔2024〕1号,11010519491231002X,13800135678
            """
        let report = try await importer().run(Data(file.utf8), dryRun: true)
        let said = report.problems.map(\.reason).joined(separator: "; ")
        #expect(said.contains("column 8 '身份证号' is personal data no list carries (SEC1"), "\(said)")
        #expect(said.contains("column 9 '联系电话' is personal data"), "\(said)")
        #expect(report.problems.first?.chinese.contains("第 8 列“身份证号”是个人敏感信息，名单中不得填报") == true)
        #expect(!said.contains("11010519491231002X") && !report.written)
        // So in a workbook whose notes sheet comes first: the list's sheet is found by its columns and its
        // header's problem said of it, not of the notes (a re-check tester's finding).
        typealias Cell = OfficeDocuments.Cell
        let header: [Cell] = ["人才编号", "姓名", "单位编号", "层次", "管理期起算时间", "起算依据", "评定文号", "身份证号"].map { .text($0) }
        let line: [Cell] = [
            .text("P-2"), .text("李娜"), .text("u-1"), .text("C"), .day("2024-03-01"), .text("电子证书"),
            .text("吉人社字〔2024〕1号"), .text("11010519491231002X"),
        ]
        let book = try OfficeDocuments.writeWorkbook([header, line], notesFirst: true)
        let behindNotes = try await importer().run(Data(contentsOf: URL(fileURLWithPath: book)), dryRun: true)
        #expect(
            behindNotes.problems.first?.chinese.hasPrefix("工作表“名单”：") == true
                && behindNotes.problems.first?.chinese.contains("第 8 列“身份证号”是个人敏感信息") == true,
            "\(behindNotes.problems)")
    }

    @Test func aWrongHeaderSaysWhichColumnAndADocumentIsOneLine() async throws {
        for (header, said) in [
            ("id,name,unit,tier,start_date,start_source,document,remarks", "column 8 'remarks' is none of the list's"),
            ("id,name,unit,tier,start_date,start_source,document,姓名", "name (姓名) named twice"),
            ("id,name,unit,tier,start_date,document", "no column start_source"),
            ("id,name,unit,tier,start_date,start_source,document,,x", "column 8 has no name"),
        ] {
            let report = try await importer().run(
                Data("\(header)\nH-1,甲,u-1,C,2024-03-01,electronic_certificate,d\n".utf8))
            #expect(report.problems.first?.reason.contains(said) == true, "\(header): \(report.problems)")
        }
        // A header of 100,000 columns (a file that is no list) is said in a few lines, at once.
        let wide = try await importer().run(
            Data((Array(repeating: "a", count: 100_000).joined(separator: ",") + "\n").utf8))
        let said = try #require(wide.problems.first?.reason)
        #expect(said.count < 1_000 && said.contains("99995 more columns"), "\(said)")
        #expect(wide.problems.first?.chinese.contains("另有 99995 列不是名单的列") == true)
        let broken = try await importer().run(
            Self.listHeader + Data("L-1,甲,u-1,C,2024-03-01,electronic_certificate,\"吉人社字〔2026〕\r\n12号\"\n".utf8))
        #expect(broken.problems.first?.reason.contains("document is not one line") == true, "\(broken.problems)")
    }

    /// A line with several bad fields says each of them at once: the clerk mends the line in one go, not
    /// one field per attempt.
    @Test func everyProblemOfALinesFieldsIsSaidAtOnce() async throws {
        // A unit the register does not hold is said beside the fields' problems (the store's check too).
        let withUnit = try await importer().run(
            Self.listHeader + Data("E-2,张三,u-9,F,2024-03-01,电子证书,d\n".utf8), dryRun: true)
        #expect(withUnit.problems.map(\.reason).sorted().count == 2, "\(withUnit.problems)")
        #expect(withUnit.problems.contains { $0.reason == "unit u-9 is not a registered organization" })
        let fullWidth = try await importer().run(
            Self.listHeader + Data("ＪＬ１,张三,u-1,C,2024-03-01,电子证书,d\n".utf8), dryRun: true)
        #expect(fullWidth.problems.first?.chinese.hasSuffix("（其中有全角字符，请改为半角）") == true, "\(fullWidth.problems)")
        let report = try await importer().run(
            Self.listHeader + Data("E-1,张三1,u-1,F,2024-02-30,fax,d\n".utf8), dryRun: true)
        let reasons = report.problems.map(\.reason)
        #expect(report.problems.allSatisfy { $0.line == 2 && $0.talent == "E-1" }, "\(report.problems)")
        #expect(reasons.contains { $0.hasPrefix("unknown tier 'F'") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("unknown start_source 'fax'") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("start_date '2024-02-30' is not a date") }, "\(reasons)")
        #expect(reasons.contains { $0.hasPrefix("the name holds digits") }, "\(reasons)")
        #expect(reasons.count == 4)
        // The console says each in Chinese, naming the columns as a Chinese list heads them.
        let chinese = report.problems.map(\.chinese)
        for said in ["层次“F”无法识别", "起算依据“fax”无法识别", "管理期起算时间“2024-02-30”不是日期", "姓名中含有数字"] {
            #expect(chinese.contains { $0.hasPrefix(said) }, "\(said): \(chinese)")
        }
        // A value missing is said with the others, not instead of them; its own column says only that it is.
        let missing = try await importer().run(
            Self.listHeader + Data("E-3,,u-1,F,2024-02-30,fax,\n".utf8), dryRun: true)
        let missingReasons = missing.problems.map(\.reason)
        #expect(missingReasons.contains("missing name, document"), "\(missingReasons)")
        #expect(missingReasons.contains { $0.hasPrefix("unknown tier 'F'") }, "\(missingReasons)")
        #expect(missingReasons.contains { $0.hasPrefix("unknown start_source 'fax'") }, "\(missingReasons)")
        #expect(missingReasons.contains { $0.hasPrefix("start_date '2024-02-30' is not a date") }, "\(missingReasons)")
        #expect(missingReasons.count == 4, "\(missingReasons)")
        let noTier = try await importer().run(
            Self.listHeader + Data("E-4,张三,u-1,,2024-03-01,电子证书,d\n".utf8), dryRun: true)
        #expect(noTier.problems.map(\.reason) == ["missing tier"], "no 'unknown tier' for the one missing")
        // A repeated id, a missing id and a missing value hide nothing else of the line: the unit is asked of
        // the store, and the rules (M2) of the values they read.
        let hidden = try await importer().run(
            Self.listHeader
                + Data(
                    """
                    E-5,张三,u-1,C,2024-03-01,电子证书,d
                    E-5,,u-9,Z,2024-03-01,电子证书,d
                    ,李四,u-9,C,2024-03-01,电子证书,d
                    E-6,王五,u-1,C,2030-01-01,电子证书,

                    """.utf8), dryRun: true)
        func said(_ line: Int) -> [String] { hidden.problems.filter { $0.line == line }.map(\.reason) }
        #expect(said(3).contains("id E-5 repeats line 2"), "\(said(3))")
        #expect(said(3).contains("missing name") && said(3).contains { $0.hasPrefix("unknown tier 'Z'") }, "\(said(3))")
        #expect(said(3).contains("unit u-9 is not a registered organization"), "\(said(3))")
        #expect(said(4).contains("missing id") && said(4).contains("unit u-9 is not a registered organization"))
        #expect(
            said(5).contains("missing document") && said(5).contains { $0.hasPrefix("refused by M2") }, "\(said(5))")
    }

    /// A list sent again (its answer lost, or the clerk unsure) has every line refused as in the register
    /// already: said as a list imported before, which the command line and the API say once.
    @Test func aListImportedBeforeIsToldAsSuch() async throws {
        let file = Self.listHeader + Self.line("R-1", name: Array("甲".utf8)) + Self.line("R-2", name: Array("乙".utf8))
        #expect(try await importer().run(file).written)
        let again = try await importer().run(file)
        #expect(!again.written && again.importedBefore && again.alreadyInRegister == 2, "\(again)")
        let mixed = try await importer().run(file + Self.line("R-3", name: Array("丙".utf8)))
        #expect(!mixed.importedBefore && mixed.problems.count == 2)
    }

    /// A record after a line break inside a cell (Excel's Alt+Enter) starts on a later line than its row in
    /// the spreadsheet: both are kept, and a problem of it names both, with the line's id.
    @Test func quotedFieldsKeepCommasNewlinesAndQuotes() async throws {
        let (records, problems) = CSV.parse(
            Data("\u{FEFF}a,b\r\n\"x, y\",\"line 1\nline 2\"\r\n\"say \"\"hi\"\"\",\r\n\nlast,row".utf8))
        #expect(problems == [])
        #expect(
            records == [
                CSV.Record(line: 1, fields: ["a", "b"]), CSV.Record(line: 2, fields: ["x, y", "line 1\nline 2"]),
                CSV.Record(line: 4, fields: ["say \"hi\"", ""], row: 3),
                CSV.Record(line: 6, fields: ["last", "row"], row: 5),
            ])
        let list = """
            id,name,unit,tier,start_date,start_source,document
            M-1,"甲
            乙",u-1,C,2024-03-01,electronic_certificate,d
            M-2,丙,u-1,F,2024-03-01,electronic_certificate,d
            """
        let report = try await importer().run(Data(list.utf8))
        let after = try #require(report.problems.first { $0.line == 4 })
        #expect(after.description.hasPrefix("line 4 (spreadsheet row 3, M-2): unknown tier 'F'"), "\(after)")
        let bad = CSV.parse(Data("a,b\"c\nok,1\n\"x\"y,2\n".utf8))
        #expect(bad.records == [CSV.Record(line: 2, fields: ["ok", "1"])])
        #expect(bad.problems.map(\.line) == [1, 3])
    }

    @Test func aRecordThatNeverEndsStopsTheReaderWithinItsBound() {
        var data = Data("id,name\nx,\"never closed".utf8)
        data.append(Data(repeating: UInt8(ascii: "a"), count: CSV.maximumRecordBytes + 10))
        data.append(Data("\ny,after\n".utf8))
        let (records, problems) = CSV.parse(data)
        #expect(records == [CSV.Record(line: 1, fields: ["id", "name"])])
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.reason.contains("reading stopped") == true)
    }
}
