import Foundation
import Postgres

extension EventStore {
    /// Appends many streams' events at COPY speed: the rows go to a staging table by COPY and are
    /// appended set-wise by `append_staged`, with the same expected-version checks, the same hash chain
    /// and one command id, in one transaction. Any bad row or conflict writes nothing.
    ///
    /// Unlike ``append(_:commandID:)`` a repeated command id is an error here (``InvalidAppend``): bulk
    /// loads are not retried by clients, and returning every event of a large load would cost as much as
    /// the load.
    @discardableResult
    public func appendBulk(_ appends: [StreamAppend], commandID: UUID = UUID()) async throws -> Int {
        let written = try await pool.withTransaction { connection in
            try await Self.appendBulk(appends, commandID: commandID, on: connection)
        }
        announcer.announce()
        return written
    }

    /// The same on a connection inside the caller's transaction (announce after the commit).
    @discardableResult
    public static func appendBulk(_ appends: [StreamAppend], commandID: UUID, on connection: Connection) async throws
        -> Int
    {
        guard !appends.isEmpty else { return 0 }
        var streamRows: [[String?]] = []
        var eventRows: [[String?]] = []
        streamRows.reserveCapacity(appends.count)
        var seen = Set<String>()
        // Events of a load mostly share their metadata: encode each distinct value once.
        var encodedMetadata: [EventMetadata: String] = [:]
        for append in appends {
            guard !append.streamID.isEmpty, !append.streamType.isEmpty, !append.events.isEmpty else {
                throw InvalidAppend(message: "every stream of a bulk append needs an id, a type and events")
            }
            guard seen.insert(append.streamID).inserted else {
                throw InvalidAppend(message: "stream \(append.streamID) appears twice in one bulk append")
            }
            streamRows.append([append.streamID, append.streamType, append.expected.databaseValue.map { String($0) }])
            for (ordinal, event) in append.events.enumerated() {
                guard event.hasValidEffectiveDate else {
                    throw InvalidAppend(
                        message:
                            "effective date '\(event.effectiveDate)' of stream \(append.streamID) is not a calendar day YYYY-MM-DD"
                    )
                }
                guard !event.type.isEmpty, event.schemaVersion > 0, event.data.first == UInt8(ascii: "{") else {
                    throw InvalidAppend(
                        message: "event \(ordinal + 1) of stream \(append.streamID) is not a typed JSON object")
                }
                eventRows.append([
                    append.streamID, append.streamType, String(ordinal + 1), event.type, String(event.schemaVersion),
                    String(decoding: event.data, as: UTF8.self),
                    try encodedMetadata[event.metadata]
                        ?? {
                            let text = String(
                                decoding: try AppendBatch.metadataEncoder.encode(event.metadata), as: UTF8.self)
                            encodedMetadata[event.metadata] = text
                            return text
                        }(),
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
        } catch let error as PostgresError where error.sqlState == "TL409" {
            throw VersionConflict(detail: error.detail, appends: appends) ?? error
        } catch let error as PostgresError where error.sqlState == "TL410" {
            throw InvalidAppend(message: error.message)
        } catch let error as PostgresError where error.sqlState?.hasPrefix("22") == true {
            throw InvalidAppend(message: "invalid event in bulk append: \(error.message)")
        }
    }
}
