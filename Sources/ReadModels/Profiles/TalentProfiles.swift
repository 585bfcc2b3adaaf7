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

    /// Replaces one talent's profile whole: a national id number or phone left out is removed.
    public static func replace(
        talent: String, name: String, nationalID: String?, phone: String?, by actor: String,
        on connection: Connection
    ) async throws {
        try await connection.execute(
            """
            INSERT INTO talent_profiles (talent_id, name, national_id, phone, updated_by)
            VALUES (\(talent), \(name), \(nationalID), \(phone), \(actor))
            ON CONFLICT (talent_id) DO UPDATE SET name = excluded.name, national_id = excluded.national_id,
                phone = excluded.phone, updated_by = excluded.updated_by, updated_at = now()
            """)
    }

    /// Erases one talent's personal data; whether there was any.
    public static func erase(talent: String, on connection: Connection) async throws -> Bool {
        try await connection.execute("DELETE FROM talent_profiles WHERE talent_id = \(talent)") > 0
    }
}
