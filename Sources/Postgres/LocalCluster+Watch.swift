import Foundation
import Logging
import NIOPosix

extension LocalCluster {
    /// Keeps the cluster serving while the caller runs on it (until cancelled): looks `every` so often, and
    /// starts a server that stopped under it again (a crash, a full disk's PANIC: PostgreSQL does not
    /// start itself again after its postmaster dies, and the caller would answer "unavailable" for good).
    /// Says so once when it stops and once when it serves again; a start that fails is tried again at the
    /// next look (a disk still full, say), said once.
    public func keepServing(
        every interval: Duration = .seconds(5), threadPool: NIOThreadPool = .forDatabaseCalls
    ) async throws {
        var down = false
        while !Task.isCancelled {
            try await Task.sleep(for: interval)
            if isServing() {
                if down { logger.notice("the embedded PostgreSQL cluster serves again") }
                down = false
                continue
            }
            if !down {
                logger.error(
                    "the embedded PostgreSQL cluster stopped under this process: starting it again",
                    metadata: ["log": "\(logFile)"])
            }
            do {
                // Under the start lock, as every start: another run may be starting it at the same moment.
                try await threadPool.runIfActive {
                    try self.holdingStartLock { if !self.isServing() { try self.startServer() } }
                }
            } catch {
                if !down {
                    logger.error(
                        "the embedded PostgreSQL cluster could not be started again; trying again",
                        metadata: ["error": "\(error)"])
                }
            }
            down = true
        }
    }
}
