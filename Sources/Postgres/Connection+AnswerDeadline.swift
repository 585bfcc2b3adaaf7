import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

extension Connection {
    /// Runs `call` (blocking libpq work) on the connection's thread pool, bounded by the configuration's
    /// ``ConnectionConfiguration/answerDeadline``. libpq waits for the server without end, and the server's
    /// own timeouts cannot end a wait the server itself does not answer (a frozen host, a partition): past
    /// the deadline the session's socket is shut down, the blocked call fails as ``PostgresError/Kind/noAnswer``,
    /// and the connection is never used again. `what` names the call in the error.
    func answered<T: Sendable>(_ what: String, _ call: @escaping @Sendable () throws -> T) async throws -> T {
        guard let deadline = answerDeadline else { return try await threadPool.runIfActive(call) }
        return try await threadPool.runIfActive {
            let watched = AnswerWatchdog.shared.begin(self, until: .now + deadline)
            do {
                let result = try call()
                _ = AnswerWatchdog.shared.end(watched)
                return result
            } catch {
                guard AnswerWatchdog.shared.end(watched) else { throw error }
                throw PostgresError(
                    .noAnswer,
                    "the database did not answer \(what) within \(deadline.components.seconds) s: the connection was given up"
                )
            }
        }
    }
}

/// The calls waiting for the server's answer past which their connections are given up, and the one thread
/// that gives them up (every half second): a call registers and unregisters under a lock, where a timer of
/// its own would be scheduled, and kept until its deadline, for every statement.
final class AnswerWatchdog: @unchecked Sendable {
    static let shared = AnswerWatchdog()

    private struct Call {
        let deadline: ContinuousClock.Instant
        let connection: Connection
    }

    private let lock = NIOLock()
    private var calls: [Int: Call] = [:]
    private var issued = 0
    private var watching = false

    /// Watches a call of `connection` until `deadline`: its number.
    func begin(_ connection: Connection, until deadline: ContinuousClock.Instant) -> Int {
        lock.withLock {
            if !watching {
                watching = true
                Thread.detachNewThread { [self] in
                    while true {
                        Thread.sleep(forTimeInterval: 0.5)
                        giveUpOverdue()
                    }
                }
            }
            issued += 1
            calls[issued] = Call(deadline: deadline, connection: connection)
            return issued
        }
    }

    /// Ends the watch of call `number`: whether its connection was given up first. Once this returns, the
    /// connection's socket is left alone (it may be closed, and its descriptor reused, next).
    func end(_ number: Int) -> Bool {
        lock.withLock { calls.removeValue(forKey: number) == nil }
    }

    private func giveUpOverdue() {
        let now = ContinuousClock.now
        lock.withLock {
            for (number, call) in calls where call.deadline <= now {
                calls[number] = nil
                call.connection.lost.store(true, ordering: .relaxed)
                _ = shutdown(call.connection.socket, Int32(SHUT_RDWR))
            }
        }
    }
}
