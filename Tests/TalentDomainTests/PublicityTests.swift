// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("Publicity and objections (P1–P3)")
struct PublicityTests {
    func gradedExcellent() throws -> Ledger {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-02-10")
        return ledger
    }

    @Test func P1_excellentIsPublicizedForFiveWorkingDaysAcrossSpringFestival() throws {
        var ledger = try gradedExcellent()
        let started = try ledger.run(.startPublicity(campaign: 2025), on: "2026-02-12")
        guard case .publicityStarted(let publicity) = started.first else {
            Issue.record("expected PublicityStarted")
            return
        }
        #expect(publicity.earliestEnd == (try day("2026-02-25")))
        #expect(publicity.minimumWorkingDays == 5)
        #expect(ledger.state.isPublicityRunning)
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-02-13")
        #expect(try ledger.refusal(.finalizeResult(campaign: 2025), on: "2026-02-24")?.rule == .P1)
        // 02-24 is only the fourth working day (02-12, 02-13, make-up Sat 02-14, 02-24).
        #expect(try ledger.refusal(.endPublicity(campaign: 2025), on: "2026-02-24")?.rule == .P1)
        let ended = try ledger.run(.endPublicity(campaign: 2025), on: "2026-02-25")
        guard case .publicityEnded(let end) = ended.first else {
            Issue.record("expected PublicityEnded")
            return
        }
        #expect(end.workingDays == 5)
        try ledger.run(.finalizeResult(campaign: 2025), on: "2026-02-26")
        #expect(ledger.state.campaign(2025).confirmedOn != nil)
    }

