import EventStore
import Foundation
import Postgres
import TalentDomain

/// A talent's stream folded an append at a time, as its rows are derived: a command folds the history
/// once, decides on its ``state``, adds its own append and writes the rows
/// (``TalentProjection/appendedRows(_:policy:over:commandID:)``) without folding the history again.
public struct TalentHistory: Sendable {
    var appends: TalentRows.Appends

    public init(_ talent: TalentID) {
        appends = TalentRows.Appends(talent: talent)
    }

    /// The talent as the events added so far leave it: their fold in business order.
    public var state: Talent { appends.fold.state }

    /// Adds `events`, which follow every event added so far in version order.
    public mutating func add(_ events: [StoredTalentEvent]) {
        appends.add(events)
    }
}

/// Writes the read models of talents and organizations.
public enum TalentProjection {
    /// The subscription that keeps the read models.
    public static let subscriptionName = "read-models"

    /// Replaces every row of the given talents with the rows their streams imply.
    public static func write(_ streams: [TalentID: [StoredTalentEvent]], policy: Policy, on connection: Connection)
        async throws
    {
        guard !streams.isEmpty else { return }
        let rows = try await Array(streams).concurrentMap { talent, events in
            TalentRows(talent: talent, events: events, policy: policy)
        }
        let ids = streams.keys.map(\.rawValue)
        if rows.count <= statementLimit {
            try await connection.execute(replacement(of: ids, by: rows))
        } else {
            try await connection.execute("SELECT forget_talent_rows(\(ids)::text[])")
            try await copy(rows, on: connection)
        }
    }

    /// What a talent's rows showed when a command read them: the version of its stream they were derived
    /// from and its roster rows as stored (`TalentDirectory.screening`'s `roster`), which depend on the
    /// policy they were derived under as well as on the stream.
    public struct RowsShown: Sendable {
        public var version: Int64
        public var roster: String

        public init(version: Int64, roster: String) {
            self.version = version
            self.roster = roster
        }
    }

    /// What stands in a command's rows for what only its append knows, until `write_appended_talent_rows`
    /// puts in the append's own: its recording time (later than any real one, as the append's is later
    /// than every event before it) and its last position.
    public enum Provisional {
        public static let recordedAt = Date(timeIntervalSince1970: 64_060_588_800)  // 4000-01-01
        public static let position = Int64.max
    }

    /// The statement that writes a command's talent rows in the round trip of its append and its COMMIT
    /// (`write_appended_talent_rows`), from `history` whose last append is the command's, added as
    /// ``StoredTalentEvent/init(provisional:version:metadata:)`` events; with the state the rows were
    /// derived from and its text, so that the caller need not fold or write them again.
    ///
    /// `shown` is what the rows showed before the command's append, if they showed the stream up to it:
    /// then only what the append changed is rewritten (`update_talent_rows`), else every row is replaced.
    /// Rows at the stream's version are the stream's own rows, whichever writer derived them (a command,
    /// the projector, a rebuild); a binary that derives rows differently takes over a database through
    /// `projections rebuild`, as it always has.
    public static func appendedRows(
        _ history: TalentHistory, policy: Policy, over shown: RowsShown?, commandID: UUID
    ) -> (state: Talent, json: String, statement: PipelinedStatement) {
        appendedRows(TalentRows(history.appends, policy: policy), over: shown, commandID: commandID, histories: true)
    }

    /// ``appendedRows(_:policy:over:commandID:)`` of a command decided on the state its talent's row kept
    /// (`state`, the fold of the stream up to `shown`'s version, whose last fact took effect on `lastDay`),
    /// adding `events`, without the talent's history. Nil when the events need it: one takes effect before
    /// the day of the one before it (it takes its place in business order, and the fold is made afresh), or
    /// one changes the tier held, the unit it is held at or a card's status (the bitemporal histories
    /// change; a batch job's ``advance(keptState:of:lastDay:adding:policy:over:)`` moves the card history on
    /// itself).
    public static func appendedRows(
        keptState state: Talent, of talent: TalentID, lastDay: Day, adding events: [TalentEvent], policy: Policy,
        over shown: RowsShown, commandID: UUID
    ) -> (state: Talent, json: String, statement: PipelinedStatement)? {
        guard let (after, changes, last) = keptStateSteps(state, lastDay: lastDay, adding: events), changes.isEmpty
        else { return nil }
        let rows = TalentRows(
            talent: talent, keptState: after, version: shown.version + Int64(events.count), lastDay: last,
            appendedFrom: shown.version + 1, policy: policy)
        return appendedRows(rows, over: shown, commandID: commandID, histories: false)
    }

