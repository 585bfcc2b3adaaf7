// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like T4 are the register's own spelling.

import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import TalentServer
import Testing

@Suite("GET /v1/talents…: bearer tokens, jurisdiction, masking and problem details")
struct TalentRoutesTests {
    struct Tokens {
        var province: String
        var officerA: String
        var bureau: String
        var revoked: String
        var officerB: String
        var auditor: String
    }

    /// Registers `id` at unit-a as a classified talent (T4), tier C, evaluated on 2021-03-01.
    static func registerClassified(_ register: TalentRegister, _ id: String = "T-C") async throws {
        let day = try Day("2021-03-01")
        try await register.handle(
            .evaluate(
                Evaluation(
                    talentId: TalentID(id), tier: .C, unit: UnitID("unit-a"), professionalField: "密码学",
                    evaluatingDocument: "吉人社字〔2021〕1号", certificateDate: day, classified: true)),
            for: TalentID(id), on: day, by: .system)
    }

    /// Two units under a city bureau, a talent in each, and a token for each kind of caller.
    /// `clock`: the register's clock, for a story told on past days (its steps are dated when recorded).
    static func withProvince(
        clock: TestClock? = nil, policy: Policy? = nil, maximumConnections: Int = 8,
        documentGates: DocumentGates = DocumentGates(), sessionSettings: [String: String] = [:],
        _ body: (TalentRegister, Tokens) async throws -> Void
    ) async throws {
        var configuration = try await TestDatabase.fresh("talent_routes")
        configuration.settings.merge(sessionSettings) { _, given in given }
        try await TestDatabase.withStore(on: configuration, maximumConnections: maximumConnections) { store, _ in
            let organizations = [
                Organization(
                    id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil),
                Organization(
                    id: "city", name: "长春市人社局", shortName: "长春", kind: .cityBureau, parentID: "prov", region: nil),
                Organization(
                    id: "unit-a", name: "市一中", shortName: "一中", kind: .cityUnit, parentID: "city", region: nil),
                Organization(
                    id: "unit-b", name: "市医院", shortName: "医院", kind: .cityUnit, parentID: "city", region: nil),
            ]
            try await store.appendBulk(
                try organizations.map { try OrganizationStream.registration($0, on: "2016-01-01") })
            let register = TalentRegister(
                store: store, policy: try policy ?? PolicyDirectory.load(), clock: clock.map { $0.now } ?? Date.init,
                documentGates: documentGates)
            try await register.catchUpProjections()
            for (id, unit) in [("T-A", "unit-a"), ("T-B", "unit-b")] {
                let day = try Day("2021-03-01")
                try await register.handle(
                    .evaluate(
                        Evaluation(
                            talentId: TalentID(id), tier: .C, unit: UnitID(unit), professionalField: "光学",
                            evaluatingDocument: "吉人社字〔2021〕1号", certificateDate: day)),
                    for: TalentID(id), on: day, by: .system)
            }
            try await store.withConnection { store in
                try await TalentProfiles.upsert(ids: ["T-A", "T-B"], names: ["张三丰", "欧阳娜娜"], on: store.connection)
            }
            func token(_ role: Caller.Role, _ organization: String?) async throws -> String {
                try await register.issueAccount(
                    name: role.rawValue, role: role, organization: organization, by: .system
                )
                .token
            }
            let revoked = try await register.issueAccount(
                name: "gone", role: .provinceOffice, organization: "prov", by: .system)
            try await register.revokeAccount(revoked.account.id, reason: "left", by: .system)
            let tokens = Tokens(
                province: try await token(.provinceOffice, "prov"), officerA: try await token(.unitOfficer, "unit-a"),
                bureau: try await token(.hrBureau, "city"), revoked: revoked.token,
                officerB: try await token(.unitOfficer, "unit-b"), auditor: try await token(.auditor, nil))
            try await body(register, tokens)
        }
    }

    struct Page: Decodable {
        struct Item: Decodable {
            var id: String
            var name: String?
        }

        var items: [Item]
        var nextCursor: String?
    }

    struct Problem: Decodable {
        var status: Int
        var detail: String?
        var field: String?
    }

