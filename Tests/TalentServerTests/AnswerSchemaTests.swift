import Foundation
import Hummingbird
import HummingbirdTesting
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import TalentServer
import Testing

/// The answers openapi.yaml types (a talent's state, its raw events, the roster, the verification, a
/// command's answer) are captured on a province with talents in many states and checked against the
/// document's response schemas by `scripts/check-answer-schemas.py`: the document says what the server
/// really answers, member by member.
@Suite("The answers match openapi.yaml's response schemas (scripts/check-answer-schemas.py)")
struct AnswerSchemaTests {
    /// One answer as the checker reads it: the operation as the document names its path, the status and
    /// the body's JSON text.
    struct Captured: Sendable {
        var method: String
        var path: String
        var status: Int
        var body: String
    }

    /// Sends requests and keeps every answer, whatever its status (a refusal is checked against the
    /// problem document's schema).
    final class Recorder {
        let client: any TestClientProtocol
        var answers: [Captured] = []

        init(_ client: any TestClientProtocol) {
            self.client = client
        }

        /// `path` is the document's template of `uri` (`/v1/talents/{talentId}`); answers the status and
        /// the body read as a JSON object (empty when it is none).
        @discardableResult
        func send(
            _ method: HTTPRequest.Method, _ uri: String, _ path: String, token: String?, body: String? = nil
        ) async throws -> (HTTPResponse.Status, [String: Any]) {
            var headers: HTTPFields = [:]
            if let token { headers[.authorization] = "Bearer \(token)" }
            if body != nil { headers[.contentType] = "application/json" }
            let (status, data) = try await client.execute(
                uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
            ) { response in
                (response.status, Data(buffer: response.body))
            }
            answers.append(
                Captured(
                    method: method.rawValue, path: path, status: status.code,
                    body: data.isEmpty ? "null" : String(decoding: data, as: UTF8.self)))
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            return (status, object ?? [:])
        }

        /// A talent's answer now, on each day of its events and as known right after some of them, and its
        /// raw events: what a talent's state is, step by step.
        func talentThroughItsHistory(_ talent: String, token: String) async throws {
            try await send(.get, "/v1/talents/\(talent)", Self.talentPath, token: token)
            let (status, answer) = try await send(.get, "/v1/talents/\(talent)/events", Self.eventsPath, token: token)
            guard status == .ok else { return }
            let events = answer["events"] as? [[String: Any]] ?? []
            let days = Set(events.compactMap { $0["effectiveDate"] as? String }).sorted()
            for day in days {
                try await send(.get, "/v1/talents/\(talent)?asOf=\(day)", Self.talentPath, token: token)
            }
            for (index, event) in events.enumerated() where index % 3 == 0 {
                guard let recordedAt = event["recordedAt"] as? String else { continue }
                try await send(.get, "/v1/talents/\(talent)?knownAt=\(recordedAt)", Self.talentPath, token: token)
            }
        }

        /// Every page of the 2025 roster as `token` sees it, `limit` at a time.
        func roster(token: String, limit: Int) async throws {
            var cursor: String?
            repeat {
                let after = cursor.map { "&cursor=\($0)" } ?? ""
                let (status, page) = try await send(
                    .get, "/v1/campaigns/2025/roster?limit=\(limit)\(after)", Self.rosterPath, token: token)
                cursor = status == .ok ? page["nextCursor"] as? String : nil
            } while cursor != nil
        }

        static let talentPath = "/v1/talents/{talentId}"
        static let eventsPath = "/v1/talents/{talentId}/events"
        static let commandsPath = "/v1/talents/{talentId}/commands"
        static let rosterPath = "/v1/campaigns/{year}/roster"
        static let verifyPath = "/v1/audit/verify"
    }

