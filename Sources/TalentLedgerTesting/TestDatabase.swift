import Foundation
import Postgres
import Schema
import Synchronization

/// The throw-away PostgreSQL cluster of one test run, and fresh databases in it.
///
/// The first test that asks starts the cluster in a temporary folder (with durability turned off: it is
/// thrown away); it is stopped and removed when the test process exits. Each suite asks for a database
/// of its own, created empty and migrated with `schema.sql`.
public enum TestDatabase {
    private static let cluster = Task<LocalCluster, Error> { try await start() }

    private static func start() async throws -> LocalCluster {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("talentledger-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        let cluster = try await LocalCluster.start(
            in: directory,
            settings: [
                "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                // Swift Testing runs the tests side by side, each with a pool of its own (closed when the
                // test ends; the concurrency suites open 16–32 each, a command-line test a session's pool):
                // a run peaked at 198 connections with 257 tests and passed 300 with 287, and at 769 with
                // 708 (two runs of those met the limit of 800), so the default 100 is far too few; 1500
                // leaves room as the suite grows (a slot costs a few hundred KiB, an idle backend a few MiB).
                "max_connections": "1500",
            ]
        )
        ClusterReaper.register(cluster, directory: directory)
        return cluster
    }

    /// The shared cluster, started on first use.
    public static func sharedCluster() async throws -> LocalCluster {
        try await cluster.value
    }

    /// A new, migrated database named after `suite` (plus a unique suffix) in the shared cluster, and its
    /// connection settings.
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

extension TestDatabase {
    /// One database for a whole suite, created, migrated and prepared (loaded with the suite's data) by
    /// the first test that asks; every later test of the suite gets the same one. For suites whose tests
    /// only read what `prepare` wrote, so that it is written once instead of once per test.
    public static func suite(
        _ name: String, prepare: @escaping @Sendable (ConnectionConfiguration) async throws -> Void = { _ in }
    ) async throws -> ConnectionConfiguration {
        try await SuiteDatabases.shared.database(name, prepare: prepare)
    }
}

/// The databases of ``TestDatabase/suite(_:prepare:)``, by suite name.
actor SuiteDatabases {
    static let shared = SuiteDatabases()
    private var databases: [String: Task<ConnectionConfiguration, Error>] = [:]

    func database(_ name: String, prepare: @escaping @Sendable (ConnectionConfiguration) async throws -> Void)
        async throws -> ConnectionConfiguration
    {
        if let existing = databases[name] { return try await existing.value }
        let creating = Task {
            let configuration = try await TestDatabase.fresh(name)
            try await prepare(configuration)
            return configuration
        }
        databases[name] = creating
        return try await creating.value
    }
}

/// Stops the test cluster when the test process exits (Swift Testing has no global tear-down).
enum ClusterReaper {
    private static let registered = Mutex<(LocalCluster, URL)?>(nil)

    static func register(_ cluster: LocalCluster, directory: URL) {
        registered.withLock { $0 = (cluster, directory) }
        atexit {
            guard let (cluster, directory) = ClusterReaper.registered.withLock({ $0 }) else { return }
            try? cluster.stopBlocking()
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
