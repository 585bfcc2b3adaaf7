import EventStore
import Foundation
import Postgres
import TalentDomain

/// The O1 tree as the read model holds it, and each part's figures.
public struct OrganizationDirectory: Sendable {
    let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// Every registered organization, by id.
    public func all() async throws -> [Organization] {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT organization_id, name, short_name, kind, parent_id, region FROM organizations
                ORDER BY organization_id
                """
            ).map { row in
                Organization(
                    id: try row.decode(at: 0), name: try row.decode(at: 1), shortName: try row.decode(at: 2),
                    kind: Organization.Kind(rawValue: try row.decode(at: 3)) ?? .privateEnterprise,
                    parentID: try row.decode(String?.self, at: 4), region: try row.decode(String?.self, at: 5))
            }
        }
    }

    /// A part of the register in figures: talents by tier and by each card's status.
    public struct Figures: Sendable, Hashable, Codable {
        /// Talents under management by tier (tier letter → count).
        public var byTier: [String: Int]
        /// For each card (`jixiangCard`, `jijianCard`, `talentCode`), talents by its status.
        public var byCardStatus: [String: [String: Int]]
        /// Talents under management.
        public var total: Int
        /// Of `total`, the classified talents (T4) counted apart: in no tier and no card status, for a caller
        /// who sees them as counts only (beside the talents it may list, a tier counted with a unit's one
        /// classified talent would tell it); 0 when they are counted like the others.
        public var classified: Int

        public init(
            byTier: [String: Int] = [:], byCardStatus: [String: [String: Int]] = [:], total: Int = 0,
            classified: Int = 0
        ) {
            self.byTier = byTier
            self.byCardStatus = byCardStatus
            self.total = total
            self.classified = classified
        }
    }

    /// The figures of the talents under management that `scope` covers: today's from the current view, or,
    /// with `asOf`, as the register says now they stood on that business day (from the bitemporal history).
    /// With `classifiedApart`, classified talents (T4) are counted apart; with `classifiedSeenOnlyIn`, those
    /// whose answering unit (O2) is now another (a unit's officer asking of a day its classified talent since
    /// moved away was its own: the talent is one it sees now in counts only).
    public func figures(
        scope: OrganizationScope, asOf: Day? = nil, classifiedApart: Bool = false, classifiedSeenOnlyIn: String? = nil
    ) async throws -> Figures {
        try await store.withConnection { store in
            let connection = store.connection
            var figures = Figures()
            let tiers: PostgresRows
            let cards: PostgresRows
            // Whether a talent is classified is its row's (classified on the day or since), and so is whether
            // the caller sees it.
            let apart: PostgresQuery.Fragment = """
                (t.classified AND (\(classifiedApart) OR (\(classifiedSeenOnlyIn)::text IS NOT NULL
                    AND coalesce(t.reporting_unit_id, t.unit_id) IS DISTINCT FROM \(classifiedSeenOnlyIn)::text)))
                """
            if let asOf {
                let day = asOf.description
                tiers = try await connection.query(
                    """
                    SELECT h.tier, \(apart), count(*) FROM talent_tier_history h
                    JOIN talents t ON t.talent_id = h.talent_id
                    WHERE h.known_to IS NULL AND h.valid_from <= \(day)::date
                      AND (h.valid_to IS NULL OR h.valid_to > \(day)::date)
                      AND \(scope.condition(on: "h.unit_id"))
                    GROUP BY 1, 2
                    """)
                cards = try await connection.query(
                    """
                    SELECT c.card, c.status, count(*) FROM card_history c
                    JOIN talent_tier_history h ON h.talent_id = c.talent_id AND h.known_to IS NULL
                      AND h.valid_from <= \(day)::date AND (h.valid_to IS NULL OR h.valid_to > \(day)::date)
                    JOIN talents t ON t.talent_id = c.talent_id
                    WHERE c.known_to IS NULL AND c.valid_from <= \(day)::date
                      AND (c.valid_to IS NULL OR c.valid_to > \(day)::date)
                      AND \(scope.condition(on: "h.unit_id")) AND NOT \(apart)
                    GROUP BY c.card, c.status
                    """)
            } else {
                let scoped = scope.condition(on: "coalesce(t.reporting_unit_id, t.unit_id)")
                tiers = try await connection.query(
                    """
                    SELECT t.tier, \(apart), count(*) FROM talents t
                    WHERE t.status IN ('underManagement', 'pendingInvestigation') AND \(scoped)
                    GROUP BY 1, 2
                    """)
                cards = try await connection.query(
                    """
                    SELECT c.card, c.status, count(*) FROM talents t
                    CROSS JOIN LATERAL (VALUES ('jixiangCard', t.jixiang_card), ('jijianCard', t.jijian_card),
                                               ('talentCode', t.talent_code), ('certificate', t.certificate))
                        AS c (card, status)
                    WHERE t.status IN ('underManagement', 'pendingInvestigation') AND c.status <> 'none'
                      AND \(scoped) AND NOT \(apart)
                    GROUP BY c.card, c.status
                    """)
            }
            for row in tiers {
                guard let tier = try row.decode(String?.self, at: 0) else { continue }
                let count = try row.decode(Int.self, at: 2)
                if try row.decode(Bool.self, at: 1) {
                    figures.classified += count
                } else {
                    figures.byTier[tier, default: 0] += count
                }
                figures.total += count
            }
            for row in cards {
                figures.byCardStatus[try row.decode(String.self, at: 0), default: [:]][try row.decode(at: 1)] =
                    try row.decode(Int.self, at: 2)
            }
            return figures
        }
    }

    /// Exits (by reason) and downgrades that took effect between `from` and `through`, for the talents
    /// whose answering unit (O2) lies in `scope`, as the register knows them now. With `classifiedApart`,
    /// classified talents (T4) are left out: a breakdown by reason would tell their exits apart.
    public func changes(scope: OrganizationScope, from: Day, through: Day, classifiedApart: Bool = false)
        async throws -> (exitsByReason: [String: Int], downgrades: Int)
    {
        try await store.withConnection { store in
            let connection = store.connection
            let scoped = scope.condition(on: "coalesce(t.reporting_unit_id, t.unit_id)")
            var exits: [String: Int] = [:]
            // A talent's row keeps its last exit, and none once it is evaluated again (M3): an exit before a
            // new evaluation is read from the kept state's exits, for the talents whose new period started
            // within the days (C3: not before the exit it follows).
            for row in try await connection.query(
                """
                SELECT reason, count(*) FROM (
                  SELECT coalesce(t.exit_reason, '') AS reason FROM talents t
                  WHERE t.exited_on BETWEEN \(from.description)::date AND \(through.description)::date AND \(scoped)
                    AND NOT (t.classified AND \(classifiedApart))
                  UNION ALL
                  SELECT e.value ->> 'reason' FROM talents t
                  CROSS JOIN LATERAL jsonb_array_elements(t.state_json::jsonb -> 'exits') e
                  WHERE t.period_start >= \(from.description)::date AND t.state_json LIKE '%"exits":[{%'
                    AND (e.value ->> 'on')::date BETWEEN \(from.description)::date AND \(through.description)::date
                    AND (e.value ->> 'on')::date IS DISTINCT FROM t.exited_on AND \(scoped)
                    AND NOT (t.classified AND \(classifiedApart))
                ) exits
                GROUP BY 1
                """
            ) {
                exits[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
            }
            // A downgrade is a tier band that follows a higher one without a gap (tier letters rise as
            // tiers fall: C after B); a move between units keeps the tier and is no downgrade, and a new
            // evaluation at a lower tier (M3) is none either: the band is one a downgrade of the talent (G4,
            // D3) began, as the work report counts them (a row written before its state was kept is counted
            // by its band alone).
            let downgrades =
                try await connection.query(
                    """
                    SELECT count(*) FROM talent_tier_history h
                    JOIN talent_tier_history p ON p.talent_id = h.talent_id AND p.known_to IS NULL
                      AND p.valid_to = h.valid_from AND p.tier < h.tier
                    JOIN talents t ON t.talent_id = h.talent_id
                    WHERE h.known_to IS NULL
                      AND h.valid_from BETWEEN \(from.description)::date AND \(through.description)::date AND \(scoped)
                      AND NOT (t.classified AND \(classifiedApart))
                      AND (t.state_json IS NULL
                        OR t.state_json::jsonb -> 'downgrades' @> jsonb_build_array(jsonb_build_object('on', h.valid_from::text)))
                    """
                ).first?.decode(Int.self, at: 0) ?? 0
            return (exits, downgrades)
        }
    }
}
