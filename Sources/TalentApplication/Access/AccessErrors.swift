import Foundation

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
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
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
        self.knownAt = knownAt.map { ISO8601DateFormatter().string(from: $0) }
    }

    public var description: String {
        var text = "talent \(talent) has no fact in the register"
        if let asOf { text += " effective on or before \(asOf)" }
        if let knownAt { text += " as known at \(knownAt)" }
        return text + ": it was not yet evaluated then"
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
