import Logging
import Synchronization

/// Says in the log that the database cannot answer once per `interval`, not once per request: during an
/// outage every request fails alike (2,700 warnings in 35 s of exhausted connections, in a chaos test),
/// and a log that floods hides what else it says. The requests between are logged at debug, and the next
/// line said counts them (`moreSinceLastLine`: how many failed since the line before it without a line of
/// their own). A full disk is said as an error, the others as warnings
/// (``Availability/Unavailability/logLevel``); a reason other than the last one said is said at once.
public final class OutageLog: Sendable {
    private struct State {
        var lastSaid: ContinuousClock.Instant?
        var lastReason: Availability.Unavailability?
        var alike = 0
    }

    public let interval: Duration
    private let state = Mutex(State())

    public init(interval: Duration = .seconds(30)) {
        self.interval = interval
    }

    /// Logs `error` (``Availability/isDatabaseUnavailable(_:)`` holds) of the request for `path`, once per
    /// interval and reason; answers whether this call said it (rather than counting it).
    @discardableResult
    public func record(_ error: any Error, path: String, logger: Logger, now: ContinuousClock.Instant = .now)
        -> Bool
    {
        let reason = Availability.reason(error)
        let alike: Int? = state.withLock { state in
            if let last = state.lastSaid, now - last < interval, state.lastReason == reason {
                state.alike += 1
                return nil
            }
            defer { (state.lastSaid, state.lastReason, state.alike) = (now, reason, 0) }
            return state.alike
        }
        guard let alike else {
            logger.debug("database unavailable", metadata: ["error": "\(error)", "path": "\(path)"])
            return false
        }
        var metadata: Logger.Metadata = ["error": "\(error)", "path": "\(path)"]
        if alike > 0 { metadata["moreSinceLastLine"] = "\(alike)" }
        logger.log(level: reason.logLevel, "database unavailable", metadata: metadata)
        return true
    }
}
