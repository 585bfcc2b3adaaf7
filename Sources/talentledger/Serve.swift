import ArgumentParser
import Hummingbird
import ReadModels
import TalentServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server (Ctrl-C stops it and the embedded cluster).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() async throws {
        let logger = database.makeLogger("talentledger")
        let policy = try self.policy.load()
        try await DatabaseSession.with(database, logger: logger) { session in
            // Keeps the read models in step with events written by other paths (imports, other servers).
            let projector = ReadModelProjector(store: session.store, policy: policy, logger: logger)
            let projecting = Task {
                do {
                    try await projector.run()
                } catch {
                    logger.error("the read-model projector stopped", metadata: ["error": "\(error)"])
                }
            }
            defer { projecting.cancel() }
            let app = buildApplication(
                configuration: ServerConfiguration(host: host, port: port),
                store: session.store,
                logger: logger
            )
            // Returns on SIGINT/SIGTERM after a graceful shutdown; the session then stops the cluster.
            try await app.runService()
            projecting.cancel()
            _ = await projecting.result
        }
    }
}
