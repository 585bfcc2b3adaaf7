import Foundation
import Postgres

/// What ``EventStore/verify()`` found wrong with the stored events.
public struct VerificationReport: Sendable, Hashable {
    public enum Problem: String, Sendable, Hashable, Codable {
        /// The event's hash does not match its content and its predecessor's hash: it was changed.
        case modified
        /// A version is missing before this event: an event was deleted.
        case missing
        /// This event was written before an event with a lower version: events were swapped.
        case reordered
        /// The stream's recorded head (version, last hash) disagrees with its last event: an event was
        /// deleted from, or inserted at, the end.
        case headMismatch
    }

    public struct Finding: Sendable, Hashable {
        public var streamID: String
        /// The first version of the stream where the problem shows.
        public var version: Int64
        public var position: Int64?
        public var problem: Problem
    }

    public var streamsChecked: Int
    public var eventsChecked: Int
    /// The first finding of each kind in each stream, by stream and version.
    public var findings: [Finding]

    public var isIntact: Bool { findings.isEmpty }
}

extension EventStore {
    /// How many streams one statement of ``verify(streamsPerStatement:progress:)`` checks: a few seconds'
    /// work at most, far inside a session's statement bound, however long the log grows.
    public static let verifiedStreamsPerStatement = 20_000

    /// Walks every stream, recomputing the hash chain, and reports the first event of each stream that
    /// was modified, deleted, inserted or reordered.
    ///
    /// The streams are checked a range at a time (`streamsPerStatement` by stream id), every range in the
    /// same snapshot, so that no statement runs longer than its bound on a log of any size; `progress`
    /// hears the streams checked so far and their number.
    public func verify(
        streamsPerStatement: Int = verifiedStreamsPerStatement,
        progress: @Sendable (_ checked: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> VerificationReport {
        let step = max(1, streamsPerStatement)
        return try await pool.withConnection { connection in
            try await connection.withTransaction(isolation: .repeatableRead) { connection in
                let counts = try await connection.query(
                    "SELECT (SELECT count(*) FROM streams), (SELECT count(*) FROM events)"
                )
                let streams = try counts.first?.decode(Int.self, at: 0) ?? 0
                var findings: [VerificationReport.Finding] = []
                var checked = 0
                // The ranges run from after `low` up to and including `high`; the last has no upper end, so an
                // event whose stream is missing from `streams` is still checked.
                var low: String? = nil
                progress(0, streams)
                while true {
                    let high: String? = try await connection.query(
                        """
                        SELECT stream_id FROM streams WHERE \(low)::text IS NULL OR stream_id > \(low)::text
                        ORDER BY stream_id OFFSET \(step - 1) LIMIT 1
                        """
                    ).first?.decode(String.self, at: 0)
                    findings += try await connection.query(Self.verification(after: low, through: high)).map { row in
                        VerificationReport.Finding(
                            streamID: try row.decode(at: 0),
                            version: try row.decode(at: 1),
                            position: try row.decode(Int64?.self, at: 2),
                            problem: VerificationReport.Problem(rawValue: try row.decode(at: 3)) ?? .modified
                        )
                    }
                    guard let high else { break }
                    checked = min(streams, checked + step)
                    progress(checked, streams)
                    low = high
                }
                progress(streams, streams)
                return VerificationReport(
                    streamsChecked: streams,
                    eventsChecked: try counts.first?.decode(Int.self, at: 1) ?? 0,
                    findings: findings.sorted { ($0.streamID, $0.version) < ($1.streamID, $1.version) }
                )
            }
        }
    }

    /// The findings among the streams after `low` up to and including `high` (either end open when nil).
    static func verification(after low: String?, through high: String?) -> PostgresQuery {
        """
        WITH chain AS (
            SELECT e.stream_id, e.version, e.position, e.hash,
                   lag(e.hash) OVER w AS previous_hash,
                   lag(e.version) OVER w AS previous_version,
                   max(e.position) OVER (PARTITION BY e.stream_id ORDER BY e.version
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_earlier_position,
                   event_hash_input(e.stream_id, e.stream_type, e.version, e.event_type, e.schema_version, e.data,
                                    e.metadata, e.effective_date, e.recorded_at, e.command_id) AS input
            FROM events e
            WHERE (\(low)::text IS NULL OR e.stream_id > \(low)::text)
              AND (\(high)::text IS NULL OR e.stream_id <= \(high)::text)
            WINDOW w AS (PARTITION BY e.stream_id ORDER BY e.version)
        ),
        problems AS (
            SELECT stream_id, version, position, 'missing' AS problem FROM chain
                WHERE version <> coalesce(previous_version, 0) + 1
            UNION ALL
            SELECT stream_id, version, position, 'reordered' FROM chain
                WHERE position < latest_earlier_position
            UNION ALL
            SELECT stream_id, version, position, 'modified' FROM chain
                WHERE hash <> sha256(coalesce(previous_hash, ''::bytea) || input)
            UNION ALL
            SELECT s.stream_id, s.version, NULL::bigint, 'headMismatch' FROM streams s
                LEFT JOIN LATERAL (
                    SELECT e.version, e.hash FROM events e WHERE e.stream_id = s.stream_id
                    ORDER BY e.version DESC LIMIT 1
                ) last ON true
                WHERE (\(low)::text IS NULL OR s.stream_id > \(low)::text)
                  AND (\(high)::text IS NULL OR s.stream_id <= \(high)::text)
                  AND (coalesce(last.version, 0) <> s.version OR last.hash IS DISTINCT FROM s.last_hash)
        )
        SELECT DISTINCT ON (stream_id, problem) stream_id, version, position, problem
        FROM problems
        ORDER BY stream_id, problem, version
        """
    }
}
