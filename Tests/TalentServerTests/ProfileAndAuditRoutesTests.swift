// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 and X9 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
import ReadModels
import TalentApplication
import TalentDomain
import TalentServer
import Testing

/// One request of any method, answered as status, JSON object and headers.
func send(
    _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String?,
    body: String? = nil, contentType: String = "application/json"
) async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
    var headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
    if body != nil { headers[.contentType] = contentType }
    return try await client.execute(
        uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
    ) { response in
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
        return (response.status, object ?? [:], response.headers)
    }
}

/// What a list answered: its status, the ids in order and, where it gives one, its total.
struct Seen: Equatable, CustomStringConvertible {
    var status: HTTPResponse.Status
    var ids: [String]
    var total: Int?

    init(_ status: HTTPResponse.Status, _ ids: [String], _ total: Int? = nil) {
        self.status = status
        self.ids = ids
        self.total = total
    }

    var description: String { "\(status.code) \(ids) \(total.map(String.init) ?? "-")" }
}

@Suite("Personal data, audit snapshots, evaluation lists and the register's metrics over HTTP")
struct ProfileAndAuditRoutesTests {
    /// A valid national id number (its check character computed by GB 11643's MOD 11-2).
    static let nationalID = "11010519491231002X"

    /// Who kept or erased a talent's personal data, and when, is recorded with the change: the fields, never
    /// their values (an erasure leaves nothing of the person behind), for auditors and the province.
    @Test func SEC1_whoKeptOrErasedATalentsPersonalDataIsRecordedWithoutItsValues() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let path = "/v1/talents/T-A/profile"
                for body in [
                    #"{"name": "张三丰", "phone": "13800135678"}"#,
                    #"{"name": "张三丰", "phone": "13800135678"}"#,  // nothing changed: nothing recorded
                    #"{"name": "张三丰", "nationalId": "\#(Self.nationalID)"}"#,
                ] {
                    let (status, _, _) = try await send(client, .put, path, token: tokens.officerA, body: body)
                    #expect(status == .ok)
                }
                let (erased, _, _) = try await send(client, .delete, path, token: tokens.province)
                #expect(erased == .noContent)
                let (again, _, _) = try await send(client, .delete, path, token: tokens.province)
                #expect(again == .noContent)
                let (status, answer, _) = try await send(client, .get, path + "/changes", token: tokens.auditor)
                #expect(status == .ok)
                let changes = try #require(answer["changes"] as? [[String: Any]])
                // The name was the list's: the first change is the phone's. The third PUT left the phone out,
                // which removed it: an erasure of that field, not a correction.
                #expect(changes.map { $0["action"] as? String } == ["kept", "kept", "erased", "erased"])
                #expect(
                    changes.map { $0["fields"] as? [String] } == [
                        ["phone"], ["nationalId"], ["phone"], ["name", "nationalId"],
                    ])
                let officerID = try await send(client, .get, "/v1/me", token: tokens.officerA).1["id"] as? String
                let provinceID = try await send(client, .get, "/v1/me", token: tokens.province).1["id"] as? String
                #expect(changes.map { $0["by"] as? String } == [officerID, officerID, officerID, provinceID])
                #expect(changes.allSatisfy { ($0["at"] as? String)?.hasPrefix("20") == true })
                // The values whole: their first digits may be in a time or an account's id.
                let text = String(describing: answer)
                #expect(
                    !text.contains("张三") && !text.contains("13800135678") && !text.contains(Self.nationalID), "\(text)")
                // The unit keeps the data but reads no audit trail; others outside the talent see nothing.
                let (officer, _, _) = try await send(client, .get, path + "/changes", token: tokens.officerA)
                #expect(officer == .forbidden)
                let (outside, _, _) = try await send(client, .get, path + "/changes", token: tokens.officerB)
                #expect(outside == .notFound)
            }
        }
    }

    /// A copy of the register follows every talent's personal-data changes in one feed, in order and a page
    /// at a time, to correct and erase what it holds: the talents' versions do not move with them. T4: an
    /// auditor's feed leaves out the classified talents'.
    @Test func SEC1_T4_everyTalentsPersonalDataChangesAreOneFeedForTheCopiesThatMustFollowThem() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                for (talent, token) in [("T-A", tokens.officerA), ("T-B", tokens.province)] {
                    let (kept, _, _) = try await send(
                        client, .put, "/v1/talents/\(talent)/profile", token: token,
                        body: #"{"name": "王五", "phone": "13800135678"}"#)
                    #expect(kept == .ok)
                }
                let (erased, _, _) = try await send(client, .delete, "/v1/talents/T-A/profile", token: tokens.province)
                #expect(erased == .noContent)
                var seen: [String] = []
                var cursor: String?
                repeat {
                    let (status, page, _) = try await send(
                        client, .get, "/v1/profile-changes?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                        token: tokens.auditor)
                    #expect(status == .ok)
                    let items = try #require(page["items"] as? [[String: Any]])
                    #expect(items.count <= 2)
                    seen += items.map {
                        "\($0["talent"] as? String ?? "") \($0["action"] as? String ?? "") "
                            + ($0["fields"] as? [String] ?? []).joined(separator: ",")
                    }
                    cursor = page["nextCursor"] as? String
                } while cursor != nil
                #expect(seen == ["T-A kept name,phone", "T-B kept name,phone", "T-A erased name,phone"])
                // A classified talent's change names it: the province office follows it, an auditor (who
                // sees classified talents in counts only, T4) is not given it.
                try await TalentRoutesTests.registerClassified(register)
                let (classified, _, _) = try await send(
                    client, .put, "/v1/talents/T-C/profile", token: tokens.officerA, body: #"{"name": "赵六"}"#)
                #expect(classified == .ok)
                func talents(_ token: String) async throws -> [String] {
                    let (_, page, _) = try await send(client, .get, "/v1/profile-changes", token: token)
                    return (page["items"] as? [[String: Any]] ?? []).compactMap { $0["talent"] as? String }
                }
                #expect(try await talents(tokens.province) == ["T-A", "T-B", "T-A", "T-C"])
                #expect(try await talents(tokens.auditor) == ["T-A", "T-B", "T-A"])
                // Nothing after the last sequence seen: asked again later, only what came since.
                let (_, all, _) = try await send(client, .get, "/v1/profile-changes", token: tokens.province)
                let last = try #require((all["items"] as? [[String: Any]])?.last?["sequence"] as? Int)
                let (_, after, _) = try await send(
                    client, .get, "/v1/profile-changes?cursor=\(last)", token: tokens.province)
                #expect((after["items"] as? [[String: Any]])?.isEmpty == true)
                #expect(after["nextCursor"] == nil)
                // Others may not read it; a cursor that is no sequence is 400.
                let (officer, _, _) = try await send(client, .get, "/v1/profile-changes", token: tokens.officerA)
                #expect(officer == .forbidden)
                let (bad, problem, _) = try await send(
                    client, .get, "/v1/profile-changes?cursor=abc", token: tokens.province)
                #expect(bad == .badRequest && problem["field"] as? String == "cursor", "\(problem)")
            }
        }
    }

    @Test func SEC1_theTalentsOwnUnitKeepsItsProfileOthersSeeItMasked() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let profile = #"{"name": "张三丰", "nationalId": "\#(Self.nationalID)", "phone": "138-0013-5678"}"#
                let (status, row, headers) = try await send(
                    client, .put, "/v1/talents/T-A/profile", token: tokens.officerA, body: profile)
                #expect(status == .ok)
                #expect(row["nationalId"] as? String == Self.nationalID)
                #expect(row["phone"] as? String == "13800135678")
                // Personal data in full is kept by no cache (nor is any answer of the API).
                #expect(headers[.cacheControl] == "no-store")
                let (_, _, read) = try await send(client, .get, "/v1/talents/T-A", token: tokens.officerA)
                #expect(read[.cacheControl] == "no-store")
                // A problem document too (a readiness refusal lists talents).
                let (missing, _, missingHeaders) = try await send(
                    client, .get, "/v1/talents/T-Z", token: tokens.officerA)
                #expect(missing == .notFound && missingHeaders[.cacheControl] == "no-store")
                // Read as the JSON it says it is (it echoes the id asked for), and framed by no page.
                #expect(missingHeaders[.xContentTypeOptions] == "nosniff")
                #expect(missingHeaders.first { $0.name.rawName == "X-Frame-Options" }?.value == "DENY")
                // The console's stylesheet keeps its own: it holds nobody's data.
                let (_, _, style) = try await send(client, .get, "/console/assets/console.css", token: nil)
                #expect(style[.cacheControl] == "max-age=3600")
                let (_, masked, _) = try await send(client, .get, "/v1/talents/T-A", token: tokens.bureau)
                let talent = masked["talent"] as? [String: Any]
                #expect(talent?["name"] as? String == "张**")
                #expect(talent?["nationalId"] as? String == "110105********002X")
                #expect(talent?["phone"] as? String == "138****5678")
                // Who may not keep it: a bureau sees the talent (403), another unit does not (404), and
                // without a token nobody (401).
                for (token, expected) in [
                    (tokens.bureau, HTTPResponse.Status.forbidden), (tokens.officerB, .notFound),
                    ("tl_nobody", .unauthorized),
                ] {
                    let (refused, _, _) = try await send(
                        client, .put, "/v1/talents/T-A/profile", token: token, body: profile)
                    #expect(refused == expected)
                }
                // Bad data names its field.
                for (body, field) in [
                    (#"{"name": "张三丰", "nationalId": "110105194912310021"}"#, "nationalId"),
                    (#"{"name": "张三丰", "nationalId": "110105194902300023"}"#, "nationalId"),
                    (#"{"name": "张三丰", "phone": "12345"}"#, "phone"),
                    (#"{"name": "  "}"#, "name"), (#"{"nationalId": "\#(Self.nationalID)"}"#, "name"),
                    (#"{"name": "张三丰", "email": "a@b.cn"}"#, "email"), (#"{"name": 5}"#, "name"),
                    ("[]", "body"),
                    // SEC1: a phone or an id number typed into the name, which the forms print under the name;
                    // digits of any script, not 三 or 五 (numbers to Unicode, names' characters here).
                    (#"{"name": "崔霞 电话13912345678"}"#, "name"), (#"{"name": "张１"}"#, "name"),
                    (#"{"name": "王①③⑧"}"#, "name"), (#"{"name": "王³"}"#, "name"),
                    // One line on every form: no line break, tab or invisible format character.
                    (#"{"name": "张三丰\r\n已核实"}"#, "name"), (#"{"name": "张\t三"}"#, "name"),
                    (#"{"name": "张\u200b三"}"#, "name"), (#"{"name": "\ufeff张三"}"#, "name"),
                    (#"{"name": "张三\u2028已核实"}"#, "name"), (#"{"name": "张\u3164三"}"#, "name"),
                ] {
                    let (bad, problem, _) = try await send(
                        client, .put, "/v1/talents/T-A/profile", token: tokens.province, body: body)
                    #expect(bad == .badRequest, "\(body)")
                    #expect(problem["field"] as? String == field, "\(body)")
                }
                // A name beyond the register's limits is refused as every text is: LIMITS, naming it once.
                let long = #"{"name": "\#(String(repeating: "张", count: 2001))"}"#
                let (limited, limitProblem, _) = try await send(
                    client, .put, "/v1/talents/T-A/profile", token: tokens.province, body: long)
                #expect(limited == .unprocessableContent)
                #expect(limitProblem["rule"] as? String == "LIMITS" && limitProblem["field"] as? String == "name")
                let limitDetail = limitProblem["detail"] as? String ?? ""
                #expect(limitDetail.hasPrefix("name：") && !limitDetail.contains("name：name"), "\(limitDetail)")
                // A number copied with invisible characters or a no-break space at its ends is kept without
                // them; inside a number they are refused.
                let (pasted, pastedRow, _) = try await send(
                    client, .put, "/v1/talents/T-A/profile", token: tokens.officerA,
                    body:
                        #"{"name": "张三丰", "nationalId": "\ufeff\#(Self.nationalID)\u00a0", "phone": "\u200b13800135678\n"}"#
                )
                #expect(pasted == .ok && pastedRow["nationalId"] as? String == Self.nationalID, "\(pastedRow)")
                #expect(pastedRow["phone"] as? String == "13800135678", "\(pastedRow)")
                let (inside, _, _) = try await send(
                    client, .put, "/v1/talents/T-A/profile", token: tokens.officerA,
                    body: #"{"name": "张三丰", "nationalId": "110105\u200b19491231002X"}"#)
                #expect(inside == .badRequest)
                // A phone written with the country code is masked as any other.
                _ = try await send(
                    client, .put, "/v1/talents/T-A/profile", token: tokens.officerA,
                    body: #"{"name": "张三丰", "phone": "+86 138-0013-5678"}"#)
                let (_, international, _) = try await send(client, .get, "/v1/talents/T-A", token: tokens.bureau)
                #expect((international["talent"] as? [String: Any])?["phone"] as? String == "138****5678")
            }
        }
    }

    @Test func aNationalIDNumberIsKeptForOneTalentOnly() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func keep(_ talent: String, _ number: String, token: String) async throws -> (
                    HTTPResponse.Status, [String: Any]
                ) {
                    let (status, answer, _) = try await send(
                        client, .put, "/v1/talents/\(talent)/profile", token: token,
                        body: #"{"name": "张三丰", "nationalId": "\#(number)"}"#)
                    return (status, answer)
                }
                #expect(try await keep("T-A", Self.nationalID, token: tokens.officerA).0 == .ok)
                // Another unit's officer, who does not see T-A, is told the number is held, not by whom.
                let (held, problem) = try await keep("T-B", Self.nationalID, token: tokens.officerB)
                #expect(held == .conflict, "\(problem)")
                #expect(problem["type"] as? String == "https://talentledger.example/problems/national-id-in-use")
                #expect(problem["field"] as? String == "nationalId")
                #expect(!(problem["detail"] as? String ?? "T-A").contains("T-A"), "\(problem)")
                // The province, who sees both, is told which talent holds it.
                let (heldToo, named) = try await keep("T-B", Self.nationalID, token: tokens.province)
                #expect(heldToo == .conflict && (named["detail"] as? String ?? "").contains("T-A"), "\(named)")
                // Nothing of the refused profile was kept.
                let (_, talentB, _) = try await send(client, .get, "/v1/talents/T-B", token: tokens.officerB)
                #expect((talentB["talent"] as? [String: Any])?["nationalId"] == nil, "\(talentB)")
                // The talent that holds it keeps it again; once erased there, another may.
                #expect(try await keep("T-A", Self.nationalID, token: tokens.officerA).0 == .ok)
                _ = try await send(client, .delete, "/v1/talents/T-A/profile", token: tokens.province)
                #expect(try await keep("T-B", Self.nationalID, token: tokens.officerB).0 == .ok)
                // Two profiles written at once with one new number: one is kept, the other refused.
                let number = Self.withCheckCharacter("22010219800101123")
                async let first = keep("T-A", number, token: tokens.province)
                async let second = keep("T-B", number, token: tokens.province)
                let statuses = [try await first.0, try await second.0].map(\.code).sorted()
                #expect(statuses == [200, 409], "\(statuses)")
            }
        }
    }

    /// An 18-character number whose check character fits its first 17 digits (GB 11643).
    static func withCheckCharacter(_ digits: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return digits + String(Array("10X98765432")[sum % 11])
    }

    @Test func anErasureRemovesTheNameAndKeepsTheHistory() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (erased, _, _) = try await send(client, .delete, "/v1/talents/T-B/profile", token: tokens.province)
                #expect(erased == .noContent)
                let (again, _, _) = try await send(client, .delete, "/v1/talents/T-B/profile", token: tokens.province)
                #expect(again == .noContent)
                let (_, shown, _) = try await send(client, .get, "/v1/talents/T-B", token: tokens.province)
                #expect((shown["talent"] as? [String: Any])?["name"] == nil)
                let (_, timeline, _) = try await send(client, .get, "/v1/talents/T-B/timeline", token: tokens.province)
                #expect((timeline["steps"] as? [Any])?.isEmpty == false)
                let (auditor, _, _) = try await send(client, .delete, "/v1/talents/T-A/profile", token: tokens.auditor)
                #expect(auditor == .forbidden)
                let (outside, _, _) = try await send(
                    client, .delete, "/v1/talents/T-B/profile", token: tokens.officerA)
                #expect(outside == .notFound)
            }
        }
    }

    @Test func aSnapshotShowsWhoHeldWhichTierOnADayWithinTheJurisdiction() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func ids(_ token: String, _ query: String) async throws -> Seen {
                    let (status, answer, _) = try await send(
                        client, .get, "/v1/audit/snapshot" + query, token: token)
                    let items = answer["items"] as? [[String: Any]] ?? []
                    return Seen(status, items.compactMap { $0["talent"] as? String }, answer["total"] as? Int)
                }
                #expect(try await ids(tokens.auditor, "?asOf=2022-01-01") == Seen(.ok, ["T-A", "T-B"], 2))
                #expect(try await ids(tokens.auditor, "?asOf=2020-12-31") == Seen(.ok, [], 0))
                #expect(try await ids(tokens.officerA, "?asOf=2022-01-01") == Seen(.ok, ["T-A"], 1))
                #expect(
                    try await ids(tokens.province, "?asOf=2022-01-01&organization=unit-b") == Seen(.ok, ["T-B"], 1))
                // Known before anything was recorded, the register knew of no one.
                #expect(
                    try await ids(tokens.province, "?asOf=2022-01-01&knownAt=2000-01-01T00:00:00Z") == Seen(.ok, [], 0))
                let (_, answer, _) = try await send(
                    client, .get, "/v1/audit/snapshot?asOf=2022-01-01", token: tokens.bureau)
                let first = (answer["items"] as? [[String: Any]])?.first
                #expect(first?["name"] as? String == "张**")
                #expect((first?["cards"] as? [String: String])?.isEmpty == false)
                #expect(try await ids(tokens.officerA, "?organization=unit-b").status == .notFound)
                // A talent who moved since is in the day's unit's snapshot, which says nothing of where it is now.
                try await register.handle(
                    .relocate(kind: .withinProvince, newUnit: UnitID("unit-b"), occurredOn: try Day("2025-01-10")),
                    for: TalentID("T-A"), on: try Day("2025-01-15"), by: .system)
                #expect(try await ids(tokens.officerA, "?asOf=2022-01-01") == Seen(.ok, ["T-A"], 1))
                let (_, moved, _) = try await send(
                    client, .get, "/v1/audit/snapshot?asOf=2022-01-01", token: tokens.officerA)
                let entry = try #require((moved["items"] as? [[String: Any]])?.first)
                #expect(entry["unit"] as? String == "unit-a")
                #expect(entry["answeringUnit"] == nil && !entry.values.contains { $0 as? String == "unit-b" })
                #expect(try await ids(tokens.officerA, "?asOf=2022-02-30").status == .badRequest)
                #expect(try await ids(tokens.officerA, "?limit=0").status == .badRequest)
                #expect(try await ids("tl_nobody", "").status == .unauthorized)
            }
        }
    }

    static let header = "id,name,unit,tier,start_date,start_source,document"

    @Test func theProvinceImportsAnEvaluationListAllOrNothing() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            // The rows wait for every transaction of the test cluster older than the list's (other tests hold
            // some open on purpose): longer than a server's ten seconds on a loaded machine.
            let app = Application(router: buildRouter(register: register, evaluationListRowsWait: .seconds(90)))
            try await app.test(.router) { client in
                let good = Self.header + "\nT-N1,李四,unit-a,B,2024-05-01,electronic_certificate,吉人社字〔2024〕9号\n"
                let uri = "/v1/evaluation-lists?evaluatedOn=2024-05-10"
                let (dry, dryAnswer, _) = try await send(
                    client, .post, uri + "&dryRun=true", token: tokens.province, body: good, contentType: "text/csv")
                #expect(dry == .ok)
                #expect(dryAnswer["written"] as? Bool == false)
                #expect(dryAnswer["pastListStart"] == nil, "checked on its own day")
                // Checked on today's day, a list of 2024 is most likely a past one: its earliest start is said.
                let (_, today, _) = try await send(
                    client, .post, "/v1/evaluation-lists?dryRun=true", token: tokens.province, body: good,
                    contentType: "text/csv")
                #expect(today["pastListStart"] as? String == "2024-05-01", "\(today)")
                let (notYet, _, _) = try await send(client, .get, "/v1/talents/T-N1", token: tokens.province)
                #expect(notYet == .notFound)
                // LIMITS: evaluated on a day to come, its talents could be neither seen nor corrected.
                let (ahead, aheadProblem, _) = try await send(
                    client, .post, "/v1/evaluation-lists?evaluatedOn=2099-01-01", token: tokens.province, body: good,
                    contentType: "text/csv")
                #expect(ahead == .badRequest && aheadProblem["field"] as? String == "evaluatedOn")
                let bad = good + "T-N2,王五,unit-a,Z,2024-05-01,certificate,x\nT-N3,,unit-a,C,2024-13-01,certificate,x\n"
                let (refused, problem, _) = try await send(
                    client, .post, uri, token: tokens.province, body: bad, contentType: "text/csv")
                #expect(refused == .unprocessableContent)
                #expect((problem["lines"] as? [[String: Any]])?.compactMap { $0["line"] as? Int }.contains(3) == true)
                #expect((problem["lines"] as? [[String: Any]])?.compactMap { $0["line"] as? Int }.contains(4) == true)
                // Each line's problem in Chinese too, for a client that shows them to a clerk.
                let chinese = (problem["lines"] as? [[String: Any]])?.compactMap { $0["reasonInChinese"] as? String }
                #expect(chinese?.contains { $0.hasPrefix("层次“Z”无法识别") } == true, "\(chinese ?? [])")
                // A unit typed in another case or in full-width letters is said with the one it most likely is.
                let (_, mistyped, _) = try await send(
                    client, .post, uri + "&dryRun=true", token: tokens.province,
                    body: Self.header + "\nT-N5,赵六,ＵＮＩＴ－Ａ,C,2024-05-01,electronic_certificate,x\n",
                    contentType: "text/csv")
                let hint = (mistyped["lines"] as? [[String: Any]])?.first?["reasonInChinese"] as? String
                #expect(hint == "单位编号 ＵＮＩＴ－Ａ 未在本系统登记（是否为 unit-a？全角字符或大小写不同）", "\(mistyped)")
                let (officer, _, _) = try await send(
                    client, .post, uri, token: tokens.officerA, body: good, contentType: "text/csv")
                #expect(officer == .forbidden)
                // Refused before the list is taken in: a list over the limit is 403 for a role that may not
                // import, not 413.
                let oversized = String(repeating: "x", count: 20 * 1024 * 1024 + 1)
                let (large, _, _) = try await send(
                    client, .post, uri, token: tokens.officerA, body: oversized, contentType: "text/csv")
                #expect(large == .forbidden)
                let (tooLarge, _, _) = try await send(
                    client, .post, uri, token: tokens.province, body: oversized, contentType: "text/csv")
                #expect(tooLarge == .contentTooLarge)
                let (json, _, _) = try await send(client, .post, uri, token: tokens.province, body: good)
                #expect(json == .unsupportedMediaType)
                // A header alone is a list refused, as an empty file is (422, its problem at line 1).
                let (headerOnly, headerProblem, _) = try await send(
                    client, .post, uri, token: tokens.province, body: Self.header + "\n", contentType: "text/csv")
                #expect(headerOnly == .unprocessableContent)
                let said = (headerProblem["lines"] as? [[String: Any]])?.first
                #expect(said?["line"] as? Int == 1 && said?["reasonInChinese"] as? String == "名单只有表头，没有可导入的行")
                let (empty, _, _) = try await send(
                    client, .post, uri, token: tokens.province, body: "", contentType: "text/csv")
                #expect(empty == .unprocessableContent)
                let (created, answer, _) = try await send(
                    client, .post, uri, token: tokens.province, body: good, contentType: "text/csv")
                #expect(created == .created)
                #expect(answer["talents"] as? Int == 1)
                // Read at once, as a command's talent is: no projector runs beside the router here.
                let (shown, _, _) = try await send(client, .get, "/v1/talents/T-N1", token: tokens.officerA)
                #expect(shown == .ok)
                let (listed, page, _) = try await send(client, .get, "/v1/talents?q=T-N1", token: tokens.province)
                #expect(listed == .ok && (page["items"] as? [[String: Any]])?.count == 1)
                // Recorded as the province office's, as its commands are (it read "系统" on the timeline).
                let (_, timeline, _) = try await send(
                    client, .get, "/v1/talents/T-N1/timeline", token: tokens.province)
                let roles = (timeline["steps"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
                #expect(
                    roles?.isEmpty == false && roles?.allSatisfy { $0 == "province-office" } == true, "\(roles ?? [])")
                // Sent again (its answer lost): said once, as a list most likely imported before, its first
                // lines shown rather than every one.
                let many =
                    Self.header + "\n"
                    + (2...10).map { "T-M\($0),某,unit-a,C,2024-05-01,electronic_certificate,吉人社字〔2024〕9号" }.joined(
                        separator: "\n")
                let (first, _, _) = try await send(
                    client, .post, uri, token: tokens.province, body: many, contentType: "text/csv")
                #expect(first == .created)
                let (again, againProblem, _) = try await send(
                    client, .post, uri, token: tokens.province, body: many, contentType: "text/csv")
                #expect(again == .unprocessableContent)
                #expect(
                    (againProblem["detail"] as? String)?.contains("most likely the list was imported before") == true)
                #expect((againProblem["lines"] as? [[String: Any]])?.count == 3)
                #expect((againProblem["lines"] as? [[String: Any]])?.first?["talent"] as? String == "T-M2")
            }
        }
    }

    /// Sent under an `Idempotency-Key` and again after an answer that never arrived: answered as the first
    /// import was, nothing written again; the key with another list is 422, and a dry run is no retry.
    @Test func aListSentAgainUnderItsKeyIsAnsweredAsItsFirstImport() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register, evaluationListRowsWait: .seconds(90)))
            try await app.test(.router) { client in
                let uri = "/v1/evaluation-lists?evaluatedOn=2024-05-10"
                let list =
                    Self.header + "\n"
                    + (1...3).map { "T-K\($0),某,unit-a,C,2024-05-01,electronic_certificate,吉人社字〔2024〕9号" }.joined(
                        separator: "\n")
                func post(_ body: String, key: String, dryRun: Bool = false) async throws -> (
                    HTTPResponse.Status, [String: Any]
                ) {
                    let headers: HTTPFields = [
                        .authorization: "Bearer \(tokens.province)", .contentType: "text/csv",
                        .init("Idempotency-Key")!: key,
                    ]
                    let (status, answer, _) = try await HTTPContractTests.execute(
                        client, .post, uri + (dryRun ? "&dryRun=true" : ""), headers: headers, body: body)
                    return (status, answer)
                }
                let (dry, dryAnswer) = try await post(list, key: "list-1", dryRun: true)
                #expect(dry == .ok && dryAnswer["replayed"] as? Bool == false)
                let (created, answer) = try await post(list, key: "list-1")
                #expect(created == .created && answer["replayed"] as? Bool == false && answer["talents"] as? Int == 3)
                let (_, _, before) = try await send(client, .get, "/v1/talents/T-K3", token: tokens.province)
                let (retried, retriedAnswer) = try await post(list, key: "list-1")
                #expect(retried == .created && retriedAnswer["replayed"] as? Bool == true)
                #expect(
                    retriedAnswer["talents"] as? Int == 3 && retriedAnswer["events"] as? Int == answer["events"] as? Int
                )
                let (_, _, after) = try await send(client, .get, "/v1/talents/T-K3", token: tokens.province)
                #expect(after[.eTag] != nil && after[.eTag] == before[.eTag])
                let (reused, reusedProblem) = try await post(list + "\n", key: "list-1")
                #expect(reused == .unprocessableContent && reusedProblem["field"] as? String == "Idempotency-Key")
                // Another key is another request: the same list is refused as imported before.
                let (otherKey, otherProblem) = try await post(list, key: "list-2")
                #expect(otherKey == .unprocessableContent)
                #expect((otherProblem["detail"] as? String)?.contains("imported before") == true)
                let (dryAfter, dryAfterProblem) = try await post(list, key: "list-1", dryRun: true)
                #expect(dryAfter == .unprocessableContent && dryAfterProblem["field"] == nil)
            }
        }
    }

    @Test func anUnknownMemberOfACommandIsRefusedNotDropped() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let before = try await register.queries.talent(.init("T-A"), by: .system).version
                for (body, field) in [
                    (#"{"type": "recordLostContact", "since": "2025-01-01", "sinse": "2025-02-01"}"#, "sinse"),
                    (#"{"type": "restoreContact", "effectivOn": "2025-04-01"}"#, "effectivOn"),
                ] {
                    let (status, problem, _) = try await send(
                        client, .post, "/v1/talents/T-A/commands", token: tokens.officerA, body: body)
                    #expect(status == .badRequest, "\(body)")
                    #expect(problem["field"] as? String == field, "\(body)")
                }
                #expect(try await register.queries.talent(.init("T-A"), by: .system).version == before)
            }
        }
    }

    @Test func theListFiltersByAWorkItemAndItsProgress() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await register.handle(
                .collectBasicInfo(
                    campaign: 2025,
                    info: .init(industry: "教育", professionalField: "光学", education: "博士", professionalTitle: "教授")),
                for: .init("T-A"), on: try Day("2026-01-10"), by: .system)
            try await register.catchUpProjections()
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func ids(_ query: String) async throws -> Seen {
                    let (status, answer, _) = try await send(
                        client, .get, "/v1/talents" + query, token: tokens.province)
                    return Seen(status, (answer["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
                }
                let collected = try await ids("?workItem=basicInfoCollection&progress=collected")
                #expect(collected == Seen(.ok, ["T-A"]))
                let pending = try await ids("?campaign=2025&workItem=basicInfoCollection&progress=pending")
                #expect(pending == Seen(.ok, ["T-B"]))
                for query in [
                    "?workItem=noSuchItem", "?progress=collected", "?workItem=basicInfoCollection&campaign=99999999999",
                    "?workItem=basicInfoCollection&progress=no_such_progress",
                    // A campaign the policy does not hold: no list to be empty.
                    "?workItem=basicInfoCollection&campaign=2024",
                ] {
                    let refused = try await ids(query)
                    #expect(refused.status == .badRequest, "\(query)")
                }
            }
        }
    }

    /// The process's metrics system, bootstrapped once for the whole test run with a registry this
    /// suite reads.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    @Test func metricsCountAppendsRefusalsByRuleTokensRefusedAndErrorAnswersAndShowTheProjectionLag() async throws {
        let registry = Self.registry
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register, metrics: registry))
            try await app.test(.router) { client in
                func scrape() async throws -> String {
                    try await client.execute(
                        uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(tokens.province)"]
                    ) { String(buffer: $0.body) }
                }
                func value(_ series: String, in text: String) -> Double {
                    text.split(separator: "\n").first { $0.hasPrefix(series + " ") }
                        .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
                }
                // A rule and an event type that no other test of this process meets through the register.
                let refusals = #"talentledger_command_refusals_total{rule="E4"}"#
                let appends = #"talentledger_events_appended_total{origin="command",type="OverdueAbroad"}"#
                // Answered with a problem document, not thrown past the metrics: counted as an error all the same.
                let errors =
                    #"hb_request_errors{http_route="/v1/talents/{talentID}/commands",http_request_method="POST",error_type="422"}"#
                let tokensRefused = "talentledger_tokens_refused_total"
                let before = try await scrape()
                let (unknown, _, _) = try await send(client, .get, "/v1/me", token: "tl_no-such-token")
                #expect(unknown == .unauthorized)
                let (refused, _, _) = try await send(
                    client, .post, "/v1/talents/T-A/commands", token: tokens.province,
                    body: #"{"type": "payHousingSubsidyInstalment", "number": 99, "effectiveOn": "2025-04-01"}"#)
                #expect(refused == .unprocessableContent)
                // Reported on the day it is recorded, as a unit's report is (X9).
                let overdue = #"{"type": "recordOverdueAbroad", "occurredOn": "2025-01-01"}"#
                let (dryRun, _, _) = try await send(
                    client, .post, "/v1/talents/T-A/commands?dryRun=true", token: tokens.officerA, body: overdue)
                #expect(dryRun == .ok)
                let (recorded, answer, _) = try await send(
                    client, .post, "/v1/talents/T-A/commands", token: tokens.officerA, body: overdue)
                #expect(recorded == .created)
                #expect((answer["events"] as? [[String: Any]])?.first?["type"] as? String == "OverdueAbroad")
                let after = try await scrape()
                #expect(value(refusals, in: after) == value(refusals, in: before) + 1)
                #expect(value(tokensRefused, in: after) >= value(tokensRefused, in: before) + 1)
                #expect(value(appends, in: after) == value(appends, in: before) + 1)
                #expect(value(errors, in: after) >= value(errors, in: before) + 1)
                #expect(!after.contains(#"error_type="201""#))
                #expect(after.contains("talentledger_projection_lag_events "))
                #expect(after.contains("http_requests_total") || after.contains("hb_requests"))
            }
        }
    }
}
