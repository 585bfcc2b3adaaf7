/// F1 暂停单位人才认定工作: the province's suspension of a unit's talent evaluation work, a measure it may take
/// on fraud found by spot-check. While it holds, no talent of the unit is evaluated (认定): neither a list's
/// line naming the unit nor a single evaluation. The notice gives the suspension no length and no way of
/// lifting it; here it holds until the province office lifts it (an assumption, said in the README).
public enum UnitEvaluationWorkEvent: Sendable, Hashable, Codable {
    /// Suspended from `effectiveDate` on `finding` (the fraud found), and the talent whose finding it was,
    /// when a talent's finding took the measure.
    case suspended(effectiveDate: Day, finding: String, talent: TalentID?)
    /// Lifted from `effectiveDate`, for `reason`.
    case resumed(effectiveDate: Day, reason: String)

    public var effectiveDate: Day {
        switch self {
        case .suspended(let day, _, _), .resumed(let day, _): day
        }
    }

    /// The stored event's type.
    public var typeName: String {
        switch self {
        case .suspended: "UnitEvaluationWorkSuspended"
        case .resumed: "UnitEvaluationWorkResumed"
        }
    }
}

/// What the province asks of a unit's evaluation work (F1).
public enum UnitEvaluationWorkCommand: Sendable, Hashable {
    case suspend(finding: String, talent: TalentID?)
    case resume(reason: String)
}

/// A unit's evaluation work as its events leave it: each suspension with the day it was lifted, if it was.
public struct UnitEvaluationWork: Sendable, Hashable, Codable {
    public struct Suspension: Sendable, Hashable, Codable {
        public var from: Day
        public var finding: String
        public var talent: TalentID?
        /// The first day it no longer holds.
        public var resumedOn: Day?
        public var resumeReason: String?
    }

    public var unit: String
    public var suspensions: [Suspension] = []

    public init(unit: String) {
        self.unit = unit
    }

    /// The unit's evaluation work after `events`, in the order recorded.
    public static func fold(unit: String, _ events: [UnitEvaluationWorkEvent]) -> UnitEvaluationWork {
        var work = UnitEvaluationWork(unit: unit)
        for event in events {
            switch event {
            case .suspended(let day, let finding, let talent):
                work.suspensions.append(Suspension(from: day, finding: finding, talent: talent))
            case .resumed(let day, let reason):
                guard let last = work.suspensions.indices.last, work.suspensions[last].resumedOn == nil else {
                    continue
                }
                work.suspensions[last].resumedOn = day
                work.suspensions[last].resumeReason = reason
            }
        }
        return work
    }

    /// The suspension that holds on `day`, if one does.
    public func suspension(on day: Day) -> Suspension? {
        suspensions.last { $0.from <= day && ($0.resumedOn.map { day < $0 } ?? true) }
    }

    /// The suspension not lifted yet, if there is one.
    public var current: Suspension? { suspensions.last { $0.resumedOn == nil } }

    /// F1: decides `command` on `date`. A suspension while one holds records nothing (a second finding in
    /// the same unit leaves it suspended from the first); a lifting needs one to lift, on or after its day.
    public func decide(_ command: UnitEvaluationWorkCommand, on date: Day) throws(Refusal)
        -> [UnitEvaluationWorkEvent]
    {
        switch command {
        case .suspend(let finding, let talent):
            guard !finding.isBlank else { throw Refusal(.F1, "须写明查实的弄虚作假情形", field: "finding") }
            guard current == nil else { return [] }
            if let last = suspensions.last?.resumedOn, date < last {
                throw Refusal(.F1, "\(unit)的人才认定工作已于\(last)恢复，暂停不能记为更早的\(date)", field: "effectiveOn")
            }
            return [.suspended(effectiveDate: date, finding: finding, talent: talent)]
        case .resume(let reason):
            guard let current else { throw Refusal(.F1, "\(unit)的人才认定工作未被暂停，无需恢复") }
            guard !reason.isBlank else { throw Refusal(.F1, "须写明恢复人才认定工作的理由", field: "reason") }
            guard date >= current.from else {
                throw Refusal(.F1, "\(unit)的人才认定工作自\(current.from)起暂停，恢复不能记为更早的\(date)", field: "effectiveOn")
            }
            return [.resumed(effectiveDate: date, reason: reason)]
        }
    }

    /// F1: an evaluation of a talent of this unit dated `day` is refused while the unit's evaluation work
    /// is suspended on that day.
    public func requireOpen(forEvaluationOn day: Day) throws(Refusal) {
        if let held = suspension(on: day) { throw refusal(held) }
    }

    /// F1: what an evaluation dated inside `held` is told.
    public func refusal(_ held: Suspension) -> Refusal {
        Refusal(.F1, "\(unit)的人才认定工作自\(held.from)起暂停（查实弄虚作假），省人社厅恢复前不认定该单位的人才", field: "unit")
    }
}
