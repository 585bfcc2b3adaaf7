import EventStore
import Foundation
import Logging
import Postgres
import Schema

/// An open database for one run of a command: the given server, or the embedded cluster started for
/// the run and stopped after it.
struct DatabaseSession {
    /// What the run does with the database, which decides whether the schema is applied and how long a
    /// statement may wait.
    enum Purpose {
        /// The server: every statement bounded, so that nothing it runs waits without end.
        case serve
        /// A command that makes a register where the state folder holds none (migrate, demo): applies the
        /// schema when it changed. The server does not: it serves a register that exists.
        case create
        /// A command that writes to a register that exists (an import, accounts, organizations, a rebuild, a
        /// submission): applies the schema when it changed.
        case write
        /// A command that only reads (talent show, verify): never applies the schema, and its sessions
        /// are read-only, so it runs with a read-only role too.
        case read
        /// Reads the register and writes only scratch tables of its own (projections check): never
        /// applies the schema.
        case check
        /// A batch job (the late-unit jobs, run-due): writes to a register that exists, and never applies
        /// the schema.
        case job
        /// A backup: reads a register of any schema, and never applies one, so that the register is backed
        /// up with whichever binary is at hand (an older release's, before an upgrade).
        case archive

        /// Whether the run may create the embedded cluster when the state folder holds none. Only the
        /// commands that make a register do (`migrate`, `demo`): a server, a job from a timer, a read, an
        /// import or an account run in the wrong folder (or with a mistyped `--state-dir`) would otherwise act
        /// on a new, empty register, or make one, and say all is well (a server that answers with no talent
        /// and accepts accounts and facts that the real register never sees).
        var createsRegister: Bool { self == .create }

        /// Server settings for every session of the run. Every purpose bounds a transaction left idle: a
        /// command stopped halfway (Ctrl-Z on a job's batch, say) would otherwise keep its talents' streams
        /// locked and the projector's horizon held back with nothing on the server to end it. The commands'
        /// statements get a bound sized for a province-wide rebuild's or verification's longest statement.
        var settings: [String: String] {
            var settings = [
                "statement_timeout": "\(statementTimeout.components.seconds)s",
                "lock_timeout": [.write, .create, .job].contains(self) ? "10s" : "5s",
                "idle_in_transaction_session_timeout": "60s",
            ]
            if self == .read || self == .archive { settings["default_transaction_read_only"] = "on" }
            return settings
        }

        /// The longest a statement may run: the server ends it then.
        var statementTimeout: Duration { self == .serve ? .seconds(30) : .seconds(30 * 60) }

        /// The longest the run waits for any one answer of the server before it gives the connection up:
        /// the statement's bound and a margin, for a server that stops answering altogether (a frozen host,
        /// a partition), which no bound of the server's ends. A chaos test's frozen database held a
        /// server's requests and its pool for as long as it was frozen.
        var answerDeadline: Duration { statementTimeout + .seconds(15) }

        var migrates: Bool { [.serve, .create, .write].contains(self) }
    }

    let pool: ConnectionPool
    /// One store per session: its announcer coalesces the wake-ups of everything the session appends.
    let store: EventStore
    let cluster: LocalCluster?
    let logger: Logger
    /// The run's cleanup on Ctrl-C (the embedded cluster stopped), while the session is open.
    var onInterrupt: Int?
    /// When opening the session applied the schema (a new register, or another release's schema), the
    /// revision the database recorded before: nil inside for a new register (or one from before revisions
    /// were recorded); nil when it applied none.
    var appliedOverRevision: Int??
    /// Whether opening the session applied the schema.
    var appliedSchema: Bool { appliedOverRevision != nil }

