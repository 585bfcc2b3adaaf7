// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S1 and G4 are the register's own spelling.

import Foundation
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import talentledger

/// What the documents of S1 say, read as their readers read them: in the notice's words (no rule IDs), as
/// the register stood on the day they are made, a result's use as §5(1) gives it, every unit counted.
@Suite("The campaign's documents in the notice's words, as of their day (S1, W2, W5, G3, G4)")
struct DocumentWordingTests {
    /// A department with two units, one without talents: four talents of the first with a campaign each.
    static func campaign(_ name: String) async throws -> String {
        let configuration = try await TestDatabase.fresh(name)
        let cluster = try await TestDatabase.sharedCluster()
        let policy = try PolicyDirectory.load()
        try await TestDatabase.withStore(on: configuration, maximumConnections: 4) { store, _ in
            try await registerEducationDepartment(units: [("univ", "吉林大学"), ("empty", "空白研究所")], in: store)
            let register = TalentRegister(store: store, policy: policy)
            for (id, tier, start) in [
                ("W-1", Tier.C, "2023-06-01"), ("W-2", .C, "2020-06-01"), ("W-3", .D, "2020-06-01"),
                ("W-4", .C, "2020-06-01"), ("W-5", .B, "2020-06-01"), ("W-6", .C, "2022-06-01"),
                ("W-7", .C, "2020-06-01"),
            ] {
                try await register.handle(
                    .evaluate(
                        Evaluation(
                            talentId: TalentID(id), tier: tier, unit: UnitID("univ"), professionalField: "材料",
                            evaluatingDocument: "吉人社字〔2020〕1号", certificateDate: try Day(start))),
                    for: TalentID(id), on: try Day(start), by: .system)
            }
            let info = BasicInfo(
                industry: "教育", professionalField: "材料", education: "博士", professionalTitle: "教授",
                declaredSituations: [.X3])
            let survey = MidTermSurveyItems(
                innovationAndEntrepreneurship: "创办企业1家", technicalBreakthroughs: "突破关键技术2项",
                transferOfResults: "转化成果3项", economicAndSocialBenefit: "带动产值约2000万元",
                professionalLevel: "发表论文5篇", talentCultivation: "培养青年人才6名")
            let story: [(String, TalentCommand, String)] = [
                ("W-1", .collectBasicInfo(campaign: 2025, info: info), "2026-01-04"),
                ("W-1", .submitMidTermSurvey(campaign: 2025, items: survey), "2026-01-06"),
                ("W-1", .judgeMidTermWeak(campaign: 2025), "2026-01-08"),
                (
                    "W-1",
                    .recordMidTermFollowUp(
                        campaign: 2025, responsiblePerson: "刘处长", reminderTalkOn: try Day("2026-01-10"),
                        helpMeasures: "配备团队", improveBy: try Day("2026-12-31")), "2026-01-10"
                ),
                ("W-2", .registerEndTerm(campaign: 2025), "2026-01-05"),
                ("W-2", .grade(campaign: 2025, grade: .fair, decidedCollectively: true), "2026-02-10"),
                ("W-2", .notifyResult(campaign: 2025), "2026-02-11"),
                ("W-2", .finalizeResult(campaign: 2025), "2026-02-20"),
                ("W-3", .registerEndTerm(campaign: 2025), "2026-01-05"),
                ("W-3", .grade(campaign: 2025, grade: .good, decidedCollectively: true), "2026-02-10"),
                ("W-4", .registerEndTerm(campaign: 2025), "2026-01-05"),
                ("W-4", .grade(campaign: 2025, grade: .good, decidedCollectively: true), "2026-02-10"),
                ("W-4", .notifyResult(campaign: 2025), "2026-02-11"),
                ("W-4", .finalizeResult(campaign: 2025), "2026-02-20"),
                // Kept at B by its result, then one tier down by a D3 decision of its own.
                // Excellent, its publicity not started yet (P1).
                ("W-7", .registerEndTerm(campaign: 2025), "2026-01-05"),
                ("W-7", .grade(campaign: 2025, grade: .excellent, decidedCollectively: true), "2026-02-10"),
                ("W-5", .registerEndTerm(campaign: 2025), "2026-01-05"),
                ("W-5", .grade(campaign: 2025, grade: .good, decidedCollectively: true), "2026-02-10"),
                ("W-5", .notifyResult(campaign: 2025), "2026-02-11"),
                ("W-5", .finalizeResult(campaign: 2025), "2026-02-20"),
                (
                    "W-5",
                    .penalize(
                        occurredOn: try Day("2026-03-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
                    "2026-03-02"
                ),
                ("W-5", .recommend(outcome: .downgrade), "2026-03-03"),
                ("W-5", .decideRecommendation(outcome: .downgrade), "2026-03-05"),
                // Moved to the other unit after the documents' day.
                (
                    "W-6",
                    .relocate(kind: .withinProvince, newUnit: UnitID("empty"), occurredOn: try Day("2026-03-25")),
                    "2026-03-25"
                ),
            ]
            for (id, command, day) in story {
                try await register.handle(command, for: TalentID(id), on: try Day(day), by: .system)
            }
            try await register.catchUpProjections()
        }
        return cluster.url(database: try #require(configuration.database))
    }

    static func export(_ url: String, _ arguments: [String]) async throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        _ = try await Export.parse(arguments + ["--out", folder.path, "--database-url", url, "--quiet"]).output()
        return folder
    }

    static let one = "附件1_吉林_高层次人才基本信息采集表（2025）.xlsx"
    static let four = "附件4_吉林_2025年度高层次人才管理期期中业绩调查和期末考核情况合并汇总表.xlsx"
    static let report = "附件5_吉林_吉林大学2025年度高层次人才管理期期中业绩调查和期末考核工作报告.docx"

    @Test func S1_W2_W5_G3_G4_theFormsSayEachResultsUseAndTheSurveyWhole() async throws {
        let url = try await Self.campaign("documents_wording")
        let folder = try await Self.export(url, ["--unit", "univ", "--on", "2026-03-20"])
        defer { try? FileManager.default.removeItem(at: folder) }

        // Attachment 1: a declared situation in the notice's words; nothing collected is not a "no".
        let one = try #require(try OfficeDocuments.workbook(folder.appendingPathComponent(Self.one).path).first)
        let situations = Dictionary(
            one.rows.dropFirst(3).compactMap { row in row.count > 9 ? (row[1] ?? "", row[9] ?? "") : nil },
            uniquingKeysWith: { first, _ in first })
        #expect(situations["W-1"] == "是（调离吉林省工作、转为公务员或参公管理人员，或现岗位与认定专业领域缺乏关联）")
        #expect(situations["W-2"] == "未采集")
        #expect(!one.allText.contains("X3"), "no rule IDs in a document")

        // Attachment 4: the survey's six items and its weak judgement; each result's use (§5(1)); the tier
        // a fair result took down is the one assessed.
        let four = try #require(try OfficeDocuments.workbook(folder.appendingPathComponent(Self.four).path).first)
        let rows = Dictionary(
            four.rows.dropFirst(3).compactMap { row in row.count > 13 ? (row[1] ?? "", row) : nil },
            uniquingKeysWith: { first, _ in first })
        let surveyed = try #require(rows["W-1"]?[6])
        for item in ["创新创业：创办企业1家", "成果转化：转化成果3项", "带动经济社会效益：带动产值约2000万元", "人才培养：培养青年人才6名"] {
            #expect(surveyed.contains(item), "\(item) in \(surveyed)")
        }
        #expect(surveyed.contains("经评估业绩成果欠佳（2026-01-08），已于2026-01-10提醒谈话"))
        // Its row is tall enough for the wrapped survey (a row of one line shows only the last one).
        let surveyedRow = try #require(four.rows.firstIndex { $0.count > 1 && $0[1] == "W-1" })
        #expect((four.heights[String(surveyedRow + 1)] ?? 0) >= 60, "\(four.heights)")
        #expect(rows["W-2"]?[3] == "C类", "assessed at C, downgraded by the result")
        #expect(rows["W-2"]?[12] == "一般")
        #expect(rows["W-2"]?[13] == "降一级管理：C类→D类（2026-02-20）")
        #expect(rows["W-3"]?[12] == "待确定")
        #expect(rows["W-3"]?[13] ?? nil == nil, "no use before the result is final")
        #expect(rows["W-4"]?[13] == "继续按原层次管理")
        #expect(rows["W-5"]?[3] == "B类", "assessed at B; a later D3 decision is not the result's")
        #expect(rows["W-5"]?[13] == "继续按原层次管理")

        // The work report tells results given from results made final.
        let report = try OfficeDocuments.document(folder.appendingPathComponent(Self.report).path)
        #expect(report.paragraphs.contains { $0.text.contains("已评定等次5名（其中考核结果已确定3名）") })
        // P1: an excellent result whose publicity has not started is said, not left out of the sum.
        #expect(report.paragraphs.contains { $0.text.hasPrefix("考核结果为优秀的人员1名，已完成公示0名，公示中0名，尚未公示1名。") })
        // W5: the weak judgement and its follow-up are reported, not only the surveys' count.
        #expect(report.paragraphs.contains { $0.text.contains("（其中经评估业绩成果欠佳1名，已提醒谈话并明确帮扶措施1名）") })
        #expect(report.tables[1].first(where: { $0.first == "良好" }) == ["良好", "3", "2"])
        #expect(report.tables[1].first(where: { $0.first == "一般" }) == ["一般", "1", "1"])
    }

    @Test func S1_O2_aLevelsSummaryHasALineForEveryUnitAndATalentIsInTheFormsOfItsUnitOnTheDay() async throws {
        let url = try await Self.campaign("documents_every_unit")
        let folder = try await Self.export(url, ["--organization", "dept", "--on", "2026-03-20"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheets = try OfficeDocuments.workbook(
            folder.appendingPathComponent("附件1_教育厅_高层次人才基本信息采集表（2025）.xlsx").path)
        let summary = try #require(sheets.last)
        let units = summary.rows.dropFirst(3).compactMap { $0.count > 1 ? $0[1] : nil }
        #expect(units.contains("吉林大学") && units.contains("空白研究所"), "\(units)")
        // A talent is in the forms of the unit it was with on the documents' day, not the one it moved to.
        let moved = try #require(sheets.first?.rows.first { $0.count > 4 && $0[1] == "W-6" })
        #expect(moved[4] == "吉林大学")
    }

    @Test func S1_theDocumentsAreAsOfTheirDayAndNotMadeAhead() async throws {
        let url = try await Self.campaign("documents_as_of")
        // Before the grades were given and the first survey made, the forms hold none of them.
        let folder = try await Self.export(url, ["--unit", "univ", "--on", "2026-01-05"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let four = try #require(try OfficeDocuments.workbook(folder.appendingPathComponent(Self.four).path).first)
        #expect(!four.allText.contains("一般") && !four.allText.contains("良好"), "no grade given after the day")
        #expect(!four.allText.contains("创办企业1家"), "no survey made after the day")

        let ahead = await #expect(throws: CLIFailure.self) {
            _ = try await Self.export(url, ["--unit", "univ", "--on", "2099-01-01"])
        }
        #expect(ahead?.description.contains("--on: 2099-01-01 is after today") == true, "\(String(describing: ahead))")
    }
}
