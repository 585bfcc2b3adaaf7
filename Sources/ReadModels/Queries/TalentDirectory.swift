import EventStore
import Foundation
import Postgres
import TalentDomain

/// Lists of talents from the current read model: filtered, scoped to a part of the O1 tree and paged by
/// register id (keyset: a page starts after the last id of the one before, so pages stay stable while
/// talents are added).
public struct TalentDirectory: Sendable {
    let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// Up to `limit` talents after `cursor` (a register id), in register-id order.
    public func page(_ filter: TalentFilter, scope: OrganizationScope, after cursor: String?, limit: Int)
        async throws -> [TalentListing]
    {
        try await store.withConnection { store in
            try await store.connection.query(Self.pageQuery(filter, scope: scope, after: cursor, limit: limit))
                .map(TalentListing.init(row:))
        }
    }

    /// Every talent that `units` answer for (O2), with its answering unit: what a batch job walks, one
    /// query without the listings' columns.
    public func answering(_ units: [String]) async throws -> [(unit: String, talent: TalentID)] {
        guard !units.isEmpty else { return [] }
        return try await store.withConnection { try await Self.answering(units, on: $0) }
    }

    /// The same on `connection`: in a transaction, on its own connection (a second one taken from the pool
    /// while the transaction holds the first could wait for ever once the pool is held by such transactions).
    public static func answering(_ units: [String], on connection: StoreConnection) async throws
        -> [(unit: String, talent: TalentID)]
    {
        try await connection.connection.query(
            """
            SELECT coalesce(t.reporting_unit_id, t.unit_id), t.talent_id FROM talents t
            WHERE coalesce(t.reporting_unit_id, t.unit_id) = ANY(\(units)::text[])
            """
        ).map { (try $0.decode(String.self, at: 0), TalentID(try $0.decode(String.self, at: 1))) }
    }

