import EventStore
import Foundation
import Logging
import Postgres
import ReadModels
import Schema
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import talentledger

/// A backup read back into a new state folder is the register it was, and the read models follow what is
/// recorded after it: the restored events carry the transaction ids of the server they were written on, and
/// a new cluster's own ids run past them only once its epoch is raised.
@Suite("Backups of the register and their restore")
struct BackupTests {
    static func stateFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
    }

    /// A register on the shared test cluster whose last event has a transaction id above any a new cluster
    /// starts with (its ids are burnt first when the shared cluster is younger than that); its URL and how
    /// many events it holds.
    static func registerAheadOfANewCluster(_ suite: String) async throws -> (url: String, events: Int) {
        let (configuration, url) = try await OperatorTests.prepared(suite)
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        while try await connection.query("SELECT pg_current_xact_id()::text").first?.decode(String?.self, at: 0)
            .flatMap({ UInt64($0) }) ?? 0 < 5_000
        {}
        let events = try await TestDatabase.withStore(on: configuration) { store, _ in
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            try await register.handle(
                .suspendServices(reason: "S3: late"), for: TalentID("op-1"), on: try Day("2026-04-01"), by: .system)
            return try await store.eventCount()
        }
        return (url, events)
    }

    /// That register backed up into a new folder of its own (the caller removes it): the folder, the backup
    /// file and how many events it holds.
    static func backedUpRegister(_ suite: String) async throws -> (folder: URL, file: String, events: Int) {
        let (url, events) = try await registerAheadOfANewCluster(suite)
        let folder = stateFolder(suite)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("register.dump").path
        _ = try await Backup.parse(["--database-url", url, "--out", file]).output()
        return (folder, file, events)
    }

    @Test(.timeLimit(.minutes(2)))
    func aBackupRestoredIntoANewStateFolderIsTheRegisterAndTheReadModelsFollowWhatComesAfter() async throws {
        let (url, events) = try await Self.registerAheadOfANewCluster("cli_backup")
        let folder = Self.stateFolder("backup")
        let state = folder.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("register.dump").path

        let written = try await Backup.parse(["--database-url", url, "--out", file]).output()
        #expect(written.hasPrefix("backup \(file): \(events) events when it began"))
        // Personal data: the owner's alone.
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A backup is never written over.
        let again = await #expect(throws: CLIFailure.self) {
            try await Backup.parse(["--database-url", url, "--out", file]).output()
        }
        #expect(again?.description.contains("exists") == true)

        let (lines, intact) = try await Restore.parse(["--from", file, "--state-dir", state.path]).output()
        #expect(intact)
        #expect(
            lines.first
                == "restored \(file) into \(state.path); transaction ids from now on run past the backup's (epoch 1)")
        #expect(lines.contains("checked \(events) events in 2 streams"))
        #expect(lines.last == "intact")

        // The restored register takes a command, and the gap-safe order puts it after every restored event.
        let options = try DatabaseOptions.parse(["--state-dir", state.path])
        try await DatabaseSession.with(options, purpose: .write, logger: Logger(label: "test")) { session in
            // The planner's statistics were gathered: a dump holds none, and the first job planned blind.
            let analyzed = try await session.store.withConnection { store in
                try await store.connection.query(
                    "SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = 'events'"
                ).first?.decode(Int.self, at: 0)
            }
            #expect((analyzed ?? 0) > 0)
            let register = TalentRegister(store: session.store, policy: try PolicyDirectory.load())
            let restored = try await session.store.readAll(after: .start, limit: 1_000)
            #expect(restored.count == events)
            let outcome = try await register.handle(
                .restoreServices(reason: "S4: made up"), for: TalentID("op-1"), on: try Day("2026-05-20"),
                by: .system)
            let all = try await session.store.readAll(after: .start, limit: 1_000)
            #expect(all.count == events + outcome.events.count)
            #expect(all.suffix(outcome.events.count).map(\.version) == outcome.events.map(\.version))
            // A subscription that had followed the register to its last restored event (the read models'
            // checkpoint in the backup) is given exactly the new events.
            let lastRestored = try #require(restored.last)
            let following = try await session.store.readAll(
                after: Checkpoint(transactionID: lastRestored.transactionID, position: lastRestored.position),
                limit: 1_000)
            #expect(following.map(\.position) == all.suffix(outcome.events.count).map(\.position))
            #expect(!following.isEmpty)
        }
    }

    /// Into a folder that holds a register, a restore is refused and the register stays as it was; a file
    /// that is no backup of a register is refused before any cluster is made; what a restore stopped halfway
    /// left is restored again.
    /// A newer release's backup (its read models derived by a later rule) is refused before it becomes the
    /// register, which every command of this release would then refuse (an upgrade tester found an older
    /// binary restoring a newer backup and then unable to use it).
    @Test(.timeLimit(.minutes(2)))
    func aNewerReleasesBackupIsRefusedBeforeItBecomesTheRegister() async throws {
        let (configuration, url) = try await OperatorTests.prepared("cli_backup_newer")
        let connection = try await Connection.connect(configuration)
        try await connection.execute("UPDATE read_model_derivation SET revision = \(Schema.readModelRevision + 1)")
        connection.close()
        let folder = Self.stateFolder("backup-newer")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("newer.dump").path
        _ = try await Backup.parse(["--database-url", url, "--out", file]).output()
        let state = folder.appendingPathComponent("state")
        let refused = await #expect(throws: CLIFailure.self) {
            try await Restore.parse(["--from", file, "--state-dir", state.path]).output()
        }
        #expect(refused?.description.contains("nothing of it was kept: it is a newer release's backup") == true)
        let none = await #expect(throws: CLIFailure.self) {
            try await Verify.parse(["--state-dir", state.path]).output()
        }
        #expect(none != nil, "the folder holds no register")
    }

    @Test(.timeLimit(.minutes(2)))
    func aRestoreNeverWritesOverARegisterAndReadsOnlyABackup() async throws {
        let (folder, file, events) = try await Self.backedUpRegister("cli_backup_refused")
        defer { try? FileManager.default.removeItem(at: folder) }

        let text = folder.appendingPathComponent("notes.txt").path
        try "not a backup".write(toFile: text, atomically: true, encoding: .utf8)
        let empty = folder.appendingPathComponent("empty")
        let notABackup = await #expect(throws: CLIFailure.self) {
            try await Restore.parse(["--from", text, "--state-dir", empty.path]).output()
        }
        #expect(notABackup?.description.hasPrefix("\(text) is not a backup of `talentledger backup`") == true)
        #expect(!FileManager.default.fileExists(atPath: empty.path), "no cluster made")

        // A custom-format dump of another database is no backup of a register.
        let other = try await TestDatabase.fresh("cli_backup_other", migrate: false)
        let otherConnection = try await Connection.connect(other)
        try await otherConnection.execute("CREATE TABLE invoices (id integer)")
        otherConnection.close()
        let otherFile = folder.appendingPathComponent("other.dump").path
        try await DatabaseArchive.dump(other, to: otherFile)
        let notARegister = await #expect(throws: CLIFailure.self) {
            try await Restore.parse(["--from", otherFile, "--state-dir", empty.path]).output()
        }
        #expect(notARegister?.description.contains("it holds no event store") == true)
        #expect(!FileManager.default.fileExists(atPath: empty.path), "no cluster made")

        // What a restore stopped halfway left (its own database, written whole, never the register) is done
        // again.
        let state = folder.appendingPathComponent("state")
        let cluster = try await LocalCluster.start(in: state)
        try await cluster.createDatabase(Restore.staging)
        try await DatabaseArchive.restore(file, into: cluster.configuration(database: Restore.staging))
        try await cluster.stop()
        let (_, restored) = try await Restore.parse(["--from", file, "--state-dir", state.path]).output()
        #expect(restored)
        let refused = await #expect(throws: CLIFailure.self) {
            try await Restore.parse(["--from", file, "--state-dir", state.path]).output()
        }
        #expect(refused?.description.contains("holds \(events) events") == true)
        let (checked, intact) = try await Verify.parse(["--state-dir", state.path]).output()
        #expect(intact)
        #expect(checked.first == "checked \(events) events in 2 streams")
    }

    /// A database restored from a logical dump by other means, its events' transaction ids ahead of the
    /// new server's, is refused by every command before anything is applied, with the epoch that mends it.
    @Test(.timeLimit(.minutes(2)))
    func aRegisterRestoredWithoutItsEpochIsRefusedSayingHowToMendIt() async throws {
        let (folder, file, _) = try await Self.backedUpRegister("cli_backup_epoch")
        defer { try? FileManager.default.removeItem(at: folder) }

        let state = folder.appendingPathComponent("state")
        let cluster = try await LocalCluster.start(in: state)
        do {
            let register = DatabaseSession.registerDatabase
            try await cluster.createDatabase(register)
            try await DatabaseArchive.restore(file, into: cluster.configuration(database: register))
            let connection = try await Connection.connect(cluster.configuration(database: register))
            defer { connection.close() }
            let ahead = await #expect(throws: TransactionIDsAhead.self) {
                try await EventStore.checkTransactionOrder(on: connection)
            }
            #expect(ahead?.epoch == 1)
        } catch {
            try await cluster.stop()
            throw error
        }
        try await cluster.stop()
        let refused = await #expect(throws: CLIFailure.self) {
            try await Migrate.parse(["--state-dir", state.path]).run()
        }
        // The command as it is run here: the program's whole path, as the cluster's user when this is root.
        #expect(
            refused?.description.contains("/pg_resetwal -e 1 \(state.appendingPathComponent("data").path)`") == true)
        await #expect(throws: CLIFailure.self) {
            _ = try await Verify.parse(["--state-dir", state.path]).output()
        }
    }
}
