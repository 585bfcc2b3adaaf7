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

    /// The schema's revision: raised by one whenever `schema.sql` changes in a release, so that a
    /// program can tell a newer database (which it must not migrate back) from an older one. The hash
    /// (``version``) tells any change; the revision tells its direction.
    public static let revision = 19

    /// The read models' revision: raised by one whenever a release derives other rows from the same events
    /// (a rule read otherwise, in Swift or in `schema.sql`'s functions), so that a database whose rows an
    /// older release derived is rebuilt before anything acts on them. 1: the first release to record it; 2:
    /// the kept state holds the day contact was last restored (X8); 3: the day the talent retired (X1/X2),
    /// which a retirement found untrue is withdrawn from; 4: a submission's row keeps the day of its latest
    /// step (S2), and the kept state the day a rehire took effect (X1); 5: the kept state the tier and unit
    /// of the last evaluation (M2), which its correction names, and the day a talent on the contact list died
    /// (X10), and a talent who lost contact may have an overdue item (X8); 6: the kept state says whether
    /// the medical service is paused with a suspended 吉健卡 (E5, S3); 7: a new evaluation keeps a
    /// retirement and its rehire (M3, X1); 8: the kept state holds every downgrade (G4, D3) and every exit,
    /// which the figures count, and the agreement end of the last evaluation's record (T3), and a downgrade's bar on a
    /// higher tier outlives a new evaluation (C3); 9: a campaign's roster row holds the tier its
    /// work was on, the one its grade was given at (G4, S1), not the one held now, and the kept state the
    /// start of the period the talent came under management with (W1, M3) and the day fraud revoked the
    /// talent's qualification (F1, C3); 10: the kept state holds the day a housing subsidy stopped (C2, C1),
    /// and what it withheld leaves out an instalment paid before that day and recorded after it.
    public static let readModelRevision = 10

    /// How a database's read models stand against this binary's derivation.
    public enum ReadModelStatus: Sendable, Equatable {
        /// Derived as this binary derives them, or nothing derived yet (every read model empty).
        case current
        /// Derived by an older release: the revision recorded, nil for one before revisions were.
        case older(Int?)
        /// Derived by a newer release.
        case newer(Int)
    }

    /// The read models' standing, read without a lock on anything.
    public static func readModelStatus(_ connection: Connection) async throws -> ReadModelStatus {
        let row = try await connection.query(
            """
            SELECT (SELECT revision FROM read_model_derivation), read_models_empty()
            """
        ).first
        let recorded = try row?.decode(Int?.self, at: 0)
        let empty = try row?.decode(Bool.self, at: 1) ?? true
        switch recorded {
        case readModelRevision: return .current
        case let theirs? where theirs > readModelRevision: return .newer(theirs)
        case let theirs: return empty ? .current : .older(theirs)
        }
    }

    /// Records that the live read models are derived as this binary derives them (a rebuild's swap, in
    /// its transaction).
    public static func recordReadModelRevision(_ connection: Connection) async throws {
        try await connection.execute("SELECT record_read_model_derivation(\(readModelRevision)::integer)")
    }

    /// A command that acts on the read models found them derived by another release.
    public struct ReadModelsNotCurrent: Error, CustomStringConvertible {
        public var status: ReadModelStatus
        public init(status: ReadModelStatus) { self.status = status }
        public var description: String {
            switch status {
            case .current: "the read models are current"
            case .older(let theirs):
                "the read models were derived by an older release (\(theirs.map { "revision \($0)" } ?? "before revisions were recorded"), "
                    + "this one derives revision \(readModelRevision)), which may read the rules otherwise: stop the "
                    + "older release's server and timers, then run `talentledger projections rebuild` (or start this "
                    + "release's server, which rebuilds them first)"
            case .newer(let theirs):
                "the read models were derived by a newer release (revision \(theirs), this one derives "
                    + "\(readModelRevision)): use that release"
            }
        }
    }

    /// Fails with ``ReadModelsNotCurrent`` unless the read models are derived as this binary derives them.
    public static func requireCurrentReadModels(_ connection: Connection) async throws {
        let status = try await readModelStatus(connection)
        guard status == .current else { throw ReadModelsNotCurrent(status: status) }
    }

    /// How a database stands against this binary's schema.
    public enum Status: Sendable, Equatable {
        /// Never migrated (no version recorded).
        case empty
        /// Carries this binary's version.
        case current
        /// Carries another version of this revision or an older one, named.
        case other(String)
        /// Was migrated by a newer program (a higher revision): this one must not apply its schema.
        case newer(revision: Int)
    }

    /// The schema revision the database records: nil for an empty database, or one migrated before
    /// revisions were recorded.
    public static func recordedRevision(_ connection: Connection) async throws -> Int? {
        let exists =
            try await connection.query("SELECT to_regclass('schema_version') IS NOT NULL").first?.decode(
                Bool.self, at: 0) ?? false
        guard exists else { return nil }
        return try await connection.query("SELECT (to_jsonb(v) ->> 'revision')::integer FROM schema_version v")
            .first?.decode(Int?.self, at: 0)
    }

    /// The version the database carries, read without a lock on anything.
    public static func status(_ connection: Connection) async throws -> Status {
        // Two statements: one naming a table that does not exist would fail to plan.
        let exists =
            try await connection.query("SELECT to_regclass('schema_version') IS NOT NULL").first?.decode(
                Bool.self, at: 0) ?? false
        guard exists,
            let row = try await connection.query(
                "SELECT version, (to_jsonb(v) ->> 'revision')::integer FROM schema_version v"
            ).first
        else { return .empty }
        let recorded: String = try row.decode(at: 0)
        if let theirs = try row.decode(Int?.self, at: 1), theirs > revision { return .newer(revision: theirs) }
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
        public init(status: Status) { self.status = status }
        public var description: String {
            switch status {
            case .empty: "the database has no TalentLedger schema yet: run `talentledger migrate` (or `serve`) first"
            case .current: "the database's schema is current"
            case .other(let other):
                "the database's schema (\(other)) is not this program's (\(version)): run `talentledger migrate` "
                    + "with this program, or use the program that matches the database"
            case .newer(let theirs):
                "the database was migrated by a newer program (schema revision \(theirs), this one knows \(revision)): "
                    + "use that program"
            }
        }
    }

    /// Applies the schema when the database's version is not this binary's, in one transaction, waiting
    /// at most `lockTimeout` for each lock (then ``Busy``, nothing changed). Returns whether it applied.
    /// An advisory lock keeps two starting servers from racing.
    @discardableResult
    public static func migrate(_ connection: Connection, lockTimeout: Duration = .seconds(5)) async throws -> Bool {
        let status = try await status(connection)
        if status == .current { return false }
        if case .newer = status { throw NotCurrent(status: status) }
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
                    revision   integer NOT NULL DEFAULT 0,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                ALTER TABLE schema_version ADD COLUMN IF NOT EXISTS revision integer NOT NULL DEFAULT 0;
                INSERT INTO schema_version (version, revision) VALUES ('\(version)', \(revision))
                    ON CONFLICT (only_row) DO UPDATE SET version = excluded.version, revision = excluded.revision,
                        applied_at = now();
                -- Nothing derived yet: whatever is derived from here on is this binary's.
                SELECT record_read_model_derivation(\(readModelRevision)) WHERE read_models_empty();
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
