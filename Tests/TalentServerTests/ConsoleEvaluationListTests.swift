import Foundation
import Hummingbird
import HummingbirdTesting
import TalentServer
import Testing

@testable import TalentApplication
@testable import TalentConsole

/// 名单导入: the provincial office uploads an evaluation list in the console, checked whole and imported
/// all or nothing, as the API and the command line import one.
@Suite("The console's evaluation lists")
struct ConsoleEvaluationListTests {
    static let boundary = "----TLFormBoundary7MA4YWxkTrZu0gW"

    /// A browser's `multipart/form-data` body: the text fields, then the file (when one is chosen).
    static func multipart(_ fields: [(String, String)], file: (name: String, text: String)?) -> String {
        var body = fields.map { name, value in
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }.joined()
        if let file {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"list\"; filename=\"\(file.name)\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(file.text)\r\n"
        }
        return body + "--\(boundary)--\r\n"
    }

    static let list = """
        \u{FEFF}人才编号,姓名,单位编号,层次,管理期起算时间,起算依据,评定文号\r
        T-C1,王小明,unit-a,B类,2024/5/1,电子证书,吉人社字〔2024〕9号\r
        T-C2,李小红,unit-b,C,2024-05-01,名单文件,吉人社字〔2024〕9号\r

        """

    @Test func theProvinceUploadsAListCheckedWholeAndImportedOnce() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                let (shown, page, _) = try await province.get("/console/evaluation-lists")
                #expect(shown == .ok && page.contains("enctype=\"multipart/form-data\""))
                #expect(page.contains("href=\"/console/evaluation-lists\" aria-current=\"page\""))
                let csrf = String(try #require(page.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1))
                func upload(
                    _ fields: [(String, String)], file: (name: String, text: String)?, csrf given: String? = nil,
                    origin: String? = nil
                )
                    async throws -> (HTTPResponse.Status, String)
                {
                    let body = Self.multipart([("csrf", given ?? csrf)] + fields, file: file)
                    var headers: HTTPFields = [
                        .cookie: province.cookie, .contentType: "multipart/form-data; boundary=\(Self.boundary)",
                    ]
                    if let origin { headers[.origin] = origin }
                    return try await client.execute(
                        uri: "/console/evaluation-lists", method: .post, headers: headers,
                        body: ByteBuffer(string: body)
                    ) { ($0.status, String(buffer: $0.body)) }
                }
                // Posted from another site with the session's token (a page that read it): refused as every
                // other form of the console is, nothing read.
                let (elsewhere, _) = try await upload(
                    [("requestKey", "page-x")], file: ("认定名单.csv", Self.list), origin: "https://elsewhere.example")
                #expect(elsewhere == .forbidden)
                // A field named twice: which list or day was meant is not guessed.
                let (twice, twicePage) = try await upload(
                    [("requestKey", "page-y"), ("evaluatedOn", "2024-05-10"), ("evaluatedOn", "2024-05-11")],
                    file: ("认定名单.csv", Self.list))
                #expect(twice == .badRequest && twicePage.contains("“evaluatedOn”一项出现了两次"), "\(twicePage)")
                // The province's overview, counted before the import, counts it once the import is done.
                func total() async throws -> String? {
                    let (_, overview, _) = try await province.get("/console/overview")
                    return overview.firstMatch(of: /<strong id="total">([0-9]+)</)?.1.description
                }
                let totalBefore = try await total()
                let (badCheck, badCheckPage) = try await upload(
                    [("requestKey", "page-0"), ("dryRun", "1")],
                    file: ("认定名单.csv", Self.list.replacingOccurrences(of: "2024/5/1", with: "1800-01-01")))
                #expect(badCheck == .unprocessableContent && badCheckPage.contains("检查未通过，名单未写入"))
                // A rule is named as the notice names it, not by its code alone.
                #expect(badCheckPage.contains("不符合“输入范围”（LIMITS）：管理期起算时间：1800-01-01"), "\(badCheckPage)")
                let (checked, checkedPage) = try await upload(
                    [("requestKey", "page-1"), ("dryRun", "1")], file: ("认定名单.csv", Self.list))
                #expect(checked == .ok && checkedPage.contains("检查通过：“认定名单.csv” 共 2 名人才"), "\(checkedPage)")
                // Checked on today's day, a list of 2024: said to be most likely a past one, imported on its day.
                #expect(checkedPage.contains("名单中最早的管理期自 2024-05-01 起算，早于评定日期"), "\(checkedPage)")
                #expect(try await province.get("/console/talents/T-C1").0 == .notFound)

                let (imported, importedPage) = try await upload(
                    [("requestKey", "page-2"), ("evaluatedOn", "2024-05-10")], file: ("认定名单.csv", Self.list))
                #expect(imported == .ok && importedPage.contains("已导入：“认定名单.csv” 共 2 名人才"), "\(importedPage)")
                #expect(!importedPage.contains("名单中最早的管理期"), "imported on its own day")
                let (imported1, importedTalent, _) = try await province.get("/console/talents/T-C1")
                #expect(imported1 == .ok)
                // Recorded as the importer's, for its organization, as a command is (a tester's finding: an
                // import's facts named the role and account alone).
                #expect(importedTalent.contains("<td>省人社厅（省人社厅，acc-"), "\(importedTalent)")
                #expect(totalBefore.flatMap { Int($0) }.map { String($0 + 2) } == (try await total()))
                // The same page's form sent again (a double click): answered as imported, nothing written twice.
                let (again, againPage) = try await upload(
                    [("requestKey", "page-2"), ("evaluatedOn", "2024-05-10")], file: ("认定名单.csv", Self.list))
                #expect(again == .ok && againPage.contains("这份名单已经导入过"), "\(againPage)")
                let (otherFile, otherFilePage) = try await upload(
                    [("requestKey", "page-2"), ("evaluatedOn", "2024-05-10")], file: ("另一份.csv", Self.list + "\r\n"))
                #expect(otherFile == .unprocessableContent && otherFilePage.contains("已提交过一次"))
                // A new page: the list is in the register already, said once.
                let (before, beforePage) = try await upload([("requestKey", "page-3")], file: ("认定名单.csv", Self.list))
                #expect(before == .unprocessableContent && beforePage.contains("很可能已经导入过"), "\(beforePage)")

                // Every bad line listed, with its line and register id; nothing written.
                let bad = Self.list.replacingOccurrences(of: "T-C1", with: "T-D1").replacingOccurrences(
                    of: "T-C2,李小红,unit-b,C", with: "T-D2,李小红,unit-b,F")
                let (refused, refusedPage) = try await upload([("requestKey", "page-4")], file: ("bad.csv", bad))
                #expect(refused == .unprocessableContent)
                #expect(refusedPage.contains("共 2 行，其中 1 行有问题"), "\(refusedPage)")
                #expect(
                    refusedPage.contains("<td>3</td><td>3</td><td>T-D2</td><td>层次“F”无法识别"), "\(refusedPage)"
                )
                #expect(try await province.get("/console/talents/T-D1").0 == .notFound)

