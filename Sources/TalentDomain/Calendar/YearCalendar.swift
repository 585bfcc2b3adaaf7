/// One year's official working-day arrangement (P2), as published by the State Council General Office.
public struct YearCalendar: Sendable, Hashable, Codable {
    public struct Holiday: Sendable, Hashable, Codable {
        public let name: String
        public let from: Day
        public let to: Day

        public init(name: String, from: Day, to: Day) {
            self.name = name
            self.from = from
            self.to = to
        }
    }

    public let year: Int
    public let holidays: [Holiday]
    /// Weekend days that are working days (调休上班).
    public let makeUpWorkingDays: [Day]

    public init(year: Int, holidays: [Holiday], makeUpWorkingDays: [Day]) {
        self.year = year
        self.holidays = holidays
        self.makeUpWorkingDays = makeUpWorkingDays
    }

    func isHoliday(_ day: Day) -> Bool { holidays.contains { $0.from <= day && day <= $0.to } }

    /// Rejects arrangements that cannot be right, so a typo in the data fails loudly at load time.
    func validate() throws(PolicyError) {
        let file = "calendar/\(year).json"
        for holiday in holidays {
            guard holiday.from.year == year, holiday.to.year == year else {
                throw .invalid(document: file, field: "holidays.\(holiday.name)", reason: "dates outside \(year)")
            }
            guard holiday.from <= holiday.to else {
                throw .invalid(document: file, field: "holidays.\(holiday.name)", reason: "'from' is after 'to'")
            }
        }
        for day in makeUpWorkingDays {
            guard day.year == year else {
                throw .invalid(document: file, field: "makeUpWorkingDays", reason: "\(day) is outside \(year)")
            }
            guard day.isWeekend else {
                throw .invalid(
                    document: file, field: "makeUpWorkingDays", reason: "\(day) is a weekday, already a working day")
            }
            guard !isHoliday(day) else {
                throw .invalid(document: file, field: "makeUpWorkingDays", reason: "\(day) lies inside a holiday")
            }
        }
    }
}
