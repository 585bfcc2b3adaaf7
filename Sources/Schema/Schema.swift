import Postgres

/// The database schema of TalentLedger: `schema.sql` at the top of the repository, compiled in.
public enum Schema {
    /// The text of `schema.sql`.
    public static var sql: String { embeddedSchemaSQL }

    /// Applies the schema in one transaction. Every statement of it is idempotent, so applying it to an
    /// up-to-date database changes nothing; an advisory lock keeps two starting servers from racing.
    public static func migrate(_ connection: Connection) async throws {
        do {
            try await connection.executeScript(
                "BEGIN; SELECT pg_advisory_xact_lock(\(migrationLockKey));\n\(sql)\nCOMMIT;"
            )
        } catch {
            if connection.isHealthy && !connection.isIdle { try? await connection.executeScript("ROLLBACK") }
            throw error
        }
    }

    /// An arbitrary constant naming the migration lock.
    static let migrationLockKey = 7_318_240_512
}
