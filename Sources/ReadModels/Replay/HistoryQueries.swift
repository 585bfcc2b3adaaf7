import EventStore
import Foundation
import Postgres
import TalentDomain

/// Bitemporal questions about many talents, answered from the history tables with one indexed query.
public struct HistoryQueries: Sendable {
    let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// Who held `tier` on `day`, as known at `knownAt` (default: now), optionally at one unit (the unit
    /// the talent belonged to on that day).
    public func holders(of tier: Tier, on day: Day, knownAt: Date? = nil, unit: UnitID? = nil) async throws
        -> [TalentID]
    {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT h.talent_id FROM talent_tier_history h
                WHERE h.tier = \(tier.rawValue) AND h.valid_from <= \(day.description)::date
                  AND (h.valid_to IS NULL OR h.valid_to > \(day.description)::date)
                  AND h.known_from <= coalesce(\(knownAt)::timestamptz, now())
                  AND (h.known_to IS NULL OR h.known_to > coalesce(\(knownAt)::timestamptz, now()))
                  AND (\(unit?.rawValue)::text IS NULL OR h.unit_id = \(unit?.rawValue)::text)
                ORDER BY h.talent_id
                """
            ).map { TalentID(try $0.decode(String.self, at: 0)) }
        }
    }

    /// The tier each talent held on `day` as known at `knownAt` (talents not under management that day
    /// are absent).
    public func tiers(on day: Day, knownAt: Date? = nil) async throws -> [TalentID: Tier] {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT h.talent_id, h.tier FROM talent_tier_history h
                WHERE h.valid_from <= \(day.description)::date AND (h.valid_to IS NULL OR h.valid_to > \(day.description)::date)
                  AND h.known_from <= coalesce(\(knownAt)::timestamptz, now())
                  AND (h.known_to IS NULL OR h.known_to > coalesce(\(knownAt)::timestamptz, now()))
                """
            ).reduce(into: [TalentID: Tier]()) { tiers, row in
                tiers[TalentID(try row.decode(String.self, at: 0))] = Tier(rawValue: try row.decode(String.self, at: 1))
            }
        }
    }

    /// Talents whose `card` had `status` at any time between `from` and `to` (inclusive), as known now.
    public func talents(whose card: TrackedCard, was status: CardState, between from: Day, and to: Day) async throws
        -> [TalentID]
    {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT DISTINCT talent_id FROM card_history
                WHERE card = \(card.rawValue) AND status = \(status.rawValue) AND known_to IS NULL
                  AND valid_from <= \(to.description)::date AND (valid_to IS NULL OR valid_to > \(from.description)::date)
                ORDER BY talent_id
                """
            ).map { TalentID(try $0.decode(String.self, at: 0)) }
        }
    }
}