    /// The talents `units` answered for (O2) under management on `day`, as the register knows it now:
    /// whom a unit had to report on that day, wherever they have gone since. A campaign's late-unit jobs
    /// act on whom a unit answered for when the window closed.
    public func held(by units: [String], on day: Day) async throws -> [(unit: String, talent: TalentID)] {
        guard !units.isEmpty else { return [] }
        return try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT a.unit, h.talent_id \(Self.tierRowsWithAnsweringUnit)
                WHERE (h.unit_id = ANY(\(units)::text[]) OR h.talent_id IN (
                          SELECT talent_id FROM talents WHERE coalesce(reporting_unit_id, unit_id) = ANY(\(units)::text[])))
                  AND \(RegisterSnapshots.held("h", on: day, knownAt: nil)) AND a.unit = ANY(\(units)::text[])
                """
            ).map { (try $0.decode(String.self, at: 0), TalentID(try $0.decode(String.self, at: 1))) }
        }
    }

    /// The unit that answered for each of `talents` (O2) under management on `day`, as the register knows
    /// it now; a talent not under management then has none.
    public func units(of talents: [TalentID], on day: Day) async throws -> [TalentID: String] {
        guard !talents.isEmpty else { return [:] }
        return try await store.withConnection { store in
            let rows = try await store.connection.query(
                """
                SELECT h.talent_id, a.unit \(Self.tierRowsWithAnsweringUnit)
                WHERE h.talent_id = ANY(\(talents.map(\.rawValue))::text[]) AND a.unit IS NOT NULL
                  AND \(RegisterSnapshots.held("h", on: day, knownAt: nil))
                """)
            return Dictionary(
                try rows.map { (TalentID(try $0.decode(String.self, at: 0)), try $0.decode(String.self, at: 1)) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    /// The talents whose 吉享卡 or 吉健卡 was suspended on a day after `day`, as the register knows it now,
    /// suspended still or restored since: the restoration (S4) finds from them the units found in time after
    /// the suspension, the same on every run of a day.
    public func suspendedAfter(_ day: Day) async throws -> [TalentID] {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT DISTINCT talent_id FROM card_history
                WHERE card = ANY(\([TrackedCard.jixiangCard.rawValue, TrackedCard.jijianCard.rawValue])::text[])
                  AND status = \(CardState.suspended.rawValue) AND known_to IS NULL
                  AND valid_from > \(day.description)::date
                """
            ).map { TalentID(try $0.decode(String.self, at: 0)) }
        }
    }

    /// The tier-history rows `h` with their talents `t` and the unit that answered (O2) for the talent in
    /// each, `a.unit`: the row's unit, or, while the talent is still at the unit it is at now and another
    /// reports for it (moved out of the province or into the civil service: its original unit), the
    /// reporting one. A talent's reporting unit changes only with an evaluation or a move within the
    /// province, which change the row's unit too.
    static let tierRowsWithAnsweringUnit: PostgresQuery.Fragment = """
        FROM talent_tier_history h JOIN talents t ON t.talent_id = h.talent_id
        CROSS JOIN LATERAL (
            SELECT CASE WHEN t.reporting_unit_id <> t.unit_id AND h.unit_id = t.unit_id THEN t.reporting_unit_id
                        ELSE h.unit_id END AS unit) a
        """

    static func pageQuery(_ filter: TalentFilter, scope: OrganizationScope, after cursor: String?, limit: Int)
        -> PostgresQuery
    {
        """
        SELECT \(sql: TalentListing.columns)
        FROM talents t LEFT JOIN talent_profiles p ON p.talent_id = t.talent_id
        WHERE (\(cursor)::text IS NULL OR t.talent_id > \(cursor)::text)
          AND \(Self.matching(filter, scope: scope))
        ORDER BY t.talent_id
        LIMIT \(max(1, limit))
        """
    }

    /// How many talents the filter and scope cover.
    public func count(_ filter: TalentFilter, scope: OrganizationScope) async throws -> Int {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT count(*) FROM talents t LEFT JOIN talent_profiles p ON p.talent_id = t.talent_id
                WHERE \(Self.matching(filter, scope: scope))
                """
            ).first?.decode(Int.self, at: 0) ?? 0
        }
    }

    /// How many talents under management each answering unit (O2) of the scope has.
    public func countsByUnit(scope: OrganizationScope) async throws -> [String: Int] {
        try await store.withConnection { store in
            var counts: [String: Int] = [:]
            for row in try await store.connection.query(
                """
                SELECT coalesce(t.reporting_unit_id, t.unit_id), count(*) FROM talents t
                WHERE t.status IN ('underManagement', 'pendingInvestigation')
                  AND coalesce(t.reporting_unit_id, t.unit_id) IS NOT NULL
                  AND \(scope.condition(on: "coalesce(t.reporting_unit_id, t.unit_id)"))
                GROUP BY 1
                """
            ) {
                counts[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
            }
            return counts
        }
    }

    /// One talent's current row, if the register holds it.
    public func listing(of talent: TalentID) async throws -> TalentListing? {
        try await store.withConnection { store in
            try await store.connection.query(Self.listingQuery(talent), prepared: true).first.map(
                TalentListing.init(row:))
        }
    }

    /// One talent's current row and the current state it keeps (``CurrentState``; nil in a row written
    /// before rows kept it, until the projector has been over it), in one round trip.
    public func listingWithState(of talent: TalentID) async throws -> (listing: TalentListing?, stateJSON: String?) {
        try await store.withConnection { store in
            let row = try await store.connection.query(Self.listingQuery(talent, withState: true), prepared: true).first
            return (try row.map(TalentListing.init(row:)), try row?.decode(String?.self, column: "state_json"))
        }
    }

    /// The statement that reads who answers for a talent (O2) and whether it is classified, from its
    /// row, with what the row keeps (see ``Screening``): it goes in the round trip of a command's first
    /// read (`StoreConnection.streamVersion(_:withEventsOfCommand:alongside:)`), so that a command on a
    /// talent outside the caller's jurisdiction is turned away before anything of the stream is read, as
    /// quickly as one on a talent that does not exist.
    public static func screeningStatement(_ talent: TalentID) -> PipelinedStatement {
        PipelinedStatement(
            """
            SELECT coalesce(reporting_unit_id, unit_id), classified, version, \(sql: Self.rosterText), t.state_json,
                t.last_day::text
            FROM talents t WHERE talent_id = \(talent.rawValue)
            """,
            prepared: true)
    }

    /// The roster rows of talent `t` as one text, in `TalentProjection.rosterText(_:)`'s form (see
    /// ``Screening/roster``).
    static let rosterText: StaticString = """
        (SELECT string_agg(concat_ws(E'\\x1f', r.campaign, r.work_item, r.progress, coalesce(r.unit_id, ''),
                                     coalesce(r.tier, '')), E'\\x1e' ORDER BY r.campaign, r.work_item COLLATE "C")
         FROM campaign_roster r WHERE r.talent_id = t.talent_id)
        """

    /// What ``screeningStatement(_:)`` read from a talent's row.
    public struct Screening: Sendable {
        /// The unit that answers for the talent (O2).
        public var answeringUnit: String?
        /// A classified talent (T4), whom most callers see in counts only.
        public var classified: Bool
        /// The version of the stream the row shows.
        public var version: Int64
        /// The talent's roster rows as stored, in `TalentProjection.rosterText(_:)`'s form: a command that
        /// leaves them as they are need not write them again.
        public var roster: String
        /// The state the row keeps (``CurrentState``'s text; nil in a row written before it was kept).
        public var state: String?
        /// The last business day of the stream up to ``version`` (nil in a row written before rows kept it).
        public var lastDay: Day?
    }

    /// What ``screeningStatement(_:)`` read: nil when the talent has no row (none yet, or not yet projected).
    public static func screening(_ rows: PostgresRows) throws -> Screening? {
        try rows.first.map { row in
            Screening(
                answeringUnit: try row.decode(String?.self, at: 0), classified: try row.decode(Bool.self, at: 1),
                version: try row.decode(Int64.self, at: 2), roster: try row.decode(String?.self, at: 3) ?? "",
                state: try row.decode(String?.self, at: 4),
                lastDay: try row.decode(String?.self, at: 5).flatMap { try? Day($0) })
        }
    }

    /// The row `TalentListing` reads; `withState` adds the state it keeps (`state_json`, about 1 KB, which
    /// only the read of the current state needs).
    static func listingQuery(_ talent: TalentID, withState: Bool = false) -> PostgresQuery {
        let state: PostgresQuery.Fragment = withState ? ", t.state_json" : ""
        return """
            SELECT \(sql: TalentListing.columns)\(state)
            FROM talents t LEFT JOIN talent_profiles p ON p.talent_id = t.talent_id
            WHERE t.talent_id = \(talent.rawValue)
            """
    }

    /// The condition for `talents t` (joined with `talent_profiles p`): every value bound.
    static func matching(_ filter: TalentFilter, scope: OrganizationScope) -> PostgresQuery.Fragment {
        let answering: PostgresQuery.Fragment = "coalesce(t.reporting_unit_id, t.unit_id)"
        let current = scope.condition(on: "coalesce(t.reporting_unit_id, t.unit_id)")
        // The overdue list's: a condition of its own, not a parameter's, so that the partial index of these
        // rows serves today's. A past day's also folds every talent with a fact after the day (a row written
        // before the days were kept has none: folded), and reaches the talents the scope held on that day
        // (the unit of their tier's interval then, as known now): one moved since is its unit's of then.
        let (inScope, overdue): (PostgresQuery.Fragment, PostgresQuery.Fragment) =
            switch filter.mayBeOverdueOn {
            case nil: (current, "")
            case .latest?: (current, "AND t.may_be_overdue")
            case .past(let day)?:
                (
                    """
                    (\(current) OR EXISTS (
                        SELECT 1 FROM talent_tier_history h
                        WHERE h.talent_id = t.talent_id AND h.known_to IS NULL AND h.valid_from <= \(day.description)::date
                          AND (h.valid_to IS NULL OR h.valid_to > \(day.description)::date)
                          AND \(scope.condition(on: "h.unit_id"))))
                    """,
                    "AND (t.may_be_overdue OR t.last_day IS NULL OR t.last_day > \(day.description)::date)"
                )
            }
        return """
            \(inScope)
            AND (\(filter.unit)::text IS NULL OR \(answering) = \(filter.unit)::text)
            AND (\(filter.organization)::text IS NULL OR \(answering) IN (
                SELECT organization_id FROM organization_chain WHERE authority_id = \(filter.organization)::text))
            AND (\(filter.tier?.rawValue)::text IS NULL OR t.tier = \(filter.tier?.rawValue)::text)
            AND (\(filter.status?.rawValue)::text IS NULL OR t.status = \(filter.status?.rawValue)::text)
            AND (\(filter.cardStatus?.rawValue)::text IS NULL OR \(filter.cardStatus?.rawValue)::text =
                CASE \(filter.card?.rawValue)::text
                    WHEN 'jixiangCard' THEN t.jixiang_card WHEN 'jijianCard' THEN t.jijian_card
                    WHEN 'talentCode' THEN t.talent_code WHEN 'certificate' THEN t.certificate END)
            AND (\(filter.classified)::boolean IS NULL OR t.classified = \(filter.classified)::boolean)
            AND (\(filter.workItem?.rawValue)::text IS NULL OR EXISTS (
                SELECT 1 FROM campaign_roster r
                WHERE r.talent_id = t.talent_id AND r.work_item = \(filter.workItem?.rawValue)::text
                  AND (\(filter.campaign)::integer IS NULL OR r.campaign = \(filter.campaign)::integer)
                  AND (\(filter.progress)::text IS NULL OR r.progress = \(filter.progress)::text)))
            AND (\(filter.text)::text IS NULL OR starts_with(lower(t.talent_id), lower(\(filter.text)::text))
                OR (\(filter.searchNames)::boolean
                    AND strpos(
                        lower(normalize(p.name, NFC) COLLATE "und-x-icu"), lower(\(filter.text)::text COLLATE "und-x-icu")
                    ) > 0))
            \(overdue)
            """
    }
}
