// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like O3 are the register's own spelling.

import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import ReadModels
import TalentApplication
import TalentLedgerTesting
import TalentServer
import Testing

@Suite("Contact forms over HTTP (O3)")
struct ContactFormRoutesTests {
    /// The province with two provincial departments (省教育厅 `edu`, 省卫健委 `health`) on 2025-12-20, before the
    /// contact forms' deadline: the register, its clock, its store, and the tokens of edu's account and of
    /// the province office.
    static func withTwoDepartments(
        _ suite: String,
        _ body: @Sendable (TalentRegister, TestClock, EventStore, String, String) async throws -> Void
    ) async throws {
        try await TestDatabase.withStore(suite) { store, _ in
            let organizations = [
                Organization(
                    id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil),
                Organization(
                    id: "edu", name: "省教育厅", shortName: "教育厅", kind: .provincialDepartment, parentID: "prov",
                    region: nil),
                Organization(
                    id: "health", name: "省卫健委", shortName: "卫健委", kind: .provincialDepartment, parentID: "prov",
                    region: nil),
            ]
            try await store.appendBulk(
                try organizations.map { try OrganizationStream.registration($0, on: "2016-01-01") })
            let clock = TestClock()
            try clock.set(day: "2025-12-20")
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load(), clock: clock.now)
            try await register.catchUpProjections()
            let edu = try await register.issueAccount(
                name: "edu", role: .supervisingDepartment, organization: "edu", by: .system
            ).token
            let province = try await register.issueAccount(
                name: "p", role: .provinceOffice, organization: "prov", by: .system
            ).token
            try await body(register, clock, store, edu, province)
        }
    }

    @Test func O3_aDepartmentSendsItsContactFormOnceAndEachSeesOnlyItsOwn() async throws {
        try await Self.withTwoDepartments("contact_forms") { register, clock, store, edu, province in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                // Sent under a key, and again after an answer that never arrived: answered as the first time.
                let form = #"{"reference": "吉教人〔2025〕9号", "effectiveOn": "2025-12-20"}"#
                let key: HTTPFields = [.init("Idempotency-Key")!: "edu-contact-form"]
                let (sent, answer, _) = try await CommandRoutesTests.post(
                    client, "/v1/campaigns/2025/contact-forms/edu", token: edu, body: form, headers: key)
                #expect(sent == .created)
                #expect((answer["items"] as? [[String: Any]])?.first?["late"] as? Bool == false)
                let (retried, retriedAnswer, _) = try await CommandRoutesTests.post(
                    client, "/v1/campaigns/2025/contact-forms/edu", token: edu, body: form, headers: key)
                #expect(retried == .created)
                #expect(
                    (retriedAnswer["items"] as? [[String: Any]])?.first?["reference"] as? String == "吉教人〔2025〕9号")
                #expect(try await store.withConnection { try await $0.readStream("contact-form-2025-edu") }.count == 1)
                let (reused, reusedProblem, _) = try await CommandRoutesTests.post(
                    client, "/v1/campaigns/2025/contact-forms/edu", token: edu, body: #"{"reference": "x"}"#,
                    headers: key)
                #expect(reused == .unprocessableContent)
                #expect(reusedProblem["field"] as? String == "Idempotency-Key")
                let (twice, problem, _) = try await send(
                    client, .post, "/v1/campaigns/2025/contact-forms/edu", token: edu, body: #"{"reference": "x"}"#)
                #expect(twice == .unprocessableContent)
                #expect(problem["rule"] as? String == "O3")
                let (others, _, _) = try await send(
                    client, .post, "/v1/campaigns/2025/contact-forms/health", token: edu, body: #"{"reference": "x"}"#)
                #expect(others == .notFound)
                // Read once 2026-01-05 has come: where the forms stand on a day to come is not yet so.
                try clock.set(day: "2026-01-05")
                let (_, own, _) = try await send(
                    client, .get, "/v1/campaigns/2025/contact-forms?on=2026-01-05", token: edu)
                #expect((own["items"] as? [[String: Any]])?.compactMap { $0["department"] as? String } == ["edu"])
                let (_, all, _) = try await send(
                    client, .get, "/v1/campaigns/2025/contact-forms?on=2026-01-05", token: province)
                let late = (all["items"] as? [[String: Any]] ?? []).map {
                    ($0["department"] as? String ?? "", $0["late"] as? Bool ?? false)
                }
                #expect(late.map(\.0) == ["edu", "health"])
                #expect(late.map(\.1) == [false, true])
                // The day before it was sent, it was not sent yet (nor late: the deadline had not passed).
                let (_, before, _) = try await send(
                    client, .get, "/v1/campaigns/2025/contact-forms?on=2025-12-19", token: edu)
                let edu19 = (before["items"] as? [[String: Any]])?.first
                #expect(edu19?["sentOn"] == nil && edu19?["late"] as? Bool == false)
                let (missingReference, missingProblem, _) = try await send(
                    client, .post, "/v1/campaigns/2025/contact-forms/health", token: province, body: "{}")
                #expect(missingReference == .badRequest)
                #expect(missingProblem["field"] as? String == "reference")
                let (emptyReference, emptyProblem, _) = try await send(
                    client, .post, "/v1/campaigns/2025/contact-forms/health", token: province,
                    body: #"{"reference": " "}"#)
                #expect(emptyReference == .badRequest)
                #expect(emptyProblem["field"] as? String == "reference")
                // An organization of the jurisdiction that is no department: the id is of the wrong kind.
                let (wrongKind, wrongKindProblem, _) = try await send(
                    client, .post, "/v1/campaigns/2025/contact-forms/prov", token: province,
                    body: #"{"reference": "x"}"#)
                #expect(wrongKind == .badRequest && wrongKindProblem["field"] as? String == "department")
                // A role that never sends one is told so before the department it names is looked up.
                let auditor = try await register.issueAccount(
                    name: "a", role: .auditor, organization: nil, by: .system
                ).token
                for department in ["edu", "nowhere"] {
                    let (refused, _, _) = try await send(
                        client, .post, "/v1/campaigns/2025/contact-forms/\(department)", token: auditor,
                        body: #"{"reference": "x"}"#)
                    #expect(refused == .forbidden, "\(department)")
                }
            }
        }
    }

    /// O3 in the console: the department's page says whether its contact form was sent and offers the form
    /// to the department (and the province) until it is; sent, the page says when and under which reference,
    /// and the form is gone. Another department's page is not the department's to open; past the deadline the
    /// province's overdue list links to the department that has not sent its form.
    @Test func O3_aDepartmentSendsItsContactFormFromItsPageInTheConsole() async throws {
        try await Self.withTwoDepartments("contact_forms_console") { register, clock, store, edu, office in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let department = try await ConsoleFormsTests.Person.signIn(client, token: edu)
                let (_, page, _) = try await department.get("/console/units/edu?year=2025")
                #expect(page.contains("尚未报送，报送截止日期") && page.contains(#"id="form-contactForm""#), "\(page)")
                let (empty, emptyPage, _) = try await department.post(
                    "/console/units/edu/contact-form", from: "/console/units/edu?year=2025",
                    [("year", "2025"), ("reference", " ")])
                #expect(empty == .badRequest && emptyPage.contains("请填写联系表的文号或登记编号"))
                // Posted after the session ended: kept through signing in again, drawn filled, not sent.
                let (ended, signInPage) = try await client.execute(
                    uri: "/console/units/edu/contact-form", method: .post,
                    headers: [.cookie: "tl_console=ended", .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "csrf=old&year=2025&reference=%E5%90%89%E6%95%99%E4%BA%BA8")
                ) { ($0.status, String(buffer: $0.body)) }
                #expect(ended == .unauthorized)
                #expect(signInPage.contains(#"name="draft-action" value="/console/units/edu/contact-form""#))
                let hidden = signInPage.matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)">/).map {
                    "\($0.1)=\(ConsoleFormsTests.unescaped(String($0.2)).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                }
                let (draftLocation, cookie) = try await client.execute(
                    uri: "/console/sign-in", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: (["token=\(edu)"] + hidden).joined(separator: "&"))
                ) { ($0.headers[.location], String(($0.headers[.setCookie] ?? "").split(separator: ";").first ?? "")) }
                #expect(draftLocation == "/console/units/edu?year=2025#form-contactForm")
                let (_, restored, _) = try await ConsoleFormsTests.Person(client: client, cookie: cookie).get(
                    "/console/units/edu?year=2025")
                #expect(restored.contains(#"id="contactForm-restored""#) && restored.contains(#"value="吉教人8""#))
                #expect(restored.contains("尚未报送"), "a draft is not sent")
                let (sent, _, location) = try await department.post(
                    "/console/units/edu/contact-form", from: "/console/units/edu?year=2025",
                    [("year", "2025"), ("reference", "吉教人〔2025〕9号")])
                #expect(sent == .seeOther && location?.contains("done=contactForm") == true)
                let (_, after, _) = try await department.get(try #require(location))
                #expect(after.contains("已于 2025-12-20 报送，文号：吉教人〔2025〕9号") && after.contains("已报送联系表"))
                #expect(!after.contains(#"id="form-contactForm""#))
                #expect(try await department.get("/console/units/health?year=2025").0 == .notFound)
                // Past the deadline, the province's overdue list leads to the department that has not sent it.
                try clock.set(day: "2026-01-05")
                let province = try await ConsoleFormsTests.Person.signIn(client, token: office)
                let (_, overdue, _) = try await province.get("/console/campaign/overdue?year=2025")
                #expect(
                    overdue.contains(#"<a href="/console/units/health?year=2025#contact-form">省卫健委</a>"#), "\(overdue)")
                #expect(!overdue.contains("省教育厅"))
                // With no talent's item overdue, the page does not say nothing is, over the form that is.
                #expect(overdue.contains("没有逾期的人才事项") && !overdue.contains("没有逾期事项"), "\(overdue)")
            }
        }
    }
}
