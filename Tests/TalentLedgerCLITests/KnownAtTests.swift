import Foundation
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import talentledger

/// `talent show --known-at`: a bare date is a day in China, as every other day the register takes.
@Suite("talentledger talent show --known-at: a bare date is the end of that day in China")
struct KnownAtTests {
    @Test func aBareDateIsTheLastMomentOfThatDayOnChinasClock() throws {
        let end = try CLIValues.knownAt("2020-01-01", option: "--known-at")
        // 2020-01-01 ends in China at 16:00 UTC.
        let midnight = try #require(RecordingTime.parse("2020-01-01T16:00:00Z"))
        #expect(end < midnight)
        #expect(midnight.timeIntervalSince(end) < 0.001)
        // A day begun is known as far as it has come; one to come is refused, as the API refuses it.
        let now = try #require(RecordingTime.parse("2026-03-16T02:30:00Z"))
        #expect(try CLIValues.knownAt("2026-03-16", option: "--known-at", now: now) == now)
        #expect(throws: (any Error).self) { try CLIValues.knownAt("2026-03-17", option: "--known-at", now: now) }
        #expect(throws: (any Error).self) {
            try CLIValues.knownAt("2026-03-16T02:30:01Z", option: "--known-at", now: now)
        }
        // A minute or a second, on China's clock or as RFC 3339 without its fraction, is known at its end, as
        // the console's picker takes it; a time to the microsecond (an answer's recordedAt) is that instant.
        let later = try #require(RecordingTime.parse("2026-03-16T03:00:00Z"))
        let minuteEnd = try #require(RecordingTime.parse("2026-03-16T02:30:59.999999Z"))
        func near(_ a: Date, _ b: Date) -> Bool { abs(a.timeIntervalSince(b)) < 0.000_000_5 }
        #expect(near(try CLIValues.knownAt("2026-03-16T10:30", option: "--known-at", now: later), minuteEnd))
        let secondEnd = try #require(RecordingTime.parse("2026-03-16T02:30:35.999999Z"))
        for second in ["2026-03-16T10:30:35", "2026-03-16T10:30:35+08:00", "2026-03-16T02:30:35Z"] {
            #expect(near(try CLIValues.knownAt(second, option: "--known-at", now: later), secondEnd), "\(second)")
        }
        let exact = try #require(RecordingTime.parse("2026-03-16T02:30:35.692731Z"))
        #expect(near(try CLIValues.knownAt("2026-03-16T02:30:35.692731Z", option: "--known-at", now: later), exact))
        let help = TalentGroup.Show.helpMessage(columns: 1000)
        #expect(help.contains("or a date YYYY-MM-DD for the end of that day in China"))
    }

    /// Evaluated in 2017 and recorded today: as known at 2020 the register held nothing about it, because
    /// nothing had been recorded yet, not because it had not been evaluated.
    @Test func aTalentRecordedLaterIsNotYetRecordedAtAnEarlierTime() async throws {
        let configuration = try await TestDatabase.fresh("cli_known_at")
        let url = try await TestDatabase.sharedCluster().url(database: try #require(configuration.database))
        try await TestDatabase.withStore(on: configuration) { store, _ in
            let day = try Day("2017-05-06")
            try await TalentRegister(store: store, policy: try PolicyDirectory.load()).handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("late-1"), tier: .C, unit: UnitID("unit-1"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2017〕9号", certificateDate: day)),
                for: TalentID("late-1"), on: day, by: .system)
        }
        let failure = await #expect(throws: CLIFailure.self) {
            try await TalentGroup.Show.parse(["late-1", "--known-at", "2020-01-01", "--database-url", url]).output()
        }
        #expect(
            failure?.description
                == "talent late-1 has no fact in the register as known at 2020-01-01T23:59:59+08:00: it was not yet recorded then"
        )
    }
}
