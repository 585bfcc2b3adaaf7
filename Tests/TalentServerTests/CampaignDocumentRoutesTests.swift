// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S1 and SEC3 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import TalentServer
import Testing

@Suite("The campaign's documents over HTTP: a unit's, a level's merged, the package (S1, SEC1, SEC3)")
struct CampaignDocumentRoutesTests {
    /// Downloads `uri` for `token`: the status, the headers and the body saved under its Chinese name.
    static func download(_ client: some TestClientProtocol, _ uri: String, token: String) async throws -> (
        HTTPResponse.Status, HTTPFields, String?
    ) {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
            guard response.status == .ok else { return (response.status, response.headers, nil) }
            let disposition = response.headers[.contentDisposition] ?? ""
            let encoded = disposition.components(separatedBy: "filename*=UTF-8''").last ?? "download"
            let name = encoded.removingPercentEncoding ?? encoded
            return (response.status, response.headers, try OfficeDocuments.save(Data(buffer: response.body), as: name))
        }
    }

    /// Documents are made a few at a time: a download that finds every turn taken for its patience is
    /// told to come back (503, `Retry-After`), over the API and in the console, and one made in turn after
    /// the others is whole. A unit's own documents have turns of their own: the province's packages, each
    /// of seconds, never hold up a unit officer's download.
    @Test func aDownloadThatFindsEveryTurnTakenIsToldToComeBack() async throws {
        let gates = DocumentGates(
            units: DocumentGate(limit: 1, patience: .milliseconds(200)),
            levels: DocumentGate(limit: 1, patience: .milliseconds(200)))
        try await TalentRoutesTests.withProvince(documentGates: gates) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let uri = "/v1/campaigns/2025/submissions/unit-a/forms/5?on=2026-03-20"
                /// Holds `gate`'s one turn until the stream it answers is finished.
                func holding(_ gate: DocumentGate) async -> (Task<Void, any Error>, AsyncStream<Void>.Continuation) {
                    let (released, release) = AsyncStream<Void>.makeStream()
                    let (held, holding) = AsyncStream<Void>.makeStream()
                    let holder = Task {
                        try await gate.whenItsTurn {
                            holding.finish()
                            for await _ in released {}
                        }
                    }
                    for await _ in held {}
                    return (holder, release)
                }
                // The levels' turn taken (a province's package being made): the unit's document is made.
                let (levelsHolder, levelsRelease) = await holding(gates.levels)
                let (alongside, _, _) = try await Self.download(client, uri, token: tokens.officerA)
                #expect(alongside == .ok)
                let (levelBusy, _, _) = try await Self.download(
                    client, "/v1/campaigns/2025/forms/5?organization=city&on=2026-03-20", token: tokens.bureau)
                #expect(levelBusy == .serviceUnavailable)
                levelsRelease.finish()
                try await levelsHolder.value
                let (holder, release) = await holding(gates.units)
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(tokens.officerA)"])
                {
                    response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "5")
                    #expect(String(buffer: response.body).contains("problems/documents-busy"))
                }
                let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
                let (status, page, _) = try await officer.get("/console/units/unit-a/documents/5?year=2025")
                #expect(status == .serviceUnavailable)
                #expect(page.contains("其他人员正在生成考核材料"))
                release.finish()
                try await holder.value
                let (made, _, path) = try await Self.download(client, uri, token: tokens.officerA)
                #expect(made == .ok)
                #expect(
                    try OfficeDocuments.document(try #require(path)).paragraphs.contains { $0.text.contains("人才共1名") })
            }
        }
    }

    @Test func S1_SEC1_aUnitDownloadsItsWorkReportAndItsPackage() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let base = "/v1/campaigns/2025/submissions/unit-a/forms"
                let (status, headers, path) = try await Self.download(
                    client, "\(base)/5?on=2026-03-20", token: tokens.officerA)
                #expect(status == .ok)
                #expect(
                    headers[.contentType] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                #expect(
                    headers[.contentDisposition]?.hasPrefix("attachment; filename=\"unit-a-2025-work-report.docx\"")
                        == true)
                let report = try OfficeDocuments.document(try #require(path))
                #expect(report.paragraphs.first?.text == "市一中2025年度高层次人才管理期期中业绩调查和期末考核工作报告")
                #expect(report.paragraphs.contains { $0.text.contains("人才共1名") })
                #expect(report.paragraphs.suffix(2).map(\.text) == ["市一中", "2026年3月20日"])
                #expect(report.paragraphs.last?.style == "Signature")

                let (packed, packageHeaders, packagePath) = try await Self.download(
                    client, "\(base)/package?on=2026-03-20", token: tokens.officerA)
                #expect(packed == .ok)
                #expect(packageHeaders[.contentType] == "application/zip")
                #expect(packageHeaders[.cacheControl] == "no-store", "names in full are kept by no cache")
                // Named for the unit and the campaign both ways: in Chinese (`filename*`) and in ASCII, which a
                // client that reads no `filename*` (curl's -J) saves under.
                #expect(
                    packageHeaders[.contentDisposition]
                        == "attachment; filename=\"unit-a-2025-package.zip\"; filename*=UTF-8''"
                        + "%E4%B8%80%E4%B8%AD2025%E4%BA%BA%E6%89%8D%E8%80%83%E6%A0%B8.zip")
                let package = try OfficeDocuments.package(try #require(packagePath))
                #expect(packagePath?.hasSuffix("/一中2025人才考核.zip") == true, "S1: <short name>2025人才考核")
                #expect(package.entries.count == 3)
                #expect(package.entries[0].sheets?.first?.rows[3][2] == "张三丰")
                #expect(!package.entries.contains { $0.sheets?.first?.allText.contains("欧阳娜娜") == true })

                let (noSuchDocument, _, _) = try await Self.download(client, "\(base)/7", token: tokens.officerA)
                #expect(noSuchDocument == .badRequest)
            }
        }
    }

    /// A form is made as of its day, but a talent classified since then is no more named in it than in
    /// today's: its name and register id would be the very thing T4 keeps to its own unit.
    @Test func T4_aTalentClassifiedSinceAFormsDayIsCountedNotNamedInIt() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            // Evaluated again at a higher tier after the form's day, classified from then on.
            let evaluated = try Day("2026-05-06")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("T-B"), tier: .B, unit: UnitID("unit-b"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2026〕5号", certificateDate: evaluated, classified: true)),
                for: TalentID("T-B"), on: evaluated, by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                for token in [tokens.bureau, tokens.province, tokens.auditor] {
                    let (status, _, path) = try await Self.download(
                        client, "/v1/campaigns/2025/forms/1?organization=city&on=2026-04-01", token: token)
                    #expect(status == .ok)
                    let file = try #require(path)
                    let sheet = try #require(try OfficeDocuments.workbook(file).first)
                    #expect(sheet.allText.contains("T-A"))
                    #expect(!sheet.allText.contains("T-B") && !sheet.allText.contains("欧阳"))
                    #expect(sheet.allText.contains("涉密人员1名"), "counted, as today's form counts it")
                }
            }
        }
    }

    @Test func SEC3_aLevelDownloadsItsUnitsMergedAsOnePackageAndNothingOutsideItsJurisdiction() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let base = "/v1/campaigns/2025/forms"
                // The city bureau's own units, merged, without naming itself.
                let (status, _, path) = try await Self.download(
                    client, "\(base)/package?on=2026-04-01", token: tokens.bureau)
                #expect(status == .ok)
                #expect(path?.hasSuffix("/长春2025人才考核.zip") == true)
                let package = try OfficeDocuments.package(try #require(path))
                let four = try #require(package.entries[1].sheets)
                #expect(four.map(\.name) == ["附件4", "各单位汇总"])
                let summary = four[1].rows.dropFirst(3).compactMap { row in row.count > 2 ? [row[1], row[2]] : nil }
                // No unit was in time: the campaign was not run in this register, and none is called late (S3).
                #expect(summary.contains(["市一中", "未开始"]) && summary.contains(["市医院", "未开始"]), "\(summary)")
                // SEC2: the bureau sees names masked in the documents as everywhere else, and the documents say
                // so (a masked copy is not taken for the unit's own); the province sees them in full.
                #expect(
                    package.entries[0].sheets?.first?.rows[1].first
                        == "填报单位：长春市人社局    填报日期：2026年4月1日    （姓名已按查看权限脱敏）")
                let bureauNames = package.entries[0].sheets?.first?.allText ?? ""
                #expect(bureauNames.contains(Masking.name("张三丰")) && bureauNames.contains(Masking.name("欧阳娜娜")))
                #expect(!bureauNames.contains("张三丰") && !bureauNames.contains("欧阳娜娜"))
                let (_, _, provinceOne) = try await Self.download(
                    client, "\(base)/1?on=2026-04-01", token: tokens.province)
                let provinceNames = try OfficeDocuments.workbook(try #require(provinceOne)).first?.allText ?? ""
                #expect(provinceNames.contains("张三丰") && provinceNames.contains("欧阳娜娜"))

                // The province office gets the province; a named level works for those above it.
                let (province, _, provincePath) = try await Self.download(
                    client, "\(base)/4?on=2026-04-01", token: tokens.province)
                #expect(province == .ok)
                #expect(
                    try OfficeDocuments.workbook(try #require(provincePath)).first?.rows[1].first
                        == "填报单位：省人社厅    填报日期：2026年4月1日")
                let (named, _, _) = try await Self.download(
                    client, "\(base)/1?organization=city", token: tokens.province)
                #expect(named == .ok)

                // A unit officer has no level to merge; a unit is not a level; what lies outside is not there.
                let (officer, _, _) = try await Self.download(client, "\(base)/package", token: tokens.officerA)
                #expect(officer == .badRequest)
                let (aboveOfficer, _, _) = try await Self.download(
                    client, "\(base)/package?organization=city", token: tokens.officerA)
                #expect(aboveOfficer == .notFound)
                let (unitAsLevel, _, _) = try await Self.download(
                    client, "\(base)/1?organization=unit-a", token: tokens.bureau)
                #expect(unitAsLevel == .badRequest, "a unit the bureau reads is no level: a bad parameter")
                let (aboveBureau, _, _) = try await Self.download(
                    client, "\(base)/1?organization=prov", token: tokens.bureau)
                #expect(aboveBureau == .notFound)
            }
        }
    }
}
