import EventStore
import Foundation
import Postgres

/// Streams the projector set aside (`projection_quarantine`): one of their events could not be applied,
/// so their rows are left as they were while every other stream goes on. The register says so (health
/// turns degraded) until the stream is mended and released.
public enum ProjectionQuarantine {
    /// A stream set aside, with the version and the error that set it aside.
    public struct Entry: Sendable, Hashable, Codable {
        public var streamID: String
        public var version: Int64
        public var error: String
        public var since: Date

        enum CodingKeys: String, CodingKey {
            case streamID = "stream"
            case version, error, since
        }

        public init(streamID: String, version: Int64, error: String, since: Date) {
            self.streamID = streamID
            self.version = version
            self.error = error
            self.since = since
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            streamID = try container.decode(String.self, forKey: .streamID)
            version = try container.decode(Int64.self, forKey: .version)
            error = try container.decode(String.self, forKey: .error)
            let text = try container.decode(String.self, forKey: .since)
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(forKey: .since, in: container, debugDescription: "not ISO 8601")
            }
            since = date
        }

        /// The time as ISO 8601 text, whatever the encoder's date strategy.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(streamID, forKey: .streamID)
            try container.encode(version, forKey: .version)
            try container.encode(error, forKey: .error)
            try container.encode(ISO8601DateFormatter().string(from: since), forKey: .since)
        }
    }

    /// How many streams are set aside. On the store's probe connection: health asks this.
    public static func count(in store: EventStore) async throws -> Int {
        try await store.withProbe { store in
            try await store.connection.query("SELECT count(*) FROM projection_quarantine").first?.decode(
                Int.self, at: 0) ?? 0
        }
    }

    /// Every stream set aside, oldest first (for the operator: `talentledger projections quarantined`).
    public static func entries(in store: EventStore) async throws -> [Entry] {
        try await store.withProbe { store in
            try await store.connection.query(
                "SELECT stream_id, version, error, quarantined_at FROM projection_quarantine ORDER BY quarantined_at, stream_id"
            ).map { row in
                Entry(
                    streamID: try row.decode(at: 0), version: try row.decode(at: 1), error: try row.decode(at: 2),
                    since: try row.decode(at: 3))
            }
        }
    }

    /// Lets a mended stream be projected again (its rows are rewritten by the next rebuild, or by its
    /// next event).
    public static func release(_ streamID: String, in store: EventStore) async throws {
        try await store.withConnection { store in
            _ = try await store.connection.execute("DELETE FROM projection_quarantine WHERE stream_id = \(streamID)")
        }
    }

    /// Takes `streamIDs` out of quarantine in the caller's transaction: their rows were just written
    /// whole (a late-unit job's batch, say).
    public static func clear(_ streamIDs: [String], on connection: Connection) async throws {
        guard !streamIDs.isEmpty else { return }
        try await connection.execute(clearing(streamIDs).query)
    }

    /// The statement that takes `streamIDs` out of quarantine, for a pipeline of the caller's.
    public static func clearing(_ streamIDs: [String]) -> PipelinedStatement {
        PipelinedStatement(
            "DELETE FROM projection_quarantine WHERE stream_id = ANY(\(streamIDs)::text[])", prepared: true)
    }

    /// Which of `streamIDs` are set aside.
    static func quarantined(among streamIDs: [String], on connection: Connection) async throws -> Set<String> {
        guard !streamIDs.isEmpty else { return [] }
        return Set(
            try await connection.query(
                "SELECT stream_id FROM projection_quarantine WHERE stream_id = ANY(\(streamIDs)::text[])"
            ).map { try $0.decode(String.self, at: 0) })
    }

    static func setAside(_ streamID: String, version: Int64, error: any Error, on connection: Connection)
        async throws
    {
        // The description only: a database error's detail (row values) stays out of the table.
        let text = String("\(error)".prefix(2000))
        try await connection.execute(
            """
            INSERT INTO projection_quarantine (stream_id, version, error) VALUES (\(streamID), \(version), \(text))
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, error = excluded.error,
                quarantined_at = now()
            """)
    }

    /// Whether a database error is about the data written (a value a table cannot hold), not about the
    /// connection or the transaction: such an error is one stream's, and trying it alone finds which.
    static func isAboutTheData(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError, error.kind == .server, let state = error.sqlState else {
            return false
        }
        return state.hasPrefix("22") || state.hasPrefix("23") || state.hasPrefix("54")
    }
}
