import Dispatch
import Foundation
import Logging
import Postgres
import Synchronization

/// Ctrl-C (SIGINT) or SIGTERM during a command: what the run set up for itself is put away before the
/// process ends, and the operator is told what stays. Without it the process ended on the signal at once,
/// leaving the embedded PostgreSQL running and an export's staging folder behind. A second signal ends
/// the process at once.
///
/// Nothing half-written needs undoing: every write is a transaction, which the server rolls back when the
/// run's connections go (the cluster's stop ends them). `serve` is covered while it starts (a rebuild of
/// the read models may take minutes) and hands the signals over to its service group, which shuts down
/// gracefully on them, once it runs (``handOver()``).
enum Interruption {
    private struct State {
        var installed = false
        var happened = false
        var next = 0
        var cleanups: [(id: Int, run: @Sendable () -> Void)] = []
        var sources: [any DispatchSourceSignal] = []
        /// Steps under way whose cleanup is registered only as they end (a cluster starting).
        var critical = 0
        /// What stays if the run is interrupted now, when the run knows better than the general words.
        var standing: String?
    }

    private static let state = Mutex(State())

    /// Whether a signal has arrived: the run's own failures that follow (its connections cut) are not
    /// reported as errors of the command, and what the interruption stops is not stopped twice.
    static var happened: Bool { state.withLock { $0.happened } }

    /// Turns SIGINT and SIGTERM into an orderly end for the rest of the process's life (once).
    static func install() {
        state.withLock { state in
            guard !state.installed else { return }
            state.installed = true
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { interrupted(by: number) }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    /// Stops hearing the signals (they stay ignored by default) for whatever handles them from now on: the
    /// server's service group, once it runs. A signal that comes before the group listens is not heard.
    static func handOver() {
        state.withLock { state in
            for source in state.sources { source.cancel() }
            state.sources = []
        }
    }

    /// Runs `cleanup` if the run is interrupted before the returned id is passed to ``remove(_:)``.
    static func onInterrupt(_ cleanup: @escaping @Sendable () -> Void) -> Int {
        state.withLock { state in
            state.next += 1
            state.cleanups.append((state.next, cleanup))
            return state.next
        }
    }

    /// What an interruption from now on says stays (an import: nothing of the list, then all of it),
    /// instead of the general "what was committed stays".
    static func sayOnInterrupt(_ standing: String) {
        state.withLock { $0.standing = standing }
    }

    static func remove(_ id: Int) {
        state.withLock { $0.cleanups.removeAll { $0.id == id } }
    }

    /// Runs `body`, a step that registers its own cleanup as it ends (starting the embedded cluster, whose
    /// programs ignore Ctrl-C and go on): an interruption's cleanups wait for it to end.
    static func critical<T>(_ body: () async throws -> T) async throws -> T {
        state.withLock { $0.critical += 1 }
        defer { state.withLock { $0.critical -= 1 } }
        return try await body()
    }

    /// Parks the caller: the interruption ends the process.
    static func waitForTheEnd() async {
        while true { try? await Task.sleep(for: .seconds(60)) }
    }

    private static func interrupted(by number: Int32) {
        let (first, standing) = state.withLock { state -> (Bool, String?) in
            defer { state.happened = true }
            return (!state.happened, state.standing)
        }
        guard first else { exit(128 + number) }
        let said = standing ?? "what was committed stays; the step under way is rolled back, nothing of it kept"
        FileHandle.standardError.write(Data("\ninterrupted: \(said)\n".utf8))
        // On a queue of their own, so that this handler is free to hear a second signal meanwhile.
        DispatchQueue(label: "talentledger.interruption").async {
            let deadline = ContinuousClock.now + .seconds(60)
            while state.withLock({ $0.critical > 0 }), ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
            for cleanup in state.withLock({ $0.cleanups.reversed().map(\.run) }) { cleanup() }
            exit(128 + number)
        }
    }
}

extension LocalCluster {
    /// Starts the embedded cluster with its stop registered for Ctrl-C before an interruption's cleanups may
    /// run (initdb and pg_ctl go on through the signal and would leave a cluster nobody stops); the id is
    /// for ``stopUnlessInterrupted(cleanup:logger:)``.
    static func startInterruptibly(in directory: URL, logger: Logger) async throws -> (LocalCluster, cleanup: Int) {
        try await Interruption.critical {
            let started = try await LocalCluster.start(in: directory, logger: logger)
            return (started, Interruption.onInterrupt { try? started.stopBlocking() })
        }
    }

    /// Stops the cluster at the run's end; interrupted, the interruption stops it (it may be stopping now).
    /// The cleanup stays registered until the stop here is done: a Ctrl-C meanwhile stops it too (a second
    /// stop of a stopped cluster fails quietly).
    func stopUnlessInterrupted(cleanup: Int?, logger: Logger) async {
        if !Interruption.happened {
            do {
                try await stop()
            } catch  where !Interruption.happened {
                logger.error("could not stop the embedded PostgreSQL cluster", metadata: ["error": "\(error)"])
            } catch {}
        }
        if let cleanup { Interruption.remove(cleanup) }
    }
}
