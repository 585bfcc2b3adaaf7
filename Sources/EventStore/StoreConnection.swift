import Foundation
import Logging
import Postgres

/// A connection leased from the store: the store's reads and appends on it, and the caller's statements
/// on its own tables (a projection's rows) through ``connection``, commit or roll back together when it
/// was opened by ``EventStore/withTransaction(isolation:logger:_:)``.
///
/// Every statement on `events` and `streams` is the store's: callers ask through these methods and
/// never name the tables themselves.
public struct StoreConnection: Sendable {
    /// For the caller's own tables only.
    public let connection: Connection

    init(_ connection: Connection) {
        self.connection = connection
    }

    /// Reads one stream in version order (see ``EventStore/readStream(_:from:upToVersion:effectiveOnOrBefore:recordedOnOrBefore:)``).
    public func readStream(
        _ streamID: String, from: Int64 = 1, upToVersion: Int64? = nil, effectiveOnOrBefore: String? = nil,
        recordedOnOrBefore: Date? = nil
    ) async throws -> [RecordedEvent] {
        try await EventStore.readStream(
            streamID, from: from, upToVersion: upToVersion, effectiveOnOrBefore: effectiveOnOrBefore,
            recordedOnOrBefore: recordedOnOrBefore, on: connection)
    }

    /// A stream's version (nil when it has no events), the events an earlier append with `commandID`
    /// recorded (empty if none did) and the rows of a statement of the caller's, in one round trip: what a
    /// command reads when the talent's row keeps the state it decides on, so that nothing of the stream is
    /// read but its head, whose cost does not grow with the history.
    public func streamVersion(
        _ streamID: String, withEventsOfCommand commandID: UUID, alongside statement: PipelinedStatement
    ) async throws -> (version: Int64?, ofCommand: [RecordedEvent], rows: PostgresRows) {
        let answers = try await pipelineReadingEvents([
            PipelinedStatement(EventStore.eventsOfCommandQuery(commandID), prepared: true), statement,
            PipelinedStatement(EventStore.versionsQuery([streamID]), prepared: true),
        ])
        let version = try answers[2].first.map { try $0.decode(Int64.self, at: 1) }.flatMap { $0 > 0 ? $0 : nil }
        return (version, try answers[0].map(RecordedEvent.init(row:)), answers[1])
    }

    /// Where each of `streams` stands (its version, the last business day of its events, and the first
    /// version of an event recorded under its `step`: the command id or the correlation id of one step of
    /// a batch job), leaving out streams with no events, and the rows of a statement of the caller's, in one
    /// round trip: what a batch reads when the talents' rows keep the states it decides on, so that the
    /// streams' events need not be read.
    public func streamHeads(
        _ streams: [(id: String, step: UUID)], alongside statement: PipelinedStatement
    ) async throws -> (heads: [String: StreamHead], rows: PostgresRows) {
        let answers = try await pipelineReadingEvents([
            statement,
            PipelinedStatement(
                EventStore.streamHeadsQuery(streams.map(\.id), steps: streams.map { $0.step.uuidString.lowercased() }),
                prepared: true),
        ])
        var heads: [String: StreamHead] = [:]
        for row in answers[1] {
            heads[try row.decode(String.self, at: 0)] = StreamHead(
                version: try row.decode(Int64.self, at: 1), lastDay: try row.decode(String.self, at: 2),
                firstOfStep: try row.decode(Int64?.self, at: 3))
        }
        return (heads, answers[0])
    }

    /// Statements in one round trip, some of them reads of events, whose dates map as the store's reads do.
    private func pipelineReadingEvents(_ statements: [PipelinedStatement]) async throws -> [PostgresRows] {
        try await EventStore.mappingDateErrors { try await connection.pipeline(statements) }
    }

    /// Whether this session's role may read and append events: `SELECT` and `INSERT` of the events, and
    /// `SELECT`, `INSERT` and `UPDATE` of the streams' heads (a server's role that lacks them reads well and
    /// fails every command).
    public func mayAppend() async throws -> Bool {
        try await connection.query(
            """
            SELECT has_table_privilege('events', 'SELECT') AND has_table_privilege('events', 'INSERT')
               AND has_table_privilege('streams', 'SELECT') AND has_table_privilege('streams', 'INSERT')
               AND has_table_privilege('streams', 'UPDATE')
            """
        ).first?.decode(Bool.self, at: 0) ?? false
    }

