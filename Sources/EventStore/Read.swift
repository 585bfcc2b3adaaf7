import Foundation
import Postgres

extension EventStore {
    /// The columns `RecordedEvent(row:)` reads. Some are converted to text under their own names: an
    /// ORDER BY must name those as `events.<column>` or it sorts the text.
    static let eventColumnList: StaticString = """
        position, stream_id, stream_type, version, event_type, schema_version, data, metadata,
        to_char(effective_date, 'YYYY-MM-DD') AS effective_date, recorded_at, transaction_id::text AS transaction_id,
        command_id, hash
        """

    /// The gap-safe horizon: the oldest transaction of this database still running when the statement
    /// began, or the first transaction id not yet given out when none is. An event below it belongs to a
    /// transaction that has ended, so nothing committed later can sort before it.
    ///
    /// Transaction ids are the cluster's, not the database's: the snapshot's own `xmin` would let a
    /// transaction in another database of the cluster (a second register, another application) hold
    /// this one's subscriptions back for as long as it stays open. A running id is passed over only when
    /// the server names it as another database's; one it cannot place (ended since, prepared for a
    /// two-phase commit, a session the role may not see) still holds the horizon.
    static let gapSafeHorizon: StaticString = """
        (SELECT coalesce(
            (SELECT min(running) FROM pg_snapshot_xip(pg_current_snapshot()) AS running
             WHERE NOT EXISTS (
                SELECT 1 FROM pg_stat_activity AS session
                WHERE session.backend_xid = running::xid
                  AND session.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()))),
            pg_snapshot_xmax(pg_current_snapshot())))
        """

    /// Reads one stream in version order.
    ///
    /// - Parameters:
    ///   - from: the first version to read.
    ///   - upToVersion: the last version to read.
    ///   - effectiveOnOrBefore: only facts that took effect on or before this date (`YYYY-MM-DD`).
    ///   - recordedOnOrBefore: only facts the store knew at that time (as-known-at reads).
    public func readStream(
        _ streamID: String,
        from: Int64 = 1,
        upToVersion: Int64? = nil,
        effectiveOnOrBefore: String? = nil,
        recordedOnOrBefore: Date? = nil
    ) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await Self.readStream(
                streamID, from: from, upToVersion: upToVersion, effectiveOnOrBefore: effectiveOnOrBefore,
                recordedOnOrBefore: recordedOnOrBefore, on: connection
            )
        }
    }

    static func readStream(
        _ streamID: String,
        from: Int64 = 1,
        upToVersion: Int64? = nil,
        effectiveOnOrBefore: String? = nil,
        recordedOnOrBefore: Date? = nil,
        on connection: Connection
    ) async throws -> [RecordedEvent] {
        let query = streamQuery(
            streamID, from: from, upToVersion: upToVersion, effectiveOnOrBefore: effectiveOnOrBefore,
            recordedOnOrBefore: recordedOnOrBefore)
        // Every talent read and replay asks this by stream id: its plan is kept (see `prepared`).
        return try await mappingDateErrors { try await connection.query(query, prepared: true) }
            .map(RecordedEvent.init(row:))
    }

    /// Runs a stream read, answering a date the server cannot read as bad input, not a server failure.
    static func mappingDateErrors<T>(_ read: () async throws -> T) async throws -> T {
        do {
            return try await read()
        } catch let error as PostgresError where error.sqlState == "22007" || error.sqlState == "22008" {
            throw InvalidAppend(message: "invalid date in a stream read: \(error.message)")
        }
    }

    /// Several streams whole, ordered by stream and version (see `StoreConnection.readStreams`).
    static func streamsQuery(_ streamIDs: [String]) -> PostgresQuery {
        """
        SELECT \(sql: eventColumnList) FROM events
        WHERE stream_id = ANY(\(streamIDs)::text[]) ORDER BY stream_id, events.version
        """
    }

    /// Streams' versions, from their heads: a row of stream id and version for each that exists (see
    /// `StoreConnection.versions(of:lockingForShare:)`).
    static func versionsQuery(_ streamIDs: [String]) -> PostgresQuery {
        "SELECT stream_id, version FROM streams WHERE stream_id = ANY(\(streamIDs)::text[])"
    }

    /// Where streams stand (see `StoreConnection.streamHeads`): each stream's events are looked at through
    /// the streams' index, their documents not sent.
    static func streamHeadsQuery(_ streamIDs: [String], steps: [String]) -> PostgresQuery {
        """
        SELECT b.stream_id, s.version, s.last_day::text, s.first_of_step
        FROM unnest(\(streamIDs)::text[], \(steps)::text[]) AS b(stream_id, step)
        CROSS JOIN LATERAL (
            SELECT max(e.version) AS version, max(e.effective_date) AS last_day,
                min(e.version) FILTER (WHERE e.command_id = b.step::uuid
                                          OR e.metadata ->> 'correlationID' = b.step) AS first_of_step
            FROM events e WHERE e.stream_id = b.stream_id) s
        WHERE s.version IS NOT NULL
        """
    }

    /// The statement that reads one stream (see ``readStream(_:from:upToVersion:effectiveOnOrBefore:recordedOnOrBefore:)``).
    static func streamQuery(
        _ streamID: String, from: Int64 = 1, upToVersion: Int64? = nil, effectiveOnOrBefore: String? = nil,
        recordedOnOrBefore: Date? = nil
    ) -> PostgresQuery {
        """
        SELECT \(sql: eventColumnList) FROM events
        WHERE stream_id = \(streamID) AND version >= \(from)
          AND (\(upToVersion)::bigint IS NULL OR version <= \(upToVersion)::bigint)
          AND (\(effectiveOnOrBefore)::date IS NULL OR effective_date <= \(effectiveOnOrBefore)::date)
          AND (\(recordedOnOrBefore)::timestamptz IS NULL OR recorded_at <= \(recordedOnOrBefore)::timestamptz)
        ORDER BY version
        """
    }

    /// Reads the next events after `checkpoint` in the gap-safe global order.
    ///
    /// Only events of transactions older than every transaction still running are returned, ordered by
    /// (transaction id, position): a transaction that commits late has a smaller id than the readers that
    /// already moved on, so it is held back until it is done and then delivered, never skipped.
    public func readAll(after checkpoint: Checkpoint = .start, limit: Int = 1000) async throws -> [RecordedEvent] {
        try await pool.withConnection { connection in
            try await Self.readAll(after: checkpoint, limit: limit, on: connection)
        }
    }

    static func readAll(after checkpoint: Checkpoint, limit: Int, on connection: Connection) async throws
        -> [RecordedEvent]
    {
        let query: PostgresQuery = """
            SELECT \(sql: eventColumnList) FROM events
            WHERE (transaction_id, position) > (\(String(checkpoint.transactionID))::xid8, \(checkpoint.position))
              AND transaction_id < \(sql: gapSafeHorizon)
            ORDER BY events.transaction_id, events.position
            LIMIT \(max(1, limit))
            """
        return try await connection.query(query).map(RecordedEvent.init(row:))
    }
}

