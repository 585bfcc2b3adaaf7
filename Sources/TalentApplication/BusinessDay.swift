import Foundation
import TalentDomain

/// The register's business day: China's (UTC+8, no daylight saving), whatever the host's time zone.
public enum BusinessDay {
    /// Today in China.
    public static func today(now: Date = Date()) -> Day {
        let seconds = Int(now.timeIntervalSince1970) + 8 * 3600
        return Day(ordinal: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
