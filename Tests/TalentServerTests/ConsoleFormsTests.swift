// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S2 and T4 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import TalentServer
import Testing

/// The console's forms and addresses as a person meets them: refusals in words with what was typed kept,
/// a recorded step fetched again (a reload posts nothing twice), addresses that are no page, forms too
/// large, sign-ins posted from elsewhere.
@Suite("The console's forms and addresses")
struct ConsoleFormsTests {
    /// A signed-in person's client: pages fetched with the session, forms posted with its CSRF token.
    struct Person {
        let client: any TestClientProtocol
        let cookie: String

        static func signIn(_ client: some TestClientProtocol, token: String) async throws -> Person {
            let form = "token=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)
            let cookie = try await client.execute(
                uri: "/console/sign-in", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form)
            ) { String(($0.headers[.setCookie] ?? "").split(separator: ";").first ?? "") }
            return Person(client: client, cookie: cookie)
        }

        func get(_ uri: String) async throws -> (HTTPResponse.Status, String, String?) {
            try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) {
                ($0.status, String(buffer: $0.body), $0.headers[.location])
            }
        }

        /// Posts `fields` to `uri` with the CSRF token of the page at `page`.
        /// As ``post(_:from:_:)``, with `tail` after the form's `csrf` and `type` as given: bytes a browser
        /// would not send.
        func post(_ uri: String, from page: String, type: String, rawTail tail: [UInt8]) async throws
            -> (HTTPResponse.Status, String)
        {
            let (_, html, _) = try await get(page)
            let csrf = try #require(html.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
            var body = ByteBuffer(string: "csrf=\(csrf)&type=\(type)")
            body.writeBytes(tail)
            return try await client.execute(
                uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: body
            ) { ($0.status, String(buffer: $0.body)) }
        }

        func post(_ uri: String, from page: String, _ fields: [(String, String)]) async throws
            -> (HTTPResponse.Status, String, String?)
        {
            let (_, html, _) = try await get(page)
            let csrf = try #require(html.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
            let encoded = ([("csrf", String(csrf))] + fields).map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
            }.joined(separator: "&")
            return try await client.execute(
                uri: uri, method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: encoded)
            ) { ($0.status, String(buffer: $0.body), $0.headers[.location]) }
        }
    }

    static let collect = TalentCommand.collectBasicInfo(
        campaign: 2025,
        info: BasicInfo(
            industry: "教育", professionalField: "光学", education: "博士", professionalTitle: "教授", declaredSituations: []))

    /// D3: a downgrade situation declared with the basic information (W1) starts no report of itself: the
    /// talent's page says it is owed until a sanction records it.
    @Test func D3_theTalentPageSaysADeclaredDowngradeSituationIsOwedUntilRecorded() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            guard case .collectBasicInfo(let campaign, var info) = Self.collect else { return }
            info.declaredSituations = [.D2]
            try await register.handle(
                .collectBasicInfo(campaign: campaign, info: info), for: TalentID("T-A"), on: try Day("2026-01-10"),
                by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let owed = "基本信息采集申报存在“受到较轻处分”情形（D2），尚未登记：请登记该处分"
                #expect(try await officer.get("/console/talents/T-A").1.contains(owed))
                try await register.handle(
                    .penalize(
                        occurredOn: try Day("2026-01-05"), sanction: Sanction(kind: .party, measure: .partyWarning)),
                    for: TalentID("T-A"), on: try Day("2026-01-12"), by: .system)
                #expect(!(try await officer.get("/console/talents/T-A").1.contains(owed)))
            }
        }
    }

    /// A unit whose materials are complete is told it may send them; the level above, which reviews and
    /// does not send, that they wait for the unit.
    @Test func aReadyUnitIsToldItMaySendAndTheLevelAboveThatItWaitsForTheUnit() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-20")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(Self.collect, for: TalentID("T-A"), on: try Day("2026-01-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                #expect(try await officer.get("/console/units/unit-a?year=2025").1.contains("<p>材料齐全，可以报送。</p>"))
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                let (_, bureausView, _) = try await bureau.get("/console/units/unit-a?year=2025")
                #expect(bureausView.contains("<p>材料齐全，待单位报送。</p>") && !bureausView.contains("可以报送"))
            }
        }
    }

    /// The overview is counted by the register's clock, a demonstration's on a demo (`serve --today`), and
    /// says the days its exits and downgrades count, which a campaign's work report counts otherwise (S1).
    @Test func theOverviewSaysWhenByTheRegistersClockAndTheDaysItsChangesCount() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-20")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await Person.signIn(client, token: tokens.province)
                let (_, overview, _) = try await province.get("/console/overview")
                #expect(overview.contains("（截至 2026-03-20；统计于 2026-03-20 "), "\(overview)")
                #expect(overview.contains("2026-01-01 至 2026-03-20：退出管理"))
            }
        }
    }

    /// A person's overview counts again once they have done something, so that it shows it (a console
    /// tester's finding: a package returned was still counted as before there, a minute's figures).
    @Test func theOverviewShowsWhatItsPersonHasJustDone() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-20")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(
                .collectBasicInfo(campaign: 2025, info: LateUnitJobsTests.basicInfo), for: TalentID("T-A"),
                on: try Day("2026-03-20"), by: .system)
            try await register.submit(campaign: 2025, unit: "unit-a", on: try Day("2026-03-20"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                let row = #"<a href="/console/units/unit-a">市一中</a></td><td>"#
                let (_, before, _) = try await bureau.get("/console/overview")
                #expect(before.contains(row + "已报送</td>"), "\(before)")
                let page = "/console/units/unit-a"
                let (returned, _, _) = try await bureau.post(
                    "\(page)/review", from: page, [("decision", "return"), ("reason", "工作报告缺少数据")])
                #expect(returned == .seeOther)
                let (_, after, _) = try await bureau.get("/console/overview")
                #expect(after.contains(row + "已退回</td>"), "\(after)")
            }
        }
    }

    /// S1, S2, S4: a unit's page lists its submission step by step, which level returned it and why; a late
    /// unit's page says what its lateness costs and how to make up, and, once a make-up is accepted, tells
    /// the province office which job restores the services (a console tester's findings: the return and its
    /// level were gone once sent again; a late unit was told nothing of its cards).
    @Test func S1_S4_aUnitsPageListsItsSubmissionStepByStepAndWhatItsLatenessCosts() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-04-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            // unit-a is sent, passed up, returned by the province, sent again and accepted; unit-b is late.
            try await LateUnitJobsTests.evaluateTwoMoreAtUnitB(register)
            try await register.handle(
                .collectBasicInfo(campaign: 2025, info: LateUnitJobsTests.basicInfo), for: TalentID("T-A"),
                on: try Day("2026-01-10"), by: .system)
            try await register.submit(campaign: 2025, unit: "unit-a", on: try Day("2026-03-20"), by: .system)
            try await register.review(campaign: 2025, unit: "unit-a", .accept, on: try Day("2026-03-21"), by: .system)
            try await register.review(
                campaign: 2025, unit: "unit-a", .returnToUnit(reason: "工作报告缺少数据"), on: try Day("2026-03-22"),
                by: .system)
            try await register.submit(campaign: 2025, unit: "unit-a", on: try Day("2026-03-23"), by: .system)
            for day in ["2026-03-24", "2026-03-25"] {
                try await register.review(campaign: 2025, unit: "unit-a", .accept, on: try Day(day), by: .system)
            }
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let (_, unitA, _) = try await officer.get("/console/units/unit-a")
                #expect(unitA.contains("<h3 id=\"steps\">报送记录</h3>"), "\(unitA)")
                #expect(unitA.contains("<td>2026-03-20</td><td>市一中</td><td>报送，报长春市人社局审核</td>"), "\(unitA)")
                #expect(unitA.contains("<td>2026-03-21</td><td>长春市人社局</td><td>审核通过，报省人社厅审核</td>"))
                #expect(unitA.contains("<td>2026-03-22</td><td>省人社厅</td><td>退回单位</td><td>退回原因：工作报告缺少数据</td>"))
                #expect(unitA.contains("<td>2026-03-25</td><td>省人社厅</td><td>审核通过，审核完毕</td>"))
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                let (_, late, _) = try await bureau.get("/console/units/unit-b")
                #expect(
                    late.contains("本单位未按时报送：本单位人才的“吉享卡”“吉健卡”服务待遇按规定暂停（S3，由省人社厅运行批处理作业办理）。在2026-06-30前补报"), "\(late)")
                try await LateUnitJobsTests.makeUp(
                    register, collecting: ["T-B", "T-B2", "T-B3"], on: "2026-04-01", sentOn: "2026-04-01",
                    acceptedOn: ["2026-04-02", "2026-04-02"])
                let province = try await Person.signIn(client, token: tokens.province)
                let (_, madeUp, _) = try await province.get("/console/units/unit-b")
                #expect(
                    madeUp.contains(#"<a href="/console/campaign/jobs?year=2025&amp;job=restore">前往批处理作业</a>"#),
                    "\(madeUp)")
                #expect(madeUp.contains("<td>逾期原因：负责人出差</td>"))
                let (_, jobs, _) = try await province.get("/console/campaign/jobs?year=2025&job=restore")
                #expect(jobs.contains(#"<option value="restore" selected>"#), "\(jobs)")
            }
            // The API's unit answer lists the same steps.
            let steps = try await register.submissionSteps(
                campaign: 2025, unit: "unit-a", on: try Day("2026-04-02"), by: .system)
            #expect(steps.map(\.kind) == [.submitted, .accepted, .returned, .submitted, .accepted, .accepted])
            #expect(steps.last?.to == nil && steps[2].by == "prov" && steps[2].reason == "工作报告缺少数据")
        }
    }

    /// A province holds hundreds of units: its campaign page counts them by where their submissions stand
    /// and lists the units of the state chosen; a state it does not know is said, with the ones it does.
    @Test func theCampaignPageCountsTheUnitsByStateAndListsTheUnitsOfOne() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-20")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(Self.collect, for: TalentID("T-A"), on: try Day("2026-01-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let (submitted, _, _) = try await officer.post(
                    "/console/units/unit-a/submit", from: "/console/units/unit-a?year=2025", [("year", "2025")])
                #expect(submitted == .seeOther)
                let province = try await Person.signIn(client, token: tokens.province)
                let (_, all, _) = try await province.get("/console/campaign?year=2025")
                #expect(all.contains(#"<strong aria-current="true">全部 2</strong>"#), "\(all)")
                #expect(all.contains(#"<a href="/console/campaign?year=2025&amp;state=submitted">已报送 1</a>"#))
                #expect(all.contains(#"<a href="/console/campaign?year=2025&amp;state=notStarted">未开始 1</a>"#))
                #expect(
                    all.contains("/console/units/unit-a?year=2025") && all.contains("/console/units/unit-b?year=2025"))
                let (_, one, _) = try await province.get("/console/campaign?year=2025&state=submitted")
                #expect(one.contains(#"<strong aria-current="true">已报送 1</strong>"#))
                #expect(one.contains(#"<a href="/console/campaign?year=2025">全部 2</a>"#))
                #expect(
                    one.contains("/console/units/unit-a?year=2025") && !one.contains("/console/units/unit-b?year=2025"))
                let (_, none, _) = try await province.get("/console/campaign?year=2025&state=accepted")
                #expect(none.contains("没有已审核通过的单位。") && !none.contains("<tbody>"), "\(none)")
                let (bad, badPage, _) = try await province.get("/console/campaign?year=2025&state=overdue")
                #expect(bad == .badRequest)
                #expect(badPage.contains("没有“overdue”这种报送情况，可选 notStarted、inProgress"), "\(badPage)")
                // A long value is repeated cut short, not whole; one past any parameter's length, or given twice,
                // is refused as every console parameter is.
                let (_, longPage, _) = try await province.get(
                    "/console/campaign?year=2025&state=" + String(repeating: "x", count: 150))
                #expect(
                    longPage.contains(String(repeating: "x", count: 64) + "…")
                        && !longPage.contains(String(repeating: "x", count: 65)))
                let (tooLong, _, _) = try await province.get(
                    "/console/campaign?year=2025&state=" + String(repeating: "x", count: 3000))
                let (twice, twicePage, _) = try await province.get(
                    "/console/campaign?year=2025&state=late&state=submitted")
                #expect(tooLong == .badRequest && twice == .badRequest && twicePage.contains("只能填写一次"))
            }
        }
    }

    /// The console shows each campaign of the policy, the current one by default, and a form acts on the
    /// campaign its page shows: a unit's make-up of one campaign overlaps the next one's collection.
    @Test func S2_theConsoleShowsEachCampaignOfThePolicyAndActsOnTheOneShown() async throws {
        let folder = try TestPolicies.folder(editingCampaigns: TestPolicies.addCampaign2026)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        try clock.set(day: "2026-03-20")
        try await TalentRoutesTests.withProvince(clock: clock, policy: try PolicyDirectory.load(from: folder)) {
            register, tokens in
            try await register.handle(Self.collect, for: TalentID("T-A"), on: try Day("2026-01-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await Person.signIn(client, token: tokens.province)
                let (_, current, _) = try await province.get("/console/campaign")
                #expect(current.contains("<h1>2025年度考核工作</h1>"))
                #expect(current.contains("<a href=\"/console/campaign?year=2026\">2026</a>"))
                let (_, next, _) = try await province.get("/console/campaign?year=2026")
                #expect(next.contains("<h1>2026年度考核工作</h1>"))
                #expect(next.contains("/console/campaign/documents/package?year=2026"))
                let (bad, badPage, _) = try await province.get("/console/campaign?year=2030")
                #expect(bad == .badRequest)
                #expect(badPage.contains("没有“2030”年度的考核工作，可选 2025、2026"), "\(badPage)")
                #expect(try await province.get("/console/campaign?year=%2B2025").0 == .badRequest)
                // The unit's page of campaign 2025 submits campaign 2025, whatever the form is posted from.
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let (_, unitPage, _) = try await officer.get("/console/units/unit-a?year=2025")
                #expect(unitPage.contains("<input type=\"hidden\" name=\"year\" value=\"2025\">"))
                let (status, _, location) = try await officer.post(
                    "/console/units/unit-a/submit", from: "/console/units/unit-a?year=2025", [("year", "2025")])
                #expect(status == .seeOther, "\(status)")
                #expect(location == "/console/units/unit-a?done=submitted&year=2025#main")
                let submitted = try await register.submissions(
                    campaign: 2025, organization: "unit-a", on: try Day("2026-03-20"), by: .system)
                #expect(submitted.units.first?.submission?.status == .submitted)
                let untouched = try await register.submissions(
                    campaign: 2026, organization: "unit-a", on: try Day("2026-03-20"), by: .system)
                #expect(untouched.units.first?.submission?.status ?? .notStarted == .notStarted)
                // Posted from campaign 2026's page, the form acts on 2026, whose basic information is not collected.
                let (next2026, refusedPage, _) = try await officer.post(
                    "/console/units/unit-a/submit", from: "/console/units/unit-a?year=2026", [("year", "2026")])
                #expect(next2026 == .unprocessableContent, "\(next2026)")
                #expect(refusedPage.contains("尚不能报送：1名人才的材料不全"), "\(refusedPage)")
                #expect(refusedPage.contains("<h2>2026年度材料报送</h2>"))
            }
        }
    }

    @Test func S2_aSubmissionDatedOnADayThatIsNotOneIsRefusedInWordsAndARecordedOneIsFetchedAgain() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-16")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(Self.collect, for: TalentID("T-A"), on: try Day("2026-01-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let page = "/console/units/unit-a"
                // The province office enters the day a paper submission arrived; a day that is not one is
                // refused in words, with what was typed kept.
                let province = try await Person.signIn(client, token: tokens.province)
                let (refused, refusedPage, _) = try await province.post(
                    "\(page)/submit", from: page, [("effectiveOn", "2026-02-30")])
                #expect(refused == .badRequest)
                #expect(refusedPage.contains("报送日期：没有 2026-02-30 这一天"))
                #expect(refusedPage.contains(#"name="effectiveOn" type="date" value="2026-02-30""#))
                // The unit's officer is offered no day: a submission is dated the day it is recorded (S2).
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let (_, officersPage, _) = try await officer.get(page)
                #expect(!officersPage.contains(#"name="effectiveOn""#) && officersPage.contains("报送日期：2026-03-16"))
                let (recorded, _, location) = try await officer.post("\(page)/submit", from: page, [])
                #expect(recorded == .seeOther)
                #expect(location == "/console/units/unit-a?done=submitted&year=2025#main")
                let (_, after, _) = try await officer.get(location ?? page)
                #expect(after.contains("已报送"))
                #expect(!after.contains(#"action="/console/units/unit-a/submit""#), "the submit form is offered again")
                // The address the browser showed after the post, opened again, is the unit's page.
                let (again, _, back) = try await officer.get("\(page)/submit")
                #expect(again == .found || again == .seeOther)
                #expect(back == page)
                // A review carries one of the form's two decisions: any other is refused, not taken for an
                // acceptance, and the submission still waits at the city.
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                for decision in ["bogus", ""] {
                    let (bogus, bogusPage, _) = try await bureau.post(
                        "\(page)/review", from: page, [("decision", decision)])
                    #expect(bogus == .badRequest, "\(decision)")
                    #expect(bogusPage.contains("请选择“审核通过”或“退回”"), "\(decision)")
                }
                let units = try await register.submissions(campaign: 2025, on: try Day("2026-03-16"), by: .system).units
                let row = units.first { $0.unit == "unit-a" }
                #expect(row?.submission?.awaiting == "city", "\(String(describing: row))")
                // Accepted by the city, it goes up to the province; accepted there, it is accepted for good, and
                // each says which.
                for (reviewer, notice) in [(bureau, "本级已审核通过，已报上级审核"), (province, "已审核通过，审核完毕")] {
                    let (accepted, _, location) = try await reviewer.post(
                        "\(page)/review", from: page, [("decision", "accept")])
                    #expect(accepted == .seeOther)
                    let (_, reviewed, _) = try await reviewer.get(location ?? page)
                    #expect(reviewed.contains(notice), "\(notice)")
                }
                // A command's form carries the version its page showed: one that is not a version is refused
                // rather than recording over whatever happened since.
                let talentPage = "/console/talents/T-A"
                let version = try await register.queries.talent(TalentID("T-A"), by: .system).version
                let (broken, brokenPage, _) = try await officer.post(
                    "\(talentPage)/commands", from: talentPage,
                    [("type", "recordLostContact"), ("since", "2026-03-01"), ("version", "abc")])
                #expect(broken == .badRequest)
                #expect(brokenPage.contains("版本号无效"))
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).version == version)
            }
        }
    }

    /// A double click on 报送 or on a command's button sends the form twice (the console has no script to
    /// stop it): the page's key makes the two one command, so both answer as recorded and one is recorded,
    /// where the second used to say "already submitted" or "the page is out of date". The page's key sent
    /// again with other contents (Back, changed, sent) is refused in words, and records nothing.
    @Test func S1_aFormSentTwiceFromOnePageIsRecordedOnceAndBothAnswerAsRecorded() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-16")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(Self.collect, for: TalentID("T-A"), on: try Day("2026-01-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                /// The page's form fields (its CSRF token, its key, and the version it shows), and `fields`.
                func form(of page: String, _ fields: [(String, String)]) async throws -> String {
                    let (_, html, _) = try await officer.get(page)
                    let hidden = try ["csrf", "requestKey", "version"].compactMap { name -> (String, String)? in
                        guard html.contains("name=\"\(name)\"") else { return nil }
                        let value = try #require(
                            html.firstMatch(of: try Regex("name=\"\(name)\" value=\"([^\"]+)\""))?[1])
                        return (name, String(value.substring ?? ""))
                    }
                    return (hidden + fields).map { name, value in
                        "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
                    }.joined(separator: "&")
                }
                func send(_ uri: String, _ body: String) async throws -> (HTTPResponse.Status, String, String?) {
                    try await client.execute(
                        uri: uri, method: .post,
                        headers: [.cookie: officer.cookie, .contentType: "application/x-www-form-urlencoded"],
                        body: ByteBuffer(string: body)
                    ) { ($0.status, String(buffer: $0.body), $0.headers[.location]) }
                }
                let unitPage = "/console/units/unit-a"
                let submit = try await form(of: unitPage, [("year", "2025")])
                #expect(submit.contains("requestKey="))
                for _ in 0..<2 {
                    let (status, _, location) = try await send("\(unitPage)/submit", submit)
                    #expect(status == .seeOther)
                    #expect(location == "/console/units/unit-a?done=submitted&year=2025#main")
                }
                let submitted = try await register.submissions(
                    campaign: 2025, organization: "unit-a", on: try Day("2026-03-16"), by: .system)
                #expect(submitted.units.first?.submission?.status == .submitted)
                let talentPage = "/console/talents/T-A"
                let before = try await register.queries.talent(TalentID("T-A"), by: .system).version
                let lost = try await form(of: talentPage, [("type", "recordLostContact"), ("since", "2026-03-01")])
                for _ in 0..<2 {
                    let (status, _, location) = try await send("\(talentPage)/commands", lost)
                    #expect(status == .seeOther)
                    #expect(location == "/console/talents/T-A?recorded=recordLostContact#main")
                }
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).version == before + 1)
                // The same page's form with other contents: refused in words, nothing recorded.
                let changed = lost.replacingOccurrences(of: "2026%2D03%2D01", with: "2026%2D03%2D02")
                #expect(changed != lost)
                let (refused, page, _) = try await send("\(talentPage)/commands", changed)
                #expect(refused == .unprocessableContent)
                #expect(page.contains("此页面上的表单已提交过一次"), "\(page)")
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).version == before + 1)
            }
        }
    }

    /// A form posted after its session ended (the server restarted, the person signed out in another tab)
    /// is not lost: the sign-in page keeps what was typed, and once signed in again the form is drawn on its
    /// page filled as it was posted, once, and nothing is recorded until it is sent again. A wrong token
    /// keeps the draft too; a form posted from another site is not kept. (WCAG 2.2.5.)
    @Test func aFormPostedAfterItsSessionEndedIsDrawnAgainFilledOnceSignedInAndNothingIsRecorded() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-16")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(Self.collect, for: TalentID("T-A"), on: try Day("2026-01-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let page = "/console/talents/T-A"
                let version = try await register.queries.talent(TalentID("T-A"), by: .system).version
                /// Posts `fields` with a session cookie that has ended, as a browser left open would.
                func postSignedOut(_ uri: String, _ fields: [(String, String)], origin: String? = nil) async throws
                    -> (HTTPResponse.Status, String, String?)
                {
                    let encoded = ([("csrf", "from-the-ended-session")] + fields).map { name, value in
                        "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
                    }.joined(separator: "&")
                    var headers: HTTPFields = [
                        .cookie: "tl_console=ended", .contentType: "application/x-www-form-urlencoded",
                    ]
                    if let origin { headers[.origin] = origin }
                    return try await client.execute(
                        uri: uri, method: .post, headers: headers, body: ByteBuffer(string: encoded)
                    ) { ($0.status, String(buffer: $0.body), $0.headers[.location]) }
                }
                /// Signs in with `token` and the sign-in page's hidden fields: the answer and the new cookie.
                func signIn(_ token: String, from signInPage: String) async throws -> (
                    HTTPResponse.Status, String?, String, String
                ) {
                    let hidden = signInPage.matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)">/).map {
                        ($0.1, $0.2)
                    }
                    #expect(!hidden.isEmpty, "the sign-in page carries the draft")
                    let encoded = ([("token", token)] + hidden.map { (String($0.0), Self.unescaped(String($0.1))) })
                        .map { name, value in
                            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
                        }.joined(separator: "&")
                    return try await client.execute(
                        uri: "/console/sign-in", method: .post,
                        headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: encoded)
                    ) {
                        (
                            $0.status, $0.headers[.location],
                            String(($0.headers[.setCookie] ?? "").split(separator: ";").first ?? ""),
                            String(buffer: $0.body)
                        )
                    }
                }
                let fields = [
                    ("type", "recordLostContact"), ("since", "2026-03-01"), ("reason", "电话多次无人接听 & 邮件退回"),
                    ("version", String(version)),
                ]
                let (kept, signInPage, _) = try await postSignedOut("\(page)/commands", fields)
                #expect(kept == .unauthorized)
                #expect(signInPage.contains("您刚才填写的内容尚未记录，已为您保留"))
                #expect(signInPage.contains(#"name="draft-action" value="/console/talents/T-A/commands""#))
                #expect(!signInPage.contains("from-the-ended-session"), "the ended session's CSRF token is dropped")
                // A wrong token: refused, and the draft still rides along.
                let (wrong, _, _, wrongPage) = try await signIn("tl_not-a-token", from: signInPage)
                #expect(wrong == .unauthorized)
                #expect(wrongPage.contains(#"name="draft-field-since" value="2026-03-01""#))
                // Signed in: to the form, on its page, filled as posted; nothing recorded.
                let (signedIn, location, cookie, _) = try await signIn(tokens.officerA, from: wrongPage)
                #expect(signedIn == .seeOther)
                #expect(location == "\(page)#form-recordLostContact")
                let person = Person(client: client, cookie: cookie)
                let (_, restored, _) = try await person.get(page)
                #expect(restored.contains(#"<p class="restored" id="recordLostContact-restored" role="status">"#))
                #expect(restored.contains("这是您在登录失效前填写的内容，尚未记录"))
                #expect(!restored.contains("其间此人才有新的记录"), "the talent has not moved")
                #expect(restored.contains(#"value="2026-03-01""#))
                #expect(restored.contains("电话多次无人接听 &amp; 邮件退回"))
                #expect(!restored.contains("<title>错误："), "a draft is no error")
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).version == version)
                // Handed over once: the page opened again is today's, empty.
                let (_, again, _) = try await person.get(page)
                #expect(!again.contains("尚未记录") && !again.contains("电话多次无人接听"))
                // Sent again from the restored form, it is recorded.
                let (recorded, _, _) = try await person.post("\(page)/commands", from: page, fields)
                #expect(recorded == .seeOther)
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).version > version)
                // A draft of a page whose talent moved since says so (contact restored, the form drawn now that
                // contact is lost); one whose form the person may not use is said at the page's head.
                let restore = [("type", "restoreContact"), ("reason", "已恢复联系"), ("version", String(version))]
                let (_, stalePage, _) = try await postSignedOut("\(page)/commands", restore)
                let (_, _, staleCookie, _) = try await signIn(tokens.officerA, from: stalePage)
                let (_, stale, _) = try await Person(client: client, cookie: staleCookie).get(page)
                #expect(stale.contains("其间此人才有新的记录"))
                let (_, bureauDraft, _) = try await postSignedOut("\(page)/commands", fields)
                let (_, _, bureauCookie, _) = try await signIn(tokens.bureau, from: bureauDraft)
                let (_, bureauPage, _) = try await Person(client: client, cookie: bureauCookie).get(page)
                #expect(bureauPage.contains("您在登录失效前填写的表单已不在本页"))
                // A unit's form comes back on the unit's page of its campaign.
                let (_, submitDraft, _) = try await postSignedOut(
                    "/console/units/unit-a/submit", [("year", "2025"), ("effectiveOn", "2026-03-15")])
                let (_, unitLocation, provinceCookie, _) = try await signIn(tokens.province, from: submitDraft)
                #expect(unitLocation == "/console/units/unit-a?year=2025#form-submit")
                let (_, unitPage, _) = try await Person(client: client, cookie: provinceCookie).get(
                    "/console/units/unit-a?year=2025")
                #expect(unitPage.contains(#"id="submit-restored""#), "\(unitPage)")
                #expect(unitPage.contains(#"name="effectiveOn" type="date" value="2026-03-15""#))
                // Posted from another site, or a form that holds nothing typed: to the sign-in page, nothing kept.
                let (elsewhere, _, elsewhereLocation) = try await postSignedOut(
                    "\(page)/commands", fields, origin: "https://elsewhere.example")
                #expect(elsewhere == .found && elsewhereLocation == "/console/sign-in?ended=1")
                let (erasure, _, _) = try await postSignedOut("\(page)/profile/erase", [("confirm", "on")])
                #expect(erasure == .found)
            }
        }
    }

    /// A value as a page's HTML escapes it, read back.
    static func unescaped(_ html: String) -> String {
        html.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// O2: an officer who records a talent's move to another unit of the province is told so on its unit's
    /// page, not sent to the talent's page, which the move has taken out of its jurisdiction.
    @Test func O2_aMoveToAnotherUnitIsToldOnTheUnitsPage() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let page = "/console/talents/T-A"
                let (status, _, location) = try await officer.post(
                    "\(page)/commands", from: page,
                    [
                        ("type", "relocate"), ("kind", "withinProvince"), ("newUnit", "unit-b"),
                        ("occurredOn", "2026-06-20"), ("effectiveOn", "2026-06-21"),
                    ])
                #expect(status == .seeOther)
                #expect(location == "/console/units/unit-a?done=movedAway#main")
                let (_, told, _) = try await officer.get("/console/units/unit-a?done=movedAway")
                #expect(told.contains("该人才已调入省内其他单位，由新单位管理（O2）"))
                #expect(try await officer.get(page).0 == .notFound)
            }
        }
    }

    /// O2: an officer names the unit a talent moves to by its name, full or short, as they know it (no page
    /// of theirs lists another unit's id); a name that is no unit's is answered with the names it resembles,
    /// and one that several units bear asks for the id.
    @Test func O2_aMoveNamesItsNewUnitByName() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let page = "/console/talents/T-A"
                func move(to unit: String) async throws -> (HTTPResponse.Status, String) {
                    let (status, html, _) = try await officer.post(
                        "\(page)/commands", from: page,
                        [
                            ("type", "relocate"), ("kind", "withinProvince"), ("newUnit", unit),
                            ("occurredOn", "2026-06-20"), ("effectiveOn", "2026-06-21"),
                        ])
                    return (status, html)
                }
                let (unknown, unknownPage) = try await move(to: "第三中学")
                #expect(unknown == .badRequest)
                #expect(unknownPage.contains("新单位：没有名为“第三中学”的单位，请核对单位全称、简称或编号。"))
                let (near, nearPage) = try await move(to: "市医")
                #expect(near == .badRequest)
                #expect(nearPage.contains("没有名为“市医”的单位。名称相近的有：市医院（编号 unit-b）"), "\(nearPage)")
                #expect(nearPage.contains(#"value="市医""#), "what was typed is kept")
                // Units are named to those who may record the move on this talent alone: a bureau, which
                // records no moves, and another unit's officer, whose jurisdiction the talent is not in.
                for token in [tokens.bureau, tokens.officerB] {
                    let other = try await Person.signIn(client, token: token)
                    let (status, html, _) = try await other.post(
                        "\(page)/commands", from: page,
                        [
                            ("type", "relocate"), ("kind", "withinProvince"), ("newUnit", "市医"),
                            ("occurredOn", "2026-06-20"), ("effectiveOn", "2026-06-21"),
                        ])
                    #expect(status == .forbidden || status == .notFound, "\(status)")
                    #expect(!html.contains("编号 unit-b") && !html.contains("名称相近"))
                }
                let (moved, _) = try await move(to: " 市医院 ")
                #expect(moved == .seeOther)
                let talent = try await register.queries.talent(TalentID("T-A"), by: .system)
                #expect(talent.unit == "unit-b")
            }
        }
    }

    /// S1, S2: the unit's submit button waits, saying for what, where the register would refuse it: before
    /// the campaign's work opens, then while materials are missing; ready, it is there to press before the
    /// province's window opens (the unit sends to its city). The city, whose next level is the province,
    /// is told it passes the submission up in the province's window alone.
    @Test func S1_S2_theSubmitButtonSaysWhatItWaitsFor() async throws {
        let clock = TestClock()
        try clock.set(day: "2025-12-11")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let page = "/console/units/unit-b"
                let officer = try await Person.signIn(client, token: tokens.officerB)
                let waiting = #"<button type="submit" disabled aria-describedby="submit-waits">报送</button>"#
                let (_, early, _) = try await officer.get(page)
                #expect(early.contains("2025年度考核工作自2025-12-12起开展，届时方可报送（S2）。") && early.contains(waiting))
                try clock.set(day: "2026-03-10")
                let (_, missing, _) = try await officer.get(page)
                #expect(missing.contains("材料齐全后方可报送") && missing.contains(waiting))
                try await register.handle(Self.collect, for: TalentID("T-B"), on: try Day("2026-01-10"), by: .system)
                let (_, ready, _) = try await officer.get(page)
                #expect(!ready.contains("submit-waits") && ready.contains(#"<button type="submit">报送</button>"#))
                let (sent, _, _) = try await officer.post("\(page)/submit", from: page, [("year", "2025")])
                #expect(sent == .seeOther, "\(sent)")
                let city = try await Person.signIn(client, token: tokens.bureau)
                let (_, review, _) = try await city.get(page)
                #expect(review.contains("省人社厅2025年度材料接收时间自2026-03-16起，届时方可审核通过报送；退回不受此限（S2）。"), "\(review)")
                try clock.set(day: "2026-03-16")
                let (_, inWindow, _) = try await city.get(page)
                #expect(inWindow.contains("id=\"form-review\"") && !inWindow.contains("届时方可审核通过报送"))
            }
        }
    }

    /// S4: a late unit's make-up shows its reason to the levels that review it, and one sent after the
    /// make-up deadline is recorded with a notice that it restores nothing. (Unit A was in time: the
    /// campaign was run in the register, S3.)
    @Test func S4_aMakeUpShowsItsReasonAndOneSentAfterTheDeadlineSaysItRestoresNothing() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-07-01")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            for talent in ["T-A", "T-B"] {
                try await register.handle(Self.collect, for: TalentID(talent), on: try Day("2026-01-10"), by: .system)
            }
            try await register.submit(campaign: 2025, unit: "unit-a", on: try Day("2026-03-20"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let page = "/console/units/unit-b"
                let officer = try await Person.signIn(client, token: tokens.officerB)
                let (status, _, location) = try await officer.post(
                    "\(page)/submit", from: page, [("latenessReason", "单位盖章流程延误")])
                #expect(status == .seeOther)
                #expect(location?.contains("done=submittedPastMakeUp") == true)
                let (_, told, _) = try await officer.get(try #require(location))
                #expect(told.contains("补报期限已过：本次报送审核通过后，也不恢复暂停的“吉享卡”“吉健卡”服务待遇（S4）"))
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                let (_, reviewed, _) = try await bureau.get(page)
                #expect(reviewed.contains(#"<strong id="submission-state">逾期补报（补报期限后报送，不恢复待遇）</strong>"#))
                #expect(reviewed.contains("<p>逾期原因：单位盖章流程延误</p>"))
            }
        }
    }

    /// A refused form is drawn again where it was filled in (its address ends in the form's own id, which
    /// the browser scrolls to), the page's title says there is an error, and each problem is tied to what
    /// it is about: the field (`aria-invalid`, `aria-describedby` to the text beside it) or, for the whole
    /// form, its fieldset. A day the talent page's pickers cannot use is said beside the picker, over the
    /// talent's page. (WCAG 2.1 3.3.1 and 1.3.1, as GB/T 37668 takes them.)
    @Test func aRefusedFormsProblemIsTiedToItsFieldOrItsFormAndThePageSaysThereIsOne() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-16")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(Self.collect, for: TalentID("T-A"), on: try Day("2026-01-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func tied(_ html: String, field id: String, says text: String) {
                    #expect(
                        html.contains(#"id="\#(id)""#)
                            && html.contains(#"aria-invalid="true" aria-describedby="\#(id)-problem""#),
                        "\(id) is not marked")
                    #expect(html.contains(#"<p class="problem" id="\#(id)-problem" role="alert">\#(text)"#), "\(id)")
                }
                func titled(_ html: String) -> Bool { html.contains("<title>错误：") }
                let page = "/console/units/unit-a"
                let province = try await Person.signIn(client, token: tokens.province)
                let (_, unitPage, _) = try await province.get(page)
                #expect(
                    unitPage.contains(
                        #"<form id="form-submit" method="post" action="/console/units/unit-a/submit#form-submit">"#))
                #expect(!titled(unitPage))
                let (_, badDay, _) = try await province.post(
                    "\(page)/submit", from: page, [("effectiveOn", "2026-02-30")])
                tied(badDay, field: "submit-effectiveOn", says: "报送日期：没有 2026-02-30 这一天")
                #expect(titled(badDay))
                // The unit submits; the city reviews.
                let officer = try await Person.signIn(client, token: tokens.officerA)
                _ = try await officer.post("\(page)/submit", from: page, [])
                // A submit form posted again once the page no longer draws it (a second tab): its refusal at the
                // head of the page, not in a form that is not there.
                let (again, againPage, _) = try await officer.post("\(page)/submit", from: page, [])
                #expect(again == .unprocessableContent)
                #expect(!againPage.contains(#"id="form-submit""#))
                #expect(againPage.contains(#"<div class="problem" role="alert">未能报送（"#), "\(againPage)")
                // The rule's name beside its number, then the reason: no name standing alone as a sentence.
                #expect(againPage.firstMatch(of: /未能报送（[A-Z]+[0-9]* [^）]+）：[^。]+。/) != nil, "\(againPage)")
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                let (noReason, noReasonPage, _) = try await bureau.post(
                    "\(page)/review", from: page, [("decision", "return"), ("reason", "")])
                #expect(noReason == .badRequest)
                tied(noReasonPage, field: "review-reason", says: "退回时请填写退回原因。")
                #expect(
                    noReasonPage.contains(
                        #"id="decision-return" type="radio" name="decision" value="return" required checked"#))
                // No decision is chosen before the reviewer chooses one; a reason typed with the acceptance
                // chosen is asked about, not dropped with the package sent up (a console tester's finding).
                let (_, fresh, _) = try await bureau.get(page)
                #expect(fresh.contains(#"value="accept" required>"#) && fresh.contains(#"value="return" required>"#))
                let (mixed, mixedPage, _) = try await bureau.post(
                    "\(page)/review", from: page, [("decision", "accept"), ("reason", "工作报告缺少数据")])
                #expect(mixed == .badRequest)
                tied(mixedPage, field: "review-reason", says: "已填写退回原因：如要退回，请选择“退回”；如要审核通过，请清空退回原因。")
                #expect(mixedPage.contains(#"value="accept" required checked"#) && mixedPage.contains("工作报告缺少数据"))
                let (_, noDecisionPage, _) = try await bureau.post(
                    "\(page)/review", from: page, [("decision", "bogus")])
                #expect(noDecisionPage.contains(#"<fieldset aria-describedby="review-problem"><legend>审核</legend>"#))
                #expect(
                    noDecisionPage.contains(#"<p class="problem" id="review-problem" role="alert">请选择“审核通过”或“退回”。"#))
                #expect(titled(noDecisionPage))
                // A command refused as a whole: the fieldset is described by the refusal.
                let talentPage = "/console/talents/T-A"
                let (_, broken, _) = try await officer.post(
                    "\(talentPage)/commands", from: talentPage,
                    [("type", "recordLostContact"), ("since", "2026-03-01"), ("version", "abc")])
                #expect(
                    broken.contains(
                        #"<form class="command" id="form-recordLostContact" method="post" action="/console/talents/T-A/commands#form-recordLostContact">"#
                    ))
                #expect(broken.contains(#"<fieldset aria-describedby="recordLostContact-refusal">"#))
                #expect(broken.contains(#"<p class="problem" id="recordLostContact-refusal" role="alert">此页面的表单已损坏"#))
                #expect(titled(broken))
                // A day the pickers cannot use: the talent's page, the picker keeping what was typed.
                let (status, asOfPage, _) = try await officer.get("\(talentPage)?asOf=2026-13-01")
                #expect(status == .badRequest)
                #expect(asOfPage.contains("<h1>") && asOfPage.contains("<small>T-A</small>") && titled(asOfPage))
                #expect(asOfPage.contains(#"value="2026-13-01" aria-invalid="true" aria-describedby="asOf-problem""#))
                tied(asOfPage, field: "asOf", says: "“2026-13-01”不是有效的日期：请使用 YYYY-MM-DD 格式")
                let (knownStatus, knownPage, _) = try await officer.get(
                    "\(talentPage)?asOf=2026-01-01&knownAt=yesterday")
                #expect(knownStatus == .badRequest)
                tied(knownPage, field: "knownAt", says: "“yesterday”不是有效的时间")
                #expect(!knownPage.contains("以下为截至"), "a page with an unusable picker is drawn as of a day")
                // A day before the talent's first fact: said beside the picker too, over today's page.
                let (earlyStatus, earlyPage, _) = try await officer.get("\(talentPage)?asOf=2017-01-01")
                #expect(earlyStatus == .notFound)
                tied(earlyPage, field: "asOf", says: "人才 T-A 截至 2017-01-01 在本系统中没有记录")
                #expect(earlyPage.contains("<small>T-A</small>"))
            }
        }
    }

    /// Every blocker a unit's page lists can be cleared from the console: the basic information (W1, with
    /// the situations the unit declares) and the mid-term survey (W2) have forms of their own.
    @Test func W1_W2_aUnitClearsItsBasicInformationAndSurveyBlockersThroughTheConsolesForms() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let surveyed = TalentID("T-W2")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: surveyed, tier: .C, unit: UnitID("unit-a"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2023〕1号", certificateDate: try Day("2023-03-01"))),
                for: surveyed, on: try Day("2023-03-01"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let (_, unitPage, _) = try await officer.get("/console/units/unit-a")
                #expect(unitPage.contains("未完成基本信息采集") && unitPage.contains("未提交期中业绩调查"))
                let page = "/console/talents/T-A"
                let (_, talentPage, _) = try await officer.get(page)
                #expect(talentPage.contains("基本信息采集") && talentPage.contains(#"name="declaredX1""#))
                // A fact that carries its own date (a move's) is reported on the form's day, and says so.
                #expect(talentPage.contains(#"<label for="relocate-effectiveOn">报告日期</label>"#))
                #expect(talentPage.contains(#"<label for="collectBasicInfo-effectiveOn">生效日期</label>"#))
                let (collected, _, _) = try await officer.post(
                    "\(page)/commands", from: page,
                    [
                        ("type", "collectBasicInfo"), ("campaign", "2025"), ("industry", "教育"),
                        ("professionalField", "光学"), ("education", "博士"), ("professionalTitle", "教授"),
                        ("declaredX1", "on"), ("declaredD2", "on"), ("effectiveOn", "2026-01-10"),
                    ])
                #expect(collected == .seeOther)
                let info = try await register.queries.state(of: TalentID("T-A"), by: .system).campaign(2025).basicInfo
                #expect(
                    info
                        == BasicInfo(
                            industry: "教育", professionalField: "光学", education: "博士", professionalTitle: "教授",
                            declaredSituations: [.X1, .D2]))
                // A field left empty is refused beside it, with what was typed kept.
                let surveyPage = "/console/talents/T-W2"
                var items = [
                    ("type", "submitMidTermSurvey"), ("campaign", "2025"), ("innovationAndEntrepreneurship", "创办企业1家"),
                    ("technicalBreakthroughs", "攻克关键技术2项"), ("transferOfResults", "转化成果1项"),
                    ("economicAndSocialBenefit", "新增产值500万元"), ("professionalLevel", "发表论文3篇"),
                    ("talentCultivation", ""), ("effectiveOn", "2026-01-12"),
                ]
                let (empty, emptyPage, _) = try await officer.post("\(surveyPage)/commands", from: surveyPage, items)
                #expect(empty == .badRequest)
                #expect(emptyPage.contains("人才培养：不能为空") && emptyPage.contains("创办企业1家"))
                items[7] = ("talentCultivation", "培养博士2名")
                let (surveyed, _, _) = try await officer.post("\(surveyPage)/commands", from: surveyPage, items)
                #expect(surveyed == .seeOther)
                let survey = try await register.queries.state(of: TalentID("T-W2"), by: .system).campaign(2025)
                    .survey
                #expect(survey?.talentCultivation == "培养博士2名" && survey?.innovationAndEntrepreneurship == "创办企业1家")
                // Neither blocks the unit for what the forms recorded (T-W2 still owes its basic information).
                let blockers = try await register.readiness(
                    campaign: 2025, unit: "unit-a", on: try Day("2026-03-20"), by: .system
                ).blockers.map { "\($0.talent) \($0.rule)" }
                #expect(!blockers.contains("T-A W1") && !blockers.contains("T-W2 W2"), "\(blockers)")
                #expect(blockers.contains("T-W2 W1"), "\(blockers)")
            }
        }
    }

    /// A refusal about one of a form's fields (the register's limits, a unit the tree does not hold) is
    /// shown beside that field under the label the person sees, not under the API's name for it.
    @Test func LIMITS_aRefusalAboutAFormsFieldIsShownBesideItUnderItsLabel() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-20")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let page = "/console/talents/T-A"
                for (fields, id, text, expected) in [
                    (
                        [("type", "recordLostContact"), ("since", "2026-03-01"), ("effectiveOn", "2026-04-15")],
                        "recordLostContact-effectiveOn", "报告日期：2026-04-15晚于今天（2026-03-20）。",
                        HTTPResponse.Status.unprocessableContent
                    ),
                    (
                        [("type", "recordLostContact"), ("since", "2026-03-01"), ("reason", "a\u{07}b")],
                        "recordLostContact-reason", "说明：含有控制字符。", .unprocessableContent
                    ),
                    (
                        [
                            ("type", "relocate"), ("kind", "withinProvince"), ("newUnit", "unit-9999"),
                            ("occurredOn", "2026-03-01"),
                        ],
                        "relocate-newUnit", "新单位：不是本省登记的用人单位编号（人社部门和主管部门不是用人单位）", .badRequest
                    ),
                    // An unrelated post at another unit of the province: that unit reports (O2), so it is one the
                    // register holds; any text was kept as the talent's unit, which nobody then saw.
                    (
                        [
                            ("type", "relocate"), ("kind", "unrelatedPost"), ("newUnit", "abc"),
                            ("occurredOn", "2026-03-01"),
                        ],
                        "relocate-newUnit", "新单位：不是本省登记的用人单位编号（人社部门和主管部门不是用人单位）", .badRequest
                    ),
                ] {
                    let (status, html, _) = try await officer.post("\(page)/commands", from: page, fields)
                    #expect(status == expected, "\(fields)")
                    let shown = html.firstMatch(of: try Regex(#"id="\#(id)-problem" role="alert">([^<]*)<"#))
                    #expect(shown.map { String($0.output[1].substring ?? "") } == text, "\(id): \(html)")
                    #expect(!html.contains("effectiveOn：") && !html.contains("newUnit："), "\(id)")
                }
            }
        }
    }

    /// X1, X9, C2: the talent page's state says what the API's state says beyond the tier: the retirement
    /// and its rehire, a situation reported and waiting for the province, and the subsidy an exit stopped.
    @Test func X9_C2_theTalentsStateSaysItsRetirementAReportWaitingAndTheSubsidyStopped() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let rehire = RehireTerms(agreementReference: "返聘-1", sameField: true, validUntil: try Day("2026-12-31"))
            try await register.handle(
                .retire(occurredOn: try Day("2026-01-10"), rehire: rehire), for: TalentID("T-A"),
                on: try Day("2026-01-15"), by: .system)
            try await register.handle(
                .recordDeath(occurredOn: try Day("2026-01-25")), for: TalentID("T-B"), on: try Day("2026-03-26"),
                by: .system)
            try await register.catchUpProjections()
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await Person.signIn(client, token: tokens.province)
                let retired = try await province.get("/console/talents/T-A").1
                #expect(retired.contains("2026-01-10 退休；返聘（协议 返聘-1，至 2026-12-31）"))
                let died = try await province.get("/console/talents/T-B").1
                #expect(died.contains("“死亡”（2026-01-25 发生，2026-03-26 报告，逾期报告），待省人社厅核实"))
                #expect(died.contains("安家补贴 500,000 元，已发放 0 元") && !died.contains("不再发放"))
                try await register.handle(
                    .verifyExitSituation(reason: .died, confirmed: true, finding: "死亡证明"), for: TalentID("T-B"),
                    on: try Day("2026-03-30"), by: .system)
                try await register.catchUpProjections()
                let exited = try await province.get("/console/talents/T-B").1
                #expect(exited.contains("未发放的 500,000 元不再发放（退出管理，C2）"))
                #expect(!exited.contains("待省人社厅核实"))
            }
        }
    }

    /// P1: while an excellent result is publicized, the talent's page says since when and the earliest day
    /// the publicity may end, which is when its end and the result's confirmation are offered.
    @Test func P1_aRunningPublicityIsSaidWithTheEarliestDayItMayEnd() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let talent = TalentID("T-P")
            let day = try Day("2020-06-01")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: talent, tier: .C, unit: UnitID("unit-a"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2020〕1号", certificateDate: day)),
                for: talent, on: day, by: .system)
            for (command, on) in [
                (TalentCommand.registerEndTerm(campaign: 2025), "2026-03-02"),
                (.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), "2026-03-03"),
                (.startPublicity(campaign: 2025), "2026-03-04"),
            ] {
                try await register.handle(command, for: talent, on: try Day(on), by: .system)
            }
            try await register.catchUpProjections()
            let earliest = try #require(
                try await register.queries.state(of: talent, by: .system).campaign(2025).publicity?.earliestEnd)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let page = try await officer.get("/console/talents/T-P").1
                #expect(page.contains("2025年度考核结果自 2026-03-04 起公示中，最早可于 \(earliest) 结束（P1）"))
            }
        }
    }

    /// As known at a time, each row's states are those known then: a suspension recorded later and dated
    /// before a move does not show on the move's row of a page as known before it was recorded.
    @Test func aTimelineAsKnownAtATimeShowsEachRowAsKnownThen() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let today = register.today()
            try await register.handle(
                .relocate(kind: .withinProvince, newUnit: UnitID("unit-b"), occurredOn: today), for: TalentID("T-A"),
                on: today, by: .system)
            let moved = try #require(
                try await register.queries.timeline(of: TalentID("T-A"), by: .system).entries.last?.recordedAt)
            try await register.handle(
                .suspendServices(reason: "逾期未报"), for: TalentID("T-A"), on: today.adding(days: -30), by: .system)
            try await register.catchUpProjections()
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await Person.signIn(client, token: tokens.province)
                let now = try await province.get("/console/talents/T-A").1
                #expect(now.contains("<td>暂停</td>"), "known now, the move's day is under the suspension")
                let (status, then, _) = try await province.get(
                    "/console/talents/T-A?knownAt=\(RecordingTime.text(moved))")
                #expect(status == .ok)
                #expect(!then.contains("<td>暂停</td>"), "as known when the move was recorded, nothing was suspended")
            }
        }
    }

    /// X9: a verification refused while a graver situation waits is said beside the situation chosen (the
    /// command names it `reason`; the form's own 说明 is its note).
    @Test func X9_aVerificationRefusedForAGraverSituationIsSaidBesideTheSituationChosen() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let today = register.today()
            try await register.handle(
                .retire(occurredOn: today, rehire: nil), for: TalentID("T-A"), on: today, by: .system)
            try await register.handle(
                .findMisconduct(occurredOn: today, finding: "学术不端"), for: TalentID("T-A"), on: today, by: .system)
            try await register.catchUpProjections()
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await Person.signIn(client, token: tokens.province)
                let page = "/console/talents/T-A"
                let (status, refused, _) = try await province.post(
                    "\(page)/commands", from: page,
                    [
                        ("type", "verifyExitSituation"), ("situation", "retiredNotRehired"), ("confirmed", "true"),
                        ("finding", "核实"),
                    ])
                #expect(status == .unprocessableContent)
                #expect(refused.contains(#"id="verifyExitSituation-situation""#))
                #expect(
                    refused.contains(
                        #"aria-invalid="true" aria-describedby="verifyExitSituation-situation-problem""#))
                #expect(refused.contains("另有待核实的“失德、失范、失信”情形"))
                #expect(!refused.contains(#"aria-describedby="verifyExitSituation-reason-problem""#))
            }
        }
    }

    /// X9: a situation declared in the basic information with no written report behind it keeps the unit
    /// from submitting, said in Chinese on its page as every other blocker is.
    @Test func X9_aSituationDeclaredWithNoReportBlocksTheUnitSaidInChinese() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            var info = RandomCommands.basicInfo
            info.declaredSituations = [.X3]
            try await register.handle(
                .collectBasicInfo(campaign: 2025, info: info), for: TalentID("T-A"), on: try Day("2026-01-10"),
                by: .system)
            try await register.catchUpProjections()
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let (_, page, _) = try await officer.get("/console/units/unit-a")
                #expect(page.contains("基本信息采集中填报了“调离吉林”（X3）情形，但没有待核实的书面报告"))
                #expect(!page.contains("awaiting verification"))
            }
        }
    }

    @Test func T4_aClassifiedTalentBlockingAUnitIsCountedOnItsPageForTheBureauNeverNamed() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await TalentRoutesTests.registerClassified(register)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                let (_, page, _) = try await bureau.get("/console/units/unit-a")
                #expect(page.contains("另有 1 名涉密人员的材料不全"))
                #expect(!page.contains("T-C"))
                #expect(page.contains("未完成基本信息采集"))
                // Counted in the total alone, in no tier the bureau could subtract the listed talents from.
                #expect(page.contains("管理期内人才 2 名") && page.contains("其中涉密人员 1 名，按规定仅计总数"))
                // The roster of the year's work leaves it out, and says how many it leaves out.
                #expect(page.contains("另有涉密人员 1 名参加本年度工作，按规定只计人数，不在此列出"))
                // Its own unit's officer sees it named, and counted with the others.
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let own = try await officer.get("/console/units/unit-a").1
                #expect(own.contains("/console/talents/T-C"))
                #expect(own.contains("管理期内人才 2 名") && !own.contains("其中涉密人员"))
                #expect(!own.contains("roster-classified"))
            }
        }
    }

    @Test func addressesThatAreNoPageAndFormsTooLargeAnswerInWordsAndASignInFromElsewhereIsRefused() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                let (missing, missingPage, _) = try await officer.get("/console/no/such/page")
                #expect(missing == .notFound)
                #expect(missingPage.contains("没有这个页面"))
                // A day before the talent's evaluation: nothing to show, said in words.
                let (early, earlyPage, _) = try await officer.get("/console/talents/T-A?asOf=2020-01-01")
                #expect(early == .notFound)
                #expect(earlyPage.contains("人才 T-A 截至 2020-01-01 在本系统中没有记录：当时尚未认定。"))
                #expect(earlyPage.contains(#"aria-describedby="asOf-problem""#), "said beside the picker")
                #expect(earlyPage.contains("所填的日期或时间无法显示（见其旁说明），以下为今天的情况。"), "today's page says so")
                #expect(
                    try await officer.get("/console/talents/T-A?asOf=2026-02-29").1.contains("没有 2026-02-29 这一天"))
                #expect(
                    try await officer.get("/console/talents/T-A?knownAt=2026-02-29T10:00").1.contains(
                        "没有 2026-02-29 这一天"))
                // Evaluated by the day asked, but recorded after the time asked: said beside the time's picker.
                let (_, unknownPage, _) = try await officer.get(
                    "/console/talents/T-A?asOf=2025-01-01&knownAt=2026-01-01T00:00")
                #expect(unknownPage.contains(#"aria-describedby="knownAt-problem""#), "said beside the time")
                // As typed: the minute picked, not the end of it the register read.
                #expect(unknownPage.contains("按 2026-01-01 00:00 时所知"), "\(unknownPage)")
                #expect(!unknownPage.contains("00:00:59"))
                #expect(!unknownPage.contains(#"aria-describedby="asOf-problem""#))
                // What no search, page or time of the register can be is a bad request, said in words.
                for address in [
                    "/console/talents?q=%00", "/console/talents?q=%ff%fe", "/console/talents?cursor=%00",
                    "/console/talents?unit=a%00",
                    // A filter no option of the list's form sends: not dropped, listing every talent.
                    "/console/talents?tier=Z", "/console/talents?status=zzz", "/console/talents?card=x&cardStatus=y",
                    "/console/talents/T-A?knownAt=0001-01-01T00:00", "/console/talents/T-A?knownAt=-2026-01-01T00:00",
                    "/console/talents/T-A?asOf=9999-12-31",
                ] {
                    let (status, page, _) = try await officer.get(address)
                    #expect(status == .badRequest, "\(address)")
                    #expect(!page.contains("Internal"), "\(address)")
                }
                // A "known at" copied from the API (RFC 3339, with its offset) opens the page as the picker's does.
                let now = Date()
                let china = DateFormatter()
                china.locale = Locale(identifier: "en_US_POSIX")
                china.timeZone = TimeZone(identifier: "Asia/Shanghai")
                china.dateFormat = "yyyy-MM-dd'T'HH:mm"
                for address in [
                    "/console/talents/T-A?knownAt=\(RecordingTime.text(now))",
                    "/console/talents/T-A?knownAt=\(china.string(from: now).prefix(10))",
                    "/console/talents/T-A?knownAt=\(china.string(from: now))",
                ] {
                    #expect(try await officer.get(address).0 == .ok, "\(address)")
                }
                // The timeline shows a recording to the minute; that minute, given back, knows it.
                try await register.handle(
                    .recordLostContact(since: try Day("2026-01-05")), for: TalentID("T-A"), on: register.today(),
                    by: .system)
                try await register.catchUpProjections()
                let minute = china.string(from: Date())
                let (_, thatMinute, _) = try await officer.get("/console/talents/T-A?knownAt=\(minute)")
                #expect(thatMinute.contains("（自 2026-01-05 失联）"), "known at \(minute)")
                // A time that has not come is known by nobody yet, as the API says: said beside its picker.
                let (ahead, aheadPage, _) = try await officer.get("/console/talents/T-A?knownAt=2099-01-01T08:00")
                #expect(ahead == .badRequest)
                #expect(aheadPage.contains("“2099-01-01T08:00”尚未到来"))
                // An id holding a control character is no talent's or unit's.
                for address in ["/console/talents/T-A%00", "/console/units/unit-a%00"] {
                    let (status, page, _) = try await officer.get(address)
                    #expect(status == .notFound, "\(address)")
                    #expect(!page.contains("Internal"), "\(address)")
                }
                // What was not found is named as typed, and a document that is none is said in words.
                let (chinese, chinesePage, _) = try await officer.get("/console/talents/%E4%B8%AD")
                #expect(chinese == .notFound)
                #expect(chinesePage.contains("没有找到人才 中"), "\(chinesePage)")
                let (document, documentPage, _) = try await officer.get("/console/units/unit-a/documents/9")
                #expect(document == .badRequest)
                #expect(documentPage.contains("没有“9”这份材料"), "\(documentPage)")
                let (large, largePage, _) = try await officer.post(
                    "/console/talents/T-A/commands", from: "/console/talents/T-A",
                    [("type", "recordLostContact"), ("reason", String(repeating: "长", count: 10_000))])
                #expect(large == .contentTooLarge)
                #expect(largePage.contains("内容过长"))
                // Its fields were not read: the page leads back to the talent's, where the browser's back button
                // finds what was typed.
                #expect(largePage.contains(#"<a href="/console/talents/T-A">返回原页面</a>"#) && largePage.contains("后退"))
                // Bytes that are no UTF-8 text, raw or percent-encoded, are refused, not kept as U+FFFD.
                let versionBefore = try await register.queries.talent(TalentID("T-A"), by: .system).version
                for tail in [
                    Array("&since=2026-01-05&reason=张".utf8) + [0xFF, 0xFE],
                    Array("&since=2026-01-05&reason=%FF%FE".utf8),
                ] {
                    let (status, page) = try await officer.post(
                        "/console/talents/T-A/commands", from: "/console/talents/T-A", type: "recordLostContact",
                        rawTail: tail)
                    #expect(status == .badRequest)
                    #expect(page.contains("不是 UTF-8"), "\(page)")
                }
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).version == versionBefore)
                // A field named twice is refused (which was meant is not guessed), and so is a form with the
                // session's token posted from another origin.
                let (twice, twicePage) = try await officer.post(
                    "/console/talents/T-A/commands", from: "/console/talents/T-A", type: "recordLostContact",
                    rawTail: Array("&since=2026-01-05&since=2026-01-06".utf8))
                #expect(twice == .badRequest && twicePage.contains("“since”一项出现了两次"), "\(twicePage)")
                let (_, pageHTML, _) = try await officer.get("/console/talents/T-A")
                let csrf = try #require(pageHTML.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
                let (elsewhere, _) = try await client.execute(
                    uri: "/console/talents/T-A/commands", method: .post,
                    headers: [
                        .cookie: officer.cookie, .contentType: "application/x-www-form-urlencoded",
                        .origin: "http://evil.example",
                    ],
                    body: ByteBuffer(string: "csrf=\(csrf)&type=recordLostContact&since=2026-01-05")
                ) { ($0.status, String(buffer: $0.body)) }
                #expect(elsewhere == .forbidden)
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).version == versionBefore)
                let (foreign, foreignPage) = try await client.execute(
                    uri: "/console/sign-in", method: .post,
                    headers: [
                        .contentType: "application/x-www-form-urlencoded", .origin: "https://elsewhere.example",
                    ],
                    body: ByteBuffer(string: "token=\(tokens.province)")
                ) { ($0.status, String(buffer: $0.body)) }
                #expect(foreign == .forbidden)
                #expect(foreignPage.contains("不是从本系统的登录页提交的"))
                // The campaign's page offers the level's documents.
                let province = try await Person.signIn(client, token: tokens.province)
                #expect(try await province.get("/console/campaign").1.contains("/console/campaign/documents/package"))
                let (downloaded, cacheControl) = try await client.execute(
                    uri: "/console/campaign/documents/package", method: .get, headers: [.cookie: province.cookie]
                ) { ($0.status, $0.headers[.cacheControl]) }
                #expect(downloaded == .ok)
                #expect(cacheControl == "no-store", "a package with names in full is kept by no cache")
            }
        }
    }

    @Test func theNextPageOfTalentsKeepsTheCardFilter() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            for index in 1...50 {
                let id = TalentID("T-\(1000 + index)")
                let day = try Day("2022-03-01")
                try await register.handle(
                    .evaluate(
                        Evaluation(
                            talentId: id, tier: .C, unit: UnitID("unit-a"), professionalField: "光学",
                            evaluatingDocument: "吉人社字〔2022〕1号", certificateDate: day)),
                    for: id, on: day, by: .system)
            }
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await Person.signIn(client, token: tokens.province)
                let (_, page, _) = try await province.get("/console/talents?card=jixiangCard&cardStatus=active")
                let next = try #require(page.firstMatch(of: /class="next" href="([^"]+)"/)?.1)
                #expect(next.contains("card=jixiangCard") && next.contains("cardStatus=active"), "\(next)")
                // How many the list holds, and on a page after the first the way back to its start, filters
                // kept. For the bureau, what its pages list: a classified talent counted beside rows filtered
                // by unit and tier would be singled out.
                let active = try await register.queries.count(
                    TalentFilter(card: .jixiangCard, cardStatus: .active), by: .system)
                #expect(page.contains("符合条件的共 \(active) 名") && !page.contains("回到第一页"), "\(page)")
                let (_, second, _) = try await province.get(String(next).replacingOccurrences(of: "&amp;", with: "&"))
                let first = try #require(second.firstMatch(of: /<a href="([^"]+)">回到第一页/)?.1)
                #expect(first.contains("cardStatus=active") && !first.contains("cursor"), "\(first)")
                try await TalentRoutesTests.registerClassified(register)
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                func total(_ page: String) throws -> Int {
                    let match = try #require(page.firstMatch(of: /符合条件的共 (\d+) 名/))
                    return try #require(Int(match.1))
                }
                let (_, bureauPage, _) = try await bureau.get("/console/talents?unit=unit-a&tier=C")
                let (_, provincePage, _) = try await province.get("/console/talents?unit=unit-a&tier=C")
                #expect(try total(bureauPage) == total(provincePage) - 1, "T-C counted for the bureau")
            }
        }
    }

    /// A unit typed into the list's filter that does not exist, or lies outside the jurisdiction, is said
    /// beside the field (an empty list would read as a unit without talents); a name with a space, sent by
    /// the search form as `+`, is found; an organization above units lists its units' talents.
    @Test func aUnitFilterThatIsNoUnitOfTheJurisdictionIsSaidBesideItsFieldAndANameWithASpaceIsFound() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await Person.signIn(client, token: tokens.officerA)
                for unit in ["unit-b", "unit-9999"] {
                    let (status, page, _) = try await officer.get("/console/talents?unit=\(unit)")
                    #expect(status == .notFound, "\(unit)")
                    #expect(page.contains(#"aria-describedby="unit-problem""#), "\(unit)")
                    #expect(page.contains("没有编号为“\(unit)”的单位或机构，或不在您的管辖范围内"), "\(unit)")
                }
                let (mine, page, _) = try await officer.get("/console/talents?unit=unit-a")
                #expect(mine == .ok && page.contains(#"href="/console/talents/T-A""#))
                // An organization above units lists its units' talents (O1), typed in the same field or
                // given as the API names it; a unit's officer is not above the city.
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                for address in ["/console/talents?unit=city", "/console/talents?organization=city"] {
                    let (listed, cityPage, _) = try await bureau.get(address)
                    #expect(listed == .ok, "\(address)")
                    #expect(cityPage.contains(#"href="/console/talents/T-A""#), "\(address)")
                    #expect(cityPage.contains(#"href="/console/talents/T-B""#), "\(address)")
                    #expect(cityPage.contains(#"name="unit" value="city""#), "\(address)")
                }
                let (_, unitBPage, _) = try await bureau.get("/console/talents?organization=unit-b")
                #expect(unitBPage.contains(#"href="/console/talents/T-B""#))
                #expect(!unitBPage.contains(#"href="/console/talents/T-A""#))
                let (outside, _, _) = try await officer.get("/console/talents?organization=city")
                #expect(outside == .notFound)
                // Both given, the list is narrowed by both, as the API's is; a bureau as the unit beside an
                // organization is said beside the field; either given twice is refused, not guessed.
                let (_, both, _) = try await bureau.get("/console/talents?unit=unit-a&organization=city")
                #expect(
                    both.contains(#"href="/console/talents/T-A""#) && !both.contains(#"href="/console/talents/T-B""#))
                let (notAUnit, notAUnitPage, _) = try await bureau.get("/console/talents?unit=city&organization=city")
                #expect(notAUnit == .notFound && notAUnitPage.contains("不是用人单位"))
                for twice in ["unit=unit-a&unit=unit-b", "organization=city&organization=unit-a"] {
                    let (refused, _, _) = try await bureau.get("/console/talents?\(twice)")
                    #expect(refused == .badRequest, "\(twice)")
                }
                // A page past the list's end says how many the list holds and leads back to its start.
                let (_, pastTheEnd, _) = try await bureau.get("/console/talents?organization=city&cursor=zzz")
                #expect(pastTheEnd.contains("此页之后没有更多") && pastTheEnd.contains("回到第一页"))
                // A unit outside the organization beside it is said so, of the unit.
                let (outsideIt, outsideItPage, _) = try await bureau.get(
                    "/console/talents?unit=unit-a&organization=unit-b")
                #expect(outsideIt == .notFound && outsideItPage.contains("单位“unit-a”不在“unit-b”之下"))
                // The organization's page leads to its list, which says it holds every status.
                let (_, cityUnitPage, _) = try await bureau.get("/console/units/city")
                #expect(cityUnitPage.contains(#"href="/console/talents?unit=city">查看人才名单（含各种状态）"#))
                let province = try await Person.signIn(client, token: tokens.province)
                let (renamed, _, _) = try await province.post(
                    "/console/talents/T-B/profile", from: "/console/talents/T-B", [("name", "Zoë Müller")])
                #expect(renamed == .seeOther)
                let (_, found, _) = try await province.get("/console/talents?q=Zo%C3%AB+M%C3%BCller")
                #expect(found.contains(#"href="/console/talents/T-B""#))
                #expect(found.contains(#"value="Zoë Müller""#), "the search field shows what was typed")
            }
        }
    }

    @Test func SEC1_aTalentsOwnUnitKeepsItsPersonalDataOnItsPageAndTheBureauSeesItMasked() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let page = "/console/talents/T-A"
                let officer = try await Person.signIn(client, token: tokens.officerA)
                #expect(try await officer.get(page).1.contains(#"action="/console/talents/T-A/profile#form-profile""#))
                // A number whose check character is wrong is refused beside the field, as typed.
                let (refused, refusedPage, _) = try await officer.post(
                    "\(page)/profile", from: page, [("name", "张三丰"), ("nationalId", "110105194912310021")])
                #expect(refused == .badRequest)
                #expect(refusedPage.contains("校验码不符"))
                // A full-width Ｘ is a character of the wrong kind, not a check character that does not match.
                let (_, fullWidth, _) = try await officer.post(
                    "\(page)/profile", from: page, [("name", "张三丰"), ("nationalId", "11010519491231002Ｘ")])
                #expect(fullWidth.contains("应为 18 位") && !fullWidth.contains("校验码不符"))
                #expect(refusedPage.contains(#"name="nationalId" value="110105194912310021""#))
                // Every field's problem at once, each beside its field; a name too long is named by its label.
                let (_, allWrong, _) = try await officer.post(
                    "\(page)/profile", from: page,
                    [("name", "徐秀娟2"), ("nationalId", "123"), ("phone", "abc")])
                for field in ["name", "nationalId", "phone"] {
                    #expect(allWrong.contains(#"id="profile-\#(field)-problem""#), "\(field)")
                }
                let (_, tooLong, _) = try await officer.post(
                    "\(page)/profile", from: page, [("name", String(repeating: "张", count: 2001))])
                #expect(tooLong.contains(#"<p class="problem" id="profile-name-problem" role="alert">姓名："#))
                let (kept, _, location) = try await officer.post(
                    "\(page)/profile", from: page,
                    [("name", "张三丰"), ("nationalId", "11010519491231002x"), ("phone", "138 0013 8000")])
                #expect(kept == .seeOther)
                #expect(location == "\(page)?profile=saved#profile")
                let (_, after, _) = try await officer.get("\(page)?profile=saved")
                #expect(after.contains("已保存个人信息"))
                #expect(after.contains("11010519491231002X") && after.contains("13800138000"))
                // One person is registered once: another unit's talent cannot be given the same number, and
                // the officer there, who does not see T-A, is not told which talent holds it.
                let officerB = try await Person.signIn(client, token: tokens.officerB)
                let (held, heldPage, _) = try await officerB.post(
                    "/console/talents/T-B/profile", from: "/console/talents/T-B",
                    [("name", "张三丰"), ("nationalId", "11010519491231002X")])
                #expect(held == .conflict)
                #expect(heldPage.contains(#"id="profile-nationalId-problem""#) && heldPage.contains("此号码已登记于另一名人才"))
                #expect(!heldPage.contains("T-A"), "the talent holding it is not named to another unit")
                // The bureau sees the talent, its personal data masked, and is offered no form to change it.
                let bureau = try await Person.signIn(client, token: tokens.bureau)
                let (_, bureausPage, _) = try await bureau.get(page)
                #expect(bureausPage.contains("110105********002X") && bureausPage.contains("138****8000"))
                #expect(!bureausPage.contains("11010519491231002X") && !bureausPage.contains("张三丰"))
                #expect(!bureausPage.contains(#"action="/console/talents/T-A/profile#form-profile""#))
                let (forbidden, _, _) = try await bureau.post("\(page)/profile", from: page, [("name", "李四")])
                #expect(forbidden == .forbidden)
                // Erasing asks for the tick first; then the name is gone and the history stays.
                for fields in [[], [("confirm", "no")]] {
                    let (unconfirmed, unconfirmedPage, _) = try await officer.post(
                        "\(page)/profile/erase", from: page, fields)
                    #expect(unconfirmed == .badRequest, "\(fields)")
                    #expect(unconfirmedPage.contains("请先勾选"), "\(fields)")
                }
                let (erased, _, erasedLocation) = try await officer.post(
                    "\(page)/profile/erase", from: page, [("confirm", "on")])
                #expect(erased == .seeOther)
                let (_, erasedPage, _) = try await officer.get(erasedLocation ?? page)
                #expect(erasedPage.contains("已清除个人信息"))
                #expect(!erasedPage.contains("张三丰") && !erasedPage.contains("11010519491231002X"))
                #expect(erasedPage.contains("<td>认定</td>"), "the timeline stays")
            }
        }
    }
}
