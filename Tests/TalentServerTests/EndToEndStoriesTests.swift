// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 and X9 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import TalentApplication
import TalentServer
import Testing

/// Two talents' end-term assessments told through the HTTP API alone, as the province and a unit's officer
/// would record them with curl: what they send, what the register answers, and what it says afterwards.
@Suite("End to end over HTTP: an end-term downgrade and an excellent result's publicity")
struct EndToEndStoriesTests {
    struct Session {
        let client: any TestClientProtocol
        let tokens: TalentRoutesTests.Tokens

        /// Sends a command and expects `status`; answers the body.
        @discardableResult
        func command(
            _ talent: String, _ body: String, as token: String, expect status: HTTPResponse.Status = .created,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> [String: Any] {
            let (answered, answer, _) = try await send(
                client, .post, "/v1/talents/\(talent)/commands", token: token, body: body)
            #expect(answered == status, "\(body): \(answer)", sourceLocation: sourceLocation)
            return answer
        }

        /// The talent's tier and status on `asOf`, as the register says now.
        func state(_ talent: String, asOf: String) async throws -> (tier: String?, status: String?) {
            let (status, answer, _) = try await send(
                client, .get, "/v1/talents/\(talent)?asOf=\(asOf)", token: tokens.officerA)
            #expect(status == .ok)
            let state = answer["state"] as? [String: Any]
            return (state?["tier"] as? String, state?["status"] as? String)
        }

        func evaluate(_ talent: String, tier: String) async throws {
            try await command(
                talent,
                """
                {"type": "evaluate", "effectiveOn": "2020-01-01",
                 "evaluation": {"talentId": "\(talent)", "tier": "\(tier)", "unit": "unit-a", "professionalField": "光学",
                                "evaluatingDocument": "吉人社字〔2020〕1号", "certificateDate": "2020-01-01", "classified": false}}
                """, as: tokens.province)
        }
    }

    @Test func G6_C1_aFairGradeWrittenNoticeAndFinalisationDowngradeFromTheDayOfFinalisation() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let story = Session(client: client, tokens: tokens)
                try await story.evaluate("E2E-FAIR", tier: "C")
                let officer = tokens.officerA
                try await story.command(
                    "E2E-FAIR", #"{"type": "registerEndTerm", "campaign": 2025, "effectiveOn": "2026-01-05"}"#,
                    as: officer)
                try await story.command(
                    "E2E-FAIR",
                    #"{"type": "grade", "campaign": 2025, "grade": "fair", "decidedCollectively": true, "effectiveOn": "2026-01-06"}"#,
                    as: officer)
                // Final only once the talent was told in writing (G6).
                let early = try await story.command(
                    "E2E-FAIR", #"{"type": "finalizeResult", "campaign": 2025, "effectiveOn": "2026-01-07"}"#,
                    as: officer, expect: .unprocessableContent)
                #expect(early["rule"] as? String == "G6")
                try await story.command(
                    "E2E-FAIR", #"{"type": "notifyResult", "campaign": 2025, "effectiveOn": "2026-01-14"}"#, as: officer
                )
                let final = try await story.command(
                    "E2E-FAIR", #"{"type": "finalizeResult", "campaign": 2025, "effectiveOn": "2026-01-20"}"#,
                    as: officer)
                let rules = (final["events"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
                #expect(rules.contains("C1"), "\(rules)")
                #expect(try await story.state("E2E-FAIR", asOf: "2026-01-19").tier == "C")
                #expect(try await story.state("E2E-FAIR", asOf: "2026-01-20").tier == "D")
                // The timeline explains the downgrade by its rule.
                let (_, timeline, _) = try await send(
                    client, .get, "/v1/talents/E2E-FAIR/timeline", token: tokens.bureau)
                let steps = timeline["steps"] as? [[String: Any]] ?? []
                #expect(steps.contains { $0["rule"] as? String == "C1" && $0["tierAfter"] as? String == "D" })
            }
        }
    }

    @Test func P1_P3_anExcellentResultIsPublicizedForFiveWorkingDaysAndItsObjectionAnsweredBeforeItIsFinal()
        async throws
    {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let story = Session(client: client, tokens: tokens)
                try await story.evaluate("E2E-EXC", tier: "C")
                let officer = tokens.officerA
                for body in [
                    #"{"type": "registerEndTerm", "campaign": 2025, "effectiveOn": "2026-01-05"}"#,
                    #"{"type": "grade", "campaign": 2025, "grade": "excellent", "decidedCollectively": true, "effectiveOn": "2026-02-10"}"#,
                    #"{"type": "startPublicity", "campaign": 2025, "effectiveOn": "2026-02-12"}"#,
                    #"{"type": "fileObjection", "campaign": 2025, "objectionId": "obj-1", "summary": "成果署名有争议", "effectiveOn": "2026-02-13"}"#,
                ] {
                    try await story.command("E2E-EXC", body, as: officer)
                }
                // Ended before five working days have passed, the publicity is refused (P1).
                let short = try await story.command(
                    "E2E-EXC", #"{"type": "endPublicity", "campaign": 2025, "effectiveOn": "2026-02-16"}"#,
                    as: officer, expect: .unprocessableContent)
                #expect(short["rule"] as? String == "P1")
                try await story.command(
                    "E2E-EXC", #"{"type": "endPublicity", "campaign": 2025, "effectiveOn": "2026-02-25"}"#, as: officer)
                try await story.command(
                    "E2E-EXC", #"{"type": "notifyResult", "campaign": 2025, "effectiveOn": "2026-02-25"}"#, as: officer)
                // An objection still open keeps the result from being final (P3).
                let open = try await story.command(
                    "E2E-EXC", #"{"type": "finalizeResult", "campaign": 2025, "effectiveOn": "2026-02-26"}"#,
                    as: officer, expect: .unprocessableContent)
                #expect(open["rule"] as? String == "P3")
                try await story.command(
                    "E2E-EXC",
                    #"{"type": "answerObjection", "campaign": 2025, "objectionId": "obj-1", "response": "经核实署名无误", "effectiveOn": "2026-02-26"}"#,
                    as: officer)
                try await story.command(
                    "E2E-EXC", #"{"type": "finalizeResult", "campaign": 2025, "effectiveOn": "2026-02-26"}"#,
                    as: officer)
                #expect(try await story.state("E2E-EXC", asOf: "2026-02-26").tier == "C")
                let (_, roster, _) = try await send(
                    client, .get, "/v1/campaigns/2025/roster?organization=unit-a", token: officer)
                let entry = (roster["items"] as? [[String: Any]])?.first { $0["talent"] as? String == "E2E-EXC" }
                #expect(
                    (entry?["workItems"] as? [String: String])?["endTermAssessment"] == "confirmed_excellent",
                    "\(roster)")
            }
        }
    }
}
