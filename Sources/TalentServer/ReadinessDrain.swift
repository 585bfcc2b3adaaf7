import Logging
import ServiceLifecycle
import Synchronization

/// The time between a stop being asked for (SIGTERM) and the server no longer taking connections, during
/// which `GET /health` answers 503 `draining` while every request is still served: a load balancer that
/// probes readiness sends no new client here, so a rolling restart refuses no connection. Runs as the
/// service that the group stops first (it is listed after the application); with no time (the default),
/// the server stops at once, as a single server behind no balancer should.
public final class ReadinessDrain: Service, Sendable {
    public let duration: Duration
    let logger: Logger
    private let draining = Mutex(false)

    public init(for duration: Duration, logger: Logger) {
        self.duration = duration
        self.logger = logger
    }

    /// Whether the server is draining: asked to stop, still serving.
    public var isDraining: Bool { draining.withLock { $0 } }

    public func run() async throws {
        // Waits for the stop; a cancelled group (not a graceful stop) ends it at once.
        do { try await gracefulShutdown() } catch is CancellationError { return }
        guard duration > .zero else { return }
        draining.withLock { $0 = true }
        logger.notice(
            "stopping: GET /health answers draining while requests are still served",
            metadata: ["seconds": "\(duration.components.seconds)"])
        try? await Task.sleep(for: duration)
    }
}
