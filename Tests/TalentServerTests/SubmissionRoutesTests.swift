// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like O1 and S1 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import TalentDomain
import TalentLedgerTesting
import TalentServer
import Testing

@testable import TalentApplication

@Suite("Campaign submissions over HTTP: readiness, up the chain, returned, late (O1, S1–S3)")
struct SubmissionRoutesTests {
    @Test func O1_S1_S3_aUnitSubmitsUpItsChainWithOneReturnAndAnotherUnitIsLate() async throws {
        let clock = TestClock()
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let base = "/v1/campaigns/2025/submissions"
                // A level is no unit that submits: said so to whoever may see it, not found for the others.
                let (level, levelProblem, _) = try await send(client, .get, "\(base)/city", token: tokens.province)
                #expect(level == .badRequest)
                #expect(levelProblem["field"] as? String == "unit")
                #expect(try await send(client, .get, "\(base)/city", token: tokens.officerA).0 == .notFound)
                // Not ready: T-A's basic information (W1) is missing, and the refusal names it.
                try clock.set(day: "2026-03-16")
                let (_, readiness, _) = try await send(
                    client, .get, "\(base)/unit-a?on=2026-03-16", token: tokens.officerA)
                #expect(readiness["ready"] as? Bool == false)
                let (refused, problem, _) = try await send(
                    client, .post, "\(base)/unit-a", token: tokens.officerA, body: #"{"effectiveOn": "2026-03-16"}"#)
                #expect(refused == .unprocessableContent)
                #expect(problem["rule"] as? String == "S1")
                let blockers = problem["blockers"] as? [[String: Any]] ?? []
                #expect(blockers.map { $0["talent"] as? String } == ["T-A"])
                #expect(blockers.map { $0["rule"] as? String } == ["W1"])
                // Collected, it goes up to the city bureau.
                let collect = #"""
                    {"type": "collectBasicInfo", "campaign": 2025, "effectiveOn": "2026-01-10",
                     "info": {"industry": "教育", "professionalField": "光学", "education": "博士", "professionalTitle": "教授",
                              "declaredSituations": []}}
                    """#
                let (collected, _, _) = try await send(
                    client, .post, "/v1/talents/T-A/commands", token: tokens.officerA, body: collect)
                #expect(collected == .created)
                let (submitted, row, _) = try await send(
                    client, .post, "\(base)/unit-a", token: tokens.officerA, body: #"{"effectiveOn": "2026-03-16"}"#)
                #expect(submitted == .created)
                #expect((row["submission"] as? [String: Any])?["awaiting"] as? String == "city")
                // S2: the first answer says the day no later step may be dated before, as a replay of it does.
                #expect((row["submission"] as? [String: Any])?["lastStepOn"] as? String == "2026-03-16")
                // Only the level it waits at reviews it: the province is refused (O1), a unit officer may not.
                try clock.set(day: "2026-03-17")
                let (early, earlyProblem, _) = try await send(
                    client, .post, "\(base)/unit-a/review", token: tokens.province,
                    body: #"{"decision": "accept", "effectiveOn": "2026-03-17"}"#)
                #expect(early == .unprocessableContent)
                #expect(earlyProblem["rule"] as? String == "O1")
                // The levels are named as people know them, with their ids.
                #expect(earlyProblem["detail"] as? String == "该报送应由长春市人社局（city）审核，省人社厅（prov）不能审核")
                let (officer, _, _) = try await send(
                    client, .post, "\(base)/unit-a/review", token: tokens.officerA, body: #"{"decision": "accept"}"#)
                #expect(officer == .forbidden)
                // A role that never reviews is told so whatever it sent: not that its reason is wrong.
                for body in [#"{"decision": "accept", "reason": "材料不全"}"#, #"{"decision": "return"}"#, "{}"] {
                    let (status, _, _) = try await send(
                        client, .post, "\(base)/unit-a/review", token: tokens.officerA, body: body)
                    #expect(status == .forbidden, "\(body)")
                }
                // The city returns it; the unit submits again; the city and the province accept.
                let (returned, returnedRow, _) = try await send(
                    client, .post, "\(base)/unit-a/review", token: tokens.bureau,
                    body: #"{"decision": "return", "reason": "工作报告缺少数据", "effectiveOn": "2026-03-17"}"#)
                #expect(returned == .ok)
                #expect((returnedRow["submission"] as? [String: Any])?["status"] as? String == "returned")
                #expect((returnedRow["submission"] as? [String: Any])?["lastStepOn"] as? String == "2026-03-17")
                let (noReason, _, _) = try await send(
                    client, .post, "\(base)/unit-a/review", token: tokens.bureau, body: #"{"decision": "return"}"#)
                #expect(noReason == .badRequest)
                // A reason sent with an acceptance is refused, not dropped with the package sent up (a re-check
                // tester's finding, as in the console).
                let (acceptWithReason, said, _) = try await send(
                    client, .post, "\(base)/unit-a/review", token: tokens.bureau,
                    body: #"{"decision": "accept", "reason": "材料不全，请补充"}"#)
                #expect(acceptWithReason == .badRequest && said["field"] as? String == "reason", "\(said)")
                try clock.set(day: "2026-03-18")
                let (again, _, _) = try await send(
                    client, .post, "\(base)/unit-a", token: tokens.officerA, body: #"{"effectiveOn": "2026-03-18"}"#)
                #expect(again == .created)
                for (token, day) in [(tokens.bureau, "2026-03-19"), (tokens.province, "2026-03-20")] {
                    try clock.set(day: day)
                    let (accepted, _, _) = try await send(
                        client, .post, "\(base)/unit-a/review", token: token,
                        body: #"{"decision": "accept", "effectiveOn": "\#(day)"}"#)
                    #expect(accepted == .ok)
                }
                // After the window: unit-a accepted, unit-b (never submitted) late; the figures add up. Not read
                // before that day has come: a unit is not late while it may still submit.
                let (ahead, _, _) = try await send(client, .get, "\(base)?on=2026-04-01", token: tokens.bureau)
                #expect(ahead == .badRequest)
                try clock.set(day: "2026-04-01")
                let (_, overview, _) = try await send(client, .get, "\(base)?on=2026-04-01", token: tokens.bureau)
                let states = Dictionary(
                    uniqueKeysWithValues: (overview["units"] as? [[String: Any]] ?? []).map {
                        ($0["unit"] as? String ?? "", $0["state"] as? String ?? "")
                    })
                #expect(states == ["unit-a": "accepted", "unit-b": "late"])
                #expect((overview["figures"] as? [String: Any])?["talents"] as? Int == 1)
                // A past day reads the steps effective by then: returned on the 17th, waiting again on the 18th.
                for (day, state) in [
                    ("2026-03-17", "returned"), ("2026-03-18", "submitted"), ("2026-03-15", "inProgress"),
                ] {
                    let (_, past, _) = try await send(client, .get, "\(base)?on=\(day)", token: tokens.bureau)
                    let unitA = (past["units"] as? [[String: Any]])?.first { $0["unit"] as? String == "unit-a" }
                    #expect(unitA?["state"] as? String == state, "on \(day)")
                    // A submission sent back counts in no level's figures until it is sent again.
                    let counted = (past["figures"] as? [String: Any])?["talents"] as? Int
                    #expect(counted == (state == "submitted" ? 1 : 0), "on \(day)")
                }
                // Before the window closed, unit-b had not started.
                let (_, before, _) = try await send(client, .get, "\(base)?on=2026-03-20", token: tokens.bureau)
                #expect(
                    (before["units"] as? [[String: Any]])?.first { $0["unit"] as? String == "unit-b" }?["state"]
                        as? String == "notStarted")
                // Jurisdiction: another unit's submission is not there for unit-a's officer.
                let (outside, _, _) = try await send(client, .get, "\(base)/unit-b", token: tokens.officerA)
                #expect(outside == .notFound)
                let (_, own, _) = try await send(client, .get, "\(base)?on=2026-04-01", token: tokens.officerA)
                #expect((own["units"] as? [[String: Any]])?.compactMap { $0["unit"] as? String } == ["unit-a"])
                // The unit's forms, downloaded with their Chinese names.
                try await client.execute(
                    uri: "\(base)/unit-a/forms/1?on=2026-03-20", method: .get,
                    headers: [.authorization: "Bearer \(tokens.officerA)"]
                ) { response in
                    #expect(response.status == .ok)
                    #expect(
                        response.headers[.contentType]
                            == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    #expect(
                        response.headers[.contentDisposition]?.contains("filename*=UTF-8''%E9%99%84%E4%BB%B61") == true)
                    #expect(Array(Data(buffer: response.body).prefix(2)) == Array("PK".utf8))
                }
                let (noSuchForm, _, _) = try await send(client, .get, "\(base)/unit-a/forms/9", token: tokens.officerA)
                #expect(noSuchForm == .badRequest)
                let (othersForm, _, _) = try await send(client, .get, "\(base)/unit-b/forms/1", token: tokens.officerA)
                #expect(othersForm == .notFound)
                // Bad input is named.
                let (unknown, unknownProblem, _) = try await send(
                    client, .post, "\(base)/unit-a", token: tokens.officerA, body: #"{"lateReason": "x"}"#)
                #expect(unknown == .badRequest)
                #expect(unknownProblem["field"] as? String == "lateReason")
                let (badYear, _, _) = try await send(
                    client, .get, "/v1/campaigns/1999/submissions", token: tokens.bureau)
                #expect(badYear == .badRequest)
                let (noCampaign, _, _) = try await send(
                    client, .get, "/v1/campaigns/2030/submissions", token: tokens.bureau)
                #expect(noCampaign == .notFound)
            }
        }
    }

    /// Lateness is judged by the days a campaign's steps are dated, so they are dated the day they are
    /// recorded: a unit's officer can neither backdate its submission into a closed window nor date it
    /// ahead; the provincial office may enter an earlier day (a submission that reached it on paper).
    /// Requests racing on one submission (a double click on 报送, two reviewers at once): one is recorded,
    /// every other is answered as it would be a moment later, by the rule, never with the conflict.
    /// O1: a province office account issued with no organization (as `users add` allows) reviews at the
    /// provincial office, the top of every chain: its queue on the campaign page lists what waits there,
    /// and its acceptance is the province's (an operator's finding: it was refused as no level's).
    @Test func O1_aProvinceOfficeAccountWithoutAnOrganizationReviewsAtTheProvincialOffice() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-03-25")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(
                ConsoleFormsTests.collect, for: TalentID("T-A"), on: try Day("2026-01-10"), by: .system)
            try await register.submit(campaign: 2025, unit: "unit-a", on: try Day("2026-03-20"), by: .system)
            try await register.review(campaign: 2025, unit: "unit-a", .accept, on: try Day("2026-03-21"), by: .system)
            let issued = try await register.issueAccount(
                name: "省厅经办人", role: .provinceOffice, organization: nil, by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await ConsoleFormsTests.Person.signIn(client, token: issued.token)
                let (_, campaign, _) = try await province.get("/console/campaign?year=2025")
                #expect(campaign.contains("待我审核"), "its queue lists unit-a: \(campaign)")
                let response = try await client.execute(
                    uri: "/v1/campaigns/2025/submissions/unit-a/review", method: .post,
                    headers: [.authorization: "Bearer \(issued.token)", .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"decision":"accept"}"#))
                #expect(response.status == .ok || response.status == .created, "\(String(buffer: response.body))")
            }
            let row = try await register.submissions(campaign: 2025, on: try Day("2026-03-25"), by: .system).units
                .first { $0.unit == "unit-a" }
            #expect(row?.state == .accepted, "\(String(describing: row))")
            _ = tokens
        }
    }

    @Test func S1_racingSubmissionsOfOneUnitRecordOneAndRefuseTheOthersByTheRule() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await register.handle(
                .collectBasicInfo(campaign: 2025, info: LateUnitJobsTests.basicInfo), for: TalentID("T-A"),
                on: try Day("2026-01-10"), by: .system)
            let day = try Day("2026-03-20")
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            _ = try await register.submit(campaign: 2025, unit: "unit-a", on: day, by: .system)
                            return "recorded"
                        } catch let refusal as Refusal {
                            return "refused \(refusal.rule.rawValue)"
                        } catch {
                            return "failed: \(error)"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "recorded" }.count == 1, "\(outcomes)")
            #expect(outcomes.allSatisfy { $0 == "recorded" || $0.hasPrefix("refused") }, "\(outcomes)")
        }
    }

    /// A unit's officer whose 报送 timed out sends it again: under the same `Idempotency-Key` it is answered
    /// as the first time was (nothing recorded twice, no "already submitted"), even after the unit's work
    /// moved on; a review likewise. The key is the caller's own, and another request under it is refused.
    @Test func S1_aSubmissionOrReviewSentAgainUnderItsKeyIsAnsweredAsTheFirstTime() async throws {
        let clock = TestClock()
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await register.handle(
                .collectBasicInfo(campaign: 2025, info: LateUnitJobsTests.basicInfo), for: TalentID("T-A"),
                on: try Day("2026-01-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let unitA = "/v1/campaigns/2025/submissions/unit-a"
                func post(_ uri: String, _ token: String, _ body: String, key: String? = nil) async throws -> (
                    HTTPResponse.Status, [String: Any]
                ) {
                    let headers: HTTPFields = key.map { [.init("Idempotency-Key")!: $0] } ?? [:]
                    let (status, answer, _) = try await CommandRoutesTests.post(
                        client, uri, token: token, body: body, headers: headers)
                    return (status, answer)
                }
                func submission(_ answer: [String: Any]) -> [String: Any] {
                    answer["submission"] as? [String: Any] ?? [:]
                }
                try clock.set(day: "2026-03-16")
                let (submitted, first) = try await post(unitA, tokens.officerA, "{}", key: "unit-a-submit")
                #expect(submitted == .created)
                // A retry after the answer was lost: the same row, the stream still of one event.
                let (retried, again) = try await post(unitA, tokens.officerA, "{}", key: "unit-a-submit")
                #expect(retried == .created)
                #expect(submission(again)["awaiting"] as? String == "city")
                #expect(again["version"] as? Int == first["version"] as? Int)
                let (unkeyed, refusal) = try await post(unitA, tokens.officerA, "{}")
                #expect(unkeyed == .unprocessableContent)
                #expect(refusal["rule"] as? String == "S1")
                // The bureau returns it, under its own key of the same text; the unit submits again.
                try clock.set(day: "2026-03-17")
                let returning = #"{"decision": "return", "reason": "工作报告缺少数据", "effectiveOn": "2026-03-17"}"#
                let (returned, returnedRow) = try await post(
                    "\(unitA)/review", tokens.bureau, returning, key: "unit-a-submit")
                #expect(returned == .ok)
                #expect(submission(returnedRow)["status"] as? String == "returned")
                let (resubmitted, _) = try await post(unitA, tokens.officerA, "{}", key: "unit-a-submit-2")
                #expect(resubmitted == .created)
                // The return sent again the next day is answered as it left the submission then (its day is
                // what the first request asked, no backdating by the bureau), and records nothing.
                try clock.set(day: "2026-03-18")
                let (replayed, replayedRow) = try await post(
                    "\(unitA)/review", tokens.bureau, returning, key: "unit-a-submit")
                #expect(replayed == .ok)
                #expect(submission(replayedRow)["status"] as? String == "returned")
                #expect(replayedRow["version"] as? Int == returnedRow["version"] as? Int)
                let (_, now, _) = try await send(client, .get, "/v1/campaigns/2025/submissions", token: tokens.bureau)
                #expect(
                    (now["units"] as? [[String: Any]])?.first { $0["unit"] as? String == "unit-a" }?["state"]
                        as? String == "submitted")
                // Another request under a key already used (an acceptance under the return's key) is refused.
                let (reused, problem) = try await post(
                    "\(unitA)/review", tokens.bureau, #"{"decision": "accept"}"#, key: "unit-a-submit")
                #expect(reused == .unprocessableContent)
                #expect(problem["field"] as? String == "Idempotency-Key")
                let events = try await register.store.withConnection {
                    try await $0.readStream("submission-2025-unit-a")
                }
                #expect(events.map(\.type) == ["SubmissionSubmitted", "SubmissionReturned", "SubmissionSubmitted"])
            }
        }
    }

    /// A submission's transaction asks nothing more of the pool than its own connection: with every
    /// connection held by a submission (a deadline day), one that took a second would wait for ever. On a
    /// pool of one, it is recorded.
    @Test(.timeLimit(.minutes(3)))
    func S1_aSubmissionsTransactionHoldsOneConnectionOnly() async throws {
        try await TalentRoutesTests.withProvince(maximumConnections: 1) { register, _ in
            try await register.handle(
                .collectBasicInfo(campaign: 2025, info: LateUnitJobsTests.basicInfo), for: TalentID("T-A"),
                on: try Day("2026-01-10"), by: .system)
            // A second connection asked for would wait for the pool's one, and fail after its wait (10 s).
            let row = try await register.submit(campaign: 2025, unit: "unit-a", on: try Day("2026-03-20"), by: .system)
            #expect(row.submission.status == .submitted)
        }
    }

    @Test func S2_aUnitsSubmissionIsDatedTheDayItIsRecordedAndOnlyTheProvinceEntersAnEarlierDay() async throws {
        let clock = TestClock()
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let base = "/v1/campaigns/2025/submissions"
                for talent in ["T-A", "T-B"] {
                    let collect = #"""
                        {"type": "collectBasicInfo", "campaign": 2025, "effectiveOn": "2026-01-10",
                         "info": {"industry": "教育", "professionalField": "光学", "education": "博士",
                                  "professionalTitle": "教授", "declaredSituations": []}}
                        """#
                    let (collected, _, _) = try await send(
                        client, .post, "/v1/talents/\(talent)/commands", token: tokens.province, body: collect)
                    #expect(collected == .created)
                }
                try clock.set(day: "2026-04-08")
                for day in ["2026-03-20", "2026-04-09"] {
                    let (refused, problem, _) = try await send(
                        client, .post, "\(base)/unit-a", token: tokens.officerA, body: #"{"effectiveOn": "\#(day)"}"#)
                    #expect(refused == .unprocessableContent, "a unit's officer dated its submission \(day)")
                    #expect(problem["rule"] as? String == "S2")
                }
                let (late, lateRow, _) = try await send(
                    client, .post, "\(base)/unit-a", token: tokens.officerA, body: #"{"latenessReason": "经办人调整"}"#)
                #expect(late == .created)
                #expect((lateRow["submission"] as? [String: Any])?["firstSubmittedOn"] as? String == "2026-04-08")
                let (paper, paperRow, _) = try await send(
                    client, .post, "\(base)/unit-b", token: tokens.province, body: #"{"effectiveOn": "2026-03-30"}"#)
                #expect(paper == .created)
                #expect((paperRow["submission"] as? [String: Any])?["firstSubmittedOn"] as? String == "2026-03-30")
                // A review is not dated before the submission it reviews.
                let (before, beforeProblem, _) = try await send(
                    client, .post, "\(base)/unit-b/review", token: tokens.province,
                    body: #"{"decision": "return", "reason": "x", "effectiveOn": "2026-03-29"}"#)
                #expect(before == .unprocessableContent)
                #expect(beforeProblem["rule"] as? String == "O1")
                #expect((beforeProblem["detail"] as? String)?.contains("上一步骤于2026-03-30办理") == true)
            }
        }
    }

    /// A classified talent (T4) that blocks its unit's submission is counted, never named, for a caller
    /// who may not see it (the bureau above the unit); its own unit's officer sees it named.
    @Test func T4_aClassifiedTalentBlockingASubmissionIsCountedNotNamedForTheLevelsAbove() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await TalentRoutesTests.registerClassified(register)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let uri = "/v1/campaigns/2025/submissions/unit-a?on=2026-03-16"
                let (_, above, _) = try await send(client, .get, uri, token: tokens.bureau)
                let aboveReadiness = above["readiness"] as? [String: Any] ?? [:]
                #expect(
                    Set((aboveReadiness["blockers"] as? [[String: Any]] ?? []).compactMap { $0["talent"] as? String })
                        == ["T-A"])
                #expect(aboveReadiness["classifiedBlocking"] as? Int == 1)
                #expect(above["ready"] as? Bool == false)
                // The figures the submission would carry up count it in the total alone (SEC1): a tier
                // counted with it would tell, beside the unit's named rows, which tier it holds.
                let figures = aboveReadiness["figures"] as? [String: Any] ?? [:]
                let byTier = figures["byTier"] as? [String: Int] ?? [:]
                #expect(figures["classified"] as? Int == 1)
                #expect(byTier.values.reduce(0, +) + 1 == figures["talents"] as? Int, "\(figures)")
                let (_, own, _) = try await send(client, .get, uri, token: tokens.officerA)
                let ownReadiness = own["readiness"] as? [String: Any] ?? [:]
                #expect(
                    Set((ownReadiness["blockers"] as? [[String: Any]] ?? []).compactMap { $0["talent"] as? String })
                        == ["T-A", "T-C"])
                #expect(ownReadiness["classifiedBlocking"] as? Int == 0)
            }
        }
    }
}
