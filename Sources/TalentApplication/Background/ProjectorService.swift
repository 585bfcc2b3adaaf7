import Logging
import ReadModels
import ServiceLifecycle

/// The read-model projector as a swift-service-lifecycle `Service`: the server's `Application` runs it
/// beside the HTTP server, and graceful shutdown (SIGINT, SIGTERM) stops it after its current batch.
public struct ProjectorService: Service {
    let projector: ReadModelProjector
    let logger: Logger

    public func run() async throws {
        logger.info("read-model projector started")
        // The subscription returns when its task is cancelled; a batch in flight rolls back or commits
        // whole with its checkpoint, so stopping mid-way loses nothing.
        try await cancelWhenGracefulShutdown {
            try await projector.run()
        }
        logger.info("read-model projector stopped")
    }
}
