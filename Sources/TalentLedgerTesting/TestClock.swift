import Foundation

/// A clock a test sets: what "now" is for a register built with it, so that a story told over dates in
/// the past (a campaign's window, its make-up deadline) runs as it would have on those days.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ now: Date = Date()) {
        current = now
    }

    /// The clock's time now.
    @Sendable public func now() -> Date {
        lock.withLock { current }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        lock.withLock { current = date }
    }
}
