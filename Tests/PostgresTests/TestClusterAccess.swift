import Postgres
import TalentLedgerTesting

enum TestClusterAccess {
    static func cluster() async throws -> LocalCluster { try await TestDatabase.sharedCluster() }
}