    @Test(arguments: [Grade.good, .fair, .unqualified])
    func P1_onlyExcellentResultsArePublicized(grade: Grade) throws {
        var ledger = try Ledger(tier: .C, start: "2020-01-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: grade, decidedCollectively: true), on: "2026-01-06")
        #expect(try ledger.refusal(.startPublicity(campaign: 2025), on: "2026-01-07")?.rule == .P1)
    }

    @Test func P2_workingDaysFollowTheOfficialCalendar() throws {
        let calendar = try policy().calendar
        #expect(try calendar.endOfWorkingDays(5, startingOn: try day("2026-02-12")) == (try day("2026-02-25")))
        // A window opening on a day off counts from the next working day: Saturday 21 March to Friday 27.
        #expect(try calendar.endOfWorkingDays(5, startingOn: try day("2026-03-21")) == (try day("2026-03-27")))
        // Whatever day it opens, a window of n working days holds exactly n and ends on one.
        var start = try day("2026-01-01")
        while start <= (try day("2026-11-30")) {
            for count in [1, 5] {
                let end = try calendar.endOfWorkingDays(count, startingOn: start)
                #expect(
                    try calendar.workingDays(between: start, and: end) == count && calendar.isWorkingDay(end),
                    "\(count) from \(start)")
            }
            start = start.adding(days: 1)
        }
        #expect(try calendar.workingDays(between: try day("2026-03-16"), and: try day("2026-03-31")) == 12)
        #expect(try calendar.isWorkingDay(try day("2026-02-14")))  // make-up Saturday
        #expect(try calendar.isWorkingDay(try day("2026-02-16")) == false)  // Spring Festival Monday
        #expect(try calendar.isWorkingDay(try day("2026-02-21")) == false)  // ordinary Saturday inside the holiday
        #expect(try calendar.isWorkingDay(try day("2025-01-26")))  // make-up Sunday
        #expect(try calendar.isWorkingDay(try day("2025-10-08")) == false)
        #expect(try calendar.isWorkingDay(try day("2025-10-09")))
        #expect(try calendar.addWorkingDays(1, to: try day("2025-09-30")) == (try day("2025-10-09")))
        #expect(try calendar.addWorkingDays(0, to: try day("2025-09-30")) == (try day("2025-09-30")))
        #expect(throws: CalendarError.noCalendar(year: 2027)) {
            try calendar.isWorkingDay(try day("2027-01-04"))
        }
        #expect(throws: CalendarError.noCalendar(year: 2027)) {
            try calendar.addWorkingDays(5, to: try day("2026-12-29"))
        }
        // A publicity that would run into a year without data is refused, not guessed.
        let ledger = try gradedExcellent()
        #expect(try ledger.refusal(.startPublicity(campaign: 2025), on: "2026-12-30")?.rule == .P2)
    }

    @Test func P3_G6_openObjectionBlocksFinalizationUntilAnsweredAndOneToTheFinalResultIsAnswered() throws {
        var ledger = try gradedExcellent()
        #expect(
            try ledger.refusal(.answerObjection(campaign: 2025, objectionId: "o-1", response: "x"), on: "2026-02-12")?
                .rule == .P3)
        try ledger.run(.startPublicity(campaign: 2025), on: "2026-02-12")
        try ledger.run(
            .fileObjection(campaign: 2025, objectionId: "o-1", summary: "results overstated"), on: "2026-02-13")
        #expect(
            try ledger.refusal(.fileObjection(campaign: 2025, objectionId: "o-1", summary: "again"), on: "2026-02-13")?
                .rule == .P3)
        #expect(ledger.state.hasOpenObjections)
        try ledger.run(.endPublicity(campaign: 2025), on: "2026-02-25")
        try ledger.run(.notifyResult(campaign: 2025), on: "2026-02-25")
        #expect(try ledger.refusal(.finalizeResult(campaign: 2025), on: "2026-02-26")?.rule == .P3)
        try ledger.run(
            .answerObjection(campaign: 2025, objectionId: "o-1", response: "verified with the project office"),
            on: "2026-02-27")
        #expect(ledger.state.hasOpenObjections == false)
        try ledger.run(.finalizeResult(campaign: 2025), on: "2026-02-28")
        // P3 (§4(4) "对公示结果或考核结果有异议的"): an objection to the final result is recorded and answered; the
        // result stands (G6).
        try ledger.run(.fileObjection(campaign: 2025, objectionId: "o-3", summary: "对结果有异议"), on: "2026-03-02")
        try ledger.run(.answerObjection(campaign: 2025, objectionId: "o-3", response: "经核实，维持原结果"), on: "2026-03-05")
        #expect(ledger.state.campaign(2025).grade == .excellent && ledger.state.campaign(2025).confirmedOn != nil)
        #expect(
            try ledger.refusal(.grade(campaign: 2025, grade: .good, decidedCollectively: true), on: "2026-03-05")?.rule
                == .G6)
        // A talent who exited on its result (G5) may object to it too, and has its answer.
        var failed = try Ledger(tier: .C, start: "2020-05-01")
        _ = try failed.confirmEndTerm(.unqualified)
        #expect(failed.state.hasExited)
        try failed.run(.fileObjection(campaign: 2025, objectionId: "o-u", summary: "对不合格有异议"), on: "2026-02-01")
        try failed.run(.answerObjection(campaign: 2025, objectionId: "o-u", response: "经核实，维持原结果"), on: "2026-02-05")
        #expect(failed.state.hasExited && failed.state.campaign(2025).openObjections.isEmpty)
        #expect(
            try failed.refusal(.fileObjection(campaign: 2031, objectionId: "o-x", summary: "s"), on: "2026-02-05")?.rule
                == .P3)

        let lenient = try Fixture.policy(editing: \.publicity) { $0["unresolvedObjectionBlocksFinalization"] = false }
        var other = Ledger(policy: lenient, replaying: try gradedExcellent().events)
        try other.run(.startPublicity(campaign: 2025), on: "2026-02-12")
        try other.run(.fileObjection(campaign: 2025, objectionId: "o-2", summary: "s"), on: "2026-02-13")
        try other.run(.endPublicity(campaign: 2025), on: "2026-02-25")
        try other.run(.notifyResult(campaign: 2025), on: "2026-02-25")
        #expect(try other.refusal(.finalizeResult(campaign: 2025), on: "2026-02-26") == nil)
    }
}
