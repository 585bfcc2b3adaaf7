import Foundation
import Hummingbird
import HummingbirdTesting
import TalentApplication
import TalentServer
import Testing

@Suite("The HTTP contract: parameters, media types, sizes, methods, tokens, ETags and path ids")
struct HTTPContractTests {
    /// A request with exactly the headers given (no content type unless named), answered as its status,
    /// its JSON object and its headers.
    static func execute(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:],
        body: String? = nil
    ) async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        { response in
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
            return (response.status, object ?? [:], response.headers)
        }
    }

    static let lostContact = CommandRoutesTests.lostContact

    @Test func aQueryParameterTheRouteDoesNotTakeIsRefusedNamingIt() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func version() async throws -> Int? {
                    let (_, answer, _) = try await send(client, .get, "/v1/talents/T-A", token: tokens.province)
                    return (answer["talent"] as? [String: Any])?["version"] as? Int
                }
                let before = try await version()
                // The reviewer's: a misspelt dry run appended for real.
                let (misspelt, problem, headers) = try await send(
                    client, .post, "/v1/talents/T-A/commands?dryrun=true", token: tokens.officerA,
                    body: Self.lostContact)
                #expect(misspelt == .badRequest)
                #expect(problem["field"] as? String == "dryrun")
                #expect(headers[.contentType] == "application/problem+json")
                #expect(try await version() == before)
                for (uri, name) in [
                    ("/v1/talents/T-A?asof=2010-01-01", "asof"), ("/v1/talents?foo=bar", "foo"),
                    ("/v1/talents?limit=5&foo=bar", "foo"), ("/v1/me?x=1", "x"),
                    ("/v1/campaigns/2025/submissions?organization=city&onn=2026-01-01", "onn"),
                    ("/v1/campaigns/2025/roster?page=2", "page"), ("/v1/audit/snapshot?asof=2025-01-01", "asof"),
                ] {
                    let (status, problem, _) = try await send(client, .get, uri, token: tokens.province)
                    #expect(status == .badRequest, "\(uri)")
                    #expect(problem["field"] as? String == name, "\(uri)")
                }
                // A name is echoed no longer than a problem repeats any caller's text.
                let long = String(repeating: "q", count: 5000)
                let (longStatus, longProblem, _) = try await send(
                    client, .get, "/v1/talents?\(long)=1", token: tokens.province)
                #expect(longStatus == .badRequest)
                #expect((longProblem["field"] as? String)?.count == 65)
                // What the routes take is still taken.
                for uri in [
                    "/v1/talents?limit=5", "/v1/talents/T-A?asOf=2025-01-01",
                    "/v1/campaigns/2025/submissions?on=2026-01-01",
                    "/v1/audit/snapshot?asOf=2025-01-01&limit=5",
                ] {
                    let (status, answer, _) = try await send(client, .get, uri, token: tokens.province)
                    #expect(status == .ok, "\(uri): \(answer)")
                }
                let (dryRun, answer, _) = try await send(
                    client, .post, "/v1/talents/T-A/commands?dryRun=true", token: tokens.officerA,
                    body: Self.lostContact)
                #expect(dryRun == .ok)
                #expect(answer["dryRun"] as? Bool == true)
            }
        }
    }

    @Test func aBodyOverTheLimitIs413ProblemDetails() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let large = "{" + String(repeating: " ", count: 1 << 20) + "}"
                for (method, uri) in [
                    (HTTPRequest.Method.post, "/v1/talents/T-A/commands"), (.put, "/v1/talents/T-A/profile"),
                    (.post, "/v1/campaigns/2025/submissions/unit-a"),
                    (.post, "/v1/campaigns/2025/submissions/unit-a/review"), (.post, "/v1/jobs/restore"),
                    (.post, "/v1/jobs/suspend-late-units"), (.post, "/v1/campaigns/2025/contact-forms/city"),
                ] {
                    let (status, problem, headers) = try await send(
                        client, method, uri, token: tokens.province, body: large)
                    #expect(status == .contentTooLarge, "\(method) \(uri)")
                    #expect(headers[.contentType] == "application/problem+json", "\(method) \(uri)")
                    #expect((problem["detail"] as? String)?.contains("\(1 << 20) bytes") == true, "\(problem)")
                }
                let list = String(repeating: "a", count: 21 << 20)
                let (status, problem, _) = try await send(
                    client, .post, "/v1/evaluation-lists", token: tokens.province, body: list, contentType: "text/csv")
                #expect(status == .contentTooLarge)
                #expect((problem["detail"] as? String)?.contains("\(20 << 20) bytes") == true, "\(problem)")
            }
        }
    }

    @Test func metricsCountAnErrorUnderTheStatusItWasAnsweredWith() async throws {
        let registry = ProfileAndAuditRoutesTests.registry
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register, metrics: registry))
            try await app.test(.router) { client in
                /// How many requests to the raw events' route were answered with `status`, as their
                /// latencies' histogram counts them.
                func answered(_ status: Int) async throws -> Double {
                    let text = try await client.execute(
                        uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(tokens.province)"]
                    ) { String(buffer: $0.body) }
                    return text.split(separator: "\n")
                        .filter {
                            $0.hasPrefix("http_server_request_duration_count{")
                                && $0.contains(#"http_route="/v1/talents/{talentID}/events""#)
                                && $0.contains(#"http_response_status_code="\#(status)""#)
                        }
                        .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
                }
                let before = try await answered(404)
                let (status, _, _) = try await send(
                    client, .get, "/v1/talents/NO-SUCH-TALENT/events", token: tokens.province)
                #expect(status == .notFound)
                #expect(try await answered(404) >= before + 1)
            }
        }
    }

    /// A problem's type names its kind whoever found it: a path the router does not know and a talent the
    /// register does not hold are both `not-found`; a missing token is `unauthorized`.
    @Test func aProblemsTypeNamesItsKindWhetherTheRouterOrTheRegisterFoundIt() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let kinds = "https://talentledger.example/problems/"
                for (uri, token, type) in [
                    ("/v1/no-such-route", tokens.province, "not-found"),
                    ("/v1/talents/T-NONE", tokens.province, "not-found"),
                    ("/v1/talents", nil, "unauthorized"),
                ] {
                    let (status, problem, _) = try await send(client, .get, uri, token: token)
                    #expect(problem["type"] as? String == kinds + type, "\(uri): \(status) \(problem)")
                }
            }
        }
    }

    @Test func theBearerSchemeIsTakenInAnyCase() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
                    let (status, answer, _) = try await Self.execute(
                        client, .get, "/v1/me", headers: [.authorization: "\(scheme) \(tokens.officerA)"])
                    #expect(status == .ok, "\(scheme)")
                    #expect(answer["role"] as? String == "unit-officer", "\(scheme)")
                }
                for authorization in ["Basic \(tokens.officerA)", "Bearer", "Bearer ", "Bearertoken"] {
                    let (status, _, _) = try await Self.execute(
                        client, .get, "/v1/me", headers: [.authorization: authorization])
                    #expect(status == .unauthorized, "\(authorization)")
                }
            }
        }
    }

    @Test func aJSONRouteRefusesABodyOfAnotherMediaType() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let dryRun = "/v1/talents/T-A/commands?dryRun=true"
                for type in ["text/plain", "application/xml", "application/x-www-form-urlencoded", "text/json"] {
                    let (status, problem, headers) = try await send(
                        client, .post, dryRun, token: tokens.officerA, body: Self.lostContact, contentType: type)
                    #expect(status == .unsupportedMediaType, "\(type)")
                    #expect(problem["field"] as? String == "Content-Type", "\(type)")
                    #expect(headers[.contentType] == "application/problem+json", "\(type)")
                }
                let (job, _, _) = try await send(
                    client, .post, "/v1/jobs/restore", token: tokens.province,
                    body: #"{"campaign": 2025, "on": "2026-07-01", "dryRun": true}"#, contentType: "text/plain")
                #expect(job == .unsupportedMediaType)
                for type in [
                    "application/json", "application/json; charset=utf-8", "Application/JSON",
                    "application/merge-patch+json",
                ] {
                    let (status, answer, _) = try await send(
                        client, .post, dryRun, token: tokens.officerA, body: Self.lostContact, contentType: type)
                    #expect(status == .ok, "\(type): \(answer)")
                }
                // Without a Content-Type the body is taken as the route's kind.
                let (untyped, _, _) = try await Self.execute(
                    client, .post, dryRun, headers: [.authorization: "Bearer \(tokens.officerA)"],
                    body: Self.lostContact)
                #expect(untyped == .ok)
                // The evaluation list's own kinds, as before.
                let (json, _, _) = try await send(
                    client, .post, "/v1/evaluation-lists?dryRun=true", token: tokens.province, body: "{}")
                #expect(json == .unsupportedMediaType)
            }
        }
    }

    @Test func theCurrentTalentCarriesItsVersionAsETagAndIfMatchStarPinsNone() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (status, answer, headers) = try await send(client, .get, "/v1/talents/T-A", token: tokens.officerA)
                #expect(status == .ok)
                let version = (answer["talent"] as? [String: Any])?["version"] as? Int
                #expect(version != nil)
                #expect(headers[.eTag] == "\"\(version ?? -1)\"")
                let (_, _, asOf) = try await send(
                    client, .get, "/v1/talents/T-A?asOf=2025-01-01", token: tokens.officerA)
                #expect(asOf[.eTag] == nil)
                // The ETag given back pins the version.
                let (pinned, _, _) = try await CommandRoutesTests.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA, body: Self.lostContact,
                    headers: [.ifMatch: headers[.eTag] ?? ""])
                #expect(pinned == .created)
                let (any, _, _) = try await CommandRoutesTests.post(
                    client, "/v1/talents/T-A/commands", token: tokens.officerA,
                    body: #"{"type": "restoreContact", "effectiveOn": "2025-04-01"}"#, headers: [.ifMatch: "*"])
                #expect(any == .created)
                let (none, problem, _) = try await CommandRoutesTests.post(
                    client, "/v1/talents/NO-SUCH/commands", token: tokens.province, body: Self.lostContact,
                    headers: [.ifMatch: "*"])
                #expect(none == .preconditionFailed, "\(problem)")
                // A role that acts on no talent is told so before any is looked up, with `*` as without it.
                for token in [tokens.auditor, tokens.bureau] {
                    let (refused, said, _) = try await CommandRoutesTests.post(
                        client, "/v1/talents/NO-SUCH/commands", token: token, body: Self.lostContact,
                        headers: [.ifMatch: "*"])
                    #expect(refused == .forbidden, "\(said)")
                }
            }
        }
    }

    @Test func pathIdsArePercentDecodedAndEchoedNoLongerThan64Characters() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                for uri in ["/v1/talents/T%2DA", "/v1/talents/%54-A/timeline", "/v1/talents/T-%41/events"] {
                    let (status, answer, _) = try await send(client, .get, uri, token: tokens.province)
                    #expect(status == .ok, "\(uri): \(answer)")
                }
                let (decoded, answer, _) = try await send(client, .get, "/v1/talents/T%2DA", token: tokens.province)
                #expect(decoded == .ok)
                #expect((answer["talent"] as? [String: Any])?["id"] as? String == "T-A")
                let (invalid, problem, _) = try await send(client, .get, "/v1/talents/T%zzA", token: tokens.province)
                #expect(invalid == .badRequest)
                #expect(problem["field"] as? String == "talentId")
                let long = String(repeating: "J", count: 5000)
                let (missing, notFound, _) = try await send(client, .get, "/v1/talents/\(long)", token: tokens.province)
                #expect(missing == .notFound)
                let detail = notFound["detail"] as? String ?? ""
                #expect(detail.count < 100, "\(detail.count)")
                #expect(detail.contains(String(repeating: "J", count: 50) + "…"))
            }
        }
    }

    /// A year or a page size is written in digits alone: `+2025` or `%2B5` is refused naming the parameter,
    /// not read as 2025 or 5.
    @Test func aYearOrAPageSizeWithASignIsRefused() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                for (uri, field) in [
                    ("/v1/campaigns/+2025/submissions", "year"), ("/v1/campaigns/%2B2025/roster", "year"),
                    ("/v1/campaigns/02025/roster", "year"),
                    ("/v1/talents?campaign=%2B2025", "campaign"), ("/v1/talents?limit=%2B5", "limit"),
                    ("/v1/campaigns/2025/roster?limit=%205", "limit"),
                ] {
                    let (status, problem, _) = try await send(client, .get, uri, token: tokens.province)
                    #expect(status == .badRequest, "\(uri)")
                    #expect(problem["field"] as? String == field, "\(uri): \(problem)")
                }
                for uri in [
                    "/v1/campaigns/2025/submissions", "/v1/talents?limit=5", "/v1/campaigns/2025/roster?limit=5",
                ] {
                    let (status, answer, _) = try await send(client, .get, uri, token: tokens.province)
                    #expect(status == .ok, "\(uri): \(answer)")
                }
            }
        }
    }

    /// HEAD answers as GET does without the body (RFC 9110 §9.3.2), held to GET's contract: its parameters,
    /// its caller's token, its jurisdiction.
    @Test func headAnswersAsGetDoesWithoutTheBody() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func ask(_ method: HTTPRequest.Method, _ uri: String, token: String?) async throws
                    -> (HTTPResponse.Status, HTTPFields, Int)
                {
                    try await client.execute(
                        uri: uri, method: method, headers: token.map { [.authorization: "Bearer \($0)"] } ?? [:]
                    ) { ($0.status, $0.headers, $0.body.readableBytes) }
                }
                let (got, getHeaders, getLength) = try await ask(.get, "/v1/talents/T-A", token: tokens.province)
                let (head, headHeaders, headLength) = try await ask(.head, "/v1/talents/T-A", token: tokens.province)
                #expect(got == .ok && head == .ok)
                #expect(getLength > 0 && headLength == 0)
                #expect(
                    headHeaders[.eTag] == getHeaders[.eTag] && headHeaders[.contentType] == getHeaders[.contentType])
                #expect(headHeaders[.contentLength] == String(getLength))
                #expect(try await ask(.head, "/v1/talents/T-A?dryrun=1", token: tokens.province).0 == .badRequest)
                #expect(try await ask(.head, "/v1/talents/T-A", token: nil).0 == .unauthorized)
                #expect(try await ask(.head, "/v1/talents/T-B", token: tokens.officerA).0 == .notFound)
                #expect(try await ask(.head, "/health", token: nil).0 == .ok)
            }
        }
    }

    @Test func aKnownPathAskedWithAnotherMethodIs405WithAllow() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                for (method, uri, allow) in [
                    (HTTPRequest.Method.put, "/v1/talents/T-A/commands", "POST"), (.delete, "/v1/me", "GET, HEAD"),
                    (.post, "/v1/talents/T-A", "GET, HEAD"), (.get, "/v1/talents/T-A/profile", "DELETE, PUT"),
                    (.patch, "/v1/campaigns/2025/submissions/unit-a", "GET, HEAD, POST"),
                    (.head, "/v1/talents/T-A/commands", "POST"),
                ] {
                    for token in [tokens.province, nil] {
                        let (status, problem, headers) = try await send(client, method, uri, token: token)
                        #expect(status == .methodNotAllowed, "\(method) \(uri)")
                        #expect(headers[.allow] == allow, "\(method) \(uri)")
                        #expect(headers[.contentType] == "application/problem+json")
                        #expect(problem["status"] as? Int == 405)
                    }
                }
                // A path the API does not have stays 404, token or not (the router matches first).
                for token in [tokens.province, nil] {
                    let (status, _, _) = try await send(client, .get, "/v1/no-such-thing", token: token)
                    #expect(status == .notFound)
                }
            }
        }
    }

    @Test func theRosterOfACampaignThePolicyDoesNotNameIs404() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (status, problem, _) = try await send(
                    client, .get, "/v1/campaigns/2024/roster", token: tokens.province)
                #expect(status == .notFound)
                #expect(problem["detail"] as? String == "no campaign 2024 in the register")
                let (submissions, other, _) = try await send(
                    client, .get, "/v1/campaigns/2024/submissions", token: tokens.province)
                #expect(submissions == .notFound)
                #expect(other["detail"] as? String == problem["detail"] as? String)
                let (named, _, _) = try await send(client, .get, "/v1/campaigns/2025/roster", token: tokens.province)
                #expect(named == .ok)
            }
        }
    }
}
