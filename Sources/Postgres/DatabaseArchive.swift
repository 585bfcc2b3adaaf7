import Foundation
import NIOPosix

/// A database's logical backup, written and read by the system's `pg_dump` and `pg_restore` in their
/// custom format (compressed; any later PostgreSQL reads it). `binaries`, when given, are the embedded
/// cluster's: its own version's programs are used, where one found on `PATH` might be older than it.
public enum DatabaseArchive {
    /// Writes the database of `configuration` to `path`, from one snapshot of it (`pg_dump`'s own), so
    /// that a backup taken while the register is in use is still one moment of it. A table locked against
    /// it (a schema change under way) is waited for `lockWait` at most.
    public static func dump(
        _ configuration: ConnectionConfiguration, to path: String, lockWait: Duration = .seconds(30),
        binaries: PostgresBinaries? = nil, threadPool: NIOThreadPool = .forDatabaseCalls
    ) async throws {
        let connection = configuration.programConnection
        try await run(
            "pg_dump",
            [
                "--format=custom", "--no-owner", "--no-privileges",
                "--lock-wait-timeout=\(lockWait.components.seconds)s", "--file=\(path)", connection.conninfo,
            ], password: connection.password, binaries: binaries, threadPool: threadPool)
    }

    /// Restores the archive at `path` into the database of `configuration`, in one transaction: an archive
    /// that fails halfway leaves nothing of it. The database should hold nothing yet.
    public static func restore(
        _ path: String, into configuration: ConnectionConfiguration, binaries: PostgresBinaries? = nil,
        threadPool: NIOThreadPool = .forDatabaseCalls
    ) async throws {
        let connection = configuration.programConnection
        try await run(
            "pg_restore",
            [
                "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                "--dbname=\(connection.conninfo)", path,
            ], password: connection.password, binaries: binaries, threadPool: threadPool)
    }

    /// The tables of schema `public` the archive holds, from its table of contents: fails, saying why, for a
    /// file that is not such an archive (or is cut short at its start).
    public static func tables(
        in path: String, binaries: PostgresBinaries? = nil, threadPool: NIOThreadPool = .forDatabaseCalls
    ) async throws -> Set<String> {
        // An entry reads "216; 1259 16385 TABLE public events owner".
        let contents = try await run(
            "pg_restore", ["--list", path], password: nil, binaries: binaries, threadPool: threadPool)
        return Set(
            contents.split(separator: "\n").compactMap { line -> String? in
                guard !line.hasPrefix(";"), let range = line.range(of: " TABLE public ") else { return nil }
                return line[range.upperBound...].split(separator: " ").first.map(String.init)
            })
    }

    @discardableResult
    static func run(
        _ name: String, _ arguments: [String], password: String?, binaries: PostgresBinaries?,
        threadPool: NIOThreadPool
    ) async throws -> String {
        let program = try binaries?.sibling(name) ?? PostgresBinaries.program(name)
        let outcome = try await threadPool.runIfActive {
            try ProgramRunner.run(program, arguments, environment: password.map { ["PGPASSWORD": $0] } ?? [:])
        }
        guard outcome.status == 0 else {
            // Its own errors only: the context lines after them quote the rows they stopped at (personal data).
            let errors = outcome.output.split(separator: "\n").filter { $0.hasPrefix("\(name): ") }.suffix(4)
            throw PostgresError(.cluster, "\(name) failed (exit \(outcome.status)): \(errors.joined(separator: "\n"))")
        }
        return outcome.output
    }
}
