import ArgumentParser
import EventStore
import Foundation
import Logging
import Postgres
import Schema

/// Writes the register's whole database (events, read models, accounts, profiles, submissions) to one file.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the register's database to one file (pg_dump's custom format), from one moment of it.",
        discussion: """
            Safe while the server runs. `talentledger restore --from FILE --state-dir NEW` reads it back into \
            a state folder holding no register.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file to write; it must not exist yet (a backup is never written over).")
    var out: String

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out names the backup file to write") }
    }

    func run() async throws {
        print(try await output())
    }

    func output() async throws -> String {
        let file = URL(fileURLWithPath: out).standardizedFileURL
        let files = FileManager.default
        guard !files.fileExists(atPath: file.path) else {
            throw CLIFailure("\(out) exists: a backup is never written over; name a new file")
        }
        guard CLIValues.kind(at: file.deletingLastPathComponent().path) == .folder else {
            throw CLIValues.cannotWrite(out)
        }
        // Written beside it and renamed when whole: a backup cut short (a full disk, Ctrl-C) never looks done.
        // Its own name, so that no file of the operator's is taken for it.
        let partial = file.deletingLastPathComponent().appendingPathComponent(
            ".\(file.lastPathComponent).\(UUID().uuidString.prefix(8)).partial"
        ).path
        let logger = database.makeLogger("talentledger.backup")
        let events = try await DatabaseSession.with(database, purpose: .archive, logger: logger) { session in
            let events = try await session.store.eventCount()
            // Ctrl-C while it is written leaves none of it either.
            let onInterrupt = Interruption.onInterrupt { try? FileManager.default.removeItem(atPath: partial) }
            defer { Interruption.remove(onInterrupt) }
            do {
                // It holds personal data: the owner's alone, from its first byte (pg_dump keeps the mode).
                guard files.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw CLIValues.cannotWrite(out)
                }
                logger.info("writing the backup", metadata: ["file": "\(file.path)", "events": "\(events)"])
                try await DatabaseArchive.dump(
                    session.pool.configuration, to: partial, binaries: session.cluster?.binaries)
                try files.moveItem(atPath: partial, toPath: file.path)
            } catch {
                try? files.removeItem(atPath: partial)
                throw CLIFailure("no backup written: \(CLIValues.describe(error))")
            }
            return events
        }
        return "backup \(out): \(CLIValues.count(events, "event")) when it began, \(CLIValues.size(ofFile: file.path))"
    }
}

/// Reads a backup into the embedded cluster of a state folder that holds no register yet.
///
/// The backup is written into a database of its own, made ready there (the cluster's transaction epoch, the
/// schema) and renamed to the register's last: a restore stopped at any step before that (Ctrl-C, a killed
/// process, a failure) leaves the folder without a register, and a second run starts again.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup (from `talentledger backup`) into a state folder that holds no register.",
        discussion: """
            The database is restored in one transaction, the schema brought up to this release, and every \
            stream's hash chain verified. The cluster's transaction ids are set to run past the backup's, as \
            the order in which the read models follow the events needs. Into a server of your own, restore \
            with pg_restore and have its epoch raised (README, Backups).
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @Option(help: "The backup file to restore.") var from: String

    /// The database a restore writes before it becomes the register's (`DatabaseSession.registerDatabase`).
    static let staging = "talentledger_restoring"

    func run() async throws {
        // Said before the chains are verified: a verification stopped halfway leaves the register restored.
        print(try await restore().joined(separator: "\n"))
        let (checked, intact) = try await verification()
        print(checked.joined(separator: "\n"))
        if !intact { throw ExitCode(3) }
    }

    /// What the command prints, and whether the restored log is intact (exit 3 when not).
    func output() async throws -> (lines: [String], intact: Bool) {
        let restored = try await restore()
        let (checked, intact) = try await verification()
        return (restored + checked, intact)
    }

    /// Every stream's hash chain in the restored register, as `verify` walks them.
    func verification() async throws -> (lines: [String], intact: Bool) {
        database.makeLogger("talentledger.restore").info(
            "verifying every hash chain (if this is stopped, `talentledger verify` checks them)")
        var verify = try Verify.parse([])
        verify.database = database
        verify.policy = policy
        return try await verify.output()
    }

    /// Restores the backup, made ready and renamed to the register's: the lines that say so.
    func restore() async throws -> [String] {
        guard database.resolvedURL == nil else {
            throw CLIFailure(
                "restore goes into the embedded cluster of a state folder (--state-dir, with no --database-url or "
                    + "DATABASE_URL); into a server of your own, restore with pg_restore, then raise its transaction "
                    + "epoch as `talentledger migrate` then says")
        }
        let file = URL(fileURLWithPath: from).standardizedFileURL
        guard CLIValues.kind(at: file.path) == .file, FileManager.default.isReadableFile(atPath: file.path) else {
            throw CLIFailure("no backup file \(from) to read")
        }
        let tables: Set<String>
        do {
            tables = try await DatabaseArchive.tables(in: file.path, binaries: try? PostgresBinaries.locate())
        } catch {
            throw CLIFailure("\(from) is not a backup of `talentledger backup`: \(CLIValues.describe(error))")
        }
        guard tables.isSuperset(of: ["events", "streams", "schema_version"]) else {
            throw CLIFailure(
                "\(from) is not a backup of `talentledger backup`: it holds no event store (no events, streams "
                    + "or schema_version table)")
        }
        let logger = database.makeLogger("talentledger.restore")
        let directory = database.resolvedStateDirectory
        Interruption.install()
        let (cluster, epoch) = try await Self.withOwnCluster(in: directory, logger: logger) { cluster in
            try await Self.makeStaging(on: cluster, in: directory)
            do {
                logger.info(
                    "restoring the backup in one transaction",
                    metadata: ["file": "\(file.path)", "size": "\(CLIValues.size(ofFile: file.path))"])
                try await DatabaseArchive.restore(
                    file.path, into: cluster.configuration(database: Self.staging), binaries: cluster.binaries)
            } catch {
                throw CLIFailure("\(from) was not restored, and nothing of it was kept: \(CLIValues.describe(error))")
            }
            let connection = try await Connection.connect(cluster.configuration(database: Self.staging))
            defer { connection.close() }
            do {
                try await EventStore.checkTransactionOrder(on: connection)
                return (cluster, UInt64?.none)
            } catch let ahead as TransactionIDsAhead {
                return (cluster, ahead.epoch)
            }
        }
        if let epoch {
            logger.info("setting the cluster's transaction epoch past the backup's", metadata: ["epoch": "\(epoch)"])
            do {
                try await cluster.raiseTransactionEpoch(to: epoch)
            } catch {
                // What was restored is not the register yet: the folder holds none, and a second run starts again.
                throw CLIFailure(
                    "\(from) was restored but could not be made ready, and the folder holds no register: "
                        + CLIValues.describe(error))
            }
        }
        let status = try await Self.withOwnCluster(in: directory, logger: logger) { cluster in
            let status: Schema.ReadModelStatus
            do {
                let connection = try await Connection.connect(cluster.configuration(database: Self.staging))
                defer { connection.close() }
                try await EventStore.checkTransactionOrder(on: connection)
                // A backup of an older release's schema is brought up to this one's.
                try await Schema.migrate(connection)
                status = try await Schema.readModelStatus(connection)
                // A newer release's backup (its read models derived by a later rule) is that release's to
                // restore: made the register here, every command would refuse it.
                if case .newer(let theirs) = status {
                    throw CLIFailure(
                        "it is a newer release's backup (read models of revision \(theirs), this release derives "
                            + "\(Schema.readModelRevision)): restore it with that release")
                }
                // A dump holds no planner statistics: without them the first job over a province's register
                // planned its statements blind and ran for a minute (over HTTP, past its statement timeout).
                logger.info("gathering the planner's statistics of the restored register")
                try await connection.executeScript("ANALYZE")
            } catch {
                throw CLIFailure(
                    "\(from) was restored but could not be made ready, and nothing of it was kept: "
                        + CLIValues.describe(error))
            }
            // The step that makes it the register.
            let register = DatabaseSession.registerDatabase
            let connection = try await Connection.connect(cluster.configuration())
            defer { connection.close() }
            try await Self.refuseARegister(on: cluster, seenFrom: connection, in: directory)
            try await connection.executeScript("DROP DATABASE IF EXISTS \(register)")
            try await connection.executeScript("ALTER DATABASE \(Self.staging) RENAME TO \(register)")
            return status
        }
        var lines = [
            "restored \(from) into \(directory.path)"
                + (epoch.map { "; transaction ids from now on run past the backup's (epoch \($0))" } ?? "")
        ]
        if status != .current { lines.append(Schema.ReadModelsNotCurrent(status: status).description) }
        return lines
    }

    /// Runs `body` on the state folder's cluster, started for it and stopped after it, refusing one another
    /// process uses (the server, a job): its sessions would see the register change under them. A restore
    /// that fails in `body` leaves nothing of itself: its database is dropped.
    static func withOwnCluster<T: Sendable>(
        in directory: URL, logger: Logger, _ body: (LocalCluster) async throws -> T
    ) async throws -> T {
        let (cluster, cleanup) = try await DatabaseSession.startCluster(in: directory, logger: logger)
        do {
            guard cluster.ownsServer else {
                throw CLIFailure(
                    "the cluster in \(directory.path) is in use by another process: stop it (the server, a job) first")
            }
            let result = try await body(cluster)
            await cluster.stopUnlessInterrupted(cleanup: cleanup, logger: logger)
            return result
        } catch {
            if cluster.ownsServer, !Interruption.happened,
                let connection = try? await Connection.connect(cluster.configuration())
            {
                try? await connection.executeScript("DROP DATABASE IF EXISTS \(staging) WITH (FORCE)")
                connection.close()
            }
            await cluster.stopUnlessInterrupted(cleanup: cleanup, logger: logger)
            throw error
        }
    }

    /// Refuses a folder whose register holds any event, so that nothing is written over; `connection` is
    /// one to the cluster's own database.
    static func refuseARegister(on cluster: LocalCluster, seenFrom connection: Connection, in directory: URL)
        async throws
    {
        let register = DatabaseSession.registerDatabase
        guard try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(register)").count > 0 else {
            return
        }
        let registerConnection = try await Connection.connect(cluster.configuration(database: register))
        defer { registerConnection.close() }
        if let held = try await EventStore.eventsHeld(on: registerConnection), held > 0 {
            throw CLIFailure(
                "the register in \(directory.path) holds \(CLIValues.count(held, "event")): restore into a state "
                    + "folder without a register (a new --state-dir), so that nothing is written over")
        }
    }

    /// The database the backup is written into, made anew (one an earlier restore left, stopped halfway, is
    /// dropped with whatever still writes to it).
    static func makeStaging(on cluster: LocalCluster, in directory: URL) async throws {
        let connection = try await Connection.connect(cluster.configuration())
        defer { connection.close() }
        try await refuseARegister(on: cluster, seenFrom: connection, in: directory)
        try await connection.executeScript("DROP DATABASE IF EXISTS \(staging) WITH (FORCE)")
        try await cluster.createDatabase(staging)
    }
}