                let (headerOnly, headerOnlyPage) = try await upload(
                    [("requestKey", "page-8")], file: ("x.csv", "人才编号,姓名,单位编号,层次,管理期起算时间,起算依据,评定文号\r\n,,,,,,\r\n"))
                #expect(headerOnly == .unprocessableContent && headerOnlyPage.contains("名单只有表头"), "\(headerOnlyPage)")
                let (noFile, noFilePage) = try await upload([("requestKey", "page-5")], file: ("", ""))
                #expect(noFile == .unprocessableContent && noFilePage.contains("请选择名单文件"))
                // A field's problem is summed up where the page opens (#import-result), and in its title.
                #expect(
                    noFilePage.contains(
                        #"<div id="import-result" tabindex="-1"><p class="problem" role="status">未提交成功：请选择名单文件"#))
                #expect(noFilePage.contains("<title>错误：名单导入"))
                let (ahead, aheadPage) = try await upload(
                    [("requestKey", "page-6"), ("evaluatedOn", "2099-01-01")], file: ("x.csv", Self.list))
                #expect(ahead == .unprocessableContent && aheadPage.contains("晚于今天"))
                let (forged, _) = try await upload([("requestKey", "page-7")], file: ("x.csv", Self.list), csrf: "x")
                #expect(forged == .forbidden)
                // Signed out meanwhile: the list cannot be kept through signing in again, and the page says so.
                let (ended, endedPage) = try await client.execute(
                    uri: "/console/evaluation-lists", method: .post,
                    headers: [
                        .cookie: "tl_console=gone", .contentType: "multipart/form-data; boundary=\(Self.boundary)",
                    ],
                    body: ByteBuffer(string: Self.multipart([("csrf", csrf)], file: ("x.csv", Self.list)))
                ) { ($0.status, String(buffer: $0.body)) }
                #expect(ended == .unauthorized && endedPage.contains("刚才上传的名单未导入"))
                let (unreadable, _) = try await client.execute(
                    uri: "/console/evaluation-lists", method: .post,
                    headers: [
                        .cookie: province.cookie, .contentType: "multipart/form-data; boundary=\(Self.boundary)",
                    ],
                    body: ByteBuffer(string: "not a form")
                ) { ($0.status, String(buffer: $0.body)) }
                #expect(unreadable == .badRequest)

                // A unit's officer neither sees the section nor opens it.
                let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
                let (_, overview, _) = try await officer.get("/console/overview")
                #expect(!overview.contains("/console/evaluation-lists") && page.contains(">名单导入</a>"))
                #expect(try await officer.get("/console/evaluation-lists").0 == .forbidden)
                let (_, officerPage, _) = try await officer.get("/console/overview")
                let officerCSRF = String(try #require(officerPage.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1))
                let (officerPost, _) = try await client.execute(
                    uri: "/console/evaluation-lists", method: .post,
                    headers: [.cookie: officer.cookie, .contentType: "multipart/form-data; boundary=\(Self.boundary)"],
                    body: ByteBuffer(string: Self.multipart([("csrf", officerCSRF)], file: ("x.csv", Self.list)))
                ) { ($0.status, String(buffer: $0.body)) }
                #expect(officerPost == .forbidden)
                // Refused before the list is taken in: a body over the limit is 403 for an officer, not 413.
                let (officerLarge, _) = try await client.execute(
                    uri: "/console/evaluation-lists", method: .post,
                    headers: [.cookie: officer.cookie, .contentType: "multipart/form-data; boundary=\(Self.boundary)"],
                    body: ByteBuffer(
                        repeating: UInt8(ascii: "x"), count: TalentRegister.evaluationListMaximumBytes + 100_000)
                ) { ($0.status, String(buffer: $0.body)) }
                #expect(officerLarge == .forbidden)
            }
        }
    }

    /// A browser's form parts: the boundary quoted or not, a file's name in Chinese, an empty file input.
    @Test func aBrowsersFormPartsAreRead() throws {
        #expect(UploadForm.boundary(of: "multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(UploadForm.boundary(of: "Multipart/Form-Data;boundary=xyz") == "xyz")
        #expect(UploadForm.boundary(of: "application/x-www-form-urlencoded") == nil)
        let body = Self.multipart([("csrf", "c"), ("evaluatedOn", "2024-05-10")], file: ("名单 2024.csv", "a,b\r\n1,2"))
        let form = try UploadForm(body: Data(body.utf8), boundary: Self.boundary)
        #expect(form.fields["csrf"] == "c" && form.fields["evaluatedOn"] == "2024-05-10")
        #expect(form.files["list"]?.name == "名单 2024.csv")
        #expect(form.files["list"].map { String(decoding: $0.bytes, as: UTF8.self) } == "a,b\r\n1,2")
        let empty = try UploadForm(body: Data(Self.multipart([], file: ("", "")).utf8), boundary: Self.boundary)
        #expect(empty.files["list"]?.name == "" && empty.files["list"]?.bytes.isEmpty == true)
        #expect(throws: UploadForm.Unreadable.self) {
            try UploadForm(body: Data("--\(Self.boundary)\r\nno end".utf8), boundary: Self.boundary)
        }
        // A quoted file name holding `;`, `=`, a quote as a browser encodes it, and a percent sign of its own.
        for (written, read) in [
            (#"名单;2024.csv"#, "名单;2024.csv"), (#"a; name=x.csv"#, "a; name=x.csv"),
            ("say %22hi%22.csv", "say \"hi\".csv"),
            ("100%25.csv", "100%25.csv"),
        ] {
            let named = try UploadForm(
                body: Data(Self.multipart([], file: (written, "x")).utf8), boundary: Self.boundary)
            #expect(named.files["list"]?.name == read, "\(written)")
        }
        // A preamble before the first boundary, padding after one, and a file named by RFC 5987 only.
        let scripted =
            "a preamble\r\n--\(Self.boundary)  \r\nContent-Disposition: form-data; name=\"list\"; "
            + "filename*=UTF-8''%E5%90%8D%E5%8D%95.csv\r\n\r\na,b\r\n--\(Self.boundary)--\r\nan epilogue"
        let read = try UploadForm(body: Data(scripted.utf8), boundary: Self.boundary)
        #expect(read.files["list"]?.name == "名单.csv" && read.files["list"]?.bytes == Data("a,b".utf8))
    }

    /// A list that waits past its bound behind another being written (the same list sent twice while a
    /// long one is written) is told so on the page, nothing written: not a bare "busy" page.
    @Test func aListWaitingBehindAnotherIsToldSo() async throws {
        try await TalentRoutesTests.withProvince(sessionSettings: ["lock_timeout": "300ms"]) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                let (_, page, _) = try await province.get("/console/evaluation-lists")
                let csrf = String(try #require(page.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1))
                let body = Self.multipart([("csrf", csrf), ("requestKey", "held")], file: ("x.csv", Self.list))
                let (status, answer, retryAfter) = try await register.store.withTransaction { held in
                    try await held.holdRegistrationsOfNewIDs()
                    return try await client.execute(
                        uri: "/console/evaluation-lists", method: .post,
                        headers: [
                            .cookie: province.cookie, .contentType: "multipart/form-data; boundary=\(Self.boundary)",
                        ], body: ByteBuffer(string: body)
                    ) { ($0.status, String(buffer: $0.body), $0.headers[.retryAfter]) }
                }
                #expect(status == .serviceUnavailable && retryAfter != nil)
                #expect(answer.contains("另一份名单正在导入"), "\(answer)")
                #expect(try await province.get("/console/talents/T-C1").0 == .notFound)
            }
        }
    }
}
