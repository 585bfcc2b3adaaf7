import EventStore
import Foundation
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import ReadModels
@testable import TalentApplication

/// A command writes its talent's rows itself, most often in place and only what its append changed
/// (`update_talent_rows`); a rebuild derives them from the whole stream. Whatever the domain accepts, in
/// whatever order of business days, the two must be the same rows.
@Suite("A command's rows, in place or whole, are the rows a rebuild derives")
struct CommandRowsPropertyTests {
    /// Evaluates the `index`th talent of a test: tiers in turn, evaluated in 2020 or 2023 (in and out of
    /// the default campaign's W3 scope).
    static func evaluate(_ talent: TalentID, index: Int, with handler: TalentCommandHandler) async throws -> Talent {
        let start = try Day(index % 2 == 0 ? "2020-06-01" : "2023-06-01")
        return try await handler.handle(
            .evaluate(
                Evaluation(
                    talentId: talent, tier: Tier.allCases[index % Tier.allCases.count], unit: UnitID("unit-1"),
                    professionalField: "f", evaluatingDocument: "d-\(index)", certificateDate: start)),
            for: talent, on: start, by: .system
        ).state
    }

    @Test func randomCommandsWithLateFactsLeaveTheRowsARebuildWouldWrite() async throws {
        let context = try await ReadModelContext("command_rows_random")
        let handler = TalentCommandHandler(store: context.store, policy: context.policy)
        var random = SplitMix64(seed: 20_261_204)
        var accepted = 0
        var late = 0
        // 24 talents: a late fact that would change the talent's status, tier or unit before later facts, or
        // open a report, an investigation or an objection before them, is refused (LIMITS), as is the
        // talent's life after a death reported (X9), and the accepted late facts must still be many.
        for index in 0..<24 {
            let talent = TalentID("t-\(index + 1)")
            var state = try await Self.evaluate(talent, index: index, with: handler)
            var date = try Day("2025-01-02")
            for step in 0..<50 {
                date = date.adding(days: 11)
                // Now and then a fact dated before those recorded last: it takes its place in business order.
                let backdated = random.next() % 5 == 0
                let day = backdated ? date.adding(days: -Int(random.next() % 120)) : date
                var command = RandomCommands.command(
                    Int(random.next() % UInt64(RandomCommands.kinds * 40)), step: step, state: state, on: day)
                if case .evaluate(var evaluation) = command {
                    evaluation.talentId = talent
                    command = .evaluate(evaluation)
                }
                do {
                    state = try await handler.handle(command, for: talent, on: day, by: .system).state
                    accepted += 1
                    if backdated { late += 1 }
                } catch is Refusal {
                    continue
                }
            }
        }
        #expect(accepted > 200 && late >= 25, "the sequences reach far: \(accepted) accepted, \(late) dated late")
        let differences = try await ProjectionMaintenance(store: context.store, policy: context.policy).check()
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    /// A batch job moves its talents' rows on from the states they keep (`advance_talent_rows`), closing
    /// and opening card intervals itself: rounds of random commands over talents with histories, each
    /// round's steps dated on or after the talents' last facts and appended in one bulk append, leave the
    /// rows a rebuild derives. Suspensions and restorations come often, some twice on one day.
    @Test func batchesMovedOnFromKeptStatesLeaveTheRowsARebuildWouldWrite() async throws {
        let context = try await ReadModelContext("kept_state_batches")
        let handler = TalentCommandHandler(store: context.store, policy: context.policy)
        var random = SplitMix64(seed: 20_261_205)
        let talents = (1...24).map { TalentID("k-\($0)") }
        for (index, talent) in talents.enumerated() {
            _ = try await Self.evaluate(talent, index: index, with: handler)
        }
        var movedOn = 0
        var cardsChanged = 0
        // From the day after the 2025 campaign's window closed: S3 suspends no earlier.
        var date = try Day("2026-04-01")
        for round in 0..<30 {
            // Every third round on the day of the one before: a card's interval from that day is replaced.
            if round % 3 != 0 { date = date.adding(days: Int(random.next() % 40)) }
            let day = date
            let choices = talents.map { _ in random.next() }
            try await context.store.withTransaction { transaction in
                let kept = try await KeptRow.read(talents.map { ($0, UUID()) }, on: transaction)
                var appends: [StreamAppend] = []
                var advances: [RowsAdvance] = []
                for (talent, choice) in zip(talents, choices) {
                    guard let row = kept[talent], let state = row.state else { continue }
                    let command: TalentCommand =
                        switch choice % 4 {
                        case 0: .suspendServices(reason: "S3")
                        case 1: .restoreServices(reason: "S4")
                        default:
                            RandomCommands.command(
                                Int(choice / 4 % UInt64(RandomCommands.kinds * 40)), step: round, state: state, on: day)
                        }
                    guard let decided = try? decide(command, state, context.policy, day), !decided.isEmpty,
                        let advance = TalentProjection.advance(
                            keptState: state, of: talent, lastDay: row.lastDay, adding: decided,
                            policy: context.policy, over: row.shown)
                    else { continue }
                    appends.append(
                        StreamAppend(
                            streamID: TalentStream.id(talent), streamType: TalentStream.type,
                            expected: .exact(row.shown.version),
                            events: try decided.map { try TalentStream.newEvent($0, metadata: EventMetadata()) }))
                    advances.append(advance)
                    if !advance.cardChanges.isEmpty { cardsChanged += 1 }
                }
                guard !appends.isEmpty else { return }
                try await transaction.appendBulk(appends, commandID: UUID.timeOrdered())
                try await TalentProjection.write(advances, on: transaction.connection)
                movedOn += advances.count
            }
        }
        #expect(movedOn > 200 && cardsChanged > 100, "\(movedOn) moved on, \(cardsChanged) with a card changed")
        let differences = try await ProjectionMaintenance(store: context.store, policy: context.policy).check()
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    /// Rows moved on from a kept state are written only over the rows that state was read from: rows
    /// found at another version are refused (TL412, ``RowsMoved``), so that the batch is decided again.
    @Test func rowsThatMovedSinceTheyWereReadAreRefused() async throws {
        let context = try await ReadModelContext("kept_state_moved")
        let handler = TalentCommandHandler(store: context.store, policy: context.policy)
        let talent = TalentID("m-1")
        let start = try Day("2021-03-01")
        _ = try await handler.handle(
            .evaluate(
                Evaluation(
                    talentId: talent, tier: .C, unit: UnitID("unit-1"), professionalField: "f",
                    evaluatingDocument: "d", certificateDate: start)),
            for: talent, on: start, by: .system)
        let day = try Day("2026-04-01")
        await #expect(throws: RowsMoved.self) {
            try await context.store.withTransaction { transaction in
                let row = try #require(try await KeptRow.read([(talent, UUID())], on: transaction)[talent])
                let state = try #require(row.state)
                let decided = try decide(.suspendServices(reason: "S3"), state, context.policy, day)
                let advance = try #require(
                    TalentProjection.advance(
                        keptState: state, of: talent, lastDay: row.lastDay, adding: decided,
                        policy: context.policy, over: row.shown))
                try await transaction.appendBulk(
                    [
                        StreamAppend(
                            streamID: TalentStream.id(talent), streamType: TalentStream.type,
                            expected: .exact(row.shown.version),
                            events: try decided.map { try TalentStream.newEvent($0, metadata: EventMetadata()) })
                    ], commandID: UUID.timeOrdered())
                // Another writer's rows, as if derived meanwhile from a longer stream.
                try await transaction.connection.execute(
                    "UPDATE talents SET version = version + 1 WHERE talent_id = \(talent.rawValue)")
                try await TalentProjection.write([advance], on: transaction.connection)
            }
        }
    }
}
