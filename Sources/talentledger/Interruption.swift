import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) or SIGTERM during a command: what the run set up for itself is put away before the
/// process ends, and the operator is told what stays. Without it the process ended on the signal at once,
/// leaving the embedded PostgreSQL running and an export's staging folder behind.
///
/// Nothing half-written needs undoing: every write is a transaction, which the server rolls back when the
/// run's connections go (the cluster's stop ends them). `serve` is not covered: its service group shuts
/// down gracefully on the same signals.
enum Interruption {
    private struct State {
        var installed = false
        var happened = false
        var next = 0
        var cleanups: [(id: Int, run: @Sendable () -> Void)] = []
        var sources: [any DispatchSourceSignal] = []
    }

    private static let state = Mutex(State())

    /// Whether a signal has arrived: the run's own failures that follow (its connections cut) are not
    /// reported as errors of the command.
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

    /// Runs `cleanup` if the run is interrupted before the returned id is passed to ``remove(_:)``.
    static func onInterrupt(_ cleanup: @escaping @Sendable () -> Void) -> Int {
        state.withLock { state in
            state.next += 1
            state.cleanups.append((state.next, cleanup))
            return state.next
        }
    }

    static func remove(_ id: Int) {
        state.withLock { $0.cleanups.removeAll { $0.id == id } }
    }

    /// Parks the caller: the interruption's handler ends the process.
    static func waitForTheEnd() async {
        while true { try? await Task.sleep(for: .seconds(60)) }
    }

    private static func interrupted(by number: Int32) {
        let cleanups = state.withLock { state -> [@Sendable () -> Void]? in
            guard !state.happened else { return nil }
            state.happened = true
            return state.cleanups.reversed().map(\.run)
        }
        // A second signal while the first is handled ends the process at once.
        guard let cleanups else { exit(128 + number) }
        FileHandle.standardError.write(
            Data(
                "\ninterrupted: what was committed stays; the step under way is rolled back, nothing of it kept\n".utf8)
        )
        for cleanup in cleanups { cleanup() }
        exit(128 + number)
    }
}
