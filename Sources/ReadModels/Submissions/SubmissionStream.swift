import EventStore
import Foundation
import Postgres
import TalentDomain

/// A unit's submission of a campaign as a stream of its own (`submission-<year>-<unit>`).
public enum SubmissionStream {
    public static let type = "submission"

    public static func id(campaign: Int, unit: String) -> String { "submission-\(campaign)-\(unit)" }

    /// The stored event of a submission event (its payload is the event itself, as JSON).
    public static func newEvent(_ event: SubmissionEvent, metadata: EventMetadata) throws -> NewEvent {
        try NewEvent(
            type: event.typeName, payload: event, metadata: metadata, effectiveDate: event.effectiveDate.description)
    }

    /// The submission event a stored event holds.
    public static func event(_ recorded: RecordedEvent) throws -> SubmissionEvent {
        try JSONDecoder().decode(SubmissionEvent.self, from: recorded.data)
    }
}

/// A unit's submission as the `campaign_submissions` read model keeps it.
public struct SubmissionRow: Sendable, Hashable, Codable {
    public var campaign: Int
    public var unit: String
    public var submission: Submission
    /// S3: whether it was in time when the window closed (as the campaign reads "in time").
    public var inTimeAtClose: Bool
    /// S4: late, and made up: the submission it sent by the make-up deadline was accepted.
    public var madeUp: Bool
    public var version: Int64

    /// S4: made up, and the make-up accepted by `date`: from then on the unit's talents have their services
    /// back ("经审核符合条件的按程序恢复相关待遇"), and no later S3 job suspends them again.
    public func madeUp(by date: Day) -> Bool {
        madeUp && submission.acceptedOn.map { $0 <= date } == true
    }

    /// S3 judges lateness by the submissions this register holds: a campaign none of whose units was in
    /// time here when the window closed (`rows`, every unit's of the campaign) was not run in it (a register
    /// begun after the campaign, its submissions made on paper and never entered), and every unit would be
    /// found late, a make-up entered since too. A province that did run the campaign here has units in time.
    public static func campaignRunHere(_ rows: some Sequence<SubmissionRow>) -> Bool {
        rows.contains(where: \.inTimeAtClose)
    }
}

/// The `campaign_submissions` read model: one row per unit and campaign, written from the submission's
/// stream whole whenever it changes.
public enum SubmissionProjection {
    /// Rewrites the rows of the given submission streams from their events.
    public static func write(_ streamIDs: Set<String>, policy: Policy, on store: StoreConnection) async throws {
        guard !streamIDs.isEmpty else { return }
        let events = try await store.readStreams(Array(streamIDs).sorted())
        // In version order: the streams are read so, and grouping keeps the order.
        for (streamID, recorded) in Dictionary(grouping: events, by: \.streamID) {
            guard let campaignYear = Self.campaign(ofStreamID: streamID),
                let unit = Self.unit(ofStreamID: streamID, campaign: campaignYear)
            else { continue }
            let row = try Self.row(campaign: campaignYear, unit: unit, recorded: recorded, policy: policy)
            let submission = row.submission
            let figures = try submission.figures.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            try await store.connection.execute(
                """
                INSERT INTO campaign_submissions (campaign, unit_id, status, awaiting, first_submitted_on,
                    last_submitted_on, accepted_on, return_reason, lateness_reason, figures, in_time_at_close,
                    made_up, version, last_step_on)
                VALUES (\(campaignYear), \(unit), \(submission.status.rawValue), \(submission.awaiting),
                    \(submission.firstSubmittedOn?.description)::date, \(submission.lastSubmittedOn?.description)::date,
                    \(submission.acceptedOn?.description)::date, \(submission.returnReason), \(submission.latenessReason),
                    \(figures)::jsonb, \(row.inTimeAtClose), \(row.madeUp), \(row.version),
                    \(submission.lastStepOn?.description)::date)
                ON CONFLICT (campaign, unit_id) DO UPDATE SET status = excluded.status, awaiting = excluded.awaiting,
                    first_submitted_on = excluded.first_submitted_on, last_submitted_on = excluded.last_submitted_on,
                    accepted_on = excluded.accepted_on, return_reason = excluded.return_reason,
                    lateness_reason = excluded.lateness_reason, figures = excluded.figures,
                    in_time_at_close = excluded.in_time_at_close, made_up = excluded.made_up, version = excluded.version,
                    last_step_on = excluded.last_step_on
                """)
        }
    }

