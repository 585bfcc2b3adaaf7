import Foundation
import TalentDomain

/// A value held over business days `[validFrom, validTo)`, as known over recording times
/// `[knownFrom, knownTo)`: one row of a bitemporal history table.
struct BitemporalRow<Value: Hashable & Sendable>: Hashable, Sendable {
    var value: Value
    var validFrom: Day
    /// Exclusive; nil while it still holds.
    var validTo: Day?
    var knownFrom: Date
    /// Exclusive; nil while it is still what the register says.
    var knownTo: Date?
}

/// A value over a span of business days.
struct Interval<Value: Hashable & Sendable>: Hashable, Sendable {
    var value: Value
    var validFrom: Day
    var validTo: Day?
}

enum Intervals {
    /// The intervals of a value that changes as facts take effect: `steps` are the value after each fact,
    /// in effective order; nil means "no value" (no tier after an exit, say). Changes within one day
    /// collapse to the day's last value.
    static func from<Value: Hashable & Sendable>(_ steps: [(day: Day, value: Value?)]) -> [Interval<Value>] {
        var intervals: [Interval<Value>] = []
        var open: (value: Value, from: Day)?
        for (day, value) in steps {
            if open?.value == value { continue }
            if let current = open, current.from < day {
                intervals.append(Interval(value: current.value, validFrom: current.from, validTo: day))
            }
            open = value.map { ($0, day) }
        }
        if let current = open {
            intervals.append(Interval(value: current.value, validFrom: current.from, validTo: nil))
        }
        return intervals
    }

    /// The bitemporal rows of a history: `snapshots` are the intervals the register showed after each
    /// append, in recording order. An interval keeps one row for as long as it stays unchanged.
    static func bitemporal<Value: Hashable & Sendable>(_ snapshots: [(knownFrom: Date, intervals: [Interval<Value>])])
        -> [BitemporalRow<Value>]
    {
        var rows: [BitemporalRow<Value>] = []
        var open: [Interval<Value>: Date] = [:]
        var openOrder: [Interval<Value>] = []
        for (known, intervals) in snapshots {
            let current = Set(intervals)
            for interval in openOrder where !current.contains(interval) {
                if let since = open.removeValue(forKey: interval) {
                    rows.append(
                        BitemporalRow(
                            value: interval.value, validFrom: interval.validFrom, validTo: interval.validTo,
                            knownFrom: since, knownTo: known))
                }
            }
            openOrder.removeAll { open[$0] == nil }
            for interval in intervals where open[interval] == nil {
                open[interval] = known
                openOrder.append(interval)
            }
        }
        for interval in openOrder {
            if let since = open[interval] {
                rows.append(
                    BitemporalRow(
                        value: interval.value, validFrom: interval.validFrom, validTo: interval.validTo,
                        knownFrom: since, knownTo: nil))
            }
        }
        return rows
    }
}
