import Postgres

/// The database schema of TalentLedger: `schema.sql` at the top of the repository, compiled in, and the
/// version a database carries of it.
///
/// Applying the schema takes locks that readers queue behind (its triggers are re-created on `events`),
/// so it is applied only when the database's version differs from this binary's, under a bounded lock
/// wait, and never by a command that only reads.
public enum Schema {
    /// The text of `schema.sql`.
    public static var sql: String { embeddedSchemaSQL }

    /// The version of `schema.sql` this binary carries: a hash of its text (FNV-1a, 64 bits, hex).
    public static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }()

    /// How a database stands against this binary's schema.
    public enum Status: Sendable, Equatable {
        /// Never migrated (no version recorded).
        case empty
        /// Carries this binary's version.
        case current
        /// Carries another version (older or newer), named.
        case other(String)
    }

    /// The version the database carries, read without a lock on anything.
    public static func status(_ connection: Connection) async throws -> Status {
        // Two statements: one naming a table that does not exist would fail to plan.
        let exists =
            try await connection.query("SELECT to_regclass('schema_version') IS NOT NULL").first?.decode(
                Bool.self, at: 0) ?? false
        guard exists,
            let recorded = try await connection.query("SELECT version FROM schema_version").first?.decode(
                String.self, at: 0)
        else { return .empty }
        return recorded == version ? .current : .other(recorded)
    }

    /// The schema could not be applied because its locks were not granted in time.
    public struct Busy: Error, CustomStringConvertible {
        public var waited: Duration
        public var description: String {
            "the schema could not be applied: a transaction held the event store's tables for more than \(waited) "
                + "(an import or a long command); nothing was changed: try again when it has finished"
        }
    }

    /// A command that only reads found a database whose schema is not this binary's.
    public struct NotCurrent: Error, CustomStringConvertible {
        public var status: Status
        public var description: String {
            switch status {
            case .empty: "the database has no TalentLedger schema yet: run `talentledger migrate` (or `serve`) first"
            case .current: "the database's schema is current"
            case .other(let other):
                "the database's schema (\(other)) is not this program's (\(version)): run `talentledger migrate` "
                    + "with this program, or use the program that matches the database"
            }
        }
    }

    /// Applies the schema when the database's version is not this binary's, in one transaction, waiting
    /// at most `lockTimeout` for each lock (then ``Busy``, nothing changed). Returns whether it applied.
    /// An advisory lock keeps two starting servers from racing.
    @discardableResult
    public static func migrate(_ connection: Connection, lockTimeout: Duration = .seconds(5)) async throws -> Bool {
        if try await status(connection) == .current { return false }
        let milliseconds =
            lockTimeout.components.seconds * 1000 + lockTimeout.components.attoseconds / 1_000_000_000_000_000
        do {
            try await connection.executeScript(
                """
                BEGIN;
                SET LOCAL lock_timeout = \(milliseconds);
                SELECT pg_advisory_xact_lock(\(migrationLockKey));
                \(sql)
                CREATE TABLE IF NOT EXISTS schema_version (
                    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                    version    text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                INSERT INTO schema_version (version) VALUES ('\(version)')
                    ON CONFLICT (only_row) DO UPDATE SET version = excluded.version, applied_at = now();
                COMMIT;
                """
            )
            return true
        } catch {
            if connection.isHealthy && !connection.isIdle { try? await connection.executeScript("ROLLBACK") }
            if let error = error as? PostgresError, error.sqlState == "55P03" { throw Busy(waited: lockTimeout) }
            throw error
        }
    }

    /// Fails with ``NotCurrent`` unless the database carries this binary's schema.
    public static func requireCurrent(_ connection: Connection) async throws {
        let status = try await status(connection)
        guard status == .current else { throw NotCurrent(status: status) }
    }

    /// An arbitrary constant naming the migration lock.
    static let migrationLockKey = 7_318_240_512
}
