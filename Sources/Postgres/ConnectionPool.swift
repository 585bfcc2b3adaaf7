import Logging
import Metrics
import NIOPosix

/// A bounded set of connections shared by many tasks.
///
/// At most `maximumConnections` are open at once; a task that finds none free waits in line and fails
/// with ``PostgresError/Kind/poolTimeout`` after `acquireTimeout` (or with `CancellationError` as soon as
/// it is cancelled). A connection that comes back broken, or still inside a transaction, is closed and
/// replaced on the next demand.
public actor ConnectionPool {
    public nonisolated let configuration: ConnectionConfiguration
    public nonisolated let maximumConnections: Int
    public nonisolated let acquireTimeout: Duration
    nonisolated let threadPool: NIOThreadPool
    nonisolated let logger: Logger

    private var idle: [Connection] = []
    /// Open connections plus those being opened.
    private var openCount = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var isClosed = false
    /// Expires waiters whose time is up; runs only while someone waits, and `close()` ends it.
    private var expiry: Task<Void, Never>?

    private struct Waiter {
        let id: Int
        let deadline: ContinuousClock.Instant
        let openAtStart: Int
        let continuation: CheckedContinuation<Connection, Error>
    }

    public init(
        configuration: ConnectionConfiguration,
        maximumConnections: Int = 8,
        acquireTimeout: Duration = .seconds(10),
        threadPool: NIOThreadPool = .forDatabaseCalls,
        logger: Logger = Logger(label: "talentledger.postgres.pool")
    ) {
        self.configuration = configuration
        self.maximumConnections = max(1, maximumConnections)
        self.acquireTimeout = acquireTimeout
        self.threadPool = threadPool
        self.logger = logger
    }

    /// Leases a connection for the duration of `body`. `logger` (a request's, say, carrying its id) is
    /// the one this lease's log lines go to; the pool's own otherwise.
    public nonisolated func withConnection<T: Sendable>(
        logger: Logger? = nil, _ body: (Connection) async throws -> T
    ) async throws -> T {
        let connection = try await lease(logger: logger ?? self.logger)
        do {
            let result = try await body(connection)
            await release(connection, logger: logger ?? self.logger)
            return result
        } catch {
            await release(connection, logger: logger ?? self.logger)
            throw error
        }
    }

    /// Leases a connection and runs `body` in a transaction on it.
    public nonisolated func withTransaction<T: Sendable>(
        isolation: TransactionIsolation = .readCommitted,
        logger: Logger? = nil,
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        try await withConnection(logger: logger) { connection in
            try await connection.withTransaction(isolation: isolation, body)
        }
    }

    /// Closes every idle connection, fails all waiters and ends the pool's timer; leased connections
    /// close when returned.
    public func close() async {
        isClosed = true
        for connection in idle { connection.close() }
        openCount -= idle.count
        idle.removeAll()
        let pending = waiters
        waiters.removeAll()
        for waiter in pending {
            waiter.continuation.resume(throwing: PostgresError(.poolClosed, "the connection pool was closed"))
        }
        if let expiry {
            expiry.cancel()
            await expiry.value
        }
        expiry = nil
    }

    /// The number of open connections (idle and leased), for health reports and tests.
    public var openConnections: Int { openCount }

    /// The number of tasks waiting for a connection, for metrics and tests.
    public var waitingCount: Int { waiters.count }

    func lease(logger: Logger) async throws -> Connection {
        while true {
            if isClosed { throw PostgresError(.poolClosed, "the connection pool was closed") }
            if let connection = idle.popLast() {
                if connection.isHealthy { return connection }
                connection.close()
                openCount -= 1
                continue
            }
            if openCount < maximumConnections {
                openCount += 1
                do {
                    let connection = try await Connection.connect(configuration, threadPool: threadPool, logger: logger)
                    if isClosed {
                        // Counted down by the catch below.
                        connection.close()
                        throw PostgresError(.poolClosed, "the connection pool was closed")
                    }
                    return connection
                } catch {
                    openCount -= 1
                    throw error
                }
            }
            return try await waitForConnection(logger: logger)
        }
    }

    private func waitForConnection(logger: Logger) async throws -> Connection {
        nextWaiterID += 1
        let id = nextWaiterID
        let openAtStart = openCount
        logger.debug("waiting for a database connection", metadata: ["open": "\(openAtStart)"])
        // Every wait is timed (served, expired or cancelled alike), so a pool that is too small shows.
        let started = ContinuousClock.now
        defer {
            Metrics.Timer(label: "talentledger_pool_wait_seconds").record(duration: ContinuousClock.now - started)
        }
        // A cancelled task (a request whose client went away, a stopped subscription) leaves the line at
        // once instead of waiting out the timeout.
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append(
                    Waiter(
                        id: id, deadline: .now + acquireTimeout, openAtStart: openAtStart, continuation: continuation))
                if expiry == nil { expiry = Task { await self.expireOverdueWaiters() } }
            }
        } onCancel: {
            // Only a hop onto the pool: the waiter it removes is the one awaiting.
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        // Already served (or expired): the waiter has what it was given.
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Sleeps until the earliest waiter's deadline and fails those whose time is up, until nobody waits.
    private func expireOverdueWaiters() async {
        while !Task.isCancelled {
            guard let earliest = waiters.map(\.deadline).min() else {
                expiry = nil
                return
            }
            try? await Task.sleep(until: earliest, clock: .continuous)
            let now = ContinuousClock.now
            for waiter in waiters where waiter.deadline <= now {
                waiters.removeAll { $0.id == waiter.id }
                waiter.continuation.resume(
                    throwing: PostgresError(
                        .poolTimeout,
                        "no database connection became free within \(acquireTimeout) "
                            + "(all \(waiter.openAtStart) of \(maximumConnections) in use)"
                    )
                )
            }
        }
    }

    func release(_ connection: Connection, logger: Logger) async {
        guard !isClosed, connection.isHealthy, connection.isIdle else {
            if !isClosed { logger.info("replacing a broken or unfinished database connection") }
            connection.close()
            openCount -= 1
            await serveNextWaiterWithNewConnection()
            return
        }
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    private func serveNextWaiterWithNewConnection() async {
        guard !waiters.isEmpty, openCount < maximumConnections, !isClosed else { return }
        openCount += 1
        do {
            let connection = try await Connection.connect(configuration, threadPool: threadPool, logger: logger)
            // The pool may have been closed while connecting.
            if isClosed {
                connection.close()
                openCount -= 1
            } else if waiters.isEmpty {
                idle.append(connection)
            } else {
                waiters.removeFirst().continuation.resume(returning: connection)
            }
        } catch {
            openCount -= 1
            if !waiters.isEmpty { waiters.removeFirst().continuation.resume(throwing: error) }
        }
    }
}
