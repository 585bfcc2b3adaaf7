// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like F1 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import TalentServer

/// F1 暂停单位人才认定工作: a unit's talent evaluation work suspended by the province office on fraud found,
/// and lifted by it.
@Suite("A unit's evaluation work suspended on fraud found (F1)")
struct UnitEvaluationWorkTests {
    static func evaluation(_ talent: String, unit: String, on day: Day) -> TalentCommand {
        .evaluate(
            Evaluation(
                talentId: TalentID(talent), tier: .D, unit: UnitID(unit), professionalField: "光学",
                evaluatingDocument: "吉人社字〔2026〕9号", certificateDate: day))
    }

    static func list(_ lines: [(talent: String, unit: String)]) -> Data {
        Data(
            ("id,name,unit,tier,start_date,start_source,document\n"
                + lines.map { "\($0.talent),某,\($0.unit),D,2026-05-01,electronic_certificate,d" }.joined(
                    separator: "\n")).utf8)
    }

    /// F1: a talent's fraud finding that takes the measure suspends the evaluation work of the unit that
    /// answers for the talent, from the day it is recorded: no talent of it is evaluated, singly or by a
    /// list, while another unit's are; once the province office lifts it, they are again. An evaluation dated
    /// inside the suspension is refused after the lifting too: it is judged on its day.
    @Test func F1_aFindingThatSuspendsTheUnitsEvaluationWorkRefusesItsEvaluationsUntilTheProvinceLiftsIt()
        async throws
    {
        let clock = TestClock()
        try clock.set(day: "2026-03-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, _ in
            let found = try Day("2026-03-02")
            try await register.handle(
                .findFraud(finding: "申报材料弄虚作假", measures: [.talkToHead, .suspendUnitEvaluationWork]),
                for: TalentID("T-A"), on: found, by: .system)
            let work = try await register.evaluationWork(of: "unit-a", by: .system)
            #expect(work.current?.from == found && work.current?.talent == TalentID("T-A"))
            #expect(try await register.evaluationWork(of: "unit-b", by: .system).current == nil)

            try clock.set(day: "2026-05-01")
            let refused = await #expect(throws: Refusal.self) {
                try await register.handle(
                    Self.evaluation("N-1", unit: "unit-a", on: try Day("2026-05-01")), for: TalentID("N-1"),
                    on: try Day("2026-05-01"), by: .system)
            }
            #expect(refused?.rule == .F1 && refused?.field == "unit", "\(String(describing: refused))")
            #expect(refused?.reason.contains("unit-a的人才认定工作自2026-03-02起暂停") == true)
            try await register.handle(
                Self.evaluation("N-2", unit: "unit-b", on: try Day("2026-05-01")), for: TalentID("N-2"),
                on: try Day("2026-05-01"), by: .system)

            // A list with a line of the suspended unit is refused at that line, and writes nothing.
            let report = try await register.importEvaluationList(
                Self.list([("L-1", "unit-b"), ("L-2", "unit-a")]), evaluatedOn: try Day("2026-05-01"), by: .system)
            #expect(!report.written)
            #expect(report.problems.map(\.line) == [3], "\(report.problems)")
            #expect(report.problems.first?.chinese.contains("省人社厅恢复前不认定该单位的人才") == true)
            #expect(report.talents == 2)

            // Lifted by the province office, not by a level.
            try clock.set(day: "2026-06-02")
            await #expect(throws: Forbidden.self) {
                try await register.changeEvaluationWork(
                    of: "unit-a", .resume(reason: "整改完成"), on: try Day("2026-06-01"),
                    by: Caller(id: "bureau", role: .hrBureau, organization: "city"))
            }
            let lifted = try await register.changeEvaluationWork(
                of: "unit-a", .resume(reason: "整改完成"), on: try Day("2026-06-01"), by: .system)
            let june = try Day("2026-06-01")
            #expect(
                lifted.recorded && lifted.work.current == nil && lifted.work.work.suspensions.first?.resumedOn == june)
            try await register.handle(
                Self.evaluation("N-1", unit: "unit-a", on: try Day("2026-06-02")), for: TalentID("N-1"),
                on: try Day("2026-06-02"), by: .system)
            let inside = try await register.importEvaluationList(
                Self.list([("L-3", "unit-a")]), evaluatedOn: try Day("2026-05-15"), by: .system)
            #expect(!inside.written && inside.problems.count == 1, "judged on the list's day")
            let after = try await register.importEvaluationList(
                Self.list([("L-3", "unit-a")]), evaluatedOn: try Day("2026-06-02"), by: .system)
            #expect(after.written, "\(after.problems)")
        }
    }

    /// F1: a finding dated before the talent moved suspends the unit that answered for it on the finding's
    /// day, not the one it moved to; and a suspension takes effect from the day it is recorded, so that an
    /// evaluation made before stands (one dated earlier is refused, and so is a second that would back-date
    /// nothing: it records nothing and says so).
    @Test func F1_aBackDatedFindingSuspendsTheUnitThatAnsweredThenFromTheDayItIsRecorded() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-10")
        try await TalentRoutesTests.withProvince(clock: clock) { register, _ in
            try await register.handle(
                .relocate(kind: .withinProvince, newUnit: UnitID("unit-b"), occurredOn: try Day("2026-03-10")),
                for: TalentID("T-A"), on: try Day("2026-03-10"), by: .system)
            try clock.set(day: "2026-03-11")
            try await register.handle(
                Self.evaluation("N-3", unit: "unit-a", on: try Day("2026-03-11")), for: TalentID("N-3"),
                on: try Day("2026-03-11"), by: .system)
            try clock.set(day: "2026-03-12")
            try await register.handle(
                .findFraud(finding: "原单位申报材料弄虚作假", measures: [.suspendUnitEvaluationWork]),
                for: TalentID("T-A"), on: try Day("2026-03-05"), by: .system)
            let formerUnit = try await register.evaluationWork(of: "unit-a", by: .system)
            #expect(formerUnit.current?.from == (try Day("2026-03-12")), "\(formerUnit)")
            #expect(try await register.evaluationWork(of: "unit-b", by: .system).current == nil)
            // N-3, evaluated the day before the suspension was recorded, stands.
            #expect(try await register.queries.state(of: TalentID("N-3"), by: .system).isUnderManagement)

            let backDated = await #expect(throws: Refusal.self) {
                try await register.changeEvaluationWork(
                    of: "unit-b", .suspend(finding: "造假", talent: nil), on: try Day("2026-03-11"), by: .system)
            }
            #expect(backDated?.rule == .F1 && backDated?.field == "effectiveOn")
            let again = try await register.changeEvaluationWork(
                of: "unit-a", .suspend(finding: "又查实造假", talent: nil), on: try Day("2026-03-12"), by: .system)
            #expect(!again.recorded && again.work.work.suspensions.count == 1)
        }
    }

    /// F1 over HTTP: whoever may read the unit reads its evaluation work (the talent whose finding it was
    /// named to the province office alone); the province office suspends and lifts it, a level may not; a
    /// lifting with nothing suspended, or without a reason, is the rule's refusal (422), a level's id a 400.
    @Test func F1_theProvinceOfficeSuspendsAndLiftsAUnitsEvaluationWorkOverHTTP() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func call(
                    _ method: HTTPRequest.Method, _ path: String, _ token: String, _ body: String? = nil,
                    key: String? = nil
                ) async throws -> (HTTPResponse.Status, [String: Any]) {
                    var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                    if body != nil { headers[.contentType] = "application/json" }
                    if let key { headers[.init("Idempotency-Key")!] = key }
                    let response = try await client.execute(
                        uri: "/v1/organizations/\(path)", method: method, headers: headers,
                        body: body.map { ByteBuffer(string: $0) })
                    let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
                    return (response.status, json ?? [:])
                }
                let (open, openWork) = try await call(.get, "unit-a/evaluation-work", tokens.officerA)
                #expect(open == .ok && openWork["suspended"] as? Bool == false)
                let (levelSuspends, _) = try await call(
                    .post, "unit-a/evaluation-work/suspend", tokens.bureau, #"{"finding":"材料造假"}"#)
                #expect(levelSuspends == .forbidden)
                let (notSuspended, problem) = try await call(
                    .post, "unit-a/evaluation-work/resume", tokens.province, #"{"reason":"整改完成"}"#)
                #expect(notSuspended == .unprocessableContent && problem["rule"] as? String == "F1", "\(problem)")
                let (earlier, earlierProblem) = try await call(
                    .post, "unit-a/evaluation-work/suspend", tokens.province,
                    #"{"finding":"申报材料弄虚作假","effectiveOn":"2026-03-01"}"#)
                #expect(earlier == .unprocessableContent && earlierProblem["field"] as? String == "effectiveOn")
                let suspendBody = #"{"finding":"申报材料弄虚作假","effectiveOn":"2026-03-02"}"#
                let (suspended, work) = try await call(
                    .post, "unit-a/evaluation-work/suspend", tokens.province, suspendBody, key: "K-susp")
                #expect(suspended == .ok && work["suspended"] as? Bool == true, "\(work)")
                #expect(work["recorded"] as? Bool == true)
                let (_, twice) = try await call(
                    .post, "unit-a/evaluation-work/suspend", tokens.province, #"{"finding":"又查实"}"#)
                #expect(twice["recorded"] as? Bool == false, "suspended already: \(twice)")
                let (_, seen) = try await call(.get, "unit-a/evaluation-work", tokens.officerA)
                let seenSuspension = (seen["suspensions"] as? [[String: Any]])?.first
                #expect(seen["suspended"] as? Bool == true && seenSuspension?["from"] as? String == "2026-03-02")
                let (blank, blankProblem) = try await call(
                    .post, "unit-a/evaluation-work/resume", tokens.province, #"{"reason":" "}"#)
                #expect(blank == .unprocessableContent && blankProblem["rule"] as? String == "F1")
                let (level, _) = try await call(.get, "city/evaluation-work", tokens.province)
                #expect(level == .badRequest)
                let (elsewhere, _) = try await call(.get, "unit-b/evaluation-work", tokens.officerA)
                #expect(elsewhere == .notFound)
                // The unit's page says so where it opens, to the unit's officer and to the levels above it.
                let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
                let (_, page, _) = try await officer.get("/console/units/unit-a")
                #expect(page.contains("本单位人才认定工作自2026-03-02起暂停（查实弄虚作假：申报材料弄虚作假；F1）"), "\(page)")
                let (resumed, lifted) = try await call(
                    .post, "unit-a/evaluation-work/resume", tokens.province, #"{"reason":"整改完成"}"#)
                #expect(resumed == .ok && lifted["suspended"] as? Bool == false, "\(lifted)")
                // The suspension sent again under its key is answered as it left the work, not as it stands.
                let (retried, retriedWork) = try await call(
                    .post, "unit-a/evaluation-work/suspend", tokens.province, suspendBody, key: "K-susp")
                #expect(retried == .ok && retriedWork["suspended"] as? Bool == true, "\(retriedWork)")
            }
        }
    }

    /// F1, SEC2, T4: a suspension's finding, a free text, is read by whoever sees the unit's talents in full
    /// (the province office, the unit's officer), not by a level or the auditor (as a talent's timeline says
    /// its findings); the talent whose finding took the measure is named to the province office and to the
    /// auditor, but a classified talent is never named to the auditor (a security tester's findings: the
    /// auditor read a classified talent's id beside a fraud finding, a bureau the finding's text).
    @Test func F1_SEC2_T4_aSuspensionsFindingAndTalentAreReadAsTheTalentsFactsAre() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await TalentRoutesTests.registerClassified(register)
            try await register.handle(
                .findFraud(finding: "伪造获奖证书（当事人张某某自述）", measures: [.suspendUnitEvaluationWork]),
                for: TalentID("T-C"), on: try Day("2026-03-02"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func suspension(_ token: String) async throws -> [String: Any]? {
                    let response = try await client.execute(
                        uri: "/v1/organizations/unit-a/evaluation-work", method: .get,
                        headers: [.authorization: "Bearer \(token)"])
                    #expect(response.status == .ok)
                    let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
                    #expect(json?["suspended"] as? Bool == true)
                    return (json?["suspensions"] as? [[String: Any]])?.first
                }
                let province = try #require(try await suspension(tokens.province))
                #expect(province["finding"] as? String == "伪造获奖证书（当事人张某某自述）")
                #expect(province["talent"] as? String == "T-C")
                let officer = try #require(try await suspension(tokens.officerA))
                #expect(officer["finding"] as? String == "伪造获奖证书（当事人张某某自述）" && officer["talent"] == nil)
                for token in [tokens.bureau, tokens.auditor] {
                    let masked = try #require(try await suspension(token))
                    #expect(masked["finding"] == nil && masked["talent"] == nil, "\(masked)")
                    #expect(masked["from"] as? String == "2026-03-02")
                }
                // The unit's page says it is suspended to the level too, without the finding's words.
                let bureau = try await ConsoleFormsTests.Person.signIn(client, token: tokens.bureau)
                let (_, page, _) = try await bureau.get("/console/units/unit-a")
                #expect(page.contains("本单位人才认定工作自2026-03-02起暂停（查实弄虚作假；F1）"), "\(page)")
                #expect(!page.contains("张某某"))
            }
            // A talent the auditor may see is named to it.
            try await register.handle(
                .findFraud(finding: "材料造假", measures: [.suspendUnitEvaluationWork]), for: TalentID("T-B"),
                on: try Day("2026-03-02"), by: .system)
            let auditor = try await register.evaluationWork(of: "unit-b", by: Caller(id: "a", role: .auditor))
            #expect(auditor.current.flatMap(auditor.talent(of:)) == TalentID("T-B"))
            #expect(auditor.current.flatMap(auditor.finding(of:)) == nil)
            // Why it was lifted is a free text as the finding is (a re-check tester's finding).
            try await register.changeEvaluationWork(
                of: "unit-b", .resume(reason: "整改完成，联系人王五"), on: try Day("2026-03-02"), by: .system)
            let lifted = try await register.evaluationWork(of: "unit-b", by: Caller(id: "a", role: .auditor))
            let held = try #require(lifted.work.suspensions.first)
            #expect(held.resumedOn != nil && lifted.resumeReason(of: held) == nil)
            let province = try await register.evaluationWork(of: "unit-b", by: .system)
            #expect(province.resumeReason(of: held) == "整改完成，联系人王五")
        }
    }

    /// F1 in the console: the province office suspends a unit's evaluation work on its page and lifts it
    /// there; a finding left empty is said beside its field; the unit's officer sees the banner, no form,
    /// and may not post one.
    @Test func F1_theProvinceOfficeSuspendsAndLiftsAUnitsEvaluationWorkOnItsPage() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-05-06")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let page = "/console/units/unit-a"
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                // The talent's fraud form says what the measure does where it is chosen.
                let (_, talent, _) = try await province.get("/console/talents/T-A")
                #expect(talent.contains("暂停单位人才认定工作（所在单位的人才认定自即日起暂停，至省人社厅恢复）"))
                let (_, open, _) = try await province.get(page)
                #expect(open.contains(#"<button type="submit">暂停人才认定工作</button>"#), "\(open)")
                let (empty, refused, _) = try await province.post(
                    "\(page)/evaluation-work", from: page, [("action", "suspend"), ("text", " ")])
                #expect(empty == .badRequest)
                #expect(refused.contains(#"id="evaluationWork-text-problem" role="alert">请填写查实的弄虚作假情形"#), "\(refused)")
                let (suspended, _, location) = try await province.post(
                    "\(page)/evaluation-work", from: page, [("action", "suspend"), ("text", "申报材料弄虚作假")])
                #expect(suspended == .seeOther && location?.contains("done=evaluationWorkSuspended") == true)
                let (_, held, _) = try await province.get(try #require(location))
                #expect(held.contains("已暂停本单位人才认定工作（F1）"))
                #expect(held.contains("本单位人才认定工作自2026-05-06起暂停（查实弄虚作假：申报材料弄虚作假；F1）"))
                #expect(held.contains(#"<button type="submit">恢复人才认定工作</button>"#))

                let officer = try await ConsoleFormsTests.Person.signIn(client, token: tokens.officerA)
                let (_, seen, _) = try await officer.get(page)
                #expect(seen.contains("本单位人才认定工作自2026-05-06起暂停") && !seen.contains("form-evaluationWork"))
                let (forbidden, _, _) = try await officer.post(
                    "\(page)/evaluation-work", from: page, [("action", "resume"), ("text", "整改完成")])
                #expect(forbidden == .forbidden)

                let (resumed, _, back) = try await province.post(
                    "\(page)/evaluation-work", from: page, [("action", "resume"), ("text", "整改完成")])
                #expect(resumed == .seeOther && back?.contains("done=evaluationWorkResumed") == true)
                #expect(try await register.evaluationWork(of: "unit-a", by: .system).current == nil)
            }
        }
    }

    /// F1 in the domain: a second finding while suspended records nothing; a lifting needs a suspension,
    /// a reason, and a day not before it; a suspension is not dated before the last lifting.
    @Test func F1_theSuspensionsOfAUnitsEvaluationWorkAreKeptInOrder() throws {
        let (march, april, may) = (try Day("2026-03-01"), try Day("2026-04-01"), try Day("2026-05-01"))
        var work = UnitEvaluationWork(unit: "u")
        #expect(throws: Refusal.self) { try work.decide(.resume(reason: "整改完成"), on: march) }
        let suspended = try work.decide(.suspend(finding: "造假", talent: nil), on: april)
        work = UnitEvaluationWork.fold(unit: "u", suspended)
        #expect(try work.decide(.suspend(finding: "又造假", talent: nil), on: may).isEmpty)
        #expect(throws: Refusal.self) { try work.decide(.resume(reason: "整改完成"), on: march) }
        #expect(throws: Refusal.self) { try work.decide(.resume(reason: ""), on: may) }
        work = UnitEvaluationWork.fold(unit: "u", suspended + (try work.decide(.resume(reason: "整改完成"), on: may)))
        #expect(
            work.suspension(on: march) == nil && work.suspension(on: april) != nil && work.suspension(on: may) == nil)
        #expect(throws: Refusal.self) { try work.decide(.suspend(finding: "造假", talent: nil), on: april) }
        #expect(throws: Never.self) { try work.requireOpen(forEvaluationOn: may) }
        #expect(throws: Refusal.self) { try work.requireOpen(forEvaluationOn: april) }
    }
}
