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
