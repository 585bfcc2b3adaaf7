import Foundation

/// A recording time as clients give it (`knownAt`): ISO 8601, with or without fractions of a second,
/// within the years a recording can have happened in.
public enum RecordingTime {
    /// The database holds more, but nothing was recorded before 1900 and a time past 9999 is a typo.
    public static let years = 1900...9999

    /// The time `text` names, if it is ISO 8601.
    public static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    /// Whether `date` lies within ``years`` (UTC).
    public static func isWithinYears(_ date: Date) -> Bool {
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date).year
        return years.contains(year ?? 0)
    }
}
