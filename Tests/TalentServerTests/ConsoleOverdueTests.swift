// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like X9 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import TalentApplication
import TalentDomain
import TalentServer
import Testing

@testable import TalentConsole

/// 逾期事项 in the console: what is overdue in the caller's jurisdiction, in words.
@Suite("The console's overdue list")
struct ConsoleOverdueTests {
    /// The province with T-A's retirement of 2026-02-02 reported on 2026-04-05, two months on (X9), and
    /// the province office signed in to the console.
    static func withALateReport(
        _ body:
            @Sendable (TalentRegister, TalentRoutesTests.Tokens, any TestClientProtocol, ConsoleFormsTests.Person)
            async throws -> Void
    ) async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await register.handle(
                .retire(occurredOn: try Day("2026-02-02"), rehire: nil), for: TalentID("T-A"),
                on: try Day("2026-04-05"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                try await body(register, tokens, client, province)
            }
        }
    }

    /// X9: a retirement reported two months after it occurred is listed for its unit and the levels above,
    /// in the notice's words, and for nobody else.
    @Test func X9_aLateReportIsListedInWordsWithinTheCallersJurisdiction() async throws {
        try await Self.withALateReport { register, tokens, client, province in
            let (shown, page, _) = try await province.get("/console/campaign/overdue?year=2025")
            #expect(shown == .ok)
            #expect(page.contains("人才（共 1 名）") && page.contains("href=\"/console/talents/T-A\""), "\(page)")
            #expect(page.contains("X9 退出情形的报告和核实"))
            #expect(page.contains("退休且未返聘：2026-02-02 发生，2026-04-05 才报告（应于 2026-03-02（含）前），待核实"), "\(page)")
            #expect(page.contains("href=\"/console/campaign\" aria-current=\"page\""))
            let (_, campaign, _) = try await province.get("/console/campaign?year=2025")
            #expect(campaign.contains("href=\"/console/campaign/overdue?year=2025\""))
            let officerB = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerB)
            let (_, none, _) = try await officerB.get("/console/campaign/overdue?year=2025")
            #expect(none.contains("人才（共 0 名）") && none.contains("没有逾期事项") && !none.contains("T-A"))
            #expect(try await province.get("/console/campaign/overdue?year=2025&from=-1").0 == .badRequest)
            let (far, farPage, _) = try await province.get(
                "/console/campaign/overdue?year=2025&from=9223372036854775807")
            #expect(far == .ok && farPage.contains("人才（共 1 名）") && !farPage.contains("下一页"))
            #expect(farPage.contains("这一页之后没有更多人才") && !farPage.contains("没有逾期事项"))
        }
    }

    /// T4: a bureau sees in counts only a classified talent's overdue report: not listed, counted in a line
    /// under the list, and its overview says its units' work items leave out the classified talents' (the
    /// province's list and overview say neither).
    @Test func T4_X9_aBureauIsToldOfTheClassifiedTalentsItsListAndOverviewLeaveOut() async throws {
        try await Self.withALateReport { register, tokens, client, province in
            try await register.handle(
                .correctEvaluation(
                    Evaluation(
                        talentId: TalentID("T-A"), tier: .C, unit: UnitID("unit-a"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2021〕1号", certificateDate: try Day("2021-03-01"),
                        classified: true),
                    reason: "涉密人员漏登"),
                for: TalentID("T-A"), on: try Day("2026-04-06"), by: .system)
            let bureau = try await ConsoleFormsTests.Person.signIn(client, token: tokens.bureau)
            let (_, listed, _) = try await bureau.get("/console/campaign/overdue?year=2025")
            #expect(listed.contains("人才（共 0 名）") && !listed.contains("T-A"))
            #expect(listed.contains("另有涉密人员 1 名有逾期事项，按规定只计人数，不在此列出（T4）"), "\(listed)")
            #expect(listed.contains("没有可列出的逾期人才事项。") && !listed.contains("没有逾期事项"))
            let (_, all, _) = try await province.get("/console/campaign/overdue?year=2025")
            #expect(all.contains("人才（共 1 名）") && !all.contains("overdue-classified"))
            let (_, overview, _) = try await bureau.get("/console/overview")
            #expect(overview.contains(#"id="progress-classified""#))
            let (_, provinces, _) = try await province.get("/console/overview")
            #expect(!provinces.contains(#"id="progress-classified""#))
        }
    }

    /// A page of the list: 100 talents from where it starts, none past the end, whatever the address says.
    @Test func aPageOfTheListIsWithinTheList() {
        typealias Console = ConsoleController<BasicRequestContext>
        #expect(Console.overduePage(from: 0, of: 250) == 0..<100)
        #expect(Console.overduePage(from: 200, of: 250) == 200..<250)
        #expect(Console.overduePage(from: 250, of: 250) == 250..<250)
        #expect(Console.overduePage(from: Int.max, of: 250) == 250..<250)
        #expect(Console.overduePage(from: 0, of: 0) == 0..<0)
    }

    /// X1/X9: what the overdue list asks is done on the talent's page, where the form that answers it is
    /// drawn for the talent in that situation: the unit records the same-field rehire (which closes its X1
    /// report), the province verifies another's report; a talent in no such situation is offered neither.
    @Test func X1_X9_anOverdueItemIsDealtWithOnTheTalentsPage() async throws {
        try await Self.withALateReport { register, tokens, client, province in
            let (_, before, _) = try await province.get("/console/campaign/overdue?year=2025")
            #expect(before.contains("人才（共 1 名）") && before.contains("href=\"/console/talents/T-A\""))
            let (_, provincePage, _) = try await province.get("/console/talents/T-A")
            #expect(provincePage.contains(#"id="form-verifyExitSituation""#))
            let (_, otherPage, _) = try await province.get("/console/talents/T-B")
            #expect(
                !otherPage.contains(#"id="form-verifyExitSituation""#) && !otherPage.contains(#"id="form-rehire""#))
            let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
            let (_, officerPage, _) = try await officer.get("/console/talents/T-A")
            #expect(
                officerPage.contains(#"id="form-rehire""#)
                    && !officerPage.contains(#"id="form-verifyExitSituation""#))
            let (status, _, location) = try await officer.post(
                "/console/talents/T-A/commands", from: "/console/talents/T-A",
                [
                    ("type", "rehire"), ("effectiveOn", "2026-04-20"), ("agreementReference", "返聘〔2026〕3号"),
                    ("validUntil", "2028-02-01"), ("sameField", "on"), ("inProvince", "on"),
                ])
            #expect(
                status == .seeOther && location?.contains("recorded=rehire") == true, "\(status) \(location ?? "")")
            let (_, overdue, _) = try await province.get("/console/campaign/overdue?year=2025")
            #expect(overdue.contains("人才（共 0 名）"), "\(overdue)")
            // The province verifies another talent's report on its page: confirmed, the exit takes effect.
            try await register.handle(
                .retire(occurredOn: try Day("2026-02-02"), rehire: nil), for: TalentID("T-B"),
                on: try Day("2026-04-05"), by: .system)
            let unchosen = try await province.post(
                "/console/talents/T-B/commands", from: "/console/talents/T-B",
                [("type", "verifyExitSituation"), ("situation", "retiredNotRehired"), ("finding", "已核实")])
            #expect(unchosen.0 == .badRequest && unchosen.1.contains("请选择核实结果"), "\(unchosen.0)")
            let (verified, _, _) = try await province.post(
                "/console/talents/T-B/commands", from: "/console/talents/T-B",
                [
                    ("type", "verifyExitSituation"), ("situation", "retiredNotRehired"), ("confirmed", "true"),
                    ("finding", "已核实退休手续"),
                ])
            #expect(verified == .seeOther)
            #expect(try await register.queries.state(of: TalentID("T-B"), by: .system).hasExited)
            // C2: its page says the tier it held and that its talent code is cancelled, as the API and the
            // list do, not that it has none.
            let (_, exited, _) = try await province.get("/console/talents/T-B")
            #expect(exited.contains(#"<dd id="tier">原为C类</dd>"#))
            #expect(exited.contains("<dt>人才码</dt><dd>已注销</dd>"))
        }
    }

    /// Every form, filled in, builds the command its access was decided on (its sample's case): a form
    /// whose fields built another command would be allowed by one rule and recorded as another.
    @Test func everyFormBuildsTheCommandItIsAllowedAs() throws {
        func name(_ command: TalentCommand) -> String { String(String(describing: command).prefix { $0 != "(" }) }
        for form in CommandForms.all {
            var values = ["campaign": "2025", "effectiveOn": "2026-01-05"]
            for field in form.fields {
                switch field.kind {
                case .text: values[field.name] = "某"
                case .optionalText: values[field.name] = ""
                case .date: values[field.name] = "2026-01-01"
                case .optionalDate: values[field.name] = ""
                case .year: values[field.name] = "2025"
                // A choice the talent's situation offers (the instalments fallen due, the objections waiting
                // with their year) has no options of its own.
                case .choice(let options):
                    values[field.name] =
                        options.first { !$0.value.isEmpty }?.value ?? (field.name == "objectionId" ? "2025:O-1" : "1")
                case .check: values[field.name] = "on"
                }
            }
            let built = try form.command(FormFields(values: values), of: TalentID("T-1"))
            #expect(name(built) == name(form.sample), "\(form.type)")
        }
    }
}
