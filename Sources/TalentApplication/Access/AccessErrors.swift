import Foundation
import TalentDomain

/// Nothing the caller may see goes by that name: it does not exist, or lies outside the caller's
/// jurisdiction (the two are answered alike, so that a caller cannot learn what exists beyond it).
public struct NotFound: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was asked for, as the caller named it ("talent T-1").
    public var subject: String

    public init(_ subject: String) {
        self.subject = subject
    }

    public var description: String { "no \(subject) in the register" }
}

/// The caller's role may not do this (within its jurisdiction).
public struct Forbidden: Error, Sendable, Hashable, CustomStringConvertible {
    /// Who does it instead, in Chinese as a rule's refusal is: the staff read it (the console's page, the
    /// API's 403 detail), where a request's shape is explained to its programmer in English.
    public var reason: String
    /// The rule of the notice that gives the work to others, where one does (the reason cites it too).
    public var rule: RuleID?

    public init(_ reason: String, rule: RuleID? = nil) {
        self.reason = reason
        self.rule = rule
    }

    public var description: String { "not allowed: \(reason)" }
}

/// The talent is in the register, but the register held no fact about it yet on the day (or at the
/// time) asked about.
public struct NotYetInRegister: Error, Sendable, Hashable, CustomStringConvertible {
    public var talent: String
    public var asOf: String?
    public var knownAt: String?

    public init(talent: some CustomStringConvertible, asOf: (some CustomStringConvertible)?, knownAt: Date?) {
        self.talent = talent.description
        self.asOf = asOf?.description
        // On China's clock, as the business days are, and cut (not rounded) to the second: the end of
        // 2020-01-01 (23:59:59.999999 there) reads as that day, not as 2020-01-02T00:00:00.
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: BusinessDay.offset)
        self.knownAt = knownAt.map {
            formatter.string(from: Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)))
        }
    }

    /// Which question found nothing says why: a business day before the evaluation, or a recording time
    /// before the evaluation was recorded (a talent evaluated in 2017 may have been recorded in 2026).
    public var description: String {
        var text = "talent \(talent) has no fact in the register"
        if let asOf { text += " effective on or before \(asOf)" }
        if let knownAt { text += " as known at \(knownAt)" }
        switch (asOf, knownAt) {
        case (_?, _?): return text + ": it was not yet evaluated by that day, or not yet recorded at that time"
        case (nil, _?): return text + ": it was not yet recorded then"
        default: return text + ": it was not yet evaluated then"
        }
    }
}

/// The caller pinned a version of the talent (If-Match) that is no longer the current one: nothing was
/// recorded; read the talent again and decide again.
public struct StaleVersion: Error, Sendable, Hashable, CustomStringConvertible {
    public var talent: String
    public var expected: Int64
    public var current: Int64

    public var description: String {
        "talent \(talent) is at version \(current), not \(expected): read it again before deciding"
    }
}
