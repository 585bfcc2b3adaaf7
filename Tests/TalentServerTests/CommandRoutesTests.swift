// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S2 and T4 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import TalentApplication
import TalentDomain
import TalentServer
import Testing

@Suite("POST /v1/talents/{id}/commands: idempotent, pinned, dry-run, refused by rule")
struct CommandRoutesTests {
    static func post(
        _ client: some TestClientProtocol, _ uri: String, token: String, body: String, headers extra: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        headers.append(contentsOf: extra)
        return try await HTTPContractTests.execute(client, .post, uri, headers: headers, body: body)
    }

    static let lostContact = #"{"type": "recordLostContact", "since": "2025-01-01", "effectiveOn": "2025-03-01"}"#

    @Test func aUnitOfficerRecordsAFactAndARetryWithTheSameKeyRecordsNothing() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let key: HTTPFields = [.init("Idempotency-Key")!: "officer-a-0001"]
                let (status, answer, headers) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: Self.lostContact, headers: key)
                #expect(status == .created)
                let events = answer["events"] as? [[String: Any]]
                #expect(events?.map { $0["type"] as? String } == ["ContactLost"])
                let version = answer["version"] as? Int
                #expect(headers[.eTag] == "\"\(version ?? -1)\"")
                #expect(headers[.location] == "/v1/talents/T-A")
                // A dry run under the key says what sending it would do: answer as the first time, keeping
                // nothing, so as a dry run (200, no ETag).
                let (dry, dryAnswer, dryHeaders) = try await Self.post(
                    client, "/v1/talents/T-A/commands?dryRun=true", token: tokens.officerA, body: Self.lostContact,
                    headers: key)
                #expect(dry == .ok)
                #expect(dryAnswer["dryRun"] as? Bool == true)
                #expect(dryAnswer["replayed"] as? Bool == true)
                #expect(dryHeaders[.eTag] == nil)
                let (again, repeated, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: Self.lostContact, headers: key)
                #expect(again == .created)
                #expect(repeated["replayed"] as? Bool == true)
                #expect(repeated["version"] as? Int == version)
                #expect((repeated["events"] as? [[String: Any]])?.count == 1)
                // The same events and state as the first answer (that one from the append's answer, this one
                // read back from the store).
                func canonical(_ value: Any?) throws -> Data {
                    try JSONSerialization.data(
                        withJSONObject: value ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
                }
                #expect(try canonical(repeated["events"]) == canonical(answer["events"]))
                #expect(try canonical(repeated["state"]) == canonical(answer["state"]))
                // A stale pinned version is refused with the current one.
                let (stale, problem, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA,
                    body: #"{"type": "restoreContact", "effectiveOn": "2025-04-01"}"#, headers: [.ifMatch: "\"1\""])
                #expect(stale == .preconditionFailed)
                #expect(problem["currentVersion"] as? Int == version)
                // Whatever else the body holds: a stale pin is 412 before a day ahead is refused (LIMITS), and a
                // caller who may not act is told so (403, 404) before either.
                let ahead = #"{"type": "restoreContact", "effectiveOn": "2099-01-01"}"#
                let (staleAhead, _, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: ahead,
                    headers: [.ifMatch: "\"1\""])
                #expect(staleAhead == .preconditionFailed)
                let (elsewhere, _, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerB, body: ahead,
                    headers: [.ifMatch: "\"1\""])
                #expect(elsewhere == .notFound)
                let (auditing, _, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.auditor, body: ahead, headers: [.ifMatch: "\"1\""]
                )
                #expect(auditing == .forbidden)
                // Pinned at the current version, it goes through.
                let (pinned, _, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA,
                    body: #"{"type": "restoreContact", "effectiveOn": "2025-04-01"}"#,
                    headers: [.ifMatch: "\"\(version ?? 0)\""])
                #expect(pinned == .created)
                // A retry after later commands still answers as the first time: its version, its state.
                let (late, lateAnswer, lateHeaders) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: Self.lostContact, headers: key)
                #expect(late == .created)
                #expect(lateAnswer["version"] as? Int == version)
                #expect(lateHeaders[.eTag] == "\"\(version ?? -1)\"")
                #expect(try canonical(lateAnswer["state"]) == canonical(answer["state"]))
            }
        }
    }

    /// A classified talent (T4) is not there for whoever sees it in counts only: a command on it is 404,
    /// exactly as for a talent that does not exist (not a 403 that tells it exists). A person records no
    /// fact dated after today, nor before the talent's first fact (LIMITS).
    /// A retry is the caller's own answer again, even when the command took the talent out of the caller's
    /// jurisdiction (a move to another unit): not "no such talent", which would read as a command that
    /// never happened. The talent itself is another unit's now.
    @Test func O2_aRetryOfAMoveOutOfTheCallersUnitAnswersAsTheFirstTime() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let key: HTTPFields = [.init("Idempotency-Key")!: "officer-a-move-1"]
                let move =
                    #"{"type": "relocate", "kind": "withinProvince", "newUnit": "unit-b", "occurredOn": "2025-05-01", "effectiveOn": "2025-05-02"}"#
                let (moved, first, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: move, headers: key)
                #expect(moved == .created)
                let (retried, again, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: move, headers: key)
                #expect(retried == .created)
                #expect(again["replayed"] as? Bool == true)
                #expect(again["version"] as? Int == first["version"] as? Int)
                let (shown, _, _) = try await send(client, .get, "/v1/talents/T-A", token: tokens.officerA)
                #expect(shown == .notFound)
                // Another command under the same key is still refused, and a fresh one is "no such talent".
                let (reused, _, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: Self.lostContact, headers: key)
                #expect(reused == .unprocessableContent)
                let (fresh, _, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: Self.lostContact)
                #expect(fresh == .notFound)
            }
        }
    }

    /// X9, D3, W5: a report's deadline is judged by the day it is made, so a unit officer's report is dated
    /// the day it is recorded; the province office, which enters what reached it on paper, may date it
    /// earlier (the policy's `earlierDaysRecordedBy`). The fact itself keeps the day it occurred.
    @Test func X9_aUnitsReportIsDatedTheDayItIsRecordedAndOnlyTheProvinceEntersAnEarlierOne() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let backdated =
                    #"{"type": "findMisconduct", "occurredOn": "2026-01-05", "finding": "学术不端", "effectiveOn": "2026-01-20"}"#
                let (refused, problem, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: backdated)
                #expect(refused == .unprocessableContent)
                #expect(problem["rule"] as? String == "X9" && problem["field"] as? String == "effectiveOn")
                #expect((problem["detail"] as? String)?.contains("报告按办理当日") == true)
                let (today, answer, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA,
                    body: #"{"type": "findMisconduct", "occurredOn": "2026-01-05", "finding": "学术不端"}"#)
                #expect(today == .created)
                let report = (answer["state"] as? [String: Any])?["pendingExitReports"] as? [[String: Any]]
                #expect(report?.first?["withinDeadline"] as? Bool == false, "reported long after its month")
                let (paper, _, _) = try await Self.post(
                    client, "/v1/talents/T-B/commands", token: tokens.province, body: backdated)
                #expect(paper == .created)
            }
        }
    }

    @Test func T4_aCommandOnAClassifiedTalentIsNotFoundForTheLevelsAboveAndFactsOutsideTheTalentsTimeAreRefused()
        async throws
    {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await TalentRoutesTests.registerClassified(register)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                // Another unit's officer, who records facts, finds a classified talent as it finds none.
                let (classified, classifiedProblem, _) = try await Self.post(
                    client, "/v1/talents/T-C/commands?dryRun=true", token: tokens.officerB, body: Self.lostContact)
                let (missing, missingProblem, _) = try await Self.post(
                    client, "/v1/talents/T-NONE/commands?dryRun=true", token: tokens.officerB, body: Self.lostContact)
                #expect(classified == .notFound)
                #expect(missing == .notFound)
                #expect(
                    (classifiedProblem["detail"] as? String)?.replacingOccurrences(of: "T-C", with: "T-NONE")
                        == missingProblem["detail"] as? String)
                // A level records none: told so before any talent is looked up, the same for every one (a
                // re-check tester's finding: its answer was 403 with `If-Match: *` and 404 without).
                for talent in ["T-C", "T-NONE", "T-A"] {
                    let (level, _, _) = try await Self.post(
                        client, "/v1/talents/\(talent)/commands?dryRun=true", token: tokens.bureau,
                        body: Self.lostContact)
                    #expect(level == .forbidden, "\(talent)")
                }
                for body in [
                    #"{"type": "recordLostContact", "since": "2099-01-01", "effectiveOn": "2099-03-01"}"#,
                    #"{"type": "recordLostContact", "since": "2020-01-01", "effectiveOn": "2020-03-01"}"#,
                ] {
                    let (refused, problem, _) = try await Self.post(
                        client, "/v1/talents/T-A/commands", token: tokens.officerA, body: body)
                    #expect(refused == .unprocessableContent, "\(body)")
                    #expect(problem["rule"] as? String == "LIMITS")
                    #expect(problem["field"] as? String == "effectiveOn")
                }
                // A rule's refused field is named as the body names it, as a 400 names one: the member, under the
                // value that holds an evaluation's facts, a correction's own reason at the top.
                for (body, field) in [
                    (#"{"type": "recordLostContact", "since": "1999-12-31", "effectiveOn": "2026-03-01"}"#, "since"),
                    (
                        #"{"type": "correctEvaluation", "reason": "更正", "evaluation": {"talentId": "T-A", "tier": "C", "unit": "unit-a", "professionalField": "光学", "evaluatingDocument": "吉人社字〔2021〕1号", "certificateDate": "1999-03-01", "classified": false}}"#,
                        "evaluation.certificateDate"
                    ),
                    (
                        #"{"type": "correctEvaluation", "reason": "更正\#u{202E}", "evaluation": {"talentId": "T-A", "tier": "C", "unit": "unit-a", "professionalField": "光学", "evaluatingDocument": "吉人社字〔2021〕1号", "certificateDate": "2021-03-01", "classified": false}}"#,
                        "reason"
                    ),
                ] {
                    let (refused, problem, _) = try await Self.post(
                        client, "/v1/talents/T-A/commands?dryRun=true", token: tokens.province, body: body)
                    #expect(refused == .unprocessableContent, "\(body): \(problem)")
                    #expect(problem["field"] as? String == field, "\(problem)")
                    // The detail names it the same way where it begins with it.
                    let detail = problem["detail"] as? String ?? ""
                    #expect(
                        !detail.contains("recordLostContact.") && !detail.contains("correctEvaluation."), "\(detail)")
                }
                // A register id is what the evaluation list's ids may be, on this route too.
                let evaluation = #"""
                    {"type": "evaluate", "effectiveOn": "2026-01-05", "evaluation": {"talentId": "QA.X", "tier": "C",
                     "unit": "unit-a", "professionalField": "光学", "evaluatingDocument": "吉人社字〔2026〕1号",
                     "certificateDate": "2026-01-05", "classified": false}}
                    """#
                let (badID, badIDProblem, _) = try await Self.post(
                    client, "/v1/talents/QA.X/commands?dryRun=true", token: tokens.province, body: evaluation)
                #expect(badID == .badRequest)
                #expect(badIDProblem["field"] as? String == "evaluation.talentId")
            }
        }
    }

    @Test func aDryRunAnswersWhatWouldBeRecordedAndRecordsNothing() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let before = try await register.queries.talent(.init("T-A"), by: .system).version
                let (status, answer, headers) = try await Self.post(
                    client, "/v1/talents/T-A/commands?dryRun=true", token: tokens.officerA, body: Self.lostContact)
                #expect(status == .ok)
                #expect(answer["dryRun"] as? Bool == true)
                // The version it would reach is in the answer, but is no ETag: If-Match with it would be 412.
                #expect(answer["version"] as? Int == Int(before) + 1)
                #expect(headers[.eTag] == nil)
                #expect((answer["events"] as? [[String: Any]])?.first?["type"] as? String == "ContactLost")
                #expect(try await register.queries.talent(.init("T-A"), by: .system).version == before)
            }
        }
    }

    /// An evaluation of T-A with `members` (its tier among them) beside the others it needs.
    static func evaluation(_ members: String) -> String {
        #"{"type": "evaluate", "evaluation": {"talentId": "T-A", "unit": "unit-a", "professionalField": "光学", "#
            + #""evaluatingDocument": "d", "certificateDate": "2021-03-01", "classified": false, \#(members)}}"#
    }

    /// Only the provincial office registers talents: any other role is told so whatever unit the evaluation
    /// names, its own, another jurisdiction's or none, so that the answer says nothing of which units exist.
    @Test func anEvaluationByARoleThatNeverEvaluatesIsForbiddenWhateverUnitItNames() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                var answers: Set<String> = []
                for (token, unit) in [
                    (tokens.officerA, "unit-a"), (tokens.officerA, "unit-b"), (tokens.officerA, "unit-none"),
                    (tokens.officerB, "unit-a"),
                ] {
                    let body =
                        #"{"type": "evaluate", "effectiveOn": "2026-01-05", "evaluation": {"talentId": "QA-9", "#
                        + #""tier": "C", "unit": "\#(unit)", "professionalField": "光学", "#
                        + #""evaluatingDocument": "吉人社字〔2026〕1号", "certificateDate": "2026-01-05", "classified": false}}"#
                    let (status, problem, _) = try await Self.post(
                        client, "/v1/talents/QA-9/commands", token: token, body: body)
                    #expect(status == .forbidden, "\(unit)")
                    answers.insert(problem["detail"] as? String ?? "")
                }
                #expect(answers == ["人才认定由省人社厅办理"])
                let (auditor, _, _) = try await Self.post(
                    client, "/v1/talents/QA-9/commands", token: tokens.auditor,
                    body: #"{"type": "evaluate", "evaluation": {"talentId": "QA-9", "tier": "C", "unit": "unit-none", "#
                        + #""professionalField": "光学", "evaluatingDocument": "d", "certificateDate": "2026-01-05", "#
                        + #""classified": false}}"#)
                #expect(auditor == .forbidden)
            }
        }
    }

    /// A move within the province names the unit the talent goes to: one the O1 tree does not have, or a
    /// level rather than an employer unit, is refused naming the field (the talent would answer to nobody),
    /// a dry run too; a unit of the tree is taken.
    @Test func O2_aMoveToAUnitTheTreeDoesNotHoldIsRefusedNamingTheField() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let before = try await register.queries.talent(TalentID("T-A"), by: .system).version
                func move(to unit: String, dryRun: Bool) async throws -> (HTTPResponse.Status, [String: Any]) {
                    let body =
                        #"{"type": "relocate", "kind": "withinProvince", "newUnit": "\#(unit)", "occurredOn": "2026-01-05", "effectiveOn": "2026-01-05"}"#
                    let (status, answer, _) = try await Self.post(
                        client, "/v1/talents/T-A/commands\(dryRun ? "?dryRun=true" : "")", token: tokens.officerA,
                        body: body)
                    return (status, answer)
                }
                for unit in ["unit-9999", "city", "prov"] {
                    for dryRun in [true, false] {
                        let (status, problem) = try await move(to: unit, dryRun: dryRun)
                        #expect(status == .badRequest, "\(unit)")
                        #expect(problem["field"] as? String == "newUnit", "\(unit)")
                        #expect((problem["detail"] as? String)?.contains("no employer unit \(unit)") == true, "\(unit)")
                    }
                }
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).version == before)
                // Asked only of a caller who may record the move: a bureau is told it may not, whatever the unit;
                // an empty unit is the domain's refusal (T2).
                let (bureau, _, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands?dryRun=true", token: tokens.bureau,
                    body:
                        #"{"type": "relocate", "kind": "withinProvince", "newUnit": "unit-9999", "occurredOn": "2026-01-05"}"#
                )
                #expect(bureau == .forbidden)
                let (empty, emptyProblem) = try await move(to: "", dryRun: true)
                #expect(empty == .unprocessableContent)
                #expect(emptyProblem["rule"] as? String == "T2")
                let (moved, _) = try await move(to: "unit-b", dryRun: false)
                #expect(moved == .created)
                #expect(try await register.queries.talent(TalentID("T-A"), by: .system).answeringUnit == "unit-b")
            }
        }
    }

    @Test func refusalsRolesJurisdictionAndBadBodies() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (refused, problem, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA,
                    body: #"{"type": "restoreContact", "effectiveOn": "2025-04-01"}"#)
                #expect(refused == .unprocessableContent)
                #expect(problem["rule"] as? String == "X8")
                // A rule's refusal about one member names it, as a 400 does (X8: a death reported before it
                // occurred; M2: one before the talent's period began).
                for (occurredOn, rule) in [("2025-05-01", "X8"), ("2020-01-01", "M2")] {
                    let (_, early, _) = try await Self.post(
                        client, "/v1/talents/T-A/commands", token: tokens.officerA,
                        body: #"{"type": "recordDeath", "occurredOn": "\#(occurredOn)", "effectiveOn": "2025-04-01"}"#)
                    #expect(early["rule"] as? String == rule && early["field"] as? String == "occurredOn", "\(early)")
                }
                let (outside, _, _) = try await Self.post(
                    client, "/v1/talents/T-B/commands", token: tokens.officerA, body: Self.lostContact)
                #expect(outside == .notFound)
                let (reviewer, reviewerProblem, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.bureau, body: Self.lostContact)
                #expect(reviewer == .forbidden)
                // Who does it instead, in the staff's words.
                #expect(reviewerProblem["detail"] as? String == "人社部门负责审核和查阅，人才的情况由其所在单位记录")
                #expect(reviewerProblem["rule"] == nil, "no rule of the notice says so")
                let verify = #"{"type": "verifyExitSituation", "reason": "died", "confirmed": true, "finding": "x"}"#
                let (provincial, provincialProblem, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: verify)
                #expect(provincial == .forbidden)
                // X9 gives the verification to the province: the 403 names it, as a rule's 422 does.
                #expect(provincialProblem["rule"] as? String == "X9")
                // A body that opens with a byte order mark is the same body.
                let (marked, _, _) = try await Self.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: "\u{FEFF}" + Self.lostContact)
                #expect(marked == .created)
                for (body, field) in [
                    ("not json", "body"), (#"{"since": "2025-01-01"}"#, "type"),
                    (#"{"type": "noSuchCommand"}"#, "type"), (#"{"type": "recordLostContact"}"#, "since"),
                    (#"{"type": "recordLostContact", "since": 5}"#, "since"),
                    (#"{"type": "recordLostContact", "since": "2025-02-30"}"#, "since"),
                    (
                        #"{"type": "recordLostContact", "since": "2025-01-01", "effectiveOn": "0000-01-01"}"#,
                        "effectiveOn"
                    ),
                    // A command whose facts are one member: its fields named under it, as the body has them.
                    (Self.evaluation(#""tier": "Z""#), "evaluation.tier"),
                    (Self.evaluation(#""tier": "C", "colour": "red""#), "evaluation.colour"),
                    (
                        #"{"type": "rehire", "terms": {"agreementReference": "x", "sameField": true, "inProvince": true, "validUntil": 5}}"#,
                        "terms.validUntil"
                    ),
                    // The body's own text is what the command is decoded from: a type that is not a name is
                    // no command, whatever it holds; a misspelt field is still named.
                    (#"{"type": "recordLostContact\":{\"since", "since": "2025-01-01"}"#, "type"),
                    (#"{"type": "recordLostContact", "since": "2025-01-01", "sinse": "2025-01-01"}"#, "sinse"),
                    (#"{"type": "recordLostContact", "since": "2025-01-01", "effectiveOn": 5}"#, "effectiveOn"),
                    // A member named twice: the command is what the checks read (the last), not the first.
                    (#"{"type": "recordLostContact", "since": "2025-01-01", "since": "not a day"}"#, "since"),
                    // An array's element is named by its index, as the body counts it.
                    (#"{"type": "restoreServices", "reason": "x", "cards": ["jixiangCard", 5]}"#, "cards.1"),
                ] {
                    let (status, problem, _) = try await Self.post(
                        client, "/v1/talents/T-A/commands", token: tokens.officerA, body: body)
                    #expect(status == .badRequest, "\(body)")
                    #expect(problem["field"] as? String == field, "\(body)")
                }
            }
        }
    }
}
