import Foundation
import Postgres

/// The events for one stream within an append.
public struct StreamAppend: Sendable, Hashable {
    public var streamID: String
    public var streamType: String
    public var expected: ExpectedVersion
    public var events: [NewEvent]

    public init(streamID: String, streamType: String, expected: ExpectedVersion, events: [NewEvent]) {
        self.streamID = streamID
        self.streamType = streamType
        self.expected = expected
        self.events = events
    }
}

/// What an append recorded.
public struct AppendResult: Sendable, Hashable {
    public struct Appended: Sendable, Hashable {
        public var streamID: String
        public var version: Int64
        public var position: Int64
        public var recordedAt: Date
        public var transactionID: UInt64
        public var hash: Data
    }

    public var commandID: UUID
    public var events: [Appended]
    /// True when the command id had been appended before: nothing was written, the first result is
    /// returned.
    public var replayed: Bool

    /// Each stream's version after the append.
    public var versions: [String: Int64] {
        events.reduce(into: [:]) { versions, event in
            versions[event.streamID] = max(versions[event.streamID] ?? 0, event.version)
        }
    }
}

/// How a transaction whose last round trip carries its append ends
/// (``StoreConnection/append(_:commandID:then:ending:)``).
public enum TransactionEnd: Sendable, Hashable {
    case commit
    /// A dry run: everything was written and checked, and is rolled back.
    case rollback
}

/// A stream was not at the version the caller expected.
public struct VersionConflict: Error, Sendable, Hashable, CustomStringConvertible {
    public var streamID: String
    public var expected: ExpectedVersion
    public var actual: Int64

    public init(streamID: String, expected: ExpectedVersion, actual: Int64) {
        self.streamID = streamID
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "stream \(streamID) is at version \(actual), expected \(expected)"
    }
}

/// An append with the same command id committed while this one ran, so this one wrote nothing. On its own
/// connection ``EventStore`` answers that as a repeat; inside a caller's transaction, which the failure
/// aborted, the caller rolls back and asks again to be answered from the first append.
public struct ConcurrentRepeat: Error, Sendable, Hashable, CustomStringConvertible {
    public var commandID: UUID

    public init(commandID: UUID) {
        self.commandID = commandID
    }

    public var description: String {
        "command \(commandID.uuidString.lowercased()) was appended by another session at the same time; "
            + "this attempt wrote nothing"
    }
}

/// A caller's mistake in an append, caught before anything is written.
public struct InvalidAppend: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension EventStore {
    /// Appends events to one stream.
    @discardableResult
    public func append(
        _ events: [NewEvent],
        to streamID: String,
        type streamType: String,
        expecting expected: ExpectedVersion,
        commandID: UUID = .timeOrdered()
    ) async throws -> AppendResult {
        try await append(
            [StreamAppend(streamID: streamID, streamType: streamType, expected: expected, events: events)],
            commandID: commandID)
    }

    /// Appends to several streams atomically, in one round trip: a conflict on any stream writes nothing.
    /// A single event may share its transaction with other callers' single events (see ``AppendQueue``);
    /// it is checked, chained and answered on its own all the same.
    @discardableResult
    public func append(_ appends: [StreamAppend], commandID: UUID = .timeOrdered()) async throws -> AppendResult {
        let batch = try AppendBatch(appends)
        let result =
            batch.isSingleEvent
            ? try await queue.append(AppendQueue.Request(batch: batch, commandID: commandID))
            : try await pool.withConnection { connection in
                try await Self.append(batch, commandID: commandID, on: connection)
            }
        if !result.replayed { announcer.announce() }
        return result
    }

    /// Appends on a connection the caller holds, inside the caller's transaction if one is open, so the
    /// events commit (or roll back) together with the caller's other writes (``StoreConnection``).
    @discardableResult
    static func append(_ appends: [StreamAppend], commandID: UUID, on connection: Connection) async throws
        -> AppendResult
    {
        try await append(AppendBatch(appends), commandID: commandID, on: connection)
    }

    static func append(_ batch: AppendBatch, commandID: UUID, on connection: Connection) async throws -> AppendResult {
        let answer: String?
        do {
            // Its text has one shape per batch kind: prepared, so that only the function runs each time.
            answer = try await connection.query(batch.query(commandID: commandID), prepared: true).first?.decode(
                String?.self, at: 0)
        } catch let error as PostgresError {
            let meaning = error.appendError(for: batch.appends, commandID: commandID)
            // Outside a transaction the failed statement took nothing else with it: answer as a repeat.
            guard meaning is ConcurrentRepeat, connection.isIdle else { throw meaning }
            answer = nil
        }
        guard let answer else { return try await replayed(commandID, on: connection) }
        return try batch.recorded(from: answer, commandID: commandID)
    }

    /// ``StoreConnection/append(_:commandID:then:ending:)``.
    static func append(
        _ batch: AppendBatch, commandID: UUID, then statements: [PipelinedStatement], ending end: TransactionEnd,
        on connection: Connection
    ) async throws -> AppendResult {
        let answers: [PostgresRows]
        do {
            answers = try await connection.pipeline(
                [PipelinedStatement(batch.query(commandID: commandID), prepared: true)] + statements + [
                    PipelinedStatement(end == .commit ? "COMMIT" : "ROLLBACK")
                ])
        } catch let error as PostgresError {
            throw error.appendError(for: batch.appends, commandID: commandID)
        }
        guard let answer = try answers[0].first?.decode(String?.self, at: 0) else {
            return try await replayed(commandID, on: connection)
        }
        return try batch.recorded(from: answer, commandID: commandID)
    }

    /// The answer to a repeated command: what it recorded the first time.
    static func replayed(_ commandID: UUID, on connection: Connection) async throws -> AppendResult {
        let earlier = try await events(ofCommand: commandID, on: connection)
        return AppendResult(commandID: commandID, events: earlier.map(AppendResult.Appended.init), replayed: true)
    }
}

extension AppendResult.Appended {
    init(_ event: RecordedEvent) {
        self.init(
            streamID: event.streamID, version: event.version, position: event.position, recordedAt: event.recordedAt,
            transactionID: event.transactionID, hash: event.hash)
    }
}

extension VersionConflict {
    /// Reads the conflict from the append's error detail: `{"stream_id", "expected", "actual"}`.
    init?(detail: String?, appends: [StreamAppend]) {
        struct Detail: Decodable {
            var streamID: String
            var actual: Int64

            enum CodingKeys: String, CodingKey {
                case streamID = "stream_id"
                case actual
            }
        }
        guard let detail, let parsed = try? JSONDecoder().decode(Detail.self, from: Data(detail.utf8)),
            let append = appends.first(where: { $0.streamID == parsed.streamID })
        else { return nil }
        self.init(streamID: parsed.streamID, expected: append.expected, actual: parsed.actual)
    }
}
