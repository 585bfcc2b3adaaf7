import Foundation
import Postgres

/// A recording time as clients give it (`knownAt`): ISO 8601, with or without fractions of a second,
/// within the years a recording can have happened in.
public enum RecordingTime {
    /// The database holds more, but nothing was recorded before 1900 and a time past 9999 is a typo.
    public static let years = 1900...9999

    /// The time `text` names, if it is ISO 8601; fractions of a second to the microsecond (the
    /// formatter's own fractions stop at the millisecond, and a time the register answered would then
    /// fall before the step it names).
    public static func parse(_ text: String) -> Date? {
        guard let match = text.firstMatch(of: /T\d\d:\d\d:\d\d(\.(\d{1,9}))/) else {
            return ISO8601DateFormatter().date(from: text)
        }
        let whole = text.replacingCharacters(in: match.output.1.startIndex..<match.output.1.endIndex, with: "")
        guard let seconds = ISO8601DateFormatter().date(from: whole), let fraction = Double("0.\(match.output.2)")
        else { return nil }
        return seconds.addingTimeInterval(fraction)
    }

    /// A recording time as the register answers it: ISO 8601 in UTC to the microsecond, as the store
    /// keeps it, so that a client can give it back as `knownAt` and see the register right after it.
    public static func text(_ date: Date) -> String { date.postgresText }

    /// Whether `date` lies within ``years`` (UTC). Compared as instants: a date before the common era
    /// (`-2026-01-01T00:00:00Z`) has a year number within them too.
    public static func isWithinYears(_ date: Date) -> Bool { span.contains(date) }

    /// The first instant of ``years`` up to the first one after them.
    static let span: Range<Date> = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func start(of year: Int) -> Date { calendar.date(from: DateComponents(year: year, month: 1, day: 1))! }
        return start(of: years.lowerBound)..<start(of: years.upperBound + 1)
    }()
}
