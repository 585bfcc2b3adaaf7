import EventStore
import Foundation
import Postgres
import TalentDomain

/// A talent's work items in a campaign (W1–W3) and how far each has come.
public struct RosterEntry: Sendable, Hashable, Codable {
    public var talent: TalentID
    /// From `talent_profiles`.
    public var name: String?
    public var unit: String?
    public var reportingUnit: String?
    /// The tier the campaign's work is on: its grade's, else the one held now.
    public var tier: Tier?
    public var classified: Bool
    /// Work item (`basicInfoCollection`, …) → progress (`pending`, `collected`, `graded_fair`, …).
    public var workItems: [String: String]

    /// The unit that answers for the talent (O2).
    public var answeringUnit: String? { reportingUnit ?? unit }

    /// Every progress a work item can show (what `TalentRows.progress(of:in:)` writes), for a list's filter.
    public static let progressValues: [String] =
        ["pending", "collected", "submitted", "follow_up_owed", "judged_weak", "registered", "pending_investigation"]
        + Grade.allCases.flatMap { ["graded_\($0.rawValue)", "confirmed_\($0.rawValue)"] }
}

/// A campaign's roster from the `campaign_roster` read model, scoped and paged by register id.
public struct CampaignRosterQueries: Sendable {
    let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// Up to `limit` talents of `campaign` after `cursor`, each with its work items.
    public func roster(campaign: Int, scope: OrganizationScope, after cursor: String?, limit: Int) async throws
        -> [RosterEntry]
    {
        return try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT t.talent_id, p.name, t.unit_id, t.reporting_unit_id, r.tier, t.classified,
                       json_object_agg(r.work_item, r.progress)::text
                FROM campaign_roster r
                JOIN talents t ON t.talent_id = r.talent_id
                LEFT JOIN talent_profiles p ON p.talent_id = t.talent_id
                WHERE r.campaign = \(campaign)
                  AND (\(cursor)::text IS NULL OR t.talent_id > \(cursor)::text)
                  AND \(scope.condition(on: "coalesce(t.reporting_unit_id, t.unit_id)"))
                GROUP BY t.talent_id, p.name, r.tier
                ORDER BY t.talent_id
                LIMIT \(max(1, limit))
                """
            ).map { row in
                let workItems = try JSONDecoder().decode(
                    [String: String].self, from: Data(try row.decode(String.self, at: 6).utf8))
                return RosterEntry(
                    talent: TalentID(try row.decode(String.self, at: 0)), name: try row.decode(at: 1),
                    unit: try row.decode(at: 2), reportingUnit: try row.decode(at: 3),
                    tier: try row.decode(String?.self, at: 4).flatMap(Tier.init(rawValue:)),
                    classified: try row.decode(at: 5),
                    workItems: workItems)
            }
        }
    }

    /// How many classified talents (T4) of `scope` hold work items in `campaign`: what the roster of a
    /// caller who sees them in counts only leaves out, said beside it.
    public func classifiedCount(campaign: Int, scope: OrganizationScope) async throws -> Int {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT count(DISTINCT r.talent_id)
                FROM campaign_roster r JOIN talents t ON t.talent_id = r.talent_id
                WHERE r.campaign = \(campaign) AND t.classified
                  AND \(scope.condition(on: "coalesce(t.reporting_unit_id, t.unit_id)"))
                """
            ).first.map { try $0.decode(Int.self, at: 0) } ?? 0
        }
    }

    /// For each answering unit (O2) of `scope`: how many of its talents' work items of `campaign` are
    /// done (past pending), of how many. One aggregate, for a level's view of its units' progress. With
    /// `classifiedApart`, classified talents' (T4) items are left out: done against pending is a breakdown.
    public func progressByUnit(campaign: Int, scope: OrganizationScope, classifiedApart: Bool = false)
        async throws -> [String: (done: Int, total: Int)]
    {
        try await store.withConnection { store in
            var progress: [String: (done: Int, total: Int)] = [:]
            for row in try await store.connection.query(
                """
                SELECT coalesce(t.reporting_unit_id, t.unit_id), count(*) FILTER (WHERE r.progress <> 'pending'), count(*)
                FROM campaign_roster r JOIN talents t ON t.talent_id = r.talent_id
                WHERE r.campaign = \(campaign) AND coalesce(t.reporting_unit_id, t.unit_id) IS NOT NULL
                  AND \(scope.condition(on: "coalesce(t.reporting_unit_id, t.unit_id)"))
                  AND NOT (t.classified AND \(classifiedApart))
                GROUP BY 1
                """
            ) {
                progress[try row.decode(String.self, at: 0)] = (
                    try row.decode(Int.self, at: 1), try row.decode(Int.self, at: 2)
                )
            }
            return progress
        }
    }
}