    /// The row of `unit`'s submission of `campaign` as its recorded events (in version order) leave it.
    public static func row(campaign year: Int, unit: String, recorded: [RecordedEvent], policy: Policy) throws
        -> SubmissionRow
    {
        let history = try recorded.map(SubmissionStream.event)
        let submission = Submission.fold(history)
        // A campaign the policy no longer names has no window to be late for.
        let campaign = try? policy.campaign(year: year)
        return SubmissionRow(
            campaign: year, unit: unit, submission: submission,
            inTimeAtClose: !(campaign.map { submission.wasLate(in: $0, events: history) } ?? false),
            madeUp: campaign.map { submission.madeUp(in: $0, events: history) } ?? false,
            version: recorded.map(\.version).max() ?? 0)
    }

    static func campaign(ofStreamID streamID: String) -> Int? {
        let parts = streamID.split(separator: "-", maxSplits: 2)
        guard parts.count == 3, parts[0] == "submission" else { return nil }
        return Int(parts[1])
    }

    static func unit(ofStreamID streamID: String, campaign: Int) -> String? {
        let prefix = "submission-\(campaign)-"
        return streamID.hasPrefix(prefix) ? String(streamID.dropFirst(prefix.count)) : nil
    }

    /// The rows of `campaign` for the units of `scope` (by the unit's place in the O1 tree).
    public static func rows(campaign: Int, scope: OrganizationScope, in store: EventStore) async throws
        -> [SubmissionRow]
    {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT \(sql: Self.columns) FROM campaign_submissions s
                WHERE campaign = \(campaign) AND \(scope.condition(on: "s.unit_id"))
                ORDER BY unit_id
                """
            ).map(Self.row)
        }
    }

    /// The row of one unit's submission, on a connection of the caller's transaction.
    public static func row(campaign: Int, unit: String, on store: StoreConnection) async throws -> SubmissionRow? {
        try await store.connection.query(
            """
            SELECT \(sql: Self.columns) FROM campaign_submissions WHERE campaign = \(campaign) AND unit_id = \(unit)
            """
        ).first.map(Self.row)
    }

    /// The units of `scope` with a talent on `campaign`'s roster (those with something to send), each with
    /// whether any of its work is recorded (a roster item past pending).
    public static func rosterUnits(campaign: Int, scope: OrganizationScope, in store: EventStore) async throws
        -> [String: Bool]
    {
        try await store.withConnection { store in
            Dictionary(
                uniqueKeysWithValues: try await store.connection.query(
                    """
                    SELECT r.unit_id, bool_or(r.progress <> 'pending') FROM campaign_roster r
                    WHERE r.campaign = \(campaign) AND r.unit_id IS NOT NULL AND \(scope.condition(on: "r.unit_id"))
                    GROUP BY r.unit_id
                    """
                ).map { (try $0.decode(String.self, at: 0), try $0.decode(Bool.self, at: 1)) })
        }
    }

    /// The columns `row(_:)` reads.
    static let columns: StaticString = """
        campaign, unit_id, status, awaiting, to_char(first_submitted_on, 'YYYY-MM-DD'),
        to_char(last_submitted_on, 'YYYY-MM-DD'), to_char(accepted_on, 'YYYY-MM-DD'), return_reason, lateness_reason,
        figures::text, in_time_at_close, made_up, version, to_char(last_step_on, 'YYYY-MM-DD')
        """

    static func row(_ row: PostgresRow) throws -> SubmissionRow {
        func day(_ index: Int) throws -> Day? { try row.decode(String?.self, at: index).flatMap { try? Day($0) } }
        let figures = try row.decode(String?.self, at: 9).map {
            try JSONDecoder().decode(SubmissionFigures.self, from: Data($0.utf8))
        }
        return SubmissionRow(
            campaign: try row.decode(at: 0), unit: try row.decode(at: 1),
            submission: Submission(
                status: Submission.Status(rawValue: try row.decode(at: 2)) ?? .notStarted,
                awaiting: try row.decode(String?.self, at: 3), firstSubmittedOn: try day(4),
                lastSubmittedOn: try day(5), acceptedOn: try day(6), returnReason: try row.decode(String?.self, at: 7),
                latenessReason: try row.decode(String?.self, at: 8), figures: figures, lastStepOn: try day(13)),
            inTimeAtClose: try row.decode(at: 10), madeUp: try row.decode(at: 11), version: try row.decode(at: 12))
    }
}
