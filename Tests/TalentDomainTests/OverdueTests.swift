// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like X9 and W5 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("What is overdue (X9, D3, W5)")
struct OverdueTests {
    func campaign() throws -> Campaign { try policy().campaign(year: 2025) }

    @Test func X9_aRetirementReportedTwoMonthsAfterItOccurredIsListed() throws {
        var late = try Ledger(tier: .C, start: "2022-01-01")
        try late.run(.retire(occurredOn: try day("2025-05-02"), rehire: nil), on: "2025-07-01")
        let items = late.state.overdue(on: try day("2025-07-05"), campaign: try campaign())
        #expect(items.map(\.rule) == [.X9])
        #expect(items.first?.since == (try day("2025-06-02")))
        var timely = try Ledger(tier: .C, start: "2022-01-01")
        try timely.run(.retire(occurredOn: try day("2025-06-20"), rehire: nil), on: "2025-07-01")
        #expect(timely.state.overdue(on: try day("2025-07-05"), campaign: try campaign()).isEmpty)
    }

    @Test func W5_aWeakJudgementsFollowUpIsOverdueOnceItsDaysHavePassed() throws {
        var ledger = try Ledger(tier: .D, start: "2023-04-01")
        try ledger.run(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-10")
        try ledger.run(.judgeMidTermWeak(campaign: 2025), on: "2026-01-20")
        let campaign = try campaign()
        #expect(ledger.state.overdue(on: try day("2026-02-19"), campaign: campaign).isEmpty)
        let owed = ledger.state.overdue(on: try day("2026-02-20"), campaign: campaign)
        #expect(owed.map(\.rule) == [.W5])
        #expect(owed.first?.since == (try day("2026-02-19")))
        try ledger.run(
            .recordMidTermFollowUp(
                campaign: 2025, responsiblePerson: "head", reminderTalkOn: try day("2026-02-25"),
                helpMeasures: "mentoring",
                improveBy: try day("2026-08-31")), on: "2026-02-25")
        #expect(ledger.state.overdue(on: try day("2026-03-01"), campaign: campaign).isEmpty)
    }

    @Test func D3_aReportNotMadeByItsDeadlineAndARecommendationAwaitingTheProvinceAreListed() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(
            .penalize(occurredOn: try day("2025-04-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2025-04-10")
        let campaign = try campaign()
        #expect(ledger.state.overdue(on: try day("2025-04-20"), campaign: campaign).isEmpty)
        #expect(ledger.state.overdue(on: try day("2025-05-10"), campaign: campaign).map(\.rule) == [.D3])
        try ledger.run(.recommend(outcome: .downgrade), on: "2025-05-12")
        let waiting = ledger.state.overdue(on: try day("2025-06-01"), campaign: campaign)
        #expect(waiting.map(\.rule) == [.D3])
        #expect(waiting.first?.what.contains("waits for the province's decision") == true)
    }
}
