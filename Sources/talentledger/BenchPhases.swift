import EventStore
import Foundation
import Postgres
import ReadModels
import TalentDomain

/// Single-event appends against one-row INSERT transactions.
enum BenchAppends {
    /// Streams each writer cycles through (so expected versions are exact and locks are not contended).
    static let streamsPerWriter = 16
    static let streamType = "bench"

    /// Timed single-event appends through `EventStore.append` (expected version checked, hash chained):
    /// how many, in how many seconds. Each call names streams of its own (`streams`).
    static func storeAppends(writers: Int, total: Int, streams: String, event: NewEvent, store: EventStore) async throws
        -> (count: Int, seconds: Double)
    {
        let perWriter = max(1, total / writers)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var versions = [Int64](repeating: 0, count: streamsPerWriter)
                    for index in 0..<perWriter {
                        let slot = index % streamsPerWriter
                        let expected: ExpectedVersion = versions[slot] == 0 ? .noStream : .exact(versions[slot])
                        try await store.append(
                            [event], to: "bench-\(writers)w-\(streams)-\(writer)-\(slot)", type: streamType,
                            expecting: expected)
                        versions[slot] += 1
                    }
                }
            }
            try await group.waitForAll()
        }
        return (perWriter * writers, BenchFormat.seconds(ContinuousClock.now - start))
    }

    /// Timed single-row INSERT transactions (autocommit) of the same event into the plain table: how many,
    /// in how many seconds.
    static func plainInserts(writers: Int, total: Int, event: NewEvent, pool: ConnectionPool) async throws
        -> (count: Int, seconds: Double)
    {
        let perWriter = max(1, total / writers)
        let data = String(decoding: event.data, as: UTF8.self)
        let metadata = String(decoding: try JSONEncoder().encode(event.metadata), as: UTF8.self)
        let hash = Data(repeating: 0xAB, count: 32)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        let streamID = "plain-\(writers)w-\(writer)-\(index % streamsPerWriter)"
                        let version = Int64(index / streamsPerWriter + 1)
                        _ = try await pool.withConnection { connection in
                            try await connection.execute(
                                """
                                INSERT INTO bench_plain_events (stream_id, stream_type, version, event_type, schema_version, data,
                                                                metadata, effective_date, command_id, hash)
                                VALUES (\(streamID), \(streamType), \(version), \(event.type), \(event.schemaVersion), \(data)::jsonb,
                                        \(metadata)::jsonb, \(event.effectiveDate)::date, \(UUID.timeOrdered()), \(hash))
                                """)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return (perWriter * writers, BenchFormat.seconds(ContinuousClock.now - start))
    }
}

/// Reading the store: the raw libpq read of every event, and single-talent replays.
enum BenchRead {
    /// Reads every event in the subscription's order and batch size, with the columns a rebuild reads,
    /// without decoding them: the speed libpq alone gives. Returns the events read and the seconds taken.
    static func rawReadAll(store: EventStore, batchSize: Int) async throws -> (Int, Double) {
        let start = ContinuousClock.now
        let count = try await EventStore.RawReads.all(of: store, batchSize: batchSize)
        return (count, BenchFormat.seconds(ContinuousClock.now - start))
    }

    struct Latencies: Sendable {
        var oursP50: Double
        var oursP99: Double
        var rawP50: Double
        var rawP99: Double
    }

    /// `TalentReplay.state(of:asOf:)` of random talents of the rebuild set, each next to the raw read of
    /// the same stream's rows as of the same day, in milliseconds.
    static func replays(count: Int, talents: Int, store: EventStore, asOf: Day) async throws -> Latencies {
        let replay = TalentReplay(store: store)
        var generator = SystemRandomNumberGenerator()
        var ours: [Double] = []
        var raw: [Double] = []
        let warmUp = min(50, count)
        for round in 0..<(count + warmUp) {
            let talent = BenchWorkload.talentID(prefix: "R", index: Int.random(in: 0..<talents, using: &generator))
            let streamID = TalentStream.id(talent)
            let day = asOf.description
            let rawStart = ContinuousClock.now
            let rows = try await EventStore.RawReads.stream(streamID, effectiveOnOrBefore: day, of: store)
            let rawTime = BenchFormat.seconds(ContinuousClock.now - rawStart)
            let oursStart = ContinuousClock.now
            let state = try await replay.state(of: talent, asOf: asOf)
            let oursTime = BenchFormat.seconds(ContinuousClock.now - oursStart)
            guard state != nil, rows > 0 else { throw CLIFailure("replay found no events of \(talent)") }
            if round >= warmUp {
                ours.append(oursTime * 1000)
                raw.append(rawTime * 1000)
            }
        }
        return Latencies(
            oursP50: BenchFormat.percentile(ours, 0.5), oursP99: BenchFormat.percentile(ours, 0.99),
            rawP50: BenchFormat.percentile(raw, 0.5), rawP99: BenchFormat.percentile(raw, 0.99))
    }
}

/// The bulk import against COPY of the same rows.
enum BenchImport {
    /// `EventStore.appendBulk` of `chunk` talents at a time, all in one transaction; seconds taken.
    static func bulkImport(_ appends: [StreamAppend], chunk: Int, store: EventStore) async throws -> Double {
        let start = ContinuousClock.now
        try await store.withTransaction { transaction in
            for first in stride(from: 0, to: appends.count, by: chunk) {
                let part = Array(appends[first..<min(first + chunk, appends.count)])
                try await transaction.appendBulk(part, commandID: .timeOrdered())
            }
        }
        return BenchFormat.seconds(ContinuousClock.now - start)
    }

    /// COPY of the same rows (with a command id per chunk and a constant hash) into the plain table, in
    /// the same chunks and one transaction; the rows are built from the events inside the timing, as
    /// `appendBulk` builds its own.
    static func plainCopy(_ appends: [StreamAppend], chunk: Int, pool: ConnectionPool) async throws -> Double {
        let hash = "\\x" + String(repeating: "ab", count: 32)
        let start = ContinuousClock.now
        try await pool.withTransaction { connection in
            let encoder = JSONEncoder()
            for first in stride(from: 0, to: appends.count, by: chunk) {
                let commandID = UUID.timeOrdered().uuidString.lowercased()
                var rows: [[String?]] = []
                for append in appends[first..<min(first + chunk, appends.count)] {
                    for (ordinal, event) in append.events.enumerated() {
                        rows.append([
                            append.streamID, append.streamType, String(ordinal + 1), event.type,
                            String(event.schemaVersion),
                            String(decoding: event.data, as: UTF8.self),
                            String(decoding: try encoder.encode(event.metadata), as: UTF8.self), event.effectiveDate,
                            commandID, hash,
                        ])
                    }
                }
                try await connection.copyFrom(
                    """
                    COPY bench_plain_import (stream_id, stream_type, version, event_type, schema_version, data, metadata,
                                             effective_date, command_id, hash) FROM STDIN
                    """, rows: rows)
            }
        }
        return BenchFormat.seconds(ContinuousClock.now - start)
    }
}
