import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import TalentLedgerTesting
import TalentServer
import Testing

@Suite("GET /health and problem details")
struct HealthTests {
    struct Health: Decodable {
        var status: String
        var database: String
        var events: Int?
    }

    @Test func reportsReachableDatabaseAndEventCount() async throws {
        let configuration = try await TestDatabase.fresh("health")
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 2))
        try await store.append(
            [NewEvent(type: "Noted", data: Data("{}".utf8), effectiveDate: "2026-01-01")],
            to: "h-1", type: "test", expecting: .noStream
        )
        let app = Application(router: buildRouter(store: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let health = try JSONDecoder().decode(Health.self, from: Data(buffer: response.body))
                #expect(health.status == "ok")
                #expect(health.database == "reachable")
                #expect(health.events == 1)
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func unreachableDatabaseAnswers503() async throws {
        let configuration = try ConnectionConfiguration(
            url: "postgres://nobody@127.0.0.1:1/none", connectTimeoutSeconds: 1)
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 1))
        let app = Application(router: buildRouter(store: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let health = try JSONDecoder().decode(Health.self, from: Data(buffer: response.body))
                #expect(health.database == "unreachable")
            }
        }
    }

    @Test func unknownRouteIsAProblemDocument() async throws {
        let configuration = try ConnectionConfiguration(url: "postgres://nobody@127.0.0.1:1/none")
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 1))
        let app = Application(router: buildRouter(store: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(problem?["status"] as? Int == 404)
                #expect((problem?["detail"] as? String)?.contains("/v1/nothing-here") == true)
            }
        }
    }
}