    /// Several streams whole, ordered by stream and version.
    public func readStreams(_ streamIDs: [String]) async throws -> [RecordedEvent] {
        guard !streamIDs.isEmpty else { return [] }
        return try await connection.query(EventStore.streamsQuery(streamIDs)).map(RecordedEvent.init(row:))
    }

    /// Several streams whole (as ``readStreams(_:)``) with where each stands for a step of a batch job (as
    /// ``streamHeads(_:alongside:)``: whether the step was recorded is decided there alone), in one round
    /// trip.
    public func readStreams(_ streams: [(id: String, step: UUID)]) async throws
        -> (events: [RecordedEvent], heads: [String: StreamHead])
    {
        guard !streams.isEmpty else { return ([], [:]) }
        let (heads, rows) = try await streamHeads(
            streams, alongside: PipelinedStatement(EventStore.streamsQuery(streams.map(\.id))))
        return (try rows.map(RecordedEvent.init(row:)), heads)
    }

    /// Appends inside this connection's transaction, so the events commit (or roll back) with the
    /// caller's other writes. Call ``EventStore/announcer``'s `announce()` once the transaction committed.
    @discardableResult
    public func append(_ appends: [StreamAppend], commandID: UUID) async throws -> AppendResult {
        try await EventStore.append(appends, commandID: commandID, on: connection)
    }

    /// Appends inside this connection's transaction and ends the transaction in the same round trip: the
    /// append, then `statements` (writes that read what the append recorded, a projection's rows), then
    /// `COMMIT` (or `ROLLBACK`, for a dry run), after whatever is queued. One round trip where an append and
    /// a commit take two; the append's answer is read once the transaction has ended. An append that fails
    /// ends the transaction with nothing written, and throws as ``append(_:commandID:)`` does in a
    /// transaction. Call ``EventStore/announcer``'s `announce()` when it committed.
    @discardableResult
    public func append(
        _ appends: [StreamAppend], commandID: UUID, then statements: [PipelinedStatement], ending end: TransactionEnd
    ) async throws -> AppendResult {
        try await EventStore.append(
            AppendBatch(appends), commandID: commandID, then: statements, ending: end, on: connection)
    }

    /// A bulk append inside this connection's transaction (see ``EventStore/appendBulk(_:commandID:)``).
    @discardableResult
    public func appendBulk(_ appends: [StreamAppend], commandID: UUID) async throws -> Int {
        try await EventStore.appendBulk(appends, commandID: commandID, on: connection)
    }

    /// The events an earlier append with `commandID` recorded (empty if none did).
    public func events(ofCommand commandID: UUID) async throws -> [RecordedEvent] {
        try await EventStore.events(ofCommand: commandID, on: connection)
    }

    /// The current version of each of the given streams that exists. With `lockingForShare`, their heads
    /// are share-locked (in stream order, so two such callers never deadlock) until the transaction
    /// ends: an append to one of them waits for it, and it waits for an append in progress.
    public func versions(of streamIDs: [String], lockingForShare: Bool = false) async throws -> [String: Int64] {
        guard !streamIDs.isEmpty else { return [:] }
        let rows =
            lockingForShare
            ? try await connection.query(
                """
                SELECT stream_id, version FROM streams WHERE stream_id = ANY(\(streamIDs)::text[])
                ORDER BY stream_id FOR SHARE
                """)
            : try await connection.query(EventStore.versionsQuery(streamIDs))
        return try rows.reduce(into: [String: Int64]()) { heads, row in
            heads[try row.decode(at: 0)] = try row.decode(at: 1)
        }
    }

    /// The streams whose ids equal one of `streamIDs` but for letter case (the ids themselves included):
    /// register ids are told apart by their letters, not their case (JL000005 and jl000005 are one talent
    /// typed twice). Read through an index of the folded ids.
    public func streamIDs(equalButForCaseTo streamIDs: [String]) async throws -> [String] {
        guard !streamIDs.isEmpty else { return [] }
        let folded = streamIDs.map { $0.lowercased() }
        return try await connection.query(
            "SELECT stream_id FROM streams WHERE lower(stream_id) = ANY(\(folded)::text[])"
        ).map { try $0.decode(String.self, at: 0) }
    }

