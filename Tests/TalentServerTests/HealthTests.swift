import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import ReadModels
import TalentApplication
import TalentLedgerTesting
import TalentServer
import Testing

@Suite("GET /health and problem details")
struct HealthTests {
    struct Health: Decodable {
        var status: String
        var database: String
    }

    static func register(_ store: EventStore) throws -> TalentRegister {
        TalentRegister(store: store, policy: try PolicyDirectory.load())
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

    @Test(.timeLimit(.minutes(1)))
    func unreachableDatabaseAnswers503() async throws {
        let configuration = try ConnectionConfiguration(
            url: "postgres://nobody@127.0.0.1:1/none", connectTimeoutSeconds: 1)
        try await TestDatabase.withStore(on: configuration, maximumConnections: 1) { store, _ in
            let app = Application(router: buildRouter(register: try Self.register(store)))
            try await app.test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let health = try JSONDecoder().decode(Health.self, from: Data(buffer: response.body))
                    #expect(health.database == "unreachable")
                }
            }
        }
    }

    @Test func unknownRouteIsAProblemDocument() async throws {
        let configuration = try ConnectionConfiguration(url: "postgres://nobody@127.0.0.1:1/none")
        try await TestDatabase.withStore(on: configuration, maximumConnections: 1) { store, _ in
            let app = Application(router: buildRouter(register: try Self.register(store)))
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
}