    static func appendedRows(_ rows: TalentRows, over shown: RowsShown?, commandID: UUID, histories: Bool)
        -> (state: Talent, json: String, statement: PipelinedStatement)
    {
        let json = tables.map { Self.json($0.rows(rows), $0.columns) }
        let kept = shown.flatMap { rows.lastAppendFrom == $0.version + 1 ? $0 : nil }
        let query: PostgresQuery = """
            SELECT write_appended_talent_rows(\(rows.talent.rawValue), \(TalentStream.id(rows.talent)),
                \(rows.version), \(commandID.uuidString.lowercased())::uuid, \(Provisional.recordedAt.postgresText),
                \(String(Provisional.position)), \(kept?.version), \(!rows.lastAppendKept.tiers),
                \(!rows.lastAppendKept.cards), \(kept.map { rosterText(rows) != $0.roster } ?? true), \(json[0])::jsonb,
                \(json[1])::jsonb, \(json[2])::jsonb, \(json[3])::jsonb, \(histories))
            """
        return (rows.state, rows.stateJSON, PipelinedStatement(query, prepared: true))
    }

    /// The talent streams among `streams` (a batch's events by stream id) whose rows are older than the
    /// batch's last event. A command writes its talent's rows in the transaction of its append, so by
    /// the time the projector reads those events the rows already show them: projecting them again would
    /// rewrite the same rows, and would hold the talent's head share-locked for the whole batch, so that
    /// the talent's next command waited for the batch to commit.
    static func behind(_ streams: [String: [RecordedEvent]], on connection: Connection) async throws
        -> [String: [RecordedEvent]]
    {
        let ids = streams.keys.compactMap { TalentStream.talentID(fromStreamID: $0)?.rawValue }
        guard !ids.isEmpty else { return streams }
        var projected: [String: Int64] = [:]
        for row in try await connection.query(
            "SELECT talent_id, version FROM talents WHERE talent_id = ANY(\(ids)::text[])")
        {
            projected[TalentStream.id(TalentID(try row.decode(String.self, at: 0)))] = try row.decode(
                Int64.self, at: 1)
        }
        return streams.filter { streamID, events in
            (projected[streamID] ?? 0) < (events.map(\.version).max() ?? 0)
        }
    }

    /// `replace_talent_rows` of these talents' rows, in `tables`' order.
    static func replacement(of ids: [String], by rows: [TalentRows]) -> PostgresQuery {
        let json = tables.map { Self.json(rows.flatMap($0.rows), $0.columns) }
        return
            "SELECT replace_talent_rows(\(ids)::text[], \(json[0])::jsonb, \(json[1])::jsonb, \(json[2])::jsonb, \(json[3])::jsonb)"
    }

    /// Up to this many talents are written by one statement (`replace_talent_rows`), more by COPY: a
    /// command's talent costs one round trip instead of a COPY's two per table, and a batch of hundreds
    /// streams its rows.
    static let statementLimit = 16

    /// The read models a talent's rows fill: each table, its columns in the order of its rows, and the
    /// rows. COPY and `replace_talent_rows` (whose JSON objects are keyed by these names) both take them.
    static let tables: [(name: String, columns: [String], rows: @Sendable (TalentRows) -> [[String?]])] = [
        (
            "talents",
            [
                "talent_id", "tier", "status", "unit_id", "professional_field", "period_start", "period_source",
                "period_end", "flexible_until", "classified", "retired", "rehired", "jixiang_card", "jijian_card",
                "talent_code", "certificate", "medical_service", "housing_subsidy_total", "housing_subsidy_paid",
                "housing_subsidy_stopped", "publicity_running", "open_objections", "awaiting_decision", "exit_reason",
                "exited_on", "reapplication", "reapply_from", "version", "last_position", "reporting_unit_id",
                "may_be_overdue", "state_json", "last_day",
            ],
            { [talentRow($0)] }
        ),
        (
            "talent_tier_history",
            ["talent_id", "tier", "unit_id", "valid_from", "valid_to", "known_from", "known_to"], tierRows
        ),
        (
            "card_history",
            ["talent_id", "card", "status", "valid_from", "valid_to", "known_from", "known_to"], cardRows
        ),
        ("campaign_roster", ["campaign", "talent_id", "unit_id", "tier", "work_item", "progress"], rosterRows),
    ]

    static func copy(_ rows: [TalentRows], on connection: Connection) async throws {
        for table in tables {
            try await connection.copyFrom(
                "COPY \(table.name) (\(table.columns.joined(separator: ", "))) FROM STDIN",
                rows: rows.flatMap(table.rows))
        }
    }

    /// Rows as a JSON array of objects keyed by `columns` (values in COPY's text form, NULL as null).
    /// Written by hand (``JSONText``): `JSONEncoder` of these dictionaries was a twentieth of a command's
    /// server time.
    static func json(_ rows: [[String?]], _ columns: [String]) -> String {
        let keys = memberKeys(columns)
        return "[" + rows.map { object($0, keys: keys) }.joined(separator: ",") + "]"
    }

