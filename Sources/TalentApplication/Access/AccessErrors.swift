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
