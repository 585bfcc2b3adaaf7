import Foundation
import Postgres
import Testing

@Suite("Bad input: clear errors, no hang")
struct BadInputTests {
    @Test(arguments: ["mysql://localhost/db", "postgres://user@host:notaport/db", "localhost:5432", ""])
    func malformedURLIsRejectedWithAClearError(url: String) throws {
        let error = #expect(throws: PostgresError.self) { try ConnectionConfiguration(url: url) }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.isEmpty == false)
    }

    @Test func passwordNeverAppearsInErrorsOrDescriptions() throws {
        let configuration = try ConnectionConfiguration(url: "postgres://hr:s3cret@127.0.0.1:1/ledger")
        #expect(!configuration.description.contains("s3cret"))
        let error = #expect(throws: PostgresError.self) { try ConnectionConfiguration(url: "mysql://hr:s3cret@h/db") }
        #expect(error?.message.contains("s3cret") == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func unreachableServerFailsPromptly() async throws {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let configuration = try ConnectionConfiguration(
            url: "postgres://nobody@127.0.0.1:1/none", connectTimeoutSeconds: 2)
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) { try await Connection.connect(configuration) }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("127.0.0.1") == true)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func missingPostgresBinariesAreReportedNotHung() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresBinaries.locate(path: "/nonexistent/bin", versionRoots: ["/nonexistent/lib/postgresql"])
        }
        #expect(error?.kind == .cluster)
        #expect(error?.message.contains("initdb") == true)
    }

    @Test func invalidDatabaseNameIsRejectedBeforeReachingTheServer() async throws {
        let cluster = try await TestClusterAccess.cluster()
        let error = await #expect(throws: PostgresError.self) { try await cluster.createDatabase("x\"; DROP") }
        #expect(error?.kind == .invalidArgument)
    }
}
