import EventStore
import Foundation
import Postgres
import TalentDomain

/// A talent's rows moved on by an append from the state its row kept, without its history: a batch job's
/// talents are written this way (``TalentProjection/write(_:on:)``), a statement for the whole batch.
///
/// Only an append whose facts come last in business order and leave the tier held where it was qualifies
/// (``TalentProjection/advance(keptState:of:lastDay:adding:policy:over:)``). A card it changes (a
/// suspension of services, S3) moves the card history on as a derivation from the whole stream would: the
/// interval that held until then closes as known, and the part before the change and the new status from
/// it open.
public struct RowsAdvance: Sendable {
    let rows: TalentRows
    /// The talent's row as `advance_talent_rows` takes it (a JSON object), written where the advance is
    /// derived: a batch derives its advances on every processor, and writes them on one.
    let talentObject: String
    /// Each card the append changed, with its status from `day` on (nil: the talent holds none of it).
    let cardChanges: [CardChange]
    let rosterChanged: Bool

    struct CardChange: Sendable {
        var card: TrackedCard
        var status: CardState?
        var day: Day
    }

    /// The talent as the append leaves it.
    public var state: Talent { rows.state }
}

extension TalentProjection {
    /// What the kept state `state` (the fold of the talent's stream up to `version`, whose last fact took
    /// effect on `lastDay`) becomes by `events`, each card they change, and the day the last of them takes
    /// effect: nil when the rows need the
    /// history, because a fact takes effect before the one before it (it takes its place in business order,
    /// and the fold is made afresh), changes the tier held or the unit it is held at, or changes one card
    /// twice.
    static func keptStateSteps(_ state: Talent, lastDay: Day, adding events: [TalentEvent]) -> (
        after: Talent, cardChanges: [RowsAdvance.CardChange], lastDay: Day
    )? {
        let holding = TalentRows.holding(state)
        var cards = TalentRows.cards(state)
        var changes: [RowsAdvance.CardChange] = []
        var after = state
        var day = lastDay
        for event in events {
            guard event.effectiveDate >= day else { return nil }
            after = evolve(after, event)
            guard TalentRows.holding(after) == holding else { return nil }
            let now = TalentRows.cards(after)
            for (index, card) in TrackedCard.allCases.enumerated() where now[index] != cards[index] {
                // A second change of one card within the append: its intervals need the steps between.
                guard !changes.contains(where: { $0.card == card }) else { return nil }
                changes.append(.init(card: card, status: now[index]?.status, day: event.effectiveDate))
            }
            cards = now
            day = event.effectiveDate
        }
        return (after, changes, day)
    }

    /// The rows of a talent whose row showed its stream up to `shown`'s version, with the kept state `state`,
    /// after an append of `events` from that state: nil when they need the history (see
    /// ``keptStateSteps(_:lastDay:adding:)``).
    public static func advance(
        keptState state: Talent, of talent: TalentID, lastDay: Day, adding events: [TalentEvent], policy: Policy,
        over shown: RowsShown
    ) -> RowsAdvance? {
        guard let (after, changes, last) = keptStateSteps(state, lastDay: lastDay, adding: events) else { return nil }
        let version = shown.version
        let rows = TalentRows(
            talent: talent, keptState: after, version: version + Int64(events.count), lastDay: last,
            appendedFrom: version + 1, policy: policy)
        return RowsAdvance(
            rows: rows,
            talentObject: object(
                talentRow(rows) + [TalentStream.id(talent), String(shown.version)], keys: advanceKeys),
            cardChanges: changes, rosterChanged: rosterText(rows) != shown.roster)
    }

    /// The members of a talent's row in `advance_talent_rows`: the table's columns, the stream and the
    /// version the row showed.
    static let advanceKeys = memberKeys(tables[0].columns + ["stream_id", "shown"])

    /// Writes `advances` in the caller's transaction, after the append that made them (their last
    /// positions and recording times are its events'): one statement for all. Throws ``RowsMoved`` when
    /// a talent's rows are no longer at the version they showed: nothing is written then.
    public static func write(_ advances: [RowsAdvance], on connection: Connection) async throws {
        guard !advances.isEmpty else { return }
        let talents = "[" + advances.map(\.talentObject).joined(separator: ",") + "]"
        let cards = json(
            advances.flatMap { advance in
                advance.cardChanges.map {
                    [
                        advance.rows.talent.rawValue, TalentStream.id(advance.rows.talent),
                        String(advance.rows.version),
                        $0.card.rawValue, $0.status?.rawValue, $0.day.description,
                    ]
                }
            }, ["talent_id", "stream_id", "version", "card", "status", "valid_from"])
        let rostered = advances.filter(\.rosterChanged)
        let roster = json(rostered.map(\.rows).flatMap(rosterRows), tables[3].columns)
        do {
            try await connection.execute(
                """
                SELECT advance_talent_rows(\(talents)::jsonb, \(cards)::jsonb,
                    \(rostered.map(\.rows.talent.rawValue))::text[], \(roster)::jsonb)
                """)
        } catch let error as PostgresError where error.sqlState == RowsMoved.sqlState {
            throw RowsMoved(message: error.message)
        }
    }
}

/// Talents' rows moved (another writer's) since they were read to be moved on from the state they kept:
/// the caller decides again from the streams.
public struct RowsMoved: Error, CustomStringConvertible {
    /// The SQLSTATE `advance_talent_rows` and `write_appended_talent_rows` raise.
    public static let sqlState = "TL412"

    public var message: String
    public var description: String { message }
}
