import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import Prometheus
import ReadModels
import ServiceLifecycle
import TalentLedgerTesting
import TalentServer
import Testing

@testable import TalentApplication

@Suite("GET /health and problem details")
struct HealthTests {
    struct Health: Decodable {
        var status: String
        var database: String
        var quarantinedStreams: Int?
    }

    static func register(_ store: EventStore) throws -> TalentRegister {
        TalentRegister(store: store, policy: try PolicyDirectory.load())
    }

    /// Runs `body` with a client of the routes of a register whose database does not answer (nothing
    /// listens at its address).
    static func withDatabaseDown(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withRegisterOfADatabaseDown { register in
            try await Application(router: buildRouter(register: register)).test(.router, body)
        }
    }

    static func withRegisterOfADatabaseDown(_ body: (TalentRegister) async throws -> Void) async throws {
        let configuration = try ConnectionConfiguration(
            url: "postgres://nobody@127.0.0.1:1/none", connectTimeoutSeconds: 1)
        try await TestDatabase.withStore(on: configuration, maximumConnections: 1) { store, _ in
            try await body(try Self.register(store))
        }
    }

    /// A load balancer probes every few seconds: through an outage its probes are said once per half
    /// minute, as the requests' failures are (``OutageLog``), not once each.
    @Test(.timeLimit(.minutes(3)))
    func probesOfADatabaseThatIsDownAreSaidOncePerHalfMinute() async throws {
        try await Self.withRegisterOfADatabaseDown { register in
            let log = CapturedLog()
            for _ in 0..<3 { #expect(await register.health(logger: log.logger).status == .unavailable) }
            let said = log.records.filter { $0.level >= .warning }
            #expect(said.count == 1, "\(said.map(\.message))")
            #expect(said.first?.metadata["path"] == "/health")
            #expect(log.records.filter { $0.level == .debug && $0.message == "database unavailable" }.count == 2)
        }
    }

    @Test func reportsAReachableDatabase() async throws {
        try await TestDatabase.withStore("health", maximumConnections: 2) { store, _ in
            let app = Application(router: buildRouter(register: try Self.register(store)))
            try await app.test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                    let health = try JSONDecoder().decode(Health.self, from: Data(buffer: response.body))
                    #expect(health.status == "ok")
                    #expect(health.database == "reachable")
                }
            }
        }
    }

    /// A full disk stops every write while reads still answer: the probe says the embedded cluster's disk is
    /// low before that (degraded, 503), with the room left; with room, it is ready and says how much.
    @Test func aDiskLowOnRoomMakesReadinessDegradedBeforeWritesAreRefused() async throws {
        struct Answer: Decodable {
            struct Disk: Decodable {
                var freeBytes: Int64
                var minimumFreeBytes: Int64
            }
            var status: String
            var database: String
            var disk: Disk?
        }
        try await TestDatabase.withStore("health_disk", maximumConnections: 2) { store, _ in
            let register = try Self.register(store)
            let folder = FileManager.default.temporaryDirectory.path
            for (minimum, status) in [(Int64(0), HTTPResponse.Status.ok), (Int64.max, .serviceUnavailable)] {
                let app = Application(
                    router: buildRouter(
                        register: register, disk: DiskRoom.Watch(path: folder, minimumFreeBytes: minimum)))
                try await app.test(.router) { client in
                    try await client.execute(uri: "/health", method: .get) { response in
                        #expect(response.status == status)
                        let health = try JSONDecoder().decode(Answer.self, from: Data(buffer: response.body))
                        #expect(health.status == (minimum == 0 ? "ok" : "degraded"))
                        #expect(health.database == "reachable")
                        #expect((health.disk?.freeBytes ?? 0) > 0)
                        #expect(health.disk?.minimumFreeBytes == minimum)
                    }
                }
            }
            // A folder the file system cannot say of (gone) reports no room, and fails nothing.
            let gone = DiskRoom.Watch(path: folder + "/no-such-folder-\(UUID())", minimumFreeBytes: .max)
            let health = await register.health(disk: gone)
            #expect(health.status == .ok)
            #expect(health.disk == nil)
        }
    }

    /// Asked to stop, a server with a drain goes on serving while its readiness says `draining` (503), so
    /// that a load balancer sends it no new client; then its drain ends and the server stops.
    @Test(.timeLimit(.minutes(3))) func aDrainingServerSaysSoWhileItStillServes() async throws {
        try await TestDatabase.withStore("health_drain", maximumConnections: 2) { store, _ in
            // Long enough for a probe on a loaded machine (a health check may take its database's second)
            // to land inside it.
            let drain = ReadinessDrain(for: .seconds(4), logger: Logger(label: "test"))
            let app = Application(router: buildRouter(register: try Self.register(store), drain: drain))
            func probe() async throws -> (HTTPResponse.Status, String?) {
                try await app.test(.router) { client in
                    try await client.execute(uri: "/health", method: .get) { response in
                        (
                            response.status,
                            try? JSONDecoder().decode(Health.self, from: Data(buffer: response.body)).status
                        )
                    }
                }
            }
            let group = ServiceGroup(configuration: .init(services: [drain], logger: Logger(label: "test")))
            let running = Task { try await group.run() }
            #expect(try await probe() == (.ok, "ok"))
            let asked = ContinuousClock.now
            await group.triggerGracefulShutdown()
            var seen: (HTTPResponse.Status, String?) = (.ok, "ok")
            while seen.0 == .ok, ContinuousClock.now - asked < .seconds(20) {
                try await Task.sleep(for: .milliseconds(20))
                seen = try await probe()
            }
            #expect(seen == (.serviceUnavailable, "draining"))
            try await running.value
            #expect(ContinuousClock.now - asked >= .seconds(4), "the drain ran its time before it ended")
        }
    }

    /// The probe answers without a token: it says how many streams are behind, never which (a stream's id
    /// is a talent's register id).
    @Test func aStreamSetAsideMakesReadiness503AndIsCountedNotNamedWhileLivenessStays200() async throws {
        try await TestDatabase.withStore("health_degraded", maximumConnections: 2) { store, _ in
            let register = try Self.register(store)
            try await store.append(
                [NewEvent(type: "NoSuchEvent", data: Data("{}".utf8), effectiveDate: "2021-03-01")],
                to: "talent-broken", type: "talent", expecting: .noStream)
            try await register.catchUpProjections()
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let body = Data(buffer: response.body)
                    let health = try JSONDecoder().decode(Health.self, from: body)
                    #expect(health.status == "degraded")
                    #expect(health.database == "reachable")
                    #expect(health.quarantinedStreams == 1)
                    #expect(!String(decoding: body, as: UTF8.self).contains("broken"))
                }
                try await client.execute(uri: "/health/live", method: .get) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }

    @Test func metricsCountTheStreamsSetAside() async throws {
        try await TestDatabase.withStore("metrics_quarantine", maximumConnections: 2) { store, _ in
            let register = try Self.register(store)
            try await store.append(
                [NewEvent(type: "NoSuchEvent", data: Data("{}".utf8), effectiveDate: "2021-03-01")],
                to: "talent-unreadable", type: "talent", expecting: .noStream)
            try await register.catchUpProjections()
            let scraper = try await register.issueAccount(
                name: "Prometheus", role: .monitor, organization: nil, by: .system)
            let app = Application(router: buildRouter(register: register, metrics: PrometheusCollectorRegistry()))
            try await app.test(.router) { client in
                try await client.execute(
                    uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(scraper.token)"]
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                    let text = String(buffer: response.body)
                    #expect(text.contains("talentledger_projection_quarantined_streams 1"))
                    #expect(text.contains("talentledger_database_up 1"))
                }
            }
        }
    }

    /// The metrics tell the register's traffic (requests by route, refusals by rule): read as any other read
    /// is, with a token, by the scraper's monitor account or the province office. The monitor's token reads
    /// nothing else, and opens no console session.
    @Test func metricsAreReadByTheMonitorAndTheProvinceOfficeAlone() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let scraper = try await register.issueAccount(
                name: "Prometheus", role: .monitor, organization: nil, by: .system)
            let app = Application(router: buildRouter(register: register, metrics: PrometheusCollectorRegistry()))
            try await app.test(.router) { client in
                func scrape(_ token: String?) async throws -> HTTPResponse.Status {
                    try await client.execute(
                        uri: "/metrics", method: .get,
                        headers: token.map { [.authorization: "Bearer \($0)"] } ?? [:]
                    ) { $0.status }
                }
                #expect(try await scrape(nil) == .unauthorized)
                #expect(try await scrape("no-such-token") == .unauthorized)
                #expect(try await scrape(tokens.officerA) == .forbidden)
                #expect(try await scrape(tokens.bureau) == .forbidden)
                #expect(try await scrape(scraper.token) == .ok)
                #expect(try await scrape(tokens.province) == .ok)
                // Nothing of the register, and said so (403), not answered as an empty register: no talent,
                // no list of them, no organization, no command, no job (told before its body is read).
                for (method, path, body) in [
                    (HTTPRequest.Method.get, "/v1/talents/T-A", nil), (.get, "/v1/talents", nil),
                    (.get, "/v1/organizations", nil), (.get, "/v1/organizations/city", nil),
                    (.get, "/v1/campaigns/2025/submissions", nil), (.get, "/v1/audit/snapshot", nil),
                    (
                        .post, "/v1/talents/T-A/commands",
                        #"{"type": "recordOverdueAbroad", "occurredOn": "2025-01-01"}"#
                    ),
                    (.post, "/v1/jobs/restore", "{}"),
                ] as [(HTTPRequest.Method, String, String?)] {
                    let (status, problem, _) = try await send(client, method, path, token: scraper.token, body: body)
                    #expect(status == .forbidden, "\(method) \(path): \(problem)")
                }
                let (me, who, _) = try await send(client, .get, "/v1/me", token: scraper.token)
                #expect(me == .ok && who["role"] as? String == "monitor")
                // A role that runs no job is told so before its body is read; the province office's is read.
                let (officer, _, _) = try await send(
                    client, .post, "/v1/jobs/restore", token: tokens.officerA, body: "{}")
                #expect(officer == .forbidden)
                let (province, _, _) = try await send(
                    client, .post, "/v1/jobs/restore", token: tokens.province, body: "{}")
                #expect(province == .badRequest)
            }
            let console = Application(router: buildRouter(register: register))
            try await console.test(.router) { client in
                try await client.execute(
                    uri: "/console/sign-in", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "token=\(scraper.token)")
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.setCookie] == nil)
                    #expect(String(buffer: response.body).contains("运行监控账户只用于读取服务器的运行指标"))
                }
            }
        }
    }

    /// While the database does not answer, a scraper whose token was verified lately reads the metrics,
    /// which say the database is down (an operator's finding: the scrape failed with the outage it should
    /// report); a token not verified lately is no caller then (503), and a verification is kept only for a
    /// caller that may read the metrics.
    @Test(.timeLimit(.minutes(3)))
    func aScraperVerifiedLatelyReadsTheMetricsOfADatabaseThatIsDown() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let scraper = try await register.issueAccount(
                name: "Prometheus", role: .monitor, organization: nil, by: .system)
            #expect(try await register.metricsCaller(bearing: scraper.token)?.role == .monitor)
            #expect(try await register.metricsCaller(bearing: tokens.officerA)?.role == .unitOfficer)
            #expect(register.metricsCallers.recall(hash: BearerToken.hash(scraper.token)) != nil)
            #expect(register.metricsCallers.recall(hash: BearerToken.hash(tokens.officerA)) == nil)
            let verified = try #require(register.metricsCallers.recall(hash: BearerToken.hash(scraper.token)))
            // A token revoked is forgotten as soon as the database refuses it, for the outage too.
            let revoked = try await register.issueAccount(name: "旧监控", role: .monitor, organization: nil, by: .system)
            #expect(try await register.metricsCaller(bearing: revoked.token) != nil)
            try await register.revokeAccount(revoked.account.id, reason: "换新", by: .system)
            #expect(try await register.metricsCaller(bearing: revoked.token) == nil)
            #expect(register.metricsCallers.recall(hash: BearerToken.hash(revoked.token)) == nil)
            try await Self.withRegisterOfADatabaseDown { down in
                down.metricsCallers.remember(verified, hash: BearerToken.hash(scraper.token))
                let app = Application(router: buildRouter(register: down, metrics: PrometheusCollectorRegistry()))
                try await app.test(.router) { client in
                    try await client.execute(
                        uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(scraper.token)"]
                    ) { response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body).contains("talentledger_database_up 0"))
                    }
                    try await client.execute(
                        uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(tokens.province)"]
                    ) { response in
                        #expect(response.status == .serviceUnavailable)
                    }
                }
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func unreachableDatabaseAnswers503() async throws {
        try await Self.withDatabaseDown { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let health = try JSONDecoder().decode(Health.self, from: Data(buffer: response.body))
                #expect(health.database == "unreachable")
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aDatabaseThatIsDownIs503WithRetryAfterNot500() async throws {
        try await Self.withDatabaseDown { client in
            try await client.execute(
                uri: "/v1/talents", method: .get, headers: [.authorization: "Bearer tl_anything"]
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    /// On the console the same is a page in words a person reads, not the API's JSON.
    @Test(.timeLimit(.minutes(3)))
    func aDatabaseThatIsDownIsAPageInWordsOnTheConsole() async throws {
        try await Self.withDatabaseDown { client in
            try await client.execute(
                uri: "/console/sign-in", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=tl_anything")
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("数据库暂时无法访问"))
            }
        }
    }

    @Test func unknownRouteIsAProblemDocument() async throws {
        try await Self.withDatabaseDown { client in
            try await client.execute(uri: "/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(problem?["status"] as? Int == 404)
                #expect((problem?["detail"] as? String)?.contains("/v1/nothing-here") == true)
            }
        }
    }

    /// A bound the server sets on its sessions, reached while the database is busy (a lock another writer
    /// holds, a statement cancelled at its limit), is "try again shortly" (503), not the server's fault.
    @Test func aLockOrStatementBoundReachedIsUnavailableNotAFault() {
        for state in ["55P03", "57014", "57P01", "53300", "53100", "53200"] {
            #expect(Availability.isDatabaseUnavailable(PostgresError(.server, "bound", sqlState: state)), "\(state)")
        }
        for state in ["23505", "22008", "42P01"] {
            #expect(!Availability.isDatabaseUnavailable(PostgresError(.server, "fault", sqlState: state)), "\(state)")
        }
    }

    /// A client is told why the register cannot answer, as far as it helps it: a lock or a statement bound
    /// is the register busy (the database answers), a full disk waits for its operators (a chaos test's full
    /// disk was a 500, "unexpected error"), a restart or a lost connection is the database not answering.
    @Test func anUnavailableDatabaseIsToldByItsReason() {
        func reason(_ state: String?, _ kind: PostgresError.Kind = .server) -> Availability.Unavailability {
            Availability.reason(PostgresError(kind, "x", sqlState: state))
        }
        #expect(reason("55P03") == .busy && reason("57014") == .busy)
        #expect(reason("53100") == .diskFull)
        #expect(reason("53200") == .outOfResources && reason("53300") == .outOfResources)
        #expect(reason("57P01") == .notAnswering && reason(nil, .connectionLost) == .notAnswering)
        #expect(
            Availability.isDatabaseUnavailable(PostgresError(.noAnswer, "x")) && reason(nil, .noAnswer) == .notAnswering
        )
        #expect(Availability.Unavailability.diskFull.description.contains("no room left to write"))
    }
}