extension RecordedEvent {
    init(row: PostgresRow) throws {
        let metadata = try row.decode(PostgresJSON.self, at: 7)
        self.init(
            position: try row.decode(at: 0),
            streamID: try row.decode(at: 1),
            streamType: try row.decode(at: 2),
            version: try row.decode(at: 3),
            type: try row.decode(at: 4),
            schemaVersion: try row.decode(at: 5),
            data: Data(try row.decode(String.self, at: 6).utf8),
            metadataJSON: Data(metadata.text.utf8),
            effectiveDate: try row.decode(at: 8),
            recordedAt: try row.decode(at: 9),
            transactionID: try row.decode(at: 10),
            commandID: try row.decode(at: 11),
            hash: try row.decode(at: 12)
        )
    }
}

extension EventStore {
    /// The events an earlier append with `commandID` recorded (empty if none did). They are found through
    /// the transaction of the command's opening event (`events_command_opening`), which leads the events' key.
    static func events(ofCommand commandID: UUID, on connection: Connection) async throws -> [RecordedEvent] {
        try await connection.query(eventsOfCommandQuery(commandID)).map(RecordedEvent.init(row:))
    }

    /// What an earlier append with `commandID` recorded, counted rather than read (a bulk append's load
    /// may be tens of thousands of events): its events, its streams, and the request digest of its first
    /// event's metadata; nil if none did.
    public func summary(ofCommand commandID: UUID) async throws -> CommandSummary? {
        try await withConnection { connection in
            let row = try await connection.connection.query(
                """
                SELECT count(*), count(DISTINCT stream_id), (array_agg(metadata ->> 'requestDigest' ORDER BY position))[1]
                FROM events
                WHERE events.transaction_id = (
                        SELECT o.transaction_id FROM events o WHERE o.command_id = \(commandID) AND o.opens_append)
                  AND events.command_id = \(commandID)
                """
            ).first
            guard let row, let events = try row.decode(Int?.self, at: 0), events > 0 else { return nil }
            return CommandSummary(
                events: events, streams: try row.decode(Int.self, at: 1),
                requestDigest: try row.decode(String?.self, at: 2))
        }
    }

    static func eventsOfCommandQuery(_ commandID: UUID) -> PostgresQuery {
        """
        SELECT \(sql: eventColumnList) FROM events
        WHERE events.transaction_id = (
                SELECT o.transaction_id FROM events o WHERE o.command_id = \(commandID) AND o.opens_append)
          AND events.command_id = \(commandID)
        ORDER BY events.position
        """
    }
}

/// What one append recorded, counted (``EventStore/summary(ofCommand:)``).
public struct CommandSummary: Sendable, Hashable {
    public var events: Int
    public var streams: Int
    /// The digest of the request that made the append, when its caller gave one (an idempotency key's).
    public var requestDigest: String?
}
