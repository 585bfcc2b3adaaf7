import Foundation

/// A business date: a day of the proleptic Gregorian calendar with no time and no time zone.
///
/// Business facts (a certificate's date, a publicity window, an exit) are days in China, not instants;
/// keeping them free of `Date` means no time zone can shift a fact onto the neighbouring day.
/// Encoded as `"YYYY-MM-DD"`.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) throws(DayError) {
        guard (1...9999).contains(year) else { throw DayError.outOfRange("year \(year)") }
        guard (1...12).contains(month) else { throw DayError.outOfRange("month \(month)") }
        guard (1...Day.daysIn(month: month, year: year)).contains(day) else {
            throw DayError.outOfRange("day \(day) of \(year)-\(month)")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `"YYYY-MM-DD"` strictly: four-digit year, two-digit month and day, a real date.
    ///
    /// Reads the UTF-8 bytes directly: every stored event carries several days, and a replay or rebuild
    /// parses them all.
    public init(_ text: String) throws(DayError) {
        var native = text
        native.makeContiguousUTF8()  // a no-op for native strings
        let parsed =
            native.utf8.withContiguousStorageIfAvailable { bytes -> (year: Int, month: Int, day: Int)? in
                guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
                    return nil
                }
                func number(_ range: Range<Int>) -> Int? {
                    var value = 0
                    for index in range {
                        let digit = Int(bytes[index]) - 48
                        guard (0...9).contains(digit) else { return nil }
                        value = value * 10 + digit
                    }
                    return value
                }
                guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
                return (year, month, day)
            } ?? nil
        guard let parsed else { throw DayError.malformed(text) }
        try self.init(year: parsed.year, month: parsed.month, day: parsed.day)
    }

    /// Days since 1970-01-01; every Int maps to a valid day, so arithmetic never fails.
    public init(ordinal: Int) {
        // Civil-from-days (H. Hinnant): exact for the whole proleptic Gregorian calendar.
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Calendar months; a day that does not exist in the target month becomes its last day (01-31 + 1 month = 02-28).
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        let lastDay = Day.daysIn(month: newMonth, year: newYear)
        return Day(unsafeYear: newYear, month: newMonth, day: min(day, lastDay))
    }

    public func adding(years: Int) -> Day { adding(months: years * 12) }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday.allCases[((ordinal + 3) % 7 + 7) % 7]
    }

    public var isWeekend: Bool { weekday == .saturday || weekday == .sunday }

    /// Number of days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    public var description: String {
        let y = String(year)
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m + "-" + d
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text)
        } catch {
            // A stored event from before the register's limits may carry a day past year 9999 (a period's
            // end derived from a far start): it stays readable, so that a correction can supersede it.
            if let day = Self.beyondYear9999(text) {
                self = day
                return
            }
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    /// `YYYYY-MM-DD` (five to seven digits of year), as `description` writes such a day.
    static func beyondYear9999(_ text: String) -> Day? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, (5...7).contains(parts[0].count), parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return Day(unsafeYear: year, month: month, day: day)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private init(unsafeYear: Int, month: Int, day: Int) {
        self.year = unsafeYear
        self.month = month
        self.day = day
    }
}

public enum Weekday: String, Sendable, Hashable, Codable, CaseIterable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday
}

public enum DayError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case outOfRange(String)

    public var description: String {
        switch self {
        case .malformed(let text): return "'\(text)' is not a date of the form YYYY-MM-DD"
        case .outOfRange(let what): return "\(what) does not exist"
        }
    }
}
