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
        let partial = file.path + ".partial"
        let logger = database.makeLogger("talentledger.backup")
        let events = try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
            let events = try await session.store.eventCount()
            do {
                // It holds personal data: the owner's alone, from its first byte (pg_dump keeps the mode).
                try? files.removeItem(atPath: partial)
                guard files.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw CLIValues.cannotWrite(out)
                }
                logger.info("writing the backup", metadata: ["file": "\(file.path)", "events": "\(events)"])
                try await DatabaseArchive.dump(session.pool.configuration, to: partial)
                try files.moveItem(atPath: partial, toPath: file.path)
            } catch {
                try? files.removeItem(atPath: partial)
                throw CLIFailure("no backup written: \(CLIValues.describe(error))")
            }
            return events
        }
        let size = (try? files.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        return "backup \(out): \(CLIValues.count(events, "event")) when it began, \(CLIValues.bytes(size))"
    }
}

/// Reads a backup into the embedded cluster of a state folder that holds no register yet.
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

    func run() async throws {
        let (lines, intact) = try await output()
        print(lines.joined(separator: "\n"))
        if !intact { throw ExitCode(3) }
    }

    func output() async throws -> (lines: [String], intact: Bool) {
        guard database.resolvedURL == nil else {
            throw CLIFailure(
                "restore goes into the embedded cluster of a state folder (--state-dir, with no --database-url or "
                    + "DATABASE_URL); into a server of your own, restore with pg_restore, then raise its transaction "
                    + "epoch as `talentledger migrate` then says")
        }
        let file = URL(fileURLWithPath: from).standardizedFileURL
        guard FileManager.default.isReadableFile(atPath: file.path) else {
            throw CLIFailure("no backup file \(from) to read")
        }
        do {
            try await DatabaseArchive.check(file.path)
        } catch {
            throw CLIFailure("\(from) is not a backup of `talentledger backup`: \(CLIValues.describe(error))")
        }
        let logger = database.makeLogger("talentledger.restore")
        let directory = database.resolvedStateDirectory
        Interruption.install()
        let (cluster, cleanup) = try await LocalCluster.startInterruptibly(in: directory, logger: logger)
        var epoch: UInt64?
        do {
            guard cluster.ownsServer else {
                throw CLIFailure(
                    "the cluster in \(directory.path) is in use by another process: stop it (the server, a job) first")
            }
            try await Self.emptyDatabase(on: cluster, in: directory)
            do {
                let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                logger.info(
                    "restoring the backup in one transaction",
                    metadata: ["file": "\(file.path)", "size": "\(CLIValues.bytes(size))"])
                try await DatabaseArchive.restore(file.path, into: cluster.configuration(database: Self.database))
            } catch {
                throw CLIFailure("\(from) was not restored, and nothing of it was kept: \(CLIValues.describe(error))")
            }
            let connection = try await Connection.connect(cluster.configuration(database: Self.database))
            defer { connection.close() }
            do {
                try await EventStore.checkTransactionOrder(on: connection)
            } catch let ahead as TransactionIDsAhead {
                epoch = ahead.epoch
            }
        } catch {
            await cluster.stopUnlessInterrupted(cleanup: cleanup, logger: logger)
            throw error
        }
        await cluster.stopUnlessInterrupted(cleanup: cleanup, logger: logger)
        let status: Schema.ReadModelStatus
        do {
            if let epoch {
                logger.info(
                    "setting the cluster's transaction epoch past the backup's", metadata: ["epoch": "\(epoch)"])
                try await cluster.raiseTransactionEpoch(to: epoch)
            }
            // Opened for writing: a backup of an older release's schema is brought up to this one's.
            status = try await DatabaseSession.with(database, purpose: .write, logger: logger) { session in
                try await session.pool.withConnection { try await Schema.readModelStatus($0) }
            }
        } catch {
            // Nothing half-done stays: the folder holds no register again, as before the restore.
            try? await Self.discard(in: directory, logger: logger)
            throw CLIFailure(
                "\(from) was restored but could not be made ready, and was removed again: \(CLIValues.describe(error))")
        }
        var lines = [
            "restored \(from) into \(directory.path)"
                + (epoch.map { "; transaction ids from now on run past the backup's (epoch \($0))" } ?? "")
        ]
        if status != .current { lines.append(Schema.ReadModelsNotCurrent(status: status).description) }
        var verify = try Verify.parse([])
        verify.database = database
        verify.policy = policy
        let (checked, intact) = try await verify.output()
        return (lines + checked, intact)
    }

    /// The register's database in the embedded cluster.
    static let database = "talentledger"

    /// Drops the register's database of a restore that failed after it was written.
    static func discard(in directory: URL, logger: Logger) async throws {
        let (cluster, cleanup) = try await LocalCluster.startInterruptibly(in: directory, logger: logger)
        do {
            let connection = try await Connection.connect(cluster.configuration())
            defer { connection.close() }
            try await connection.executeScript("DROP DATABASE IF EXISTS \(database)")
        } catch {
            await cluster.stopUnlessInterrupted(cleanup: cleanup, logger: logger)
            throw error
        }
        await cluster.stopUnlessInterrupted(cleanup: cleanup, logger: logger)
    }

    /// Makes the register's database anew when it holds no event (a state folder just made, or one whose
    /// database was only created); refuses when it holds any, so that nothing is written over.
    static func emptyDatabase(on cluster: LocalCluster, in directory: URL) async throws {
        let connection = try await Connection.connect(cluster.configuration())
        defer { connection.close() }
        let exists = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(database)").count > 0
        if exists {
            let held = try await {
                let register = try await Connection.connect(cluster.configuration(database: database))
                defer { register.close() }
                return try await EventStore.eventsHeld(on: register)
            }()
            if let held, held > 0 {
                throw CLIFailure(
                    "the register in \(directory.path) holds \(CLIValues.count(held, "event")): restore into a state "
                        + "folder without a register (a new --state-dir), so that nothing is written over")
            }
            try await connection.executeScript("DROP DATABASE \(database)")
        }
        try await cluster.createDatabase(database)
    }
}
