import Foundation
import Postgres

extension EventStore {
    /// Appends many streams' events at COPY speed: the rows go to a staging table by COPY and are
    /// appended set-wise by `append_staged`, with the same expected-version checks, the same hash chain
    /// and one command id, in one transaction. Any bad row or conflict writes nothing.
    ///
    /// Unlike ``append(_:commandID:)`` a repeated command id is an error here (``InvalidAppend``), not a
    /// replay: returning every event of a large load would cost as much as the load. A caller that lets a
    /// client retry a load (an evaluation list under its idempotency key) asks what the load recorded with
    /// ``summary(ofCommand:)``, which counts it.
    @discardableResult
    public func appendBulk(_ appends: [StreamAppend], commandID: UUID = .timeOrdered()) async throws -> Int {
        let written = try await pool.withTransaction { connection in
            try await Self.appendBulk(appends, commandID: commandID, on: connection)
        }
        announcer.announce()
        return written
    }

    /// The same on a connection inside the caller's transaction (announce after the commit).
    @discardableResult
    static func appendBulk(_ appends: [StreamAppend], commandID: UUID, on connection: Connection) async throws
        -> Int
    {
        guard !appends.isEmpty else { return 0 }
        try StreamAppend.check(appends)
        var metadataTexts = MetadataTexts()
        let streamRows: [[String?]] = appends.map {
            [$0.streamID, $0.streamType, $0.expected.databaseValue.map { String($0) }]
        }
        var eventRows: [[String?]] = []
        for append in appends {
            for (ordinal, event) in append.events.enumerated() {
                eventRows.append([
                    append.streamID, append.streamType, String(ordinal + 1), event.type, String(event.schemaVersion),
                    String(decoding: event.data, as: UTF8.self), metadataTexts.text(for: event.metadata),
                    event.effectiveDate,
                ])
            }
        }
        try await connection.executeScript(
            """
            CREATE TEMP TABLE IF NOT EXISTS staged_streams (stream_id text, stream_type text, expected bigint) ON COMMIT DROP;
            CREATE TEMP TABLE IF NOT EXISTS staged_events (stream_id text, stream_type text, ordinal integer,
                event_type text, schema_version integer, data jsonb, metadata jsonb, effective_date date) ON COMMIT DROP;
            TRUNCATE staged_streams, staged_events;
            """
        )
        do {
            try await connection.copyFrom("COPY staged_streams FROM STDIN", rows: streamRows)
            try await connection.copyFrom("COPY staged_events FROM STDIN", rows: eventRows)
            return try await connection.query("SELECT append_staged(\(commandID))").first?.decode(Int.self, at: 0) ?? 0
        } catch let error as PostgresError {
            throw error.appendError(for: appends, commandID: commandID)
        }
    }
}