    /// `actsOnReadModels`: the run reads the read models and acts or answers on them (a job, a unit's
    /// submission, an export, a talent shown), so it is refused while another release's derivation of them
    /// stands (``Schema/requireCurrentReadModels(_:)``); a batch job always is.
    static func open(
        _ options: DatabaseOptions, purpose: Purpose, actsOnReadModels: Bool = false, logger: Logger,
        maximumConnections: Int = 16
    ) async throws -> DatabaseSession {
        // A run ends in order on Ctrl-C, the server's too while it starts (its service group has its own
        // shutdown once it runs: ``Interruption/handOver()``).
        Interruption.install()
        let configuration: ConnectionConfiguration
        var cluster: LocalCluster?
        var onInterrupt: Int?
        if let url = options.resolvedURL {
            configuration = try ConnectionConfiguration(url: url)
        } else {
            let directory = options.resolvedStateDirectory
            let version = directory.appendingPathComponent("data/PG_VERSION").path
            guard purpose.createsRegister || FileManager.default.fileExists(atPath: version) else {
                throw CLIFailure(
                    "no register in the state folder \(directory.path): name the server's (--state-dir or "
                        + "TALENTLEDGER_STATE_DIR), or its database (--database-url or DATABASE_URL); a new register "
                        + "is made by `talentledger migrate` (or `talentledger demo`)")
            }
            logger.info("no database URL given: using the embedded cluster", metadata: ["state": "\(directory.path)"])
            let started: LocalCluster
            (started, onInterrupt) = try await startCluster(in: directory, logger: logger)
            cluster = started
            do {
                try await started.createDatabase(Self.registerDatabase)
            } catch {
                try? await started.stop()
                if let onInterrupt { Interruption.remove(onInterrupt) }
                throw error
            }
            configuration = started.configuration(database: Self.registerDatabase)
        }
        let pool = ConnectionPool(
            configuration: configuration.with(settings: purpose.settings, answerDeadline: purpose.answerDeadline),
            maximumConnections: maximumConnections,
            logger: logger)
        var session = DatabaseSession(
            pool: pool, store: EventStore(pool: pool, logger: logger), cluster: cluster, logger: logger)
        session.onInterrupt = onInterrupt
        do {
            try await pool.withConnection { connection in
                // Before anything is applied or read: a database restored this way is refused as it came.
                try await EventStore.checkTransactionOrder(on: connection)
                if purpose.migrates {
                    let before = try await Schema.recordedRevision(connection)
                    if try await Schema.migrate(connection) {
                        session.appliedOverRevision = .some(before)
                        logger.info("schema applied", metadata: ["version": "\(Schema.version)"])
                    }
                } else if purpose != .archive {
                    try await Schema.requireCurrent(connection)
                }
                if actsOnReadModels || purpose == .job { try await Schema.requireCurrentReadModels(connection) }
            }
        } catch let error as TransactionIDsAhead {
            await session.close()
            let remedy =
                if let cluster {
                    "restore the backup into a new state folder with `talentledger restore`, which sets the epoch; "
                        + "or stop every process using \(cluster.directory.path) and run "
                        + "`\(cluster.transactionEpochCommand(error.epoch))`"
                } else {
                    "have the server's administrator stop it and run `pg_resetwal -e \(error.epoch)` on its data "
                        + "folder (transaction ids from then on run past the events'), or restore a physical backup"
                }
            throw CLIFailure("\(error.description). Nothing was done: \(remedy)")
        } catch let error as Schema.ReadModelsNotCurrent {
            await session.close()
            throw CLIFailure(error.description)
        } catch let error as Schema.NotCurrent {
            await session.close()
            throw CLIFailure(error.description)
        } catch let error as Schema.Busy {
            await session.close()
            throw CLIFailure(error.description)
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    /// The register's database in the embedded cluster.
    static let registerDatabase = "talentledger"

    /// Starts the embedded cluster of the state folder `directory` for this run (stopped by Ctrl-C too).
    static func startCluster(in directory: URL, logger: Logger) async throws -> (LocalCluster, cleanup: Int) {
        do {
            return try await LocalCluster.startInterruptibly(in: directory, logger: logger)
        } catch let error as CocoaError {
            throw CLIFailure("cannot use the state folder \(directory.path): \(CLIValues.describe(error))")
        }
    }

    /// Closes the store and the pool and stops the embedded cluster if this run started it.
    func close() async {
        await store.close()
        await pool.close()
        await cluster?.stopUnlessInterrupted(cleanup: onInterrupt, logger: logger)
    }

    /// Runs `body` with the session open and closes it whatever happens.
    static func with<T>(
        _ options: DatabaseOptions, purpose: Purpose, actsOnReadModels: Bool = false, logger: Logger,
        _ body: (DatabaseSession) async throws -> T
    ) async throws -> T {
        let session = try await open(options, purpose: purpose, actsOnReadModels: actsOnReadModels, logger: logger)
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
