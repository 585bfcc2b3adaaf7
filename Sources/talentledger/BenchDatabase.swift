import EventStore
import Foundation
import Logging
import Postgres
import Schema

/// The benchmark's own database, dropped and created afresh on the given server (or the embedded
/// cluster) so that a run never touches real data. Its baseline tables have the shape of `events`
/// without the store's constraints, indexes, triggers or hash chain.
struct BenchDatabase {
    let pool: ConnectionPool
    let server: ConnectionConfiguration
    let name: String
    let cluster: LocalCluster?
    let logger: Logger
    /// The run's cleanup on Ctrl-C (the embedded cluster stopped), while the database is open.
    var onInterrupt: Int?

    /// Baselines: one-row INSERTs, and COPY of the imported rows.
    static let baselineSQL = """
        CREATE TABLE bench_plain_events (LIKE events INCLUDING DEFAULTS INCLUDING IDENTITY);
        ALTER TABLE bench_plain_events ADD PRIMARY KEY (position);
        CREATE TABLE bench_plain_import (LIKE events INCLUDING DEFAULTS INCLUDING IDENTITY);
        ALTER TABLE bench_plain_import ADD PRIMARY KEY (position);
        """

    static func open(_ options: DatabaseOptions, name: String, connections: Int, logger: Logger) async throws
        -> BenchDatabase
    {
        // Ctrl-C during a run stops the cluster the run started, as a command's does (``Interruption``).
        Interruption.install()
        var cluster: LocalCluster?
        var onInterrupt: Int?
        let server: ConnectionConfiguration
        if let url = options.resolvedURL {
            server = try ConnectionConfiguration(url: url)
        } else {
            let started: LocalCluster
            (started, onInterrupt) = try await LocalCluster.startInterruptibly(
                in: options.resolvedStateDirectory, logger: logger)
            cluster = started
            server = started.configuration(database: "postgres")
        }
        do {
            try await recreate(name, on: server, logger: logger)
            let pool = ConnectionPool(
                configuration: server.with(database: name), maximumConnections: connections, logger: logger)
            var database = BenchDatabase(pool: pool, server: server, name: name, cluster: cluster, logger: logger)
            database.onInterrupt = onInterrupt
            do {
                try await pool.withConnection { connection in
                    try await Schema.migrate(connection)
                    try await connection.executeScript(baselineSQL)
                }
            } catch {
                await database.close(drop: false)
                throw error
            }
            return database
        } catch {
            if let cluster { try? await cluster.stop() }
            if let onInterrupt { Interruption.remove(onInterrupt) }
            throw error
        }
    }

    /// Drops and creates the database through the server's maintenance database `postgres`.
    static func recreate(_ name: String, on server: ConnectionConfiguration, logger: Logger) async throws {
        let connection = try await Connection.connect(server.with(database: "postgres"), logger: logger)
        defer { connection.close() }
        // DDL takes no bound values: the name must be a plain identifier.
        let database = try PostgresIdentifier(name, what: "database name").quoted
        try await connection.executeScript("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        try await connection.executeScript("CREATE DATABASE \(database)")
    }

    /// Closes the pool, drops the database unless asked to keep it, and stops the cluster if this run
    /// started it.
    func close(drop: Bool) async {
        await pool.close()
        if drop {
            do {
                let connection = try await Connection.connect(server.with(database: "postgres"), logger: logger)
                defer { connection.close() }
                let database = try PostgresIdentifier(name, what: "database name").quoted
                try await connection.executeScript("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
            } catch {
                logger.warning(
                    "could not drop the benchmark database", metadata: ["database": "\(name)", "error": "\(error)"])
            }
        }
        await cluster?.stopUnlessInterrupted(cleanup: onInterrupt, logger: logger)
    }

    /// The server's version and the settings that weigh on the figures.
    func serverFacts() async throws -> [String: String] {
        try await pool.withConnection { connection in
            var facts: [String: String] = [:]
            let rows = try await connection.query(
                """
                SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'),
                       current_setting('shared_buffers'), current_setting('max_wal_size')
                """)
            if let row = rows.first {
                facts["postgresql"] = try row.decode(String.self, at: 0)
                facts["fsync"] = try row.decode(String.self, at: 1)
                facts["synchronous_commit"] = try row.decode(String.self, at: 2)
                facts["shared_buffers"] = try row.decode(String.self, at: 3)
                facts["max_wal_size"] = try row.decode(String.self, at: 4)
            }
            return facts
        }
    }
}