    /// Each column as a JSON object's member name and its colon: what ``object(_:keys:)`` writes before
    /// each value.
    static func memberKeys(_ columns: [String]) -> [String] {
        columns.map { JSONText.quoted($0) + ":" }
    }

    /// One row as a JSON object, its values under `keys` (``memberKeys(_:)``) in order.
    static func object(_ row: [String?], keys: [String]) -> String {
        assert(row.count == keys.count, "a row does not fill its table's columns")
        var text = "{"
        for (column, value) in row.enumerated() {
            if column > 0 { text += "," }
            text += keys[column]
            if let value { JSONText.append(quoted: value, to: &text) } else { text += "null" }
        }
        return text + "}"
    }

    static func tierRows(_ row: TalentRows) -> [[String?]] {
        row.tierHistory.map { [row.talent.rawValue, $0.value.tier.rawValue, $0.value.unit?.rawValue] + spans($0) }
    }

    static func cardRows(_ row: TalentRows) -> [[String?]] {
        row.cardHistory.map { [row.talent.rawValue, $0.value.card.rawValue, $0.value.status.rawValue] + spans($0) }
    }

    static func rosterRows(_ row: TalentRows) -> [[String?]] {
        row.roster.map {
            [
                String($0.campaign), row.talent.rawValue, row.state.unit?.rawValue, $0.tier?.rawValue,
                $0.item.rawValue, $0.progress,
            ]
        }
    }

    /// The talent's roster rows as the screening statement reads them back (`TalentDirectory`): in the
    /// order `TalentRows.roster(for:policy:)` gives them (campaign, then work item), the fields campaign,
    /// work item, progress, unit and tier joined by ASCII's unit separator, the rows by its record
    /// separator.
    static func rosterText(_ rows: TalentRows) -> String {
        rows.roster.map { row in
            [
                String(row.campaign), row.item.rawValue, row.progress, rows.state.unit?.rawValue ?? "",
                row.tier?.rawValue ?? "",
            ].joined(separator: "\u{1F}")
        }.joined(separator: "\u{1E}")
    }

    static func spans<Value>(_ row: BitemporalRow<Value>) -> [String?] {
        [row.validFrom.description, row.validTo?.description, row.knownFrom.postgresText, row.knownTo?.postgresText]
    }

    static func talentRow(_ rows: TalentRows) -> [String?] {
        let state = rows.state
        let entitlements = state.entitlements
        func flag(_ value: Bool) -> String { value ? "t" : "f" }
        let reapplication = state.exit?.reapplication ?? state.lastDowngrade?.reapplication
        return [
            rows.talent.rawValue,
            state.tier?.rawValue,
            state.status.rawValue,
            state.unit?.rawValue,
            state.professionalField,
            state.period?.start.description,
            state.period.map { $0.source?.rawValue ?? $0.basis.rawValue },
            state.period?.end.description,
            state.flexibleAgreementEnd?.description,
            flag(state.isClassified),
            flag(state.isRetired),
            flag(state.isRehired),
            TrackedCard.jixiangCard.status(in: entitlements).rawValue,
            TrackedCard.jijianCard.status(in: entitlements).rawValue,
            TrackedCard.talentCode.status(in: entitlements).rawValue,
            TrackedCard.certificate.status(in: entitlements).rawValue,
            flag(entitlements.medicalService),
            String(entitlements.housingSubsidy.totalYuan),
            String(entitlements.housingSubsidy.paidYuan),
            flag(entitlements.housingSubsidy.stopped),
            flag(state.isPublicityRunning),
            String(state.campaigns.values.map(\.openObjections.count).reduce(0, +)),
            flag(state.openRecommendation != nil || !state.pendingExitReports.isEmpty || !state.pendingReports.isEmpty),
            state.exit?.reason.rawValue,
            state.exit?.on.description,
            reapplication?.rule.rawValue,
            reapplication?.allowedFrom?.description,
            String(rows.version),
            String(rows.lastPosition),
            state.reportingUnit?.rawValue,
            flag(state.mayHaveOverdueItems),
            rows.stateJSON,
            rows.lastDay?.description,
        ]
    }

    /// Upserts registered organizations.
    static func writeOrganizations(_ events: [RecordedEvent], on connection: Connection) async throws {
        let decoder = JSONDecoder()
        for event in events where event.type == OrganizationStream.registered {
            let organization = try decoder.decode(Organization.self, from: event.data)
            try await connection.execute(
                """
                INSERT INTO organizations (organization_id, name, short_name, kind, parent_id, region, last_position)
                VALUES (\(organization.id), \(organization.name), \(organization.shortName), \(organization.kind.rawValue),
                        \(organization.parentID), \(organization.region), \(event.position))
                ON CONFLICT (organization_id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
                    kind = excluded.kind, parent_id = excluded.parent_id, region = excluded.region,
                    last_position = excluded.last_position
                """
            )
        }
    }
}