    static func get(
        _ client: some TestClientProtocol, _ uri: String, token: String?
    ) async throws -> (HTTPResponse.Status, Data, HTTPFields) {
        let headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            (response.status, Data(buffer: response.body), response.headers)
        }
    }

    @Test func withoutAValidTokenEveryV1RouteIs401() async throws {
        try await Self.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                for token in [nil, "tl_unknown", tokens.revoked] {
                    let (status, body, headers) = try await Self.get(client, "/v1/talents", token: token)
                    #expect(status == .unauthorized)
                    #expect(headers[.wwwAuthenticate] == "Bearer")
                    #expect(headers[.contentType] == "application/problem+json")
                    #expect(try JSONDecoder().decode(Problem.self, from: body).status == 401)
                }
            }
        }
    }

    @Test func eachCallerListsItsJurisdictionWithNamesAsItMaySeeThem() async throws {
        try await Self.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func page(_ token: String, _ query: String = "") async throws -> Page {
                    let (status, body, _) = try await Self.get(client, "/v1/talents" + query, token: token)
                    #expect(status == .ok)
                    return try JSONDecoder().decode(Page.self, from: body)
                }
                #expect(try await page(tokens.officerA).items.map(\.id) == ["T-A"])
                #expect(try await page(tokens.officerA).items.map(\.name) == ["张三丰"])
                #expect(try await page(tokens.bureau).items.map(\.name) == ["张**", "欧阳**"])
                #expect(try await page(tokens.province).items.map(\.name) == ["张三丰", "欧阳娜娜"])
                let first = try await page(tokens.province, "?limit=1")
                #expect(first.items.map(\.id) == ["T-A"])
                let last = try await page(tokens.province, "?limit=1&cursor=\(first.nextCursor ?? "")")
                #expect(last.items.map(\.id) == ["T-B"])
                // A full last page names no next one (a client would ask for an empty page to learn it).
                #expect(last.nextCursor == nil)
                #expect(try await page(tokens.province, "?limit=2").nextCursor == nil)
                // A unit or organization that does not exist, or lies outside the jurisdiction, is 404 (an empty
                // page would read as one without talents), as its own route answers.
                for (token, query) in [
                    (tokens.officerA, "?unit=unit-b"), (tokens.province, "?unit=unit-9999"),
                    (tokens.province, "?organization=nowhere"), (tokens.bureau, "?organization=prov"),
                ] {
                    let (status, body, _) = try await Self.get(client, "/v1/talents" + query, token: token)
                    #expect(status == .notFound, "\(query)")
                    #expect(try JSONDecoder().decode(Problem.self, from: body).detail?.hasPrefix("no ") == true)
                }
                #expect(try await page(tokens.officerA, "?unit=unit-a").items.map(\.id) == ["T-A"])
                // A bureau given as the unit answers for no talent itself: a 400 leading to organization=,
                // not an empty page that reads as a bureau without talents.
                let (notAUnit, notAUnitBody, _) = try await Self.get(
                    client, "/v1/talents?unit=city", token: tokens.bureau)
                let problem = try JSONDecoder().decode(Problem.self, from: notAUnitBody)
                #expect(notAUnit == .badRequest && problem.detail?.contains("organization=city") == true)
                // A unit and an organization it is not below: a 400 naming the unit, not an empty page.
                let (apart, apartBody, _) = try await Self.get(
                    client, "/v1/talents?unit=unit-a&organization=unit-b", token: tokens.province)
                let apartProblem = try JSONDecoder().decode(Problem.self, from: apartBody)
                #expect(apart == .badRequest && apartProblem.field == "unit")
                // A name with a space, searched as a form encodes it (`+`) and with `%20`.
                let renamed = try await client.execute(
                    uri: "/v1/talents/T-B/profile", method: .put,
                    headers: [.authorization: "Bearer \(tokens.province)", .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"name": "Zoë Müller"}"#)
                ) { $0.status }
                #expect(renamed == .ok)
                for q in ["Zo%C3%AB+M%C3%BCller", "Zo%C3%AB%20M%C3%BCller"] {
                    #expect(try await page(tokens.province, "?q=\(q)").items.map(\.id) == ["T-B"], "\(q)")
                }
                // A name is kept composed (NFC): typed with combining marks (NFD), it is the same name, and a
                // search typed either way finds it.
                let decomposed = try await client.execute(
                    uri: "/v1/talents/T-B/profile", method: .put,
                    headers: [.authorization: "Bearer \(tokens.province)", .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"name": "Zoe\#u{0308} Mu\#u{0308}ller"}"#)
                ) { $0.status }
                #expect(decomposed == .ok)
                #expect(try await page(tokens.province, "?q=Zo%C3%AB").items.map(\.name) == ["Zoë Müller"])
                #expect(try await page(tokens.province, "?q=Zoe%CC%88").items.map(\.id) == ["T-B"])
                // In any case, Unicode's: a name typed in capitals, an umlaut's among them, is found in lower case.
                for q in ["zo%C3%AB", "M%C3%9CLLER", "zo%C3%8B+m%C3%BCller"] {
                    #expect(try await page(tokens.province, "?q=\(q)").items.map(\.id) == ["T-B"], "\(q)")
                }
                // An auditor searches ids only, in any case too: a name in other case finds nothing.
                #expect(try await page(tokens.auditor, "?q=m%C3%BCller").items.isEmpty)
                #expect(try await page(tokens.auditor, "?q=t-b").items.map(\.id) == ["T-B"])
            }
        }
    }

    @Test func outsideTheJurisdictionIs404AndBadParametersAre400() async throws {
        try await Self.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (outside, body, _) = try await Self.get(client, "/v1/talents/T-B", token: tokens.officerA)
                #expect(outside == .notFound)
                #expect(try JSONDecoder().decode(Problem.self, from: body).detail == "no talent T-B in the register")
                let (missing, _, _) = try await Self.get(client, "/v1/talents/T-Z", token: tokens.province)
                #expect(missing == .notFound)
                let (early, earlyBody, _) = try await Self.get(
                    client, "/v1/talents/T-A?asOf=2020-01-01", token: tokens.officerA)
                #expect(early == .notFound)
                #expect(
                    try JSONDecoder().decode(Problem.self, from: earlyBody).detail?.contains("not yet evaluated")
                        == true)
                for (query, field) in [
                    ("/v1/talents/T-A?asOf=2026-02-30", "asOf"),
                    ("/v1/talents/T-A?knownAt=0000-01-01T00:00:00Z", "knownAt"),
                    // LIMITS: a day past the register's days is no day a fact can have.
                    ("/v1/talents/T-A?asOf=9999-12-31", "asOf"), ("/v1/audit/snapshot?asOf=1899-12-31", "asOf"),
                    // An instant that does not exist is not rolled over into one the caller did not ask for.
                    ("/v1/talents/T-A?knownAt=2026-04-31T12:00:00Z", "knownAt"),
                    ("/v1/talents/T-A?knownAt=2026-02-29T12:00:00Z", "knownAt"),
                    ("/v1/talents/T-A?knownAt=2026-12-05T09:27:00%2B99:99", "knownAt"),
                    ("/v1/talents/T-A?knownAt=2026-12-05T09:27:00%2B08:60", "knownAt"),
                    ("/v1/talents/T-A?knownAt=2026-12-05T24:00:00Z", "knownAt"),
                    // Full-width digits (a Chinese input method's): no time, not a crash.
                    ("/v1/talents/T-A?knownAt=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-03-16T08:30:00Z", "knownAt"),
                    ("/v1/audit/snapshot?knownAt=2027-02-29T00:00:00Z", "knownAt"),
                    ("/v1/talents?limit=0", "limit"), ("/v1/talents?limit=501", "limit"),
                    ("/v1/talents?tier=F", "tier"),
                    ("/v1/talents?card=jixiangCard", "cardStatus"), ("/v1/talents?limit=1&limit=2", "limit"),
                ] {
                    let (status, body, _) = try await Self.get(client, query, token: tokens.province)
                    #expect(status == .badRequest, "\(query)")
                    #expect(try JSONDecoder().decode(Problem.self, from: body).field == field, "\(query)")
                }
                let (_, limitBody, _) = try await Self.get(
                    client, "/v1/audit/snapshot?limit=501", token: tokens.province)
                #expect(
                    try JSONDecoder().decode(Problem.self, from: limitBody).detail?.contains(
                        "a whole number from 1 to 500")
                        == true)
                // A parameter named twice or left empty is said to be so, not asked for text (a security
                // tester's finding: `limit=` was asked for "1 to 200 characters of UTF-8 text").
                for (query, said) in [
                    ("/v1/talents?limit=1&limit=2", "limit: given 2 times: give it once"),
                    ("/v1/talents?limit=", "limit: empty: give a value, or leave the parameter out"),
                ] {
                    let (_, body, _) = try await Self.get(client, query, token: tokens.province)
                    let detail = try JSONDecoder().decode(Problem.self, from: body).detail ?? ""
                    #expect(detail.contains(said), "\(query): \(detail)")
                }
                // The same instant in another offset, and a leap day that exists, are read as given (before
                // the talent was recorded, which the answer says at that instant, on China's clock); so is a
                // time a few seconds ahead (the database's clock, which recording times are, may be).
                for query in [
                    "/v1/talents/T-A?knownAt=2024-02-29T12:00:00Z",
                    "/v1/talents/T-A?knownAt=2024-02-29T20:00:00%2B08:00",
                    "/v1/talents/T-A?knownAt=2024-02-29T12:00:00.123456Z",
                ] {
                    let (status, body, _) = try await Self.get(client, query, token: tokens.province)
                    #expect(status == .notFound, "\(query)")
                    #expect(
                        try JSONDecoder().decode(Problem.self, from: body).detail?.contains(
                            "as known at 2024-02-29T20:00:00+08:00") == true, "\(query)")
                }
                let ahead = "/v1/talents/T-A?knownAt=\(RecordingTime.text(Date().addingTimeInterval(5)))"
                #expect(try await Self.get(client, ahead, token: tokens.province).0 == .ok)
                // What the register will know later it does not know yet: an answer for then would change.
                let later = RecordingTime.text(Date().addingTimeInterval(3600))
                for query in ["/v1/talents/T-A?knownAt=\(later)", "/v1/audit/snapshot?knownAt=\(later)"] {
                    let (status, body, _) = try await Self.get(client, query, token: tokens.province)
                    #expect(status == .badRequest, "\(query)")
                    let problem = try JSONDecoder().decode(Problem.self, from: body)
                    #expect(problem.field == "knownAt", "\(query)")
                    #expect(problem.detail?.contains("no later than now") == true, "\(query)")
                }
            }
        }
    }

    /// Without a date, the answer's state is the one the talent's row keeps (every fact known, in
    /// business order), the row masked for the caller, as JSON with the right content type.
    @Test func aTalentsCurrentStateIsTheFoldOfEveryFactKnown() async throws {
        try await Self.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (status, body, headers) = try await Self.get(client, "/v1/talents/T-A", token: tokens.bureau)
                #expect(status == .ok)
                #expect(headers[.contentType] == "application/json; charset=utf-8")
                let detail = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
                #expect(Set(detail.keys) == ["talent", "state"])
                #expect((detail["talent"] as? [String: Any])?["name"] as? String == "张**")
                let state = try JSONDecoder().decode(
                    Talent.self, from: try JSONSerialization.data(withJSONObject: try #require(detail["state"])))
                #expect(state == (try await register.queries.state(of: TalentID("T-A"), by: .system)))
                #expect(state.tier == .C)
            }
        }
    }

    @Test func aTalentAsOfADayAndItsTimeline() async throws {
        try await Self.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (status, body, _) = try await Self.get(
                    client, "/v1/talents/T-A?asOf=2022-01-01", token: tokens.bureau)
                #expect(status == .ok)
                let detail = try JSONSerialization.jsonObject(with: body) as? [String: Any]
                #expect((detail?["talent"] as? [String: Any])?["name"] as? String == "张**")
                #expect((detail?["state"] as? [String: Any])?["tier"] as? String == "C")
                #expect(detail?["asOf"] as? String == "2022-01-01")
                let (timelineStatus, timelineBody, _) = try await Self.get(
                    client, "/v1/talents/T-A/timeline", token: tokens.officerA)
                #expect(timelineStatus == .ok)
                let timeline = try JSONSerialization.jsonObject(with: timelineBody) as? [String: Any]
                let steps = timeline?["steps"] as? [[String: Any]] ?? []
                #expect(steps.first?["type"] as? String == "TalentEvaluated")
                #expect(steps.contains { $0["rule"] as? String == "E1" })
                let (hidden, _, _) = try await Self.get(client, "/v1/talents/T-B/timeline", token: tokens.officerA)
                #expect(hidden == .notFound)
                // A step's recording time, to the microsecond, given back as knownAt shows the register
                // right after that step (to the second, it showed the register before it).
                try await register.handle(
                    .recordLostContact(since: try Day("2025-01-01")), for: TalentID("T-A"), on: try Day("2025-03-01"),
                    by: .system)
                let (_, laterBody, _) = try await Self.get(client, "/v1/talents/T-A/timeline", token: tokens.officerA)
                let later = (try JSONSerialization.jsonObject(with: laterBody) as? [String: Any])?["steps"]
                let lost = try #require((later as? [[String: Any]])?.last { $0["type"] as? String == "ContactLost" })
                let recordedAt = try #require(lost["recordedAt"] as? String)
                #expect(recordedAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/) != nil, "\(recordedAt)")
                let (_, knownBody, _) = try await Self.get(
                    client, "/v1/talents/T-A?knownAt=\(recordedAt)", token: tokens.officerA)
                let known = (try JSONSerialization.jsonObject(with: knownBody) as? [String: Any])?["state"]
                #expect((known as? [String: Any])?["lostContactSince"] as? String == "2025-01-01", "\(known ?? "")")
                // The raw events with their hashes: for the provincial office and auditors only.
                let (raw, rawBody, _) = try await Self.get(client, "/v1/talents/T-A/events", token: tokens.province)
                #expect(raw == .ok)
                let events =
                    (try JSONSerialization.jsonObject(with: rawBody) as? [String: Any])?["events"] as? [[String: Any]]
                #expect(events?.first?["version"] as? Int == 1)
                #expect((events?.first?["hash"] as? String)?.count == 64)
                let (forbidden, _, _) = try await Self.get(client, "/v1/talents/T-A/events", token: tokens.officerA)
                #expect(forbidden == .forbidden)
            }
        }
    }

    /// T4, SEC2: a unit's officer asking its unit's figures of a day when a classified talent, since moved to
    /// another unit, was its own counts it apart (it sees that talent in counts only now, as the snapshot of
    /// that day does); the unit it moved to counts it with the others. Today's figures, like a day's, are of
    /// the talents under management: an exited talent's cards taken back are not counted, and every card,
    /// the certificate too, is.
    @Test func T4_aClassifiedTalentThatMovedAwayIsCountedApartInItsFormerUnitsPastFigures() async throws {
        try await Self.withProvince { register, tokens in
            try await Self.registerClassified(register)
            try await register.handle(
                .relocate(kind: .withinProvince, newUnit: UnitID("unit-b"), occurredOn: try Day("2026-01-05")),
                for: TalentID("T-C"), on: try Day("2026-01-05"), by: .system)
            try await register.handle(
                .recordDeath(occurredOn: try Day("2026-02-01")), for: TalentID("T-A"), on: try Day("2026-02-03"),
                by: .system)
            try await register.handle(
                .verifyExitSituation(reason: .died, confirmed: true, finding: "死亡证明"), for: TalentID("T-A"),
                on: try Day("2026-02-10"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func figures(_ path: String, _ token: String) async throws -> [String: Any] {
                    let (status, body, _) = try await Self.get(client, path, token: token)
                    #expect(status == .ok, "\(path)")
                    return (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["figures"]
                        as? [String: Any] ?? [:]
                }
                let formerly = try await figures("/v1/organizations/unit-a?asOf=2022-06-01", tokens.officerA)
                #expect(formerly["total"] as? Int == 2 && formerly["classified"] as? Int == 1, "\(formerly)")
                #expect(formerly["byTier"] as? [String: Int] == ["C": 1], "\(formerly)")
                #expect((formerly["byCardStatus"] as? [String: [String: Int]])?["jixiangCard"] == ["active": 1])
                // Its unit now counts it with the others, today and as of a day since the move.
                for path in ["/v1/organizations/unit-b", "/v1/organizations/unit-b?asOf=2026-03-01"] {
                    let now = try await figures(path, tokens.officerB)
                    #expect(now["classified"] as? Int == 0 && now["byTier"] as? [String: Int] == ["C": 2], "\(now)")
                }
                // T-A died and exited: in neither today's figures of its unit nor their cards.
                for path in ["/v1/organizations/unit-a", "/v1/organizations/unit-a?asOf=2026-03-01"] {
                    let exited = try await figures(path, tokens.province)
                    #expect(exited["total"] as? Int == 0, "\(path): \(exited)")
                    #expect((exited["byCardStatus"] as? [String: Any])?.isEmpty == true, "\(path): \(exited)")
                }
                let cards = try await figures("/v1/organizations/unit-b", tokens.province)["byCardStatus"]
                #expect(
                    (cards as? [String: [String: Int]])?["certificate"] == ["active": 2], "\(String(describing: cards))"
                )
            }
        }
    }

    /// A level that sees classified talents in counts only is told how many of them the roster leaves out,
    /// on every page; the province office and the unit's own officer see them listed, and nothing apart.
    @Test func T4_aRosterCountsTheClassifiedTalentsItDoesNotList() async throws {
        try await Self.withProvince { register, tokens in
            try await Self.registerClassified(register)
            try await register.catchUpProjections()
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func roster(_ path: String, _ token: String) async throws -> (talents: [String], notListed: Int?) {
                    let (status, body, _) = try await Self.get(client, path, token: token)
                    #expect(status == .ok, "\(path)")
                    let answer = try JSONSerialization.jsonObject(with: body) as? [String: Any]
                    let items = answer?["items"] as? [[String: Any]] ?? []
                    return (items.compactMap { $0["talent"] as? String }, answer?["classifiedNotListed"] as? Int)
                }
                let bureau = try await roster("/v1/campaigns/2025/roster", tokens.bureau)
                #expect(bureau.talents == ["T-A", "T-B"] && bureau.notListed == 1)
                let firstPage = try await roster("/v1/campaigns/2025/roster?limit=1", tokens.bureau)
                #expect(firstPage.talents == ["T-A"] && firstPage.notListed == 1, "the whole roster's, on every page")
                let otherUnit = try await roster("/v1/campaigns/2025/roster?organization=unit-b", tokens.bureau)
                #expect(otherUnit.notListed == 0)
                let auditor = try await roster("/v1/campaigns/2025/roster", tokens.auditor)
                #expect(auditor.notListed == 1 && !auditor.talents.contains("T-C"))
                let province = try await roster("/v1/campaigns/2025/roster", tokens.province)
                #expect(province.talents.contains("T-C") && province.notListed == 0)
                let officer = try await roster("/v1/campaigns/2025/roster", tokens.officerA)
                #expect(officer.talents.contains("T-C") && officer.notListed == 0)
            }
        }
    }

    @Test func organizationsRostersAndVerificationFollowTheSameRules() async throws {
        try await Self.withProvince { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let (status, body, _) = try await Self.get(client, "/v1/organizations", token: tokens.officerA)
                #expect(status == .ok)
                let items =
                    (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["items"] as? [[String: Any]]
                #expect(items?.map { $0["id"] as? String } == ["unit-a"])
                let (city, cityBody, _) = try await Self.get(
                    client, "/v1/organizations/city?asOf=2022-01-01", token: tokens.bureau)
                #expect(city == .ok)
                let detail = try JSONSerialization.jsonObject(with: cityBody) as? [String: Any]
                #expect((detail?["chain"] as? [[String: Any]])?.map { $0["id"] as? String } == ["city", "prov"])
                // Ids named as every answer names them; cards as the talents' rows name them.
                #expect((detail?["chain"] as? [[String: Any]])?.first?["parentId"] as? String == "prov")
                let figures = detail?["figures"] as? [String: Any]
                #expect(figures?["total"] as? Int == 2)
                #expect((figures?["byCardStatus"] as? [String: [String: Int]])?["jixiangCard"] == ["active": 2])
                let (outside, _, _) = try await Self.get(client, "/v1/organizations/city", token: tokens.officerA)
                #expect(outside == .notFound)
                let (roster, rosterBody, _) = try await Self.get(
                    client, "/v1/campaigns/2025/roster", token: tokens.bureau)
                #expect(roster == .ok)
                let entries =
                    (try JSONSerialization.jsonObject(with: rosterBody) as? [String: Any])?["items"] as? [[String: Any]]
                #expect(entries?.map { $0["talent"] as? String } == ["T-A", "T-B"])
                #expect(entries?.first?["name"] as? String == "张**")
                let (badYear, _, _) = try await Self.get(client, "/v1/campaigns/year/roster", token: tokens.bureau)
                #expect(badYear == .badRequest)
                let verify = { (token: String) async throws -> HTTPResponse.Status in
                    try await client.execute(
                        uri: "/v1/audit/verify", method: .post, headers: [.authorization: "Bearer \(token)"]
                    ) { $0.status }
                }
                #expect(try await verify(tokens.province) == .ok)
                #expect(try await verify(tokens.officerA) == .forbidden)
            }
        }
    }
}
