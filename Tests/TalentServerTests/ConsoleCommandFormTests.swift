// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like X8 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import TalentApplication
import TalentDomain
import TalentServer
import Testing

@testable import TalentConsole

/// The command forms of a talent's page: each drawn where the talent's situation can take it, each input
/// posted under a name of its own, each day said as what is wrong with it.
@Suite("The talent page's command forms")
struct ConsoleCommandFormTests {
    /// The command forms a page draws.
    static func forms(on page: String) -> Set<String> { Set(postedNames(on: page).keys) }

    /// The names the inputs and selects of each drawn command form post (the profile's forms are not
    /// commands).
    static func postedNames(on page: String) -> [String: [String]] {
        var names: [String: [String]] = [:]
        for block in page.split(separator: "<form class=\"command\"").dropFirst() {
            guard block.prefix(while: { $0 != ">" }).contains("/commands#") else { continue }
            let form = block.prefix { $0 != ">" }.firstMatch(of: /id="form-([A-Za-z]+)"/).map { String($0.output.1) }
            let body = block.prefix(upTo: block.range(of: "</form>")?.lowerBound ?? block.endIndex)
            names[form ?? "?"] = body.matches(of: /<(?:input|select)[^>]* name="([^"]+)"/).map { String($0.output.1) }
        }
        return names
    }

    /// A form posts each of its values under a name of its own: the province's verification once posted
    /// its situation and its 说明 both as `reason`, and the empty 说明 won, so no verification could be
    /// recorded from the page.
    @Test func X9_everyDrawnFormPostsEachValueUnderANameOfItsOwn() async throws {
        for form in CommandForms.all {
            let names = form.fields.map(\.name)
            #expect(Set(names).count == names.count, "\(form.type)")
            #expect(CommandForm.pageFieldNames.isDisjoint(with: names), "\(form.type): \(names)")
        }
        try await ConsoleOverdueTests.withALateReport { register, tokens, client, province in
            let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
            let unitB = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerB)
            for (person, talent) in [(province, "T-A"), (officer, "T-A"), (unitB, "T-B")] {
                let (_, page, _) = try await person.get("/console/talents/\(talent)")
                let drawn = Self.postedNames(on: page)
                #expect(!drawn.isEmpty)
                for (form, names) in drawn {
                    #expect(Set(names).count == names.count, "\(talent) \(form): \(names)")
                }
            }
            // The situations offered are the ones reported: here the one, chosen already.
            let (_, verifying, _) = try await province.get("/console/talents/T-A")
            let situation = try #require(
                verifying.firstMatch(of: /<select id="verifyExitSituation-situation"[^>]*>(.*?)<\/select>/)?.output.1)
            #expect(situation.components(separatedBy: "<option ").count == 3, "\(situation)")
            #expect(situation.contains(#"<option value="retiredNotRehired" selected>退休且未返聘（2026-02-02发生）"#))
            // The province verifies the report as the page posts it: the situation chosen, the finding, an
            // empty 说明.
            let (status, _, location) = try await province.post(
                "/console/talents/T-A/commands", from: "/console/talents/T-A",
                [
                    ("type", "verifyExitSituation"), ("situation", "retiredNotRehired"), ("confirmed", "true"),
                    ("finding", "经核实，已办理退休手续"), ("reason", ""),
                ])
            #expect(status == .seeOther && location?.contains("recorded=verifyExitSituation") == true, "\(status)")
            #expect(try await register.queries.state(of: TalentID("T-A"), by: .system).hasExited)
        }
    }

    /// C2, W1, W3, W4, X1, X8: a page draws the forms the talent's situation can take. A campaign's work
    /// only for a talent a campaign takes it from (W3: 2025's end-term assessment is of periods started by
    /// 2020); a retired talent is not retired again; one out of contact is offered contact restored and the
    /// six months' report, not a second loss of contact; while an exit report waits no survey or assessment
    /// is drawn (W4); once the talent has exited, no form of its management (C2: the register refuses every
    /// such command), only the province's evaluation forms.
    @Test func C2_W1_W3_W4_X1_X8_aPageDrawsTheFormsTheTalentsSituationCanTake() async throws {
        try await ConsoleOverdueTests.withALateReport { register, tokens, client, province in
            let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
            let unitB = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerB)
            let (_, before, _) = try await unitB.get("/console/talents/T-B")
            let active = Self.forms(on: before)
            #expect(active.contains("retire") && active.contains("recordLostContact"))
            #expect(active.contains("penalize") && active.contains("endLabourContract"))
            #expect(!active.contains("restoreContact") && !active.contains("exitForLostContact"))
            // T-B's period started in 2021: its basic information is 2025's work, an end-term assessment not.
            #expect(
                active.contains("collectBasicInfo") && !active.contains("grade") && !active.contains("registerEndTerm"))
            // A talent evaluated in 2020 is assessed at the end of 2025's term, until it reports a retirement.
            let assessed = TalentID("T-2020")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: assessed, tier: .C, unit: UnitID("unit-a"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2020〕1号", certificateDate: try Day("2020-06-01"))),
                for: assessed, on: try Day("2020-06-01"), by: .system)
            let (_, inScope, _) = try await officer.get("/console/talents/T-2020")
            #expect(Self.forms(on: inScope).isSuperset(of: ["collectBasicInfo", "registerEndTerm", "retire"]))
            try await register.handle(
                .registerEndTerm(campaign: 2025), for: assessed, on: try Day("2026-03-02"), by: .system)
            let (_, registered, _) = try await officer.get("/console/talents/T-2020")
            #expect(Self.forms(on: registered).contains("grade"))
            try await register.handle(
                .retire(occurredOn: try Day("2026-03-01"), rehire: nil), for: assessed, on: try Day("2026-03-05"),
                by: .system)
            let (_, retired, _) = try await officer.get("/console/talents/T-2020")
            let reported = Self.forms(on: retired)
            #expect(!reported.contains("retire") && reported.contains("rehire"))
            #expect(!reported.contains("grade") && !reported.contains("registerEndTerm"))
            #expect(reported.contains("collectBasicInfo"))
            try await register.handle(
                .recordLostContact(since: try Day("2026-01-05")), for: TalentID("T-B"), on: try Day("2026-02-01"),
                by: .system)
            let (_, lost, _) = try await unitB.get("/console/talents/T-B")
            let outOfContact = Self.forms(on: lost)
            #expect(!outOfContact.contains("recordLostContact"))
            #expect(outOfContact.contains("restoreContact") && outOfContact.contains("exitForLostContact"))
            #expect(lost.contains("（自 2026-01-05 失联）"))
            try await register.handle(
                .verifyExitSituation(reason: .retiredNotRehired, confirmed: true, finding: "已核实"),
                for: TalentID("T-A"), on: try Day("2026-04-20"), by: .system)
            // Once exited, none but the province's: its record's correction, a new evaluation, which a
            // retirement's exit allows (C3), a finding of fraud, which would revoke the qualification (F1), and
            // an instalment of the subsidy that fell due before the exit stopped it, paid then and recorded on
            // its day (C2: none was recorded paid here).
            let (_, exited, _) = try await province.get("/console/talents/T-A")
            #expect(
                Self.forms(on: exited) == [
                    "correctEvaluation", "findFraud", "evaluate", "payHousingSubsidyInstalment",
                ],
                "\(Self.forms(on: exited))")
            let (_, exitedForTheUnit, _) = try await officer.get("/console/talents/T-A")
            #expect(Self.forms(on: exitedForTheUnit).isEmpty, "\(Self.forms(on: exitedForTheUnit))")
        }
    }

    /// M3, M2: the province evaluates a talent again from its page, and a new period starts at the new tier;
    /// a correction that names another tier is refused beside the tier, and one that corrects the document
    /// is recorded; a unit officer is offered neither.
    @Test func M3_M2_theProvinceEvaluatesAgainAndCorrectsTheRecordOnTheTalentsPage() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerB)
                let (_, unitsPage, _) = try await officer.get("/console/talents/T-B")
                #expect(Self.forms(on: unitsPage).isDisjoint(with: ["evaluate", "correctEvaluation"]))
                let (_, page, _) = try await province.get("/console/talents/T-B")
                #expect(Self.forms(on: page).isSuperset(of: ["evaluate", "correctEvaluation"]))
                // The correction's form reads the record: the certificate's day the period counts from.
                #expect(page.contains(#"id="correctEvaluation-certificateDate" name="certificateDate""#))
                #expect(page.contains(#"value="2021-03-01""#))
                let record: [(String, String)] = [
                    ("unit", "unit-b"), ("professionalField", "光学"), ("evaluatingDocument", "吉人社字〔2021〕1号"),
                    ("certificateDate", "2021-03-01"), ("listDocumentDate", ""), ("jixiangCardIssuedDate", ""),
                    ("evaluatedOn", ""), ("flexibleAgreementEnd", ""),
                ]
                let (refused, refusedPage, _) = try await province.post(
                    "/console/talents/T-B/commands", from: "/console/talents/T-B",
                    [("type", "correctEvaluation"), ("tier", "B"), ("correctionReason", "层次登记有误")] + record)
                #expect(refused == .unprocessableContent)
                #expect(refusedPage.contains(#"id="correctEvaluation-tier-problem" role="alert">认定层次"#))
                #expect(refusedPage.contains("改变层次属于重新认定"))
                let (corrected, _, _) = try await province.post(
                    "/console/talents/T-B/commands", from: "/console/talents/T-B",
                    [("type", "correctEvaluation"), ("tier", "C"), ("correctionReason", "文号登记有误")]
                        + record.map { $0.0 == "evaluatingDocument" ? ($0.0, "吉人社字〔2021〕2号") : $0 })
                #expect(corrected == .seeOther)
                // A unit the O1 tree does not hold as an employer is said beside the unit, in Chinese, with
                // what was typed kept.
                let (unknown, unknownPage, _) = try await province.post(
                    "/console/talents/T-B/commands", from: "/console/talents/T-B",
                    [
                        ("type", "evaluate"), ("tier", "B"), ("unit", "unit-9999"), ("professionalField", "光学"),
                        ("evaluatingDocument", "吉人社字〔2026〕3号"), ("certificateDate", "2026-01-15"),
                        ("effectiveOn", "2026-01-20"),
                    ])
                #expect(unknown == .badRequest)
                #expect(
                    unknownPage.contains(
                        #"id="evaluate-unit-problem" role="alert">用人单位编号：不是本省登记的用人单位编号（人社部门和主管部门不是用人单位）"#))
                #expect(unknownPage.contains(#"value="吉人社字〔2026〕3号""#))
                let (evaluated, _, location) = try await province.post(
                    "/console/talents/T-B/commands", from: "/console/talents/T-B",
                    [
                        ("type", "evaluate"), ("tier", "B"), ("unit", "unit-b"), ("professionalField", "光学"),
                        ("evaluatingDocument", "吉人社字〔2026〕3号"), ("certificateDate", "2026-01-15"),
                        ("flexibleAgreementEnd", "2029-12-31"), ("effectiveOn", "2026-01-20"),
                    ])
                #expect(evaluated == .seeOther && location?.contains("recorded=evaluate") == true, "\(evaluated)")
                let state = try await register.queries.state(of: TalentID("T-B"), by: .system)
                let started = try Day("2026-01-15")
                #expect(state.tier == .B && state.period?.start == started)
                #expect(state.evaluationCount == 2)
                let (_, after, _) = try await province.get("/console/talents/T-B?recorded=evaluate")
                #expect(after.contains("已记录：重新认定（开始新的管理期）"))
                #expect(after.contains(#"<dd id="tier">B类</dd>"#))
                #expect(after.contains(#"<dt>柔性引进协议至</dt><dd id="agreement-end">2029-12-31</dd>"#))
            }
        }
    }

    /// A day left empty is said to be missing, one that does not exist to not exist; a day a form may leave
    /// empty (a rehire's open-ended agreement) is drawn without `required` and recorded without it.
    @Test func LIMITS_X1_aFormsDaysAreSaidAsWhatIsWrongWithThemAndAnOptionalOneMayBeLeftEmpty() async throws {
        try await ConsoleOverdueTests.withALateReport { register, tokens, client, _ in
            let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
            let unitB = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerB)
            // A month past 12 is a day written wrong, as the pickers say it, not a day the calendar lacks.
            for (value, said) in [
                ("", "不能为空"), ("2025-02-30", "没有 2025-02-30 这一天"), ("2月", "请使用 YYYY-MM-DD 格式"),
                ("2025-13-01", "请使用 YYYY-MM-DD 格式"),
            ] {
                let (status, page, _) = try await unitB.post(
                    "/console/talents/T-B/commands", from: "/console/talents/T-B",
                    [("type", "recordDeath"), ("occurredOn", value), ("effectiveOn", "2026-04-10")])
                #expect(status == .badRequest && page.contains("死亡日期：\(said)"), "\(value): \(status)")
            }
            let (_, page, _) = try await officer.get("/console/talents/T-A")
            let validUntil = try #require(page.firstMatch(of: /<input id="rehire-validUntil"[^>]*>/)).output
            #expect(!validUntil.contains("required"))
            let (status, _, location) = try await officer.post(
                "/console/talents/T-A/commands", from: "/console/talents/T-A",
                [
                    ("type", "rehire"), ("effectiveOn", "2026-04-20"), ("agreementReference", "返聘〔2026〕4号"),
                    ("validUntil", ""), ("sameField", "on"), ("inProvince", "on"),
                ])
            #expect(status == .seeOther && location?.contains("recorded=rehire") == true, "\(status)")
            let rehire = try await register.queries.state(of: TalentID("T-A"), by: .system).rehire
            #expect(rehire?.reference == "返聘〔2026〕4号" && rehire?.validUntil == nil)
        }
    }

    /// X1, X9: a talent rehired when it retires is recorded so in one form, each fact on its own day: the
    /// report the unit dates today would otherwise come before a rehire recorded after it, which could not
    /// take its earlier day. Left empty, the rehire's fields record a retirement without one.
    @Test func X1_aRetirementWithItsRehireIsOneFormAndRaisesNoReport() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
                let retired = register.today().adding(days: -9).description
                let (status, _, location) = try await officer.post(
                    "/console/talents/T-A/commands", from: "/console/talents/T-A",
                    [
                        ("type", "retire"), ("occurredOn", retired), ("agreementReference", "返聘〔2026〕1号"),
                        ("validUntil", ""), ("sameField", "on"), ("inProvince", "on"),
                    ])
                #expect(status == .seeOther && location?.contains("recorded=retire") == true, "\(status)")
                let state = try await register.queries.state(of: TalentID("T-A"), by: .system)
                #expect(state.isRetired && state.rehire?.reference == "返聘〔2026〕1号")
                #expect(state.pendingExitReports.isEmpty, "rehired in the same field: no X1 situation")
                let officerB = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerB)
                let (plain, _, _) = try await officerB.post(
                    "/console/talents/T-B/commands", from: "/console/talents/T-B",
                    [("type", "retire"), ("occurredOn", retired), ("agreementReference", ""), ("validUntil", "")])
                #expect(plain == .seeOther)
                let reported = try await register.queries.state(of: TalentID("T-B"), by: .system)
                #expect(reported.pendingExitReports.map(\.reason) == [.retiredNotRehired])
            }
        }
    }

    /// A form sent back says every field's problem at once, each beside its field: a sanction with no
    /// measure chosen, no day it was given and a report day that does not exist is refused once, not three
    /// times; nothing is recorded.
    @Test func X6_LIMITS_aFormSentBackSaysEveryFieldsProblemAtOnce() async throws {
        try await ConsoleOverdueTests.withALateReport { register, tokens, client, _ in
            let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerB)
            let before = try await register.queries.rawEvents(of: TalentID("T-B"), by: .system).count
            let (status, page, _) = try await officer.post(
                "/console/talents/T-B/commands", from: "/console/talents/T-B",
                [("type", "penalize"), ("measure", ""), ("occurredOn", ""), ("effectiveOn", "2026-02-30")])
            #expect(status == .badRequest)
            for (id, said) in [
                ("penalize-measure", "处分：请选择处分"), ("penalize-occurredOn", "处分日期：不能为空"),
                ("penalize-effectiveOn", "报告日期：没有 2026-02-30 这一天"),
            ] {
                #expect(page.contains(#"id="\#(id)-problem" role="alert">\#(said)"#), "\(id)")
            }
            #expect(try await register.queries.rawEvents(of: TalentID("T-B"), by: .system).count == before)
        }
    }

    /// X6/D2 and X7/D1 from the unit's page: a sanction chosen by its measure (its kind follows), an annual
    /// assessment with its year, kind, sector and result.
    @Test func X6_X7_aUnitRecordsASanctionAndAnAnnualAssessmentOnTheTalentsPage() async throws {
        try await ConsoleOverdueTests.withALateReport { register, tokens, client, _ in
            let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerB)
            let (penalized, _, _) = try await officer.post(
                "/console/talents/T-B/commands", from: "/console/talents/T-B",
                [
                    ("type", "penalize"), ("measure", "demerit"), ("occurredOn", "2026-03-02"),
                    ("effectiveOn", "2026-03-10"),
                ])
            #expect(penalized == .seeOther)
            let (assessed, _, _) = try await officer.post(
                "/console/talents/T-B/commands", from: "/console/talents/T-B",
                [
                    ("type", "recordAnnualAssessment"), ("year", "2025"), ("kind", "annual"),
                    ("sector", "publicInstitution"), ("result", "basicQualified"), ("occurredOn", "2026-03-05"),
                    ("effectiveOn", "2026-03-10"),
                ])
            #expect(assessed == .seeOther)
            let state = try await register.queries.state(of: TalentID("T-B"), by: .system)
            #expect(Set(state.pendingReports.map(\.kind)) == [.sanctionBelowExitThreshold, .weakAnnualAssessment])
        }
    }
}
