import EventStore
import Foundation
import Logging
import Postgres
import Schema

/// An open database for one run of a command: the given server, or the embedded cluster started for
/// the run and stopped after it, migrated either way.
struct DatabaseSession {
    let pool: ConnectionPool
    /// One store per session: its announcer coalesces the wake-ups of everything the session appends.
    let store: EventStore
    let cluster: LocalCluster?
    let logger: Logger

    static func open(_ options: DatabaseOptions, logger: Logger, maximumConnections: Int = 16) async throws
        -> DatabaseSession
    {
        let configuration: ConnectionConfiguration
        var cluster: LocalCluster?
        if let url = options.resolvedURL {
            configuration = try ConnectionConfiguration(url: url)
        } else {
            let directory = options.resolvedStateDirectory
            logger.info("no database URL given: using the embedded cluster", metadata: ["state": "\(directory.path)"])
            let started: LocalCluster
            do {
                started = try await LocalCluster.start(in: directory, logger: logger)
            } catch let error as CocoaError {
                throw CLIFailure("cannot use the state folder \(directory.path): \(CLIValues.describe(error))")
            }
            cluster = started
            do {
                try await started.createDatabase("talentledger")
            } catch {
                try? await started.stop()
                throw error
            }
            configuration = started.configuration(database: "talentledger")
        }
        let pool = ConnectionPool(configuration: configuration, maximumConnections: maximumConnections, logger: logger)
        let session = DatabaseSession(
            pool: pool, store: EventStore(pool: pool, logger: logger), cluster: cluster, logger: logger)
        do {
            try await pool.withConnection { connection in try await Schema.migrate(connection) }
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    /// Closes the store and the pool and stops the embedded cluster if this run started it.
    func close() async {
        await store.close()
        await pool.close()
        if let cluster {
            do {
                try await cluster.stop()
            } catch {
                logger.error("could not stop the embedded PostgreSQL cluster", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs `body` with the session open and closes it whatever happens.
    static func with<T>(_ options: DatabaseOptions, logger: Logger, _ body: (DatabaseSession) async throws -> T)
        async throws -> T
    {
        let session = try await open(options, logger: logger)
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }
}
