import EventStore
import Foundation
import Postgres
import TalentDomain

/// One talent in a snapshot of the register: the tier and the cards it held on a business day, as the
/// register knew them at a time (an auditor's "who held what, then").
public struct SnapshotEntry: Sendable, Hashable, Codable {
    public var talent: TalentID
    /// From `talent_profiles` (today's; personal data has no history).
    public var name: String?
    public var tier: Tier
    /// The unit the talent belonged to on that day.
    public var unit: String?
    /// Card → its status on that day (`jixiangCard`: `active`, …); cards it held none of are absent.
    public var cards: [String: String]
    public var classified: Bool
    /// The unit that answers for the talent today (O2): whose officer sees it in full. Not part of the
    /// answer: a snapshot shows the day's unit, and where a talent is now is for those whose jurisdiction
    /// it is now in.
    public var answeringUnit: String? = nil

    enum CodingKeys: String, CodingKey {
        case talent, name, tier, unit, cards, classified
    }
}

/// Snapshots from the bitemporal history tables, scoped by the unit each talent belonged to on the day
/// and paged by register id.
public struct RegisterSnapshots: Sendable {
    let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// Up to `limit` talents under management on `day` as known at `knownAt` (default: now), after
    /// `cursor`.
    public func page(on day: Day, knownAt: Date?, scope: OrganizationScope, after cursor: String?, limit: Int)
        async throws -> [SnapshotEntry]
    {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT h.talent_id, p.name, h.tier, h.unit_id, t.classified,
                       coalesce(t.reporting_unit_id, t.unit_id),
                       (SELECT coalesce(json_object_agg(c.card, c.status), '{}')::text FROM card_history c
                        WHERE c.talent_id = h.talent_id AND \(Self.held("c", on: day, knownAt: knownAt)))
                FROM talent_tier_history h
                JOIN talents t ON t.talent_id = h.talent_id
                LEFT JOIN talent_profiles p ON p.talent_id = h.talent_id
                WHERE \(Self.held("h", on: day, knownAt: knownAt)) AND \(scope.condition(on: "h.unit_id"))
                  AND (\(cursor)::text IS NULL OR h.talent_id > \(cursor)::text)
                ORDER BY h.talent_id
                LIMIT \(max(1, limit))
                """
            ).map { row in
                SnapshotEntry(
                    talent: TalentID(try row.decode(String.self, at: 0)), name: try row.decode(at: 1),
                    tier: Tier(rawValue: try row.decode(String.self, at: 2)) ?? .E, unit: try row.decode(at: 3),
                    cards: try JSONDecoder().decode(
                        [String: String].self, from: Data(try row.decode(String.self, at: 6).utf8)),
                    classified: try row.decode(at: 4), answeringUnit: try row.decode(at: 5))
            }
        }
    }

    /// How many talents the same snapshot holds (classified ones included).
    public func count(on day: Day, knownAt: Date?, scope: OrganizationScope) async throws -> Int {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT count(*) FROM talent_tier_history h
                WHERE \(Self.held("h", on: day, knownAt: knownAt)) AND \(scope.condition(on: "h.unit_id"))
                """
            ).first?.decode(Int.self, at: 0) ?? 0
        }
    }

    /// A history row (`h` or `c`) in force on `day` and known at `knownAt`.
    static func held(_ alias: StaticString, on day: Day, knownAt: Date?) -> PostgresQuery.Fragment {
        """
        \(sql: alias).valid_from <= \(day.description)::date
          AND (\(sql: alias).valid_to IS NULL OR \(sql: alias).valid_to > \(day.description)::date)
          AND \(sql: alias).known_from <= coalesce(\(knownAt)::timestamptz, now())
          AND (\(sql: alias).known_to IS NULL OR \(sql: alias).known_to > coalesce(\(knownAt)::timestamptz, now()))
        """
    }
}
