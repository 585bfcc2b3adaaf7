import EventStore
import Foundation
import Postgres
import TalentDomain

/// What a talent's row kept and where its stream stands, read for a batch of talents in one query, so
/// that a batch job decides on the kept states instead of reading and folding every history.
public struct KeptRow: Sendable {
    /// The state the row keeps, when the row shows the stream's last version and this build reads it.
    public var state: Talent?
    /// The version the row shows.
    public var shown: TalentProjection.RowsShown
    /// The day the stream's last fact took effect in business order.
    public var lastDay: Day
    /// The first version of the stream carrying `correlation` (an earlier run's step), if any.
    public var earlier: Int64?

    /// The rows of `talents`, each with the correlation id (and command id) its step would record under,
    /// with their streams' heads in the same round trip (read, not locked: a batch's append checks the
    /// versions again, and its rows' write the rows'); talents without a row or a stream are left out. The
    /// kept states are decoded on the processors at hand.
    public static func read(
        _ talents: [(talent: TalentID, correlation: UUID)], on connection: StoreConnection
    ) async throws -> [TalentID: KeptRow] {
        guard !talents.isEmpty else { return [:] }
        let ids = talents.map(\.talent.rawValue)
        let (heads, rows) = try await connection.streamHeads(
            talents.map { (TalentStream.id($0.talent), $0.correlation) },
            alongside: PipelinedStatement(
                """
                SELECT t.talent_id, t.version, t.state_json, \(sql: TalentDirectory.rosterText)
                FROM talents t WHERE t.talent_id = ANY(\(ids)::text[])
                """, prepared: true))
        let read = try rows.compactMap { row -> (TalentID, Int64, StreamHead, String?, String)? in
            let talent = TalentID(try row.decode(String.self, at: 0))
            guard let head = heads[TalentStream.id(talent)] else { return nil }
            return (
                talent, try row.decode(Int64.self, at: 1), head, try row.decode(String?.self, at: 2),
                try row.decode(String?.self, at: 3) ?? ""
            )
        }
        let decoded = try await read.concurrentMap { talent, shown, head, json, roster in
            let state =
                shown == head.version
                ? json.flatMap(CurrentState.state) : nil
            return (
                talent,
                KeptRow(
                    state: state, shown: .init(version: shown, roster: roster), lastDay: try Day(head.lastDay),
                    earlier: head.firstOfStep)
            )
        }
        return Dictionary(uniqueKeysWithValues: decoded)
    }
}

extension KeptRow {
    /// A talent's state as its row keeps it, when the row shows its stream's last version: what folding the
    /// whole stream gives, with that version and the day its last fact took effect.
    public struct Current: Sendable {
        public var state: Talent
        public var version: Int64
        public var lastDay: Day
    }

    /// The kept states of `talents` whose rows show their streams' last versions, read without the streams
    /// (for reads that would fold them: a unit's readiness, a level's documents). A talent whose row is
    /// behind its stream (the projector not yet past a fact), or whose kept state this build cannot read,
    /// is left out, for the caller to fold.
    public static func current(_ talents: [TalentID], on connection: StoreConnection) async throws
        -> [TalentID: Current]
    {
        guard !talents.isEmpty else { return [:] }
        let rows = try await connection.connection.query(
            """
            SELECT talent_id, version, state_json, last_day::text FROM talents
            WHERE talent_id = ANY(\(talents.map(\.rawValue))::text[]) AND state_json IS NOT NULL
            """, prepared: true)
        let heads = try await connection.versions(of: talents.map(TalentStream.id))
        let shown = try rows.compactMap { row -> (TalentID, Int64, String, String)? in
            let talent = TalentID(try row.decode(String.self, at: 0))
            let version = try row.decode(Int64.self, at: 1)
            guard heads[TalentStream.id(talent)] == version, let lastDay = try row.decode(String?.self, at: 3) else {
                return nil
            }
            return (talent, version, try row.decode(String.self, at: 2), lastDay)
        }
        let decoded = try await shown.concurrentMap { talent, version, json, lastDay -> (TalentID, Current)? in
            guard let state = CurrentState.state(json) else { return nil }
            return (talent, Current(state: state, version: version, lastDay: try Day(lastDay)))
        }
        return Dictionary(decoded.compactMap { $0 }, uniquingKeysWith: { first, _ in first })
    }
}