    /// Waits for any other transaction registering new ids to end, and holds the next ones off until this
    /// transaction ends: a check for ids equal but for case (`streamIDs(equalButForCaseTo:)`) and the
    /// append after it are then one step, and two ids typed in two cases at the same instant cannot both
    /// pass it. One lock for every registration: a list of thousands of ids would not fit the server's
    /// lock table one lock an id. An evaluation list's import holds it while it writes (seconds, up to a
    /// minute for the largest lists): an evaluation of a new talent meanwhile waits the session's
    /// `lock_timeout` and is then answered as unavailable, to be tried again.
    public func holdRegistrationsOfNewIDs() async throws {
        try await connection.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(Self.registrationsLock), 0))")
    }

    static let registrationsLock = "registrations of new stream ids"

    /// The stream ids after `after` in their order, at most `limit`: to walk every stream in pages.
    public func streamIDs(after: String, limit: Int) async throws -> [String] {
        try await connection.query(
            "SELECT stream_id FROM streams WHERE stream_id > \(after) ORDER BY stream_id LIMIT \(max(1, limit))"
        ).map { try $0.decode(String.self, at: 0) }
    }

    /// The latest event of `type` in each of the given streams that has one.
    public func latestEvents(ofType type: String, inStreams streamIDs: [String]) async throws -> [RecordedEvent] {
        guard !streamIDs.isEmpty else { return [] }
        return try await connection.query(
            """
            SELECT DISTINCT ON (stream_id) \(sql: EventStore.eventColumnList) FROM events
            WHERE stream_id = ANY(\(streamIDs)::text[]) AND event_type = \(type)
            ORDER BY stream_id, events.version DESC
            """
        ).map(RecordedEvent.init(row:))
    }

    /// Every event of `type` of the streams of `streamType`, in the order recorded: a scan of the whole
    /// store, for an operator's one-off step (an upgrade's carrying over), never a request's.
    public func events(ofType type: String, streamType: String) async throws -> [RecordedEvent] {
        try await connection.query(
            """
            SELECT \(sql: EventStore.eventColumnList) FROM events
            WHERE event_type = \(type) AND stream_type = \(streamType) ORDER BY position
            """
        ).map(RecordedEvent.init(row:))
    }

    /// The number of events stored, from the streams' heads (a stream's version is its event count).
    public func eventCount() async throws -> Int {
        try await connection.query("SELECT coalesce(sum(version), 0)::bigint FROM streams").first?.decode(
            Int.self, at: 0) ?? 0
    }

    /// The last position given to an event, committed or not (the identity's sequence: one read, whatever
    /// the store's size). It moves with every append anywhere, so that whatever is made of the register's
    /// state can tell that nothing was written since it began.
    public func lastPositionGiven() async throws -> Int64 {
        try await connection.query(
            "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('events', 'position')::regclass), 0)"
        ).first?.decode(Int64.self, at: 0) ?? 0
    }

    /// The number of events at or before `checkpoint` in the global order.
    public func eventCount(upTo checkpoint: Checkpoint) async throws -> Int {
        try await connection.query(
            """
            SELECT count(*) FROM events
            WHERE (transaction_id, position) <= (\(String(checkpoint.transactionID))::xid8, \(checkpoint.position))
            """
        ).first?.decode(Int.self, at: 0) ?? 0
    }

    /// Puts subscription `name`'s checkpoint back to the start (a rebuild replays everything).
    public func resetSubscription(_ name: String) async throws {
        try await Subscription.reset(name, on: connection)
    }
}

extension EventStore {
    /// Runs `body` in one transaction on a connection of the store's: the store's reads and appends and
    /// the caller's own writes commit together, or roll back together on any error.
    public func withTransaction<T: Sendable>(
        isolation: TransactionIsolation = .readCommitted, logger: Logger? = nil,
        _ body: (StoreConnection) async throws -> T
    ) async throws -> T {
        try await pool.withTransaction(isolation: isolation, logger: logger) { connection in
            try await body(StoreConnection(connection))
        }
    }

    /// Runs `body` on a connection of the store's, outside any transaction.
    public func withConnection<T: Sendable>(logger: Logger? = nil, _ body: (StoreConnection) async throws -> T)
        async throws -> T
    {
        try await pool.withConnection(logger: logger) { connection in try await body(StoreConnection(connection)) }
    }
}
