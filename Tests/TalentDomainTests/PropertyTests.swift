import PropertyBased
import TalentLedgerTesting
import Testing

@testable import TalentDomain

/// Random command sequences: whatever `decide` accepts, `evolve` folds, and the invariants hold.
@Suite("Properties")
struct PropertyTests {
    /// A refusal's reason is for the officers who read the notice: Chinese, with no English sentence left
    /// in it (ids, days and field paths are fine), and no closing 。 (the console adds its own).
    static func readsInTheNoticesWords(_ reason: String) -> Bool {
        reason.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
            && !reason.contains(#/[A-Za-z]+ [A-Za-z]+/#) && !reason.hasSuffix("。")
    }

    @Test func randomCommandSequencesFoldWithoutCrashAndKeepInvariants() async throws {
        let policy = try policy()
        var seen: Set<String> = []
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...4), Gen.int(in: 0...(RandomCommands.kinds * 40 - 1)).array(of: 1...60)
        ) { tierIndex, values in
            var ledger = try Ledger(
                tier: Tier.allCases[tierIndex], start: tierIndex % 2 == 0 ? "2020-06-01" : "2023-06-01")
            #expect(ledger.policy == policy)
            // From the day before the 2025 campaign's work opens (its notice's day): every step of it can be taken.
            var date = try day("2025-12-01")
            for (step, value) in values.enumerated() {
                date = date.adding(days: 11)
                let command = RandomCommands.command(value, step: step, state: ledger.state, on: date)
                let events: [TalentEvent]
                do throws(Refusal) {
                    events = try decide(command, ledger.state, policy, date)
                } catch {
                    #expect(Self.readsInTheNoticesWords(error.reason), "\(error)")
                    continue
                }
                var state = ledger.state
                // X9: an exit takes effect only through a verification by the province, a province decision
                // (D3, F1) or a final end-term result (G4, G5) — never on the unit's report alone.
                if events.contains(where: { $0.exited != nil }) {
                    #expect(
                        events.contains {
                            switch $0 {
                            case .exitSituationVerified(let v): v.confirmed
                            case .recommendationDecided, .fraudFound, .endTermResultConfirmed: true
                            default: false
                            }
                        }, "exit without the province or a final result after \(command)")
                }
                for event in events {
                    let before = state
                    state = evolve(state, event)
                    // S4/C1/C2: a card taken back comes back only with a new evaluation's grant (E1/E2).
                    for card in [\Entitlements.jixiangCard, \Entitlements.jijianCard]
                    where before.entitlements[keyPath: card] == .takenBack
                        && state.entitlements[keyPath: card] == .active
                    {
                        #expect([RuleID.E1, .E2].contains(event.derivation?.rule), "card revived by \(event.typeName)")
                    }
                    if case .exitSituationReported = event { #expect(state.status == before.status) }
                    if case .talentDowngraded(let downgrade) = event {
                        #expect(before.tier == downgrade.from)
                        #expect(downgrade.from.lowered == downgrade.to)
                        #expect(state.tier == downgrade.to)
                    } else if case .talentEvaluated = event {
                    } else {
                        #expect(state.tier == before.tier, "tier changed by \(event.typeName)")
                    }
                    let decoded = try TalentEvent.decode(
                        typeName: event.typeName, schemaVersion: event.schemaVersion,
                        payload: try event.encodedPayload())
                    #expect(decoded == event)
                }
                ledger.events += events
                // The register decides on the talent as its whole history says, folded in business order
                // (a late fact where it took effect), not as the facts happened to be recorded.
                ledger.state = Talent.fold(ledger.events)
                seen.formUnion(events.map(\.typeName))
                if state.hasExited {
                    #expect(!state.entitlements.holdsCard, "exited talent holds a card after \(command)")
                    #expect(state.talentCodeIsCancelled)
                    #expect(state.openRecommendation == nil)
                } else {
                    #expect(state.tier.map { state.entitlements.talentCode.tier == $0 } == true)
                }
            }
            // Business order: however the facts of different days were recorded, the talent is the same;
            // facts of one day keep their recorded order.
            let reshuffled = Dictionary(grouping: ledger.events, by: \.effectiveDate).values.shuffled().flatMap { $0 }
            #expect(Talent.fold(reshuffled) == ledger.state)
        }
        // The sequences must reach deep states, not only refusals: most event types are produced.
        let missing = Set(TalentEvent.typeNames).subtracting(seen).sorted()
        #expect(seen.count >= 28, "never produced: \(missing)")
        #expect(
            seen.isSuperset(of: [
                "ExitSituationReported", "ExitSituationVerified", "TalentExited", "EntitlementsChanged",
                "EndTermGraded", "RecommendationDecided",
            ]))
    }

    /// The read model keeps `mayHaveOverdueItems` with each talent so that the overdue list folds only
    /// those talents: whatever state random commands reach, a talent with something overdue on any day has
    /// the flag.
    @Test func aTalentWithAnythingOverdueIsFlaggedAsMayHaveOverdueItems() async throws {
        let policy = try policy()
        let campaign = try policy.campaign(year: 2025)
        let days = try ["2025-01-01", "2025-09-01", "2026-04-01", "2027-06-01"].map(day)
        var listed = 0
        await propertyCheck(count: 200, input: Gen.int(in: 0...(RandomCommands.kinds * 40 - 1)).array(of: 1...50)) {
            values in
            var ledger = try Ledger(tier: .C, start: "2021-06-01")
            // From the day before the 2025 campaign's work opens (its notice's day): every step of it can be taken.
            var date = try day("2025-12-01")
            for (step, value) in values.enumerated() {
                date = date.adding(days: 13)
                let command = RandomCommands.command(value, step: step, state: ledger.state, on: date)
                guard let events = try? decide(command, ledger.state, policy, date) else { continue }
                ledger.events += events
                ledger.state = Talent.fold(ledger.events)
                for day in days + [date]
                where !ledger.state.overdue(
                    on: day, campaign: campaign, management: policy.management
                ).isEmpty {
                    listed += 1
                    #expect(ledger.state.mayHaveOverdueItems, "overdue on \(day) but not flagged after \(command)")
                }
            }
        }
        // The sequences must reach states with something overdue, or the property says nothing.
        #expect(listed > 100)
    }

    @Test func evolveIsTotalOverAnyOrderOfDecidedEvents() async throws {
        var pool: [TalentEvent] = []
        for grade in Grade.allCases {
            var ledger = try Ledger(tier: .B, start: "2020-01-01")
            _ = try ledger.confirmEndTerm(grade)
            _ = try? ledger.run(.retire(occurredOn: try day("2026-03-01"), rehire: nil), on: "2026-03-01")
            _ = try? ledger.run(.suspendServices(reason: "late"), on: "2026-04-01")
            if ledger.state.hasReportedExitSituation { try ledger.verifyExit(on: "2026-04-10") }
            pool += ledger.events
        }
        let events = pool
        await propertyCheck(count: 200, input: Gen.int(in: 0...(events.count - 1)).array(of: 0...80)) { indexes in
            let state = Talent.fold(indexes.map { events[$0] })
            #expect(state.evaluationCount == indexes.filter { events[$0].typeName == "TalentEvaluated" }.count)
            #expect(state.entitlements.housingSubsidy.paidYuan >= 0)
        }
    }

    @Test func addingWorkingDaysMatchesCountingThem() async throws {
        let calendar = try policy().calendar
        let first = try day("2025-01-01")
        await propertyCheck(input: Gen.int(in: 0...600), Gen.int(in: 0...30)) { offset, count in
            let start = first.adding(days: offset)
            let end = try calendar.addWorkingDays(count, to: start)
            #expect(try calendar.workingDays(between: start.adding(days: 1), and: end) == count)
            if count > 0 { #expect(try calendar.isWorkingDay(end)) }
        }
    }
}

extension Talent {
    var talentCodeIsCancelled: Bool { entitlements.talentCode.status == .cancelled }
}