    /// The repository's root: this file is Tests/TalentServerTests/AnswerSchemaTests.swift.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The answers as the checker reads them: a JSON list of `{method, path, status, body}`.
    static func json(_ answers: [Captured]) -> String {
        let items = answers.map { answer in
            #"{"method": "\#(answer.method)", "path": "\#(answer.path)", "status": \#(answer.status), "body": \#(answer.body)}"#
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }

    /// Runs `python3 scripts/check-answer-schemas.py openapi.yaml <answers>`: exit status 0, or its report
    /// (one line per member that does not match) in the failure.
    static func check(_ answers: [Captured], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString).json")
        try Data(json(answers).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("scripts/check-answer-schemas.py").path,
            root.appendingPathComponent("openapi.yaml").path, file.path,
        ]
        process.currentDirectoryURL = root
        // One pipe for both: the report and the summary, read to the end before waiting (no full pipe).
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0, "\(answers.count) answers checked against openapi.yaml:\n\(report)",
            sourceLocation: sourceLocation)
    }

    /// The evaluation (评定) of a talent of the story on `day`, by the province office: the period starts on
    /// the certificate's date (M2) unless `dates` gives others.
    static func evaluation(
        _ talent: String, _ unit: String, _ tier: String, _ day: String, dates: String? = nil, classified: Bool = false
    ) -> (String, String) {
        let start = dates ?? #""certificateDate": "\#(day)""#
        return (
            talent,
            #"""
            {"type": "evaluate", "effectiveOn": "\#(day)", "evaluation": {"talentId": "\#(talent)", "tier": "\#(tier)",
             "unit": "\#(unit)", "professionalField": "材料", "evaluatingDocument": "吉人社字〔2020〕1号",
             "classified": \#(classified), \#(start)}}
            """#
        )
    }

    static let basicInfo =
        #""info": {"industry": "制造", "professionalField": "材料", "education": "博士", "professionalTitle": "研究员""#

    /// Talents in many states, each step recorded (201) by the province office over HTTP: a campaign to a
    /// confirmed result (M4), an exit at tier E (G4), a grade waiting for an investigation (G2), a publicity
    /// with an open objection (P3), a weak survey followed up (W5), contact lost and restored and an
    /// agreement expired awaiting verification (X8, X4, X9), a rehire (X1), a recommendation waiting (D2,
    /// D3) and one decided (a downgrade), a verified exit (X3), a death reported (X8), suspended services
    /// (S3), a housing subsidy instalment (E4), a branch posting with a weak assessment (X3, D1), and fraud
    /// on a classified talent (F1, T4).
    static let story: [(String, String)] = [
        evaluation("S-1", "unit-a", "C", "2020-06-01"), evaluation("S-2", "unit-a", "E", "2020-06-01"),
        evaluation("S-3", "unit-b", "D", "2020-06-01"), evaluation("S-4", "unit-b", "D", "2020-06-01"),
        evaluation("S-5", "unit-a", "B", "2023-04-01"),
        evaluation(
            "S-6", "unit-b", "C", "2022-05-01",
            dates: #""listDocumentDate": "2022-05-01", "flexibleAgreementEnd": "2025-12-31""#),
        evaluation("S-7", "unit-a", "D", "2021-05-01"), evaluation("S-8", "unit-b", "C", "2021-05-01"),
        evaluation("S-9", "unit-a", "B", "2021-05-01"), evaluation("S-10", "unit-b", "C", "2021-05-01"),
        evaluation("S-11", "unit-a", "E", "2021-05-01"), evaluation("S-12", "unit-b", "D", "2021-05-01"),
        evaluation("S-13", "unit-a", "A", "2021-05-01"), evaluation("S-14", "unit-b", "C", "2021-05-01"),
        evaluation("S-15", "unit-a", "C", "2021-05-01", classified: true),
        (
            "S-1",
            #"""
            {"type": "collectBasicInfo", "campaign": 2025, "effectiveOn": "2026-01-08", \#(basicInfo),
             "declaredSituations": []}}
            """#
        ),
        ("S-1", #"{"type": "registerEndTerm", "campaign": 2025, "effectiveOn": "2026-01-15"}"#),
        (
            "S-1",
            #"""
            {"type": "grade", "campaign": 2025, "grade": "excellent", "decidedCollectively": true,
             "effectiveOn": "2026-02-10"}
            """#
        ),
        ("S-1", #"{"type": "startPublicity", "campaign": 2025, "effectiveOn": "2026-02-12"}"#),
        (
            "S-1",
            #"""
            {"type": "fileObjection", "campaign": 2025, "objectionId": "O-1", "summary": "论文署名存疑",
             "effectiveOn": "2026-02-13"}
            """#
        ),
        (
            "S-1",
            #"""
            {"type": "answerObjection", "campaign": 2025, "objectionId": "O-1", "response": "经核实无误",
             "effectiveOn": "2026-02-16"}
            """#
        ),
        ("S-1", #"{"type": "endPublicity", "campaign": 2025, "effectiveOn": "2026-02-25"}"#),
        ("S-1", #"{"type": "notifyResult", "campaign": 2025, "effectiveOn": "2026-02-26"}"#),
        ("S-1", #"{"type": "finalizeResult", "campaign": 2025, "effectiveOn": "2026-03-05"}"#),
        ("S-2", #"{"type": "registerEndTerm", "campaign": 2025, "effectiveOn": "2026-01-15"}"#),
        (
            "S-2",
            #"""
            {"type": "grade", "campaign": 2025, "grade": "fair", "decidedCollectively": true,
             "effectiveOn": "2026-02-10"}
            """#
        ),
        ("S-2", #"{"type": "notifyResult", "campaign": 2025, "effectiveOn": "2026-02-11"}"#),
        ("S-2", #"{"type": "finalizeResult", "campaign": 2025, "effectiveOn": "2026-02-20"}"#),
        ("S-3", #"{"type": "registerEndTerm", "campaign": 2025, "effectiveOn": "2026-01-15"}"#),
        (
            "S-3",
            #"""
            {"type": "markGradePending", "campaign": 2025, "investigation": "正在接受纪律审查", "effectiveOn": "2026-02-10"}
            """#
        ),
        ("S-4", #"{"type": "registerEndTerm", "campaign": 2025, "effectiveOn": "2026-01-15"}"#),
        (
            "S-4",
            #"""
            {"type": "grade", "campaign": 2025, "grade": "excellent", "decidedCollectively": true,
             "effectiveOn": "2026-02-10"}
            """#
        ),
        ("S-4", #"{"type": "startPublicity", "campaign": 2025, "effectiveOn": "2026-02-12"}"#),
        (
            "S-4",
            #"""
            {"type": "fileObjection", "campaign": 2025, "objectionId": "O-2", "summary": "成果存疑",
             "effectiveOn": "2026-02-13"}
            """#
        ),
        (
            "S-5",
            #"""
            {"type": "collectBasicInfo", "campaign": 2025, "effectiveOn": "2026-01-08", \#(basicInfo),
             "declaredSituations": ["D1"]}}
            """#
        ),
        (
            "S-5",
            #"""
            {"type": "submitMidTermSurvey", "campaign": 2025, "effectiveOn": "2026-01-12",
             "items": {"innovationAndEntrepreneurship": "新建中试线", "technicalBreakthroughs": "合金工艺",
                       "transferOfResults": "两项许可", "economicAndSocialBenefit": "产值增长",
                       "professionalLevel": "省级奖励", "talentCultivation": "培养博士三名"}}
            """#
        ),
        ("S-5", #"{"type": "judgeMidTermWeak", "campaign": 2025, "effectiveOn": "2026-01-20"}"#),
        (
            "S-5",
            #"""
            {"type": "recordMidTermFollowUp", "campaign": 2025, "responsiblePerson": "王主任",
             "reminderTalkOn": "2026-01-24", "helpMeasures": "导师帮扶", "improveBy": "2026-06-30",
             "effectiveOn": "2026-01-25"}
            """#
        ),
        ("S-6", #"{"type": "recordLostContact", "since": "2025-01-01", "effectiveOn": "2025-03-01"}"#),
        ("S-6", #"{"type": "restoreContact", "effectiveOn": "2025-04-01"}"#),
        ("S-6", #"{"type": "recordFlexibleAgreementExpired", "effectiveOn": "2026-01-05"}"#),
        (
            "S-7",
            #"""
            {"type": "retire", "occurredOn": "2025-06-30", "effectiveOn": "2025-07-01",
             "rehire": {"agreementReference": "返聘-7", "sameField": true, "inProvince": true,
                        "validUntil": "2027-06-30"}}
            """#
        ),
        (
            "S-8",
            #"""
            {"type": "penalize", "occurredOn": "2025-05-01", "effectiveOn": "2025-05-10",
             "sanction": {"kind": "administrative", "measure": "administrativeWarning"}}
            """#
        ),
        ("S-8", #"{"type": "recommend", "outcome": "downgrade", "effectiveOn": "2025-05-20"}"#),
        (
            "S-9",
            #"""
            {"type": "penalize", "occurredOn": "2025-05-01", "effectiveOn": "2025-05-10",
             "sanction": {"kind": "administrative", "measure": "administrativeWarning"}}
            """#
        ),
        ("S-9", #"{"type": "recommend", "outcome": "downgrade", "effectiveOn": "2025-05-20"}"#),
        ("S-9", #"{"type": "decideRecommendation", "outcome": "downgrade", "effectiveOn": "2025-06-01"}"#),
        (
            "S-10",
            #"""
            {"type": "relocate", "kind": "outOfProvince", "occurredOn": "2025-08-01", "effectiveOn": "2025-08-10"}
            """#
        ),
        (
            "S-10",
            #"""
            {"type": "verifyExitSituation", "reason": "leftProvince", "confirmed": true, "finding": "属实",
             "effectiveOn": "2025-08-20"}
            """#
        ),
        ("S-11", #"{"type": "recordDeath", "occurredOn": "2025-09-01", "effectiveOn": "2025-09-05"}"#),
        ("S-12", #"{"type": "suspendServices", "reason": "逾期报送", "effectiveOn": "2026-04-01"}"#),
        ("S-13", #"{"type": "payHousingSubsidyInstalment", "number": 1, "effectiveOn": "2021-06-01"}"#),
        (
            "S-14",
            #"""
            {"type": "relocate", "kind": "outOfProvinceBranchPosting", "occurredOn": "2025-08-01",
             "effectiveOn": "2025-08-10"}
            """#
        ),
        (
            "S-14",
            #"""
            {"type": "recordAnnualAssessment", "occurredOn": "2026-01-10", "effectiveOn": "2026-01-15",
             "assessment": {"year": 2025, "kind": "annual", "sector": "publicInstitution", "result": "basicQualified",
                            "personalReasons": false}}
            """#
        ),
        (
            "S-15",
            #"""
            {"type": "findFraud", "finding": "材料造假", "measures": ["revokeQualification"], "effectiveOn": "2025-10-01"}
            """#
        ),
    ]

    /// Commands answered as a dry run (200): what each would do, kept nowhere.
    static let dryRuns: [(String, String)] = [
        ("S-1", #"{"type": "recordLostContact", "since": "2026-04-01", "effectiveOn": "2026-04-15"}"#),
        ("S-8", #"{"type": "decideRecommendation", "outcome": "exit", "effectiveOn": "2026-04-15"}"#),
        (
            "S-11",
            #"""
            {"type": "verifyExitSituation", "reason": "died", "confirmed": true, "finding": "属实",
             "effectiveOn": "2026-04-15"}
            """#
        ),
        (
            "S-6",
            #"""
            {"type": "verifyExitSituation", "reason": "flexibleAgreementExpired", "confirmed": false, "finding": "已续签",
             "effectiveOn": "2026-04-15"}
            """#
        ),
        ("S-12", #"{"type": "restoreServices", "reason": "补报通过", "effectiveOn": "2026-04-15"}"#),
        ("S-7", #"{"type": "endRehire", "occurredOn": "2026-04-14", "effectiveOn": "2026-04-15"}"#),
        (
            "S-4",
            #"""
            {"type": "answerObjection", "campaign": 2025, "objectionId": "O-2", "response": "已核实",
             "effectiveOn": "2026-04-15"}
            """#
        ),
    ]

    @Test func theAnswersOfTalentsInManyStatesMatchTheDocument() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            let answers = try await app.test(.router) { client -> [Captured] in
                let recorder = Recorder(client)
                for (talent, body) in Self.story {
                    let (status, answer) = try await recorder.send(
                        .post, "/v1/talents/\(talent)/commands", Recorder.commandsPath, token: tokens.province,
                        body: body)
                    #expect(status == .created, "\(talent) \(body): \(answer)")
                }
                for (talent, body) in Self.dryRuns {
                    let (status, answer) = try await recorder.send(
                        .post, "/v1/talents/\(talent)/commands?dryRun=true", Recorder.commandsPath,
                        token: tokens.province, body: body)
                    #expect(status == .ok, "\(talent) \(body): \(answer)")
                }
                // A unit officer's own command, dry run, and one refused by a rule (422: a problem document).
                try await recorder.send(
                    .post, "/v1/talents/T-A/commands?dryRun=true", Recorder.commandsPath, token: tokens.officerA,
                    body: CommandRoutesTests.lostContact)
                try await recorder.send(
                    .post, "/v1/talents/S-2/commands?dryRun=true", Recorder.commandsPath, token: tokens.province,
                    body: #"{"type": "restoreContact", "effectiveOn": "2026-04-15"}"#)

                // Every talent through its history, as the province office sees it; some as the auditor (the
                // raw events), the unit's officer (names in full) and the bureau (names masked) see them.
                let talents = ["T-A", "T-B"] + (1...15).map { "S-\($0)" }
                for talent in talents {
                    try await recorder.talentThroughItsHistory(talent, token: tokens.province)
                }
                for talent in ["S-1", "S-9", "S-15"] {
                    try await recorder.talentThroughItsHistory(talent, token: tokens.auditor)
                }
                for talent in ["T-A", "S-1", "S-7", "S-15"] {
                    try await recorder.send(.get, "/v1/talents/\(talent)", Recorder.talentPath, token: tokens.officerA)
                    try await recorder.send(.get, "/v1/talents/\(talent)", Recorder.talentPath, token: tokens.bureau)
                }
                // Not yet evaluated on that day: 404, a problem document.
                try await recorder.send(
                    .get, "/v1/talents/S-1?asOf=2019-01-01", Recorder.talentPath, token: tokens.province)
                // Raw events are the auditors' and the province office's: 403 for a unit officer.
                try await recorder.send(.get, "/v1/talents/T-A/events", Recorder.eventsPath, token: tokens.officerA)

                // The roster, a page of 2 at a time and whole, for each kind of caller.
                for token in [tokens.province, tokens.bureau, tokens.officerA, tokens.officerB, tokens.auditor] {
                    try await recorder.roster(token: token, limit: 2)
                    try await recorder.roster(token: token, limit: 500)
                }
                try await recorder.send(
                    .get, "/v1/campaigns/2025/roster?organization=unit-b", Recorder.rosterPath, token: tokens.province)
                try await recorder.send(.get, "/v1/campaigns/2024/roster", Recorder.rosterPath, token: tokens.province)

                // The verification, for the province office and the auditor; 403 for a unit officer.
                for token in [tokens.province, tokens.auditor, tokens.officerA] {
                    try await recorder.send(.post, "/v1/audit/verify", Recorder.verifyPath, token: token)
                }
                try await recorder.send(.get, "/health/live", "/health/live", token: nil)
                return recorder.answers
            }
            // Each typed route answered, and often: the check is no check of an empty list.
            for path in [Recorder.talentPath, Recorder.eventsPath, Recorder.rosterPath, Recorder.verifyPath] {
                #expect(answers.contains { $0.path == path && $0.status == 200 }, "\(path)")
            }
            #expect(answers.filter { $0.path == Recorder.commandsPath && $0.status == 200 }.count >= Self.dryRuns.count)
            #expect(answers.filter { $0.path == Recorder.talentPath && $0.status == 200 }.count > 100)
            try Self.check(answers)
        }
    }

    /// The demo province (its generator's histories: every tier and status, exits of every kind,
    /// downgrades, publicities, objections, suspended cards), every talent as the province office sees it
    /// and a fifth through their histories, with the whole roster and the verification.
    @Test func theAnswersOfTheDemoProvinceMatchTheDocument() async throws {
        try await TestDatabase.withStore("answer_schemas_demo") { store, _ in
            let policy = try PolicyDirectory.load()
            _ = try await DemoProvince(seed: 2025, talents: 100).load(into: store, policy: policy, chunkSize: 100)
            let register = TalentRegister(store: store, policy: policy)
            try await register.catchUpProjections()
            let province = try await register.issueAccount(
                name: "province", role: .provinceOffice, organization: "jl-hrss", by: .system
            ).token
            let auditor = try await register.issueAccount(
                name: "auditor", role: .auditor, organization: nil, by: .system
            )
            .token
            let app = Application(router: buildRouter(register: register))
            let answers = try await app.test(.router) { client -> [Captured] in
                let recorder = Recorder(client)
                let (_, page) = try await recorder.send(.get, "/v1/talents?limit=500", "/v1/talents", token: province)
                let talents = (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(talents.count == 100)
                for (index, talent) in talents.enumerated() {
                    if index % 5 == 0 {
                        try await recorder.talentThroughItsHistory(talent, token: province)
                    } else {
                        try await recorder.send(.get, "/v1/talents/\(talent)", Recorder.talentPath, token: province)
                    }
                }
                for talent in talents.prefix(10) {
                    try await recorder.send(.get, "/v1/talents/\(talent)/events", Recorder.eventsPath, token: auditor)
                    // What a lost contact would do to each (a dry run: 200, or a rule's refusal, 422).
                    try await recorder.send(
                        .post, "/v1/talents/\(talent)/commands?dryRun=true", Recorder.commandsPath, token: province,
                        body: #"{"type": "recordLostContact", "since": "2026-04-01", "effectiveOn": "2026-04-15"}"#)
                }
                try await recorder.roster(token: province, limit: 25)
                try await recorder.roster(token: auditor, limit: 500)
                try await recorder.send(.post, "/v1/audit/verify", Recorder.verifyPath, token: province)
                try await recorder.send(.post, "/v1/audit/verify", Recorder.verifyPath, token: auditor)
                return recorder.answers
            }
            for path in [Recorder.talentPath, Recorder.eventsPath, Recorder.rosterPath, Recorder.verifyPath] {
                #expect(answers.contains { $0.path == path && $0.status == 200 }, "\(path)")
            }
            try Self.check(answers)
        }
    }
}
