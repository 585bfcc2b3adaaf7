import Foundation
import Testing

@testable import TalentDomain

@Suite("Business dates")
struct DayTests {
    @Test func parsesOnlyRealDates() throws {
        #expect(try Day("2024-02-29").description == "2024-02-29")
        #expect(throws: DayError.self) { try Day("2025-02-29") }
        #expect(throws: DayError.self) { try Day("2025-1-05") }
        #expect(throws: DayError.self) { try Day("2025-01-05T00:00") }
    }

    @Test func arithmeticAndWeekdays() throws {
        #expect(try day("2026-02-12").weekday == .thursday)
        #expect(try day("1970-01-01").ordinal == 0)
        #expect(try day("2025-12-31").adding(days: 1) == (try day("2026-01-01")))
        #expect(try day("2025-01-31").adding(months: 1) == (try day("2025-02-28")))
        #expect(try day("2024-02-29").adding(years: 1) == (try day("2025-02-28")))
        #expect(try day("2023-03-01").adding(days: -1) == (try day("2023-02-28")))
        for ordinal in stride(from: -1000, to: 30_000, by: 37) {
            #expect(Day(ordinal: ordinal).ordinal == ordinal)
        }
    }

    @Test func aStoredDayPastYear9999StaysReadableButIsNeverTypedIn() throws {
        // What an older program derived from a far start (a period's end): readable, so a correction can
        // supersede it; typed in, it is still refused.
        let decoded = try JSONDecoder().decode([Day].self, from: Data(#"["10004-12-30"]"#.utf8))
        #expect(decoded.first?.description == "10004-12-30")
        #expect(throws: DayError.self) { try Day("10004-12-30") }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Day].self, from: Data(#"["10004-13-30"]"#.utf8))
        }
    }
}
