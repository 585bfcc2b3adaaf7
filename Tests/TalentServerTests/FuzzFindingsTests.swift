import Foundation
import Hummingbird
import HummingbirdTesting
import TalentApplication
import Testing

@testable import TalentServer

/// What `make fuzz` (schemathesis against openapi.yaml) found, each kept from coming back
/// (docs/fuzzing.md lists the runs).
@Suite("Fuzz findings over HTTP")
struct FuzzFindingsTests {
    @Test func aControlCharacterAnOverlongTextOrBytesThatAreNoUTF8InAQueryAre400NotA500() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                // 300 code points that Swift counts as 150 characters: the document counts code points.
                let combining = String(repeating: "e%CC%81", count: 150)
                for (uri, field) in [
                    ("/v1/talents?q=%00", "q"), ("/v1/talents?unit=a%00b", "unit"),
                    ("/v1/talents?organization=%01", "organization"), ("/v1/talents?cursor=%00", "cursor"),
                    ("/v1/campaigns/2025/roster?cursor=%00", "cursor"), ("/v1/talents?q=\(combining)", "q"),
                    // Bytes that are no UTF-8 (a tester's `q=%ff%fe` answered an empty page).
                    ("/v1/talents?q=%ff%fe", "q"), ("/v1/talents?cursor=%ff", "cursor"),
                    ("/v1/talents?organization=%ff", "organization"),
                ] {
                    let (status, problem, _) = try await send(client, .get, uri, token: tokens.province)
                    #expect(status == .badRequest, "\(uri)")
                    #expect(problem["field"] as? String == field, "\(uri)")
                }
            }
        }
    }

    /// Found by a review probing the routes: a NUL in a path's id reached PostgreSQL (500), and a
    /// recording time before the common era passed the years' check on its year number (500).
    @Test func aControlCharacterInAPathsIdOrATimeBeforeTheCommonEraIs400NotA500() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let before = try await register.queries.talent(.init("T-A"), by: .system).version
                let command = #"{"type": "recordLostContact", "since": "2025-01-01"}"#
                for (method, uri, body, field) in [
                    (HTTPRequest.Method.get, "/v1/talents/T-A%00", nil, "talentId"),
                    (.get, "/v1/talents/%00/timeline", nil, "talentId"),
                    (.get, "/v1/talents/T%01/events", nil, "talentId"),
                    (.post, "/v1/talents/T-A%00/commands?dryRun=true", command, "talentId"),
                    (.put, "/v1/talents/T-A%00/profile", #"{"name": "张三"}"#, "talentId"),
                    (.delete, "/v1/talents/T-A%00/profile", nil, "talentId"),
                    (.get, "/v1/organizations/unit-a%00", nil, "organizationId"),
                    (.get, "/v1/campaigns/2025/submissions/unit-a%00", nil, "unit"),
                    (.get, "/v1/talents/T-A?knownAt=-2026-01-01T00:00:00Z", nil, "knownAt"),
                    (.get, "/v1/talents/T-A?asOf=2025-01-01&knownAt=-2026-01-01T00:00:00Z", nil, "knownAt"),
                    (.get, "/v1/audit/snapshot?knownAt=-1999-01-01T00:00:00Z", nil, "knownAt"),
                ] {
                    let (status, problem, _) = try await send(client, method, uri, token: tokens.province, body: body)
                    #expect(status == .badRequest, "\(method) \(uri)")
                    #expect(problem["field"] as? String == field, "\(method) \(uri)")
                }
                #expect(try await register.queries.talent(.init("T-A"), by: .system).version == before)
            }
        }
    }

    @Test func aControlCharacterInACommandsReasonIsRefusedByTheLimitsNotA500() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let before = try await register.queries.talent(.init("T-A"), by: .system).version
                let body =
                    #"{"type": "findMisconduct", "occurredOn": "2025-01-01", "finding": "f", "reason": "a\u0000b"}"#
                let (status, problem, _) = try await send(
                    client, .post, "/v1/talents/T-A/commands", token: tokens.officerA, body: body)
                #expect(status == .unprocessableContent)
                #expect(problem["rule"] as? String == "LIMITS")
                #expect(problem["field"] as? String == "reason")
                #expect(try await register.queries.talent(.init("T-A"), by: .system).version == before)
            }
        }
    }

    @Test func aNullForAFieldIs400NamingItAndChangesNothing() async throws {
        // Found by `make fuzz`: `{"name": "+0.0", "nationalId": null, "phone": null}` replaced a profile,
        // where the document has no nullable member (a field without a value is left out).
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let before = try await register.queries.talent(.init("T-A"), by: .system)
                for (method, uri, body, field) in [
                    (
                        HTTPRequest.Method.put, "/v1/talents/T-A/profile", #"{"name": "张三", "nationalId": null}"#,
                        "nationalId"
                    ),
                    (.put, "/v1/talents/T-A/profile", #"{"name": null}"#, "name"),
                    (.post, "/v1/talents/T-A/commands", #"{"type": "recordLostContact", "since": null}"#, "since"),
                    (.post, "/v1/talents/T-A/commands", #"{"type": "recordLostContact", "reason": null}"#, "reason"),
                    (.post, "/v1/talents/T-A/commands", #"{"type": null}"#, "type"),
                    // A member named twice is what the checks read: the last.
                    (.put, "/v1/talents/T-A/profile", #"{"name": "张三", "name": 5}"#, "name"),
                ] {
                    let (status, problem, _) = try await send(client, method, uri, token: tokens.province, body: body)
                    #expect(status == .badRequest, "\(body)")
                    #expect(problem["field"] as? String == field, "\(body)")
                }
                #expect(try await register.queries.talent(.init("T-A"), by: .system) == before)
            }
        }
    }

    @Test func aNumberOutOfRangeNamesItsField() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (status, problem, _) = try await send(
                    client, .post, "/v1/talents/T-A/commands", token: tokens.province,
                    body: #"{"type": "payHousingSubsidyInstalment", "number": 9223372036854775808}"#)
                #expect(status == .badRequest)
                #expect(problem["field"] as? String == "number")
                // Written with an exponent, the same number.
                let (exponent, exponentProblem, _) = try await send(
                    client, .post, "/v1/talents/T-A/commands", token: tokens.province,
                    body: #"{"type": "payHousingSubsidyInstalment", "number": 1E19}"#)
                #expect(exponent == .badRequest)
                #expect(exponentProblem["field"] as? String == "number")
            }
        }
    }

    /// The look at a body's text that spares most bodies the walk over their values passes nothing the
    /// walk would refuse: a null, a number of 19 digits or more, an exponent.
    @Test func theTextsLookPassesNoBodyTheValuesWalkWouldRefuse() throws {
        for body in [
            #"{"a": null}"#, #"{"a":null}"#, #"[1,null]"#, #"{"n": 9223372036854775808}"#,
            #"{"n": -9223372036854775808}"#,
            #"{"n": 1e19}"#, #"{"n": 1.5E+30}"#, #"{"n": 2.e3}"#,
        ] {
            #expect(TalentServer.RequestBody.mayHoldRefusedValue(Data(body.utf8)), "\(body)")
        }
        // In UTF-16 (which JSONSerialization reads) every ASCII character has a zero byte: checked whole.
        #expect(TalentServer.RequestBody.mayHoldRefusedValue(#"{"a": null}"#.data(using: .utf16LittleEndian)!))
        for body in [
            #"{"type": "recordLostContact", "since": "2025-01-01", "effectiveOn": "2025-03-01"}"#,
            #"{"n": 922337203685477580, "text": "in words: nul, nil, none"}"#, #"{"e": "1 e 2"}"#,
        ] {
            #expect(!TalentServer.RequestBody.mayHoldRefusedValue(Data(body.utf8)), "\(body)")
        }
    }

    @Test func anIdempotencyKeyReusedForAnotherRequestIs422AndRecordsNothing() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func post(_ talent: String, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                    let (status, answer, _) = try await client.execute(
                        uri: "/v1/talents/\(talent)/commands", method: .post,
                        headers: [
                            .authorization: "Bearer \(tokens.province)", .contentType: "application/json",
                            .init("Idempotency-Key")!: "k1",
                        ],
                        body: ByteBuffer(string: body)
                    ) { response in
                        (
                            response.status,
                            (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
                                ?? [:], 0
                        )
                    }
                    return (status, answer)
                }
                let lost = #"{"type": "recordLostContact", "since": "2025-01-01", "effectiveOn": "2025-03-01"}"#
                #expect(try await post("T-A", lost).0 == .created)
                let retry = try await post("T-A", lost)
                #expect(retry.0 == .created)
                #expect(retry.1["replayed"] as? Bool == true)
                let version = try await register.queries.talent(.init("T-A"), by: .system).version
                for (talent, body) in [
                    ("T-A", #"{"type": "restoreContact", "effectiveOn": "2025-04-01"}"#),
                    ("T-A", #"{"type": "recordLostContact", "since": "2025-01-02", "effectiveOn": "2025-03-01"}"#),
                    ("T-B", lost),
                ] {
                    let (status, problem) = try await post(talent, body)
                    #expect(status == .unprocessableContent, "\(talent) \(body)")
                    #expect(problem["field"] as? String == "Idempotency-Key")
                }
                #expect(try await register.queries.talent(.init("T-A"), by: .system).version == version)
                // Two keys are no key: the headers would be read as one, "k2, k3".
                var twoKeys: HTTPFields = [
                    .authorization: "Bearer \(tokens.province)", .contentType: "application/json",
                ]
                twoKeys.append(.init(name: .init("Idempotency-Key")!, value: "k2"))
                twoKeys.append(.init(name: .init("Idempotency-Key")!, value: "k3"))
                let (twice, problem) = try await client.execute(
                    uri: "/v1/talents/T-A/commands", method: .post, headers: twoKeys, body: ByteBuffer(string: lost)
                ) { response in
                    (
                        response.status,
                        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
                    )
                }
                #expect(twice == .badRequest && problem["field"] as? String == "Idempotency-Key")
                // The same two merged into one line, as a proxy may pass them on.
                let merged: HTTPFields = [
                    .authorization: "Bearer \(tokens.province)", .contentType: "application/json",
                    .init("Idempotency-Key")!: "k2, k3",
                ]
                let mergedStatus = try await client.execute(
                    uri: "/v1/talents/T-A/commands", method: .post, headers: merged, body: ByteBuffer(string: lost)
                ) { $0.status }
                #expect(mergedStatus == .badRequest)
                #expect(try await register.queries.talent(.init("T-A"), by: .system).version == version)
            }
        }
    }

    @Test func anEvaluationIsOfThePathsTalentAtAUnitOfTheTree() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func evaluate(_ path: String, id: String, unit: String) async throws -> (HTTPResponse.Status, String?) {
                    let body = """
                        {"type": "evaluate", "evaluation": {"talentId": "\(id)", "tier": "C", "unit": "\(unit)",
                         "professionalField": "光学", "evaluatingDocument": "d", "certificateDate": "2024-01-01",
                         "classified": false}, "effectiveOn": "2024-01-01"}
                        """
                    let (status, problem, _) = try await send(
                        client, .post, "/v1/talents/\(path)/commands?dryRun=true", token: tokens.province, body: body)
                    return (status, problem["field"] as? String)
                }
                for (id, unit, field) in [
                    ("SOMEONE-ELSE", "unit-a", "evaluation.talentId"), ("NEW-1", "no-such-unit", "evaluation.unit"),
                    ("NEW-1", "city", "evaluation.unit"),
                ] {
                    let (status, named) = try await evaluate("NEW-1", id: id, unit: unit)
                    #expect(status == .badRequest, "\(id) at \(unit)")
                    #expect(named == field, "\(id) at \(unit)")
                }
                let (accepted, _) = try await evaluate("NEW-1", id: "NEW-1", unit: "unit-a")
                #expect(accepted == .ok)
            }
        }
    }

    /// A profile's name beyond the register's limits is LIMITS's 422, which the document lists for the
    /// route (schemathesis sent a 2001-character name and a control character; 422 was undocumented).
    @Test func aProfilesNameBeyondTheLimitsIsADocumented422() async throws {
        let section = try #require(
            openAPIDocument.components(separatedBy: "  /v1/talents/{talentId}/profile:\n").last?
                .components(separatedBy: "    delete:").first)
        #expect(section.contains("        '422':"))
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (status, problem, _) = try await send(
                    client, .put, "/v1/talents/T-A/profile", token: tokens.officerA, body: #"{"name": "张\u0012"}"#)
                #expect(status == .unprocessableContent)
                #expect(problem["rule"] as? String == "LIMITS")
            }
        }
    }
}
