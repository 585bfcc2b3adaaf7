import Foundation
import Postgres
import TalentDomain

/// A recording time as clients give it (`knownAt`): ISO 8601, with or without fractions of a second,
/// within the years a recording can have happened in.
public enum RecordingTime {
    /// The database holds more, but nothing was recorded before 1900 and a time past 9999 is a typo.
    public static let years = 1900...9999

    /// The time `text` names, if it is an RFC 3339 time (`2026-03-16T08:30:00+08:00`, `…Z`, a fraction of a
    /// second with up to nine digits, cut to the microsecond the store keeps), nil for anything else. Strict where
    /// Foundation's ISO 8601 formatter is lenient: it rolls 2026-04-31 over into May and takes an offset of
    /// +99:99, so that an auditor would be answered for an instant other than the one asked.
    public static func parse(_ text: String) -> Date? {
        // ASCII digits only: `\d` matches every script's (２０２６, typed by a Chinese input method), which
        // `Int` does not read.
        guard
            let match = text.wholeMatch(
                of:
                    /([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))/
            ),
            let year = Int(match.output.1), let month = Int(match.output.2), let day = Int(match.output.3),
            let hour = Int(match.output.4), let minute = Int(match.output.5), let second = Int(match.output.6),
            (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day), hour < 24,
            minute < 60, second < 60
        else { return nil }
        var offsetSeconds = 0
        if match.output.8 == nil, let sign = match.output.9, let hours = match.output.10.flatMap({ Int($0) }),
            let minutes = match.output.11.flatMap({ Int($0) })
        {
            // No offset in use lies beyond ±14:00; minutes are minutes.
            guard minutes < 60, hours * 60 + minutes <= 14 * 60 else { return nil }
            offsetSeconds = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard
            let instant = utc.date(
                from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)),
            // Cut to the microsecond the store keeps, not rounded: a time given to the nanosecond before a
            // recording is before it.
            let fraction = match.output.7.map({ Double("0.\($0.prefix(6))") }) ?? 0
        else { return nil }
        return instant.addingTimeInterval(Double(-offsetSeconds) + fraction)
    }

    /// A recording time as the register answers it: ISO 8601 in UTC to the microsecond, as the store
    /// keeps it, so that a client can give it back as `knownAt` and see the register right after it.
    public static func text(_ date: Date) -> String { date.postgresText }

    /// Whether `date` lies within ``years`` (UTC). Compared as instants: a date before the common era
    /// (`-2026-01-01T00:00:00Z`) has a year number within them too.
    public static func isWithinYears(_ date: Date) -> Bool { span.contains(date) }

    /// The first instant of ``years`` up to the first one after them.
    static let span: Range<Date> = {
        func start(of year: Int) -> Date { utc.date(from: DateComponents(year: year, month: 1, day: 1))! }
        return start(of: years.lowerBound)..<start(of: years.upperBound + 1)
    }()

    /// The Gregorian calendar in UTC: what a time's fields are read in, once its offset is taken off.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

extension RecordingTime {
    /// The span of time `text` names as a "known at": an RFC 3339 time to the fraction of a second it gives
    /// (an answer's `recordedAt`, to the microsecond, is that instant; a whole second is that second), or on
    /// China's clock a day (`YYYY-MM-DD`), a minute (`YYYY-MM-DDTHH:MM`) or a second (`…:SS`), as the
    /// console's picker sends it and its timeline shows recordings. Nil for anything else, or a time outside
    /// ``years``.
    public static func span(_ text: String, rfc3339Only: Bool = false) -> (start: Date, length: TimeInterval)? {
        if let instant = parse(text) {
            let whole = !text.contains(".")
            return isWithinYears(instant) ? (instant, whole ? 1 : 0) : nil
        }
        guard !rfc3339Only else { return nil }
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let day = try? Day(String(parts[0])) else { return nil }
        guard parts.count == 2 else { return (BusinessDay.moment(day, seconds: 0), 86_400) }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(clock.count), let hour = clock[0], let minute = clock[1],
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        let second = clock.count == 3 ? clock[2] : 0
        guard let second, (0..<60).contains(second) else { return nil }
        let start = BusinessDay.moment(day, seconds: hour * 3600 + minute * 60 + second)
        return isWithinYears(start) ? (start, clock.count == 3 ? 1 : 60) : nil
    }

    /// What "as known at" `text` is (``span(_:rfc3339Only:)``, ``knownAt(from:lasting:now:)``), as the API,
    /// the console and the command line read it alike.
    public static func knownAt(_ text: String, now: Date, rfc3339Only: Bool = false) -> KnownAt {
        guard let (start, length) = span(text, rfc3339Only: rfc3339Only) else { return .invalid }
        return knownAt(from: start, lasting: length, now: now).map(KnownAt.at) ?? .future
    }

    /// A "known at" as read: the moment, or why there is none.
    public enum KnownAt: Sendable, Equatable {
        case at(Date)
        /// No time the register takes.
        case invalid
        /// A time that has not come.
        case future
    }

    /// What a person means by "as known at" a span they name (a day, a minute, a second, or an instant):
    /// its end, so that what was recorded within it counts (a timeline shows recordings to the minute,
    /// and a day is the end of that day, as every other day the register takes), but never after `now`.
    /// Nil for a span that starts after `now`: nobody knows yet what will be recorded then, and a page
    /// printed "as known at" a later time could be wrong tomorrow.
    public static func knownAt(from start: Date, lasting length: TimeInterval, now: Date) -> Date? {
        guard start <= now else { return nil }
        return min(start.addingTimeInterval(max(0, length - 0.000_001)), now)
    }
}
