import Logging
import Postgres
import Synchronization

/// Wakes subscribers after appends with `NOTIFY events`, sent after the append committed and coalesced:
/// at most one notification per `delay`, however many appends happened in it.
///
/// Notifying inside the appending transaction would take PostgreSQL's notification-queue lock at every
/// commit and serialise concurrent appenders; subscribers poll as a fallback, so a lost notification
/// only delays them.
public final class AppendAnnouncer: Sendable {
    public static let channel = "events"

    let pool: ConnectionPool
    let delay: Duration
    let logger: Logger
    private let scheduled = Mutex(false)
    private let tasks = OwnedTasks()

    init(pool: ConnectionPool, delay: Duration = .milliseconds(10), logger: Logger) {
        self.pool = pool
        self.delay = delay
        self.logger = logger
    }

    /// Records that something was appended; the notification follows within `delay`.
    public func announce() {
        let alreadyScheduled = scheduled.withLock { pending in
            defer { pending = true }
            return pending
        }
        guard !alreadyScheduled else { return }
        tasks.start { [self] in
            try? await Task.sleep(for: delay)
            scheduled.withLock { $0 = false }
            do {
                try await pool.withConnection { connection in try await connection.notify(Self.channel) }
            } catch {
                logger.info("could not announce appends; subscribers will poll", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Waits for a pending announcement to be sent.
    func close() async {
        await tasks.waitForAll()
    }
}
