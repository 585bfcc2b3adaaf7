/// The PRC working-day calendar (P2): weekends and public holidays are days off, make-up weekend days
/// are working days. Only years with data can be answered; anything else is an error, never a guess.
public struct WorkingDayCalendar: Sendable, Hashable {
    public private(set) var years: [Int: YearCalendar]

    public init(years: [YearCalendar]) throws(PolicyError) {
        var byYear: [Int: YearCalendar] = [:]
        for year in years {
            try year.validate()
            guard byYear[year.year] == nil else {
                throw .invalid(document: "calendar/\(year.year).json", field: "year", reason: "year given twice")
            }
            byYear[year.year] = year
        }
        self.years = byYear
    }

    public func isWorkingDay(_ day: Day) throws(CalendarError) -> Bool {
        guard let year = years[day.year] else { throw .noCalendar(year: day.year) }
        if year.makeUpWorkingDays.contains(day) { return true }
        if day.isWeekend || year.isHoliday(day) { return false }
        return true
    }

    /// The day `count` working days after `day` (not counting `day` itself); `count` 0 returns `day`.
    public func addWorkingDays(_ count: Int, to day: Day) throws(CalendarError) -> Day {
        guard count >= 0 else { throw .negativeCount(count) }
        var current = day
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The last day of a window of `count` working days that opens on `start` (counted if it is a
    /// working day): publicity started Thu 2026-02-12 for 5 working days ends on 2026-02-25.
    public func endOfWorkingDays(_ count: Int, startingOn start: Day) throws(CalendarError) -> Day {
        guard count >= 1 else { throw .negativeCount(count) }
        if try isWorkingDay(start) { return try addWorkingDays(count - 1, to: start) }
        return try addWorkingDays(count, to: start)
    }

    /// Working days in the closed range `first...last` (0 when `last` is before `first`).
    public func workingDays(between first: Day, and last: Day) throws(CalendarError) -> Int {
        guard first <= last else { return 0 }
        var count = 0
        var current = first
        while current <= last {
            if try isWorkingDay(current) { count += 1 }
            current = current.adding(days: 1)
        }
        return count
    }
}

public enum CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    case noCalendar(year: Int)
    case negativeCount(Int)

    public var description: String {
        switch self {
        case .noCalendar(let year):
            return "no working-day calendar for \(year): add policy/calendar/\(year).json from the State Council notice"
        case .negativeCount(let count): return "a working-day count must be positive, got \(count)"
        }
    }
}
