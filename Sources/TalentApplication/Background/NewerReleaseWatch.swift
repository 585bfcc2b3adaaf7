import EventStore
import Logging
import Schema
import ServiceLifecycle

/// Stops a server once a newer release has taken its database over: migrated the schema past this
/// binary's revision, or rebuilt the read models by rules this binary does not know. A server checks both
/// when it starts; during a rolling upgrade the old one would otherwise go on writing rows by its older
/// rules into tables the newer release derived (rows no new event reaches keep that reading for good).
/// Checked every `interval`: the service fails with what the start would have said, which stops the
/// server (its process exits with that message). A check the database does not answer is left to the next.
public struct NewerReleaseWatch: Service {
    let store: EventStore
    let interval: Duration
    let logger: Logger

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    guard let newer = try? await newerRelease() else { continue }
                    logger.error(
                        "a newer release has taken the database over: this server stops",
                        metadata: ["reason": "\(newer)"])
                    throw newer
                }
            }
        } catch is CancellationError {}
    }

    /// Why this binary must no longer write to the database, if a newer release has taken it over.
    func newerRelease() async throws -> (any Error & CustomStringConvertible)? {
        try await store.withConnection { store in
            let schema = try await Schema.status(store.connection)
            if case .newer = schema { return Schema.NotCurrent(status: schema) }
            let status = try await Schema.readModelStatus(store.connection)
            if case .newer = status { return Schema.ReadModelsNotCurrent(status: status) }
            return nil
        }
    }
}
