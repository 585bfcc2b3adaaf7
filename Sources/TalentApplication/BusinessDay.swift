import Foundation
import TalentDomain

/// The register's business day: China's (UTC+8, no daylight saving), whatever the host's time zone.
public enum BusinessDay {
    /// Today in China.
    public static func today(now: Date = Date()) -> Day { clock(of: now).day }

    /// The day and the seconds since its midnight that China's clock shows at `date`.
    static func clock(of date: Date) -> (day: Day, seconds: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (Day(ordinal: day), seconds - day * 86_400)
    }

    /// `date` as China's clock shows it, to the minute (`YYYY-MM-DD HH:MM`), or to the second with
    /// `seconds` (`YYYY-MM-DD HH:MM:SS`).
    public static func clockText(_ date: Date, seconds withSeconds: Bool = false) -> String {
        let (day, seconds) = clock(of: date)
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "\(day) \(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60))"
        return withSeconds ? text + ":" + twoDigits(seconds % 60) : text
    }

    /// The moment China's clock shows `seconds` past the midnight that begins `day`.
    public static func moment(_ day: Day, seconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.ordinal * 86_400 + seconds - offset))
    }

    /// A clock that shows `day`, at the time of day China's clock shows now, and runs on from there: a
    /// demonstration of days gone by (a campaign's window) on a register that is not the real one.
    public static func clock(startingOn day: Day, now: Date = Date()) -> @Sendable () -> Date {
        let offset = moment(day, seconds: clock(of: now).seconds).timeIntervalSince(now)
        return { Date().addingTimeInterval(offset) }
    }

    /// China's offset from UTC, in seconds (no daylight saving).
    static let offset = 8 * 3600
}
