import Foundation
import Postgres

/// Names and other personal data, kept out of the events (DESIGN "Personal data") in `talent_profiles`,
/// so that they can be corrected or erased while the history stays whole.
public enum TalentProfiles {
    /// Inserts or corrects the names of the given talents, one statement for the whole list.
    public static func upsert(ids: [String], names: [String], on connection: Connection) async throws {
        guard !ids.isEmpty else { return }
        try await connection.execute(
            """
            INSERT INTO talent_profiles (talent_id, name)
            SELECT * FROM unnest(\(ids)::text[], \(names)::text[])
            ON CONFLICT (talent_id) DO UPDATE SET name = excluded.name, updated_at = now()
            """)
    }

    /// Replaces one talent's profile whole: a national id number or phone left out is removed. The fields
    /// that changed are recorded in `talent_profile_changes` in the same statement (none: nothing is): those
    /// given a value as `kept`, those removed as `erased` (an auditor must tell a removal from a correction).
    /// A national id number is one person's: when another talent's profile holds it, nothing is written and
    /// that talent's id is answered (two profiles written at once with one number take turns on a lock).
    public static func replace(
        talent: String, name: String, nationalID: String?, phone: String?, by actor: String,
        on connection: Connection
    ) async throws -> String? {
        guard let nationalID else {
            try await write(talent: talent, name: name, nationalID: nil, phone: phone, by: actor, on: connection)
            return nil
        }
        return try await connection.withTransaction { connection in
            try await connection.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(\("national-id:" + nationalID), 0))")
            let holder = try await connection.query(
                """
                SELECT talent_id FROM talent_profiles
                WHERE national_id = \(nationalID) AND talent_id <> \(talent) ORDER BY talent_id LIMIT 1
                """
            ).first?.decode(String.self, at: 0)
            if holder == nil {
                try await write(
                    talent: talent, name: name, nationalID: nationalID, phone: phone, by: actor, on: connection)
            }
            return holder
        }
    }

    private static func write(
        talent: String, name: String, nationalID: String?, phone: String?, by actor: String,
        on connection: Connection
    ) async throws {
        try await connection.execute(
            """
            WITH before AS (
                SELECT name, national_id, phone FROM talent_profiles WHERE talent_id = \(talent) FOR UPDATE
            ), written AS (
                INSERT INTO talent_profiles (talent_id, name, national_id, phone, updated_by)
                VALUES (\(talent), \(name), \(nationalID), \(phone), \(actor))
                ON CONFLICT (talent_id) DO UPDATE SET name = excluded.name, national_id = excluded.national_id,
                    phone = excluded.phone, updated_by = excluded.updated_by, updated_at = now()
            ), changed AS (
                SELECT array_remove(ARRAY[
                    CASE WHEN b.name IS DISTINCT FROM \(name)::text THEN 'name' END,
                    CASE WHEN \(nationalID)::text IS NOT NULL AND b.national_id IS DISTINCT FROM \(nationalID)::text
                        THEN 'nationalId' END,
                    CASE WHEN \(phone)::text IS NOT NULL AND b.phone IS DISTINCT FROM \(phone)::text THEN 'phone' END],
                    NULL) AS kept,
                    array_remove(ARRAY[
                    CASE WHEN \(nationalID)::text IS NULL AND b.national_id IS NOT NULL THEN 'nationalId' END,
                    CASE WHEN \(phone)::text IS NULL AND b.phone IS NOT NULL THEN 'phone' END], NULL) AS erased
                FROM (SELECT 1) AS one LEFT JOIN before b ON true
            )
            INSERT INTO talent_profile_changes (talent_id, action, fields, changed_by)
            SELECT \(talent), change.action, change.fields, \(actor)
            FROM changed, LATERAL (VALUES (1, 'kept', changed.kept), (2, 'erased', changed.erased))
                AS change(position, action, fields)
            WHERE cardinality(change.fields) > 0
            ORDER BY change.position
            """)
    }

    /// Erases one talent's personal data, recording who did and which fields there were; whether there was
    /// any.
    public static func erase(talent: String, by actor: String, on connection: Connection) async throws -> Bool {
        try await connection.execute(
            """
            WITH erased AS (DELETE FROM talent_profiles WHERE talent_id = \(talent) RETURNING national_id, phone)
            INSERT INTO talent_profile_changes (talent_id, action, fields, changed_by)
            SELECT \(talent), 'erased',
                   array_remove(ARRAY['name', CASE WHEN national_id IS NOT NULL THEN 'nationalId' END,
                                      CASE WHEN phone IS NOT NULL THEN 'phone' END], NULL),
                   \(actor)
            FROM erased
            """) > 0
    }

    /// Who kept or erased the talent's personal data, and when, oldest first: the fields named, never
    /// their values.
    public static func changes(of talent: String, on connection: Connection) async throws -> [ProfileChange] {
        try await connection.query(
            """
            SELECT change_id, talent_id, action, array_to_string(fields, ','), changed_by, changed_at
            FROM talent_profile_changes WHERE talent_id = \(talent) ORDER BY change_id
            """
        ).map(ProfileChange.init(row:))
    }

    /// The last number given to a profile's change (the sequence's: one read): it moves with every change
    /// of personal data, as ``EventStore``'s last position moves with every event.
    public static func lastChangeGiven(on connection: Connection) async throws -> Int64 {
        try await connection.query(
            """
            SELECT coalesce(pg_sequence_last_value(
                pg_get_serial_sequence('talent_profile_changes', 'change_id')::regclass), 0)
            """
        ).first?.decode(Int64.self, at: 0) ?? 0
    }

    /// Every talent's changes after change `after` (from the start when nil), in the order they were made,
    /// `limit` at most: the feed a copy of the register follows to correct and erase what it holds.
    /// `classifiedApart`: the changes of classified talents (T4) are left out, for a caller who sees those
    /// talents in counts only (a change names its talent).
    public static func changes(after: Int64?, limit: Int, classifiedApart: Bool, on connection: Connection)
        async throws -> [ProfileChange]
    {
        try await connection.query(
            """
            SELECT c.change_id, c.talent_id, c.action, array_to_string(c.fields, ','), c.changed_by, c.changed_at
            FROM talent_profile_changes c
            WHERE c.change_id > \(after ?? 0)
              AND NOT (\(classifiedApart) AND EXISTS (
                  SELECT 1 FROM talents t WHERE t.talent_id = c.talent_id AND t.classified))
            ORDER BY c.change_id LIMIT \(limit)
            """
        ).map(ProfileChange.init(row:))
    }
}

/// One change to a talent's personal data (`talent_profile_changes`): who kept or erased which fields,
/// and when.
public struct ProfileChange: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        case kept
        case erased
    }

    /// The change's place among all talents' changes, in the order they were made.
    public var sequence: Int64
    public var talent: String
    public var action: Action
    /// `name`, `nationalId`, `phone`: what changed (kept) or what was there (erased).
    public var fields: [String]
    public var by: String
    public var at: Date

    public init(sequence: Int64, talent: String, action: Action, fields: [String], by: String, at: Date) {
        self.sequence = sequence
        self.talent = talent
        self.action = action
        self.fields = fields
        self.by = by
        self.at = at
    }

    init(row: PostgresRow) throws {
        self.init(
            sequence: try row.decode(Int64.self, at: 0), talent: try row.decode(String.self, at: 1),
            action: Action(rawValue: try row.decode(String.self, at: 2)) ?? .kept,
            fields: try row.decode(String.self, at: 3).split(separator: ",").map(String.init),
            by: try row.decode(String.self, at: 4), at: try row.decode(Date.self, at: 5))
    }
}
