import Foundation
import Postgres
import Schema

/// The throw-away PostgreSQL cluster of one test run, and fresh databases in it.
///
/// The first test that asks starts the cluster in a temporary folder (with durability turned off: it is
/// thrown away); it is stopped and removed when the test process exits. Each suite asks for a database
/// of its own, created empty and migrated with `schema.sql`.
public enum TestDatabase {
    private static let cluster = Task<LocalCluster, Error> {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("talentledger-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        let cluster = try await LocalCluster.start(
            in: directory,
            settings: [
                "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "200",
            ]
        )
        ClusterReaper.register(cluster, directory: directory)
        return cluster
    }

    /// The shared cluster, started on first use.
    public static func sharedCluster() async throws -> LocalCluster {
        try await cluster.value
    }

    /// A new, migrated database named after `suite` (plus a unique suffix) and its connection settings.
    public static func fresh(_ suite: String, migrate: Bool = true) async throws -> ConnectionConfiguration {
        let cluster = try await sharedCluster()
        let base = suite.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }.prefix(40)
        let name = "t_\(base)_\(UUID().uuidString.prefix(8).lowercased())"
        try await cluster.createDatabase(name)
        let configuration = cluster.configuration(database: name)
        if migrate {
            let connection = try await Connection.connect(configuration)
            defer { connection.close() }
            try await Schema.migrate(connection)
        }
        return configuration
    }
}

/// Stops the test cluster when the test process exits (Swift Testing has no global tear-down).
enum ClusterReaper {
    nonisolated(unsafe) private static var registered: (LocalCluster, URL)?

    static func register(_ cluster: LocalCluster, directory: URL) {
        registered = (cluster, directory)
        atexit {
            guard let (cluster, directory) = ClusterReaper.registered else { return }
            try? cluster.stopBlocking()
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
