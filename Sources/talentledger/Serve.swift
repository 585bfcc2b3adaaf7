import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Postgres
import Prometheus
import ReadModels
import Schema
import ServiceLifecycle
import Synchronization
import TalentApplication
import TalentDomain
import TalentServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server (Ctrl-C stops it and the embedded cluster).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    // Read as given, so that a negative one is refused for what it is, not taken for an option.
    @Option(parsing: .unconditional, help: "Port to listen on.")
    var port = 8080

    @Flag(help: "People reach the server over HTTPS (or a TLS proxy): the console's cookie says Secure.")
    var secureCookies = false

    // 1 GiB: what a day of a busy campaign's WAL and a few exports take, with room to act before writes stop.
    @Option(
        help:
            "Below this many MiB free on the embedded cluster's disk, GET /health says degraded (503), before writes are refused."
    )
    var minimumFreeDisk = 1024

    @Option(
        help:
            "Seconds to go on serving after SIGTERM while GET /health answers draining (503), so that a load balancer sends no new client first (0: stop at once)."
    )
    var drainSeconds = 0

    @Option(
        help:
            "Serve as if today were this day (YYYY-MM-DD, China): a demonstration clock that runs on from it, for showing a campaign on the demo. Only on the embedded cluster."
    )
    var today: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard (0...600).contains(drainSeconds) else {
            throw ValidationError("--drain-seconds must be a number of seconds from 0 to 600")
        }
        guard (0...(1 << 30)).contains(minimumFreeDisk) else {
            throw ValidationError("--minimum-free-disk must be a number of MiB from 0 to \(1 << 30)")
        }
        if let today {
            _ = try CLIValues.day(today, option: "--today")
            // A real register's days are the real ones: campaign steps are dated by this clock (S2).
            guard database.resolvedURL == nil else {
                throw ValidationError("--today runs only on the embedded cluster (no --database-url or DATABASE_URL)")
            }
        }
    }

    func run() async throws {
        let logger = database.makeLogger("talentledger")
        // Its warnings go to the server's log, with the folder it was read from.
        let policy = try self.policy.load(sayingWarnings: false)
        try await DatabaseSession.with(database, purpose: .serve, logger: logger) { session in
            // A demonstration clock dates every step on a day that is not today: on a real register it would
            // backdate the units' submissions and defeat the lateness rules (S3). The demo province's alone.
            if today != nil, try await !DemoProvince.isLoaded(in: session.store) {
                throw CLIFailure(
                    "--today is the demo province's demonstration clock, and this register holds no demo province "
                        + "(`talentledger demo` loads one into an empty state folder): on a register of the "
                        + "province's own every step would be dated on a "
                        + "day that is not today")
            }
            // A database that refuses this role's writes would be served, read well, and answer every command
            // with an error: said now, with what to grant.
            let refusing = try await WriteAccess.problems(in: session.store)
            guard refusing.isEmpty else {
                throw CLIFailure(
                    "the database refuses this server's writes: " + refusing.joined(separator: "; ")
                        + " (the README's \"A database of your own\" lists the rights a server's role needs)")
            }
            let clock = try today.map { BusinessDay.clock(startingOn: try CLIValues.day($0, option: "--today")) }
            // Said, since every page and answer then takes that day for today while the command line does not.
            if let today { logger.info("demonstration clock: today is \(today)") }
            let register = TalentRegister(
                store: session.store, policy: policy, logger: logger, clock: clock ?? Date.init)
            // Said, so that whoever reads the log knows which policy the server runs on.
            logger.info("policy read", metadata: ["folder": "\(self.policy.location.standardizedFileURL.path)"])
            for warning in policy.warnings { logger.warning("policy: \(warning)") }
            try await Self.rebuildReadModelsOfAnotherRelease(session, policy: policy, logger: logger)
            let unwritten = try await register.campaignsWithoutRoster()
            if !unwritten.isEmpty {
                logger.warning(
                    "the policy names campaigns the read models hold no roster of: their rosters and work-item lists stay empty until `talentledger projections rebuild`",
                    metadata: ["campaigns": "\(unwritten.map(String.init).joined(separator: ", "))"])
            }
            // Requests by route and status, and their latencies, go to the registry /metrics shows.
            let metrics = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
            let listening = Mutex(false)
            let host = self.host
            let drain = ReadinessDrain(for: .seconds(drainSeconds), logger: logger)
            let app = buildApplication(
                configuration: ServerConfiguration(
                    host: host, port: port, secureCookies: secureCookies,
                    disk: session.cluster.map {
                        DiskRoom.Watch(path: $0.directory.path, minimumFreeBytes: Int64(minimumFreeDisk) << 20)
                    }, drain: drain),
                register: register,
                metrics: metrics,
                // The projector keeps the read models in step with events written by other paths (imports,
                // other servers); the watch stops this server once a newer release has taken the database over
                // (a rolling upgrade); the embedded cluster is kept serving (started again if it stops).
                services: [register.projectorService(), register.newerReleaseWatch()]
                    + (session.cluster.map { [EmbeddedClusterWatch(cluster: $0)] } ?? []),
                // Said once the socket listens, not before: a port that is taken must not read as served.
                onServerRunning: { port in
                    listening.withLock { $0 = true }
                    // Interrupted while it started: it is ending (the cluster stopping), not serving.
                    guard !Interruption.happened else { return }
                    print(
                        "TalentLedger serves on http://\(host):\(port) (GET /health; the API under /v1 takes a bearer token)"
                    )
                    print("the staff console: open http://\(host):\(port)/console and sign in with a token")
                    // Written now, not when a full buffer or the exit flushes it: to a log or a pipe, standard
                    // output is block-buffered, and whoever waits for this line waits for the server (nil: every
                    // stream, as Swift 6 does not let a closure name the global `stdout`).
                    fflush(nil)
                },
                logger: logger
            )
            // Returns on SIGINT/SIGTERM after a graceful shutdown of the server and its services; the
            // session then closes the store and stops the cluster.
            // The drain listed after the application: a stop (SIGTERM, SIGINT) reaches it first, and the
            // application stops taking connections once it has run its time.
            let group = ServiceGroup(
                configuration: .init(
                    services: [app, drain], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            // Until now a signal ended the start in order (the cluster stopped, exit 130); from now on the
            // group shuts the server down gracefully on it.
            Interruption.handOver()
            do {
                try await group.run()
            } catch let error as IOError where !listening.withLock({ $0 }) {
                throw CLIFailure("cannot listen on \(host):\(port): \(Self.describe(error))")
            } catch let error
                where !listening.withLock({ $0 })
                && (error is SocketAddressError || error is SocketAddressError.UnknownHost)
            {
                throw CLIFailure("cannot listen on \(host):\(port): no such address or host name (--host)")
            }
        }
    }

    /// Read models an older release derived are rebuilt before the server answers from them: the rules
    /// may be read otherwise now (a unit's make-up, whom a late unit held), and a row no new event reaches
    /// would keep the old reading for good, and the jobs with it. A newer release's are left to it.
    static func rebuildReadModelsOfAnotherRelease(_ session: DatabaseSession, policy: Policy, logger: Logger)
        async throws
    {
        let status = try await session.pool.withConnection { try await Schema.readModelStatus($0) }
        guard status != .current else { return }
        // One rebuilder at a time: a second server starting beside this one waits for its rebuild, then
        // finds the read models current and starts at once.
        let maintenance = ProjectionMaintenance(store: session.store, policy: policy)
        let waiting: @Sendable () -> Void = {
            logger.notice("another server or command is rebuilding the read models: waiting for it to end")
        }
        try await maintenance.rebuildingAlone(waiting: waiting) { connection in
            switch try await Schema.readModelStatus(connection) {
            case .current: return
            case .newer(let theirs): throw CLIFailure(Schema.ReadModelsNotCurrent(status: .newer(theirs)).description)
            case .older(let theirs):
                logger.notice(
                    "the read models were derived by an older release: rebuilding them from the events before serving",
                    metadata: [
                        "derived": "\(theirs.map(String.init) ?? "before revisions were recorded")",
                        "revision": "\(Schema.readModelRevision)",
                    ])
                let started = ContinuousClock.now
                let events = try await maintenance.rebuild()
                logger.notice(
                    "read models rebuilt",
                    metadata: [
                        "events": "\(events)", "seconds": "\((ContinuousClock.now - started).components.seconds)",
                    ])
            }
        }
    }

    /// Why the socket could not listen, in words (NIO's `bind(descriptor:ptr:bytes:): … (errno: 98)` names
    /// the system call, not the cause).
    static func describe(_ error: IOError) -> String {
        switch error.errnoCode {
        case EADDRINUSE: "the port is in use (another program listens there)"
        case EACCES: "permission denied (ports below 1024 need privileges)"
        case EADDRNOTAVAIL: "no interface of this host has that address"
        default: String(cString: strerror(error.errnoCode)).lowercased()
        }
    }
}

/// Runs ``LocalCluster/keepServing(every:threadPool:)`` beside the server, stopped by graceful shutdown
/// (before the session stops the cluster).
struct EmbeddedClusterWatch: Service {
    let cluster: LocalCluster

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await cluster.keepServing() }
        } catch is CancellationError {}
    }
}
