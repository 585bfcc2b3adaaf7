import Foundation
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import ReadModels

/// A command writes its talent's rows itself, most often in place and only what its append changed
/// (`update_talent_rows`); a rebuild derives them from the whole stream. Whatever the domain accepts, in
/// whatever order of business days, the two must be the same rows.
@Suite("A command's rows, in place or whole, are the rows a rebuild derives")
struct CommandRowsPropertyTests {
    @Test func randomCommandsWithLateFactsLeaveTheRowsARebuildWouldWrite() async throws {
        let context = try await ReadModelContext("command_rows_random")
        let handler = TalentCommandHandler(store: context.store, policy: context.policy)
        var random = SplitMix64(seed: 20_261_204)
        var accepted = 0
        var late = 0
        for index in 0..<20 {
            let talent = TalentID("t-\(index + 1)")
            let start = try Day(index % 2 == 0 ? "2020-06-01" : "2023-06-01")
            var state = try await handler.handle(
                .evaluate(
                    Evaluation(
                        talentId: talent, tier: Tier.allCases[index % Tier.allCases.count], unit: UnitID("unit-1"),
                        professionalField: "f", evaluatingDocument: "d-\(index)", certificateDate: start)),
                for: talent, on: start, by: .system
            ).state
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
        #expect(accepted > 200 && late > 30, "the sequences reach far: \(accepted) accepted, \(late) dated late")
        let differences = try await ProjectionMaintenance(store: context.store, policy: context.policy).check()
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }
}
