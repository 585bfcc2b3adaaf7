import Foundation
import Logging
import Postgres
import TalentLedgerTesting
import Testing

@Suite("Connection pool: bounded, timed-out and cancelled waiters, broken connections replaced")
struct ConnectionPoolTests {
    let configuration: ConnectionConfiguration

    init() async throws {
        configuration = try await TestDatabase.fresh("pool", migrate: false)
    }

    @Test func neverOpensMoreThanItsBound() async throws {
        // The bound is what this checks, not the waiting time: on a machine busy with the rest of the suite,
        // twenty waiters behind three connections can wait past the default ten seconds.
        let pool = ConnectionPool(configuration: configuration, maximumConnections: 3, acquireTimeout: .seconds(120))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    _ = try await pool.withConnection { connection in
                        try await connection.execute("SELECT pg_sleep(0.01)")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await pool.openConnections <= 3)
        let backends = try await pool.withConnection { connection in
            try await connection.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'talentledger'"
            ).first?.decode(Int.self, at: 0)
        }
        #expect((backends ?? 99) <= 3)
        await pool.close()
    }

    /// Holds the pool's only connection until `release` finishes, having said so through `held`.
    static func holdTheConnection(of pool: ConnectionPool) -> (
        held: AsyncStream<Void>, release: () -> Void, task: Task<Void, Error>
    ) {
        let (held, heldNow) = AsyncStream.makeStream(of: Void.self)
        let (released, releaseNow) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            try await pool.withConnection { _ in
                heldNow.yield()
                for await _ in released { break }
            }
        }
        return (
            held,
            {
                releaseNow.yield()
                releaseNow.finish()
            }, task
        )
    }

    /// Returns once `count` tasks wait for a connection; fails after about five seconds.
    static func untilWaiting(_ count: Int, in pool: ConnectionPool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while await pool.waitingCount != count {
            guard ContinuousClock.now < deadline else {
                Issue.record("the pool never had \(count) waiting")
                return
            }
            await Task.yield()
        }
    }

    @Test func waiterTimesOutWithAClearError() async throws {
        let pool = ConnectionPool(
            configuration: configuration, maximumConnections: 1, acquireTimeout: .milliseconds(200))
        let holder = Self.holdTheConnection(of: pool)
        var held = holder.held.makeAsyncIterator()
        _ = await held.next()
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { _ in 1 }
        }
        #expect(error?.kind == .poolTimeout)
        #expect(error?.message.contains("no database connection became free") == true)
        #expect(await pool.waitingCount == 0)
        holder.release()
        try await holder.task.value
        await pool.close()
    }

    @Test func cancelledWaiterLeavesTheLineAtOnce() async throws {
        let pool = ConnectionPool(configuration: configuration, maximumConnections: 1, acquireTimeout: .seconds(60))
        let holder = Self.holdTheConnection(of: pool)
        var held = holder.held.makeAsyncIterator()
        _ = await held.next()
        let waiting = Task { try await pool.withConnection { _ in 1 } }
        try await Self.untilWaiting(1, in: pool)
        waiting.cancel()
        // Answered while the holder still holds the connection (and long before the minute-long timeout).
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(await pool.waitingCount == 0)
        holder.release()
        try await holder.task.value
        // The line is empty again: the next lease gets the freed connection.
        #expect(try await pool.withConnection { _ in 2 } == 2)
        #expect(await pool.openConnections == 1)
        await pool.close()
    }

    @Test func closingThePoolFailsItsWaitersAndEndsItsTimer() async throws {
        let pool = ConnectionPool(configuration: configuration, maximumConnections: 1, acquireTimeout: .seconds(60))
        let holder = Self.holdTheConnection(of: pool)
        var held = holder.held.makeAsyncIterator()
        _ = await held.next()
        let waiting = Task { try await pool.withConnection { _ in 1 } }
        try await Self.untilWaiting(1, in: pool)
        // Returns only once the expiry timer has ended: nothing of the pool is left running.
        await pool.close()
        let error = await #expect(throws: PostgresError.self) { try await waiting.value }
        #expect(error?.kind == .poolClosed)
        holder.release()
        try await holder.task.value
    }

    @Test func brokenConnectionIsReplaced() async throws {
        let pool = ConnectionPool(configuration: configuration, maximumConnections: 1)
        let firstPID = try await pool.withConnection { $0.backendPID }
        // Kill the backend from another session, as a server restart or network cut would.
        let killer = try await Connection.connect(configuration)
        try await killer.execute("SELECT pg_terminate_backend(\(Int(firstPID)))")
        // Wait until the backend is really gone (a loaded machine may take a moment).
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline,
            try await killer.query("SELECT count(*) FROM pg_stat_activity WHERE pid = \(Int(firstPID))")
                .first?.decode(Int.self, at: 0) != 0
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        killer.close()
        await #expect(throws: PostgresError.self) {
            try await pool.withConnection { connection in try await connection.execute("SELECT 1") }
        }
        let value = try await pool.withConnection { connection in
            try await connection.query("SELECT 7").first?.decode(Int.self, at: 0)
        }
        #expect(value == 7)
        let secondPID = try await pool.withConnection { $0.backendPID }
        #expect(secondPID != firstPID)
        await pool.close()
    }

    @Test func connectionLeftInATransactionIsNotReused() async throws {
        let pool = ConnectionPool(configuration: configuration, maximumConnections: 1)
        let pid = try await pool.withConnection { connection in
            try await connection.execute("BEGIN")
            return connection.backendPID
        }
        let next = try await pool.withConnection { connection in
            (connection.backendPID, connection.isIdle)
        }
        #expect(next.0 != pid)
        #expect(next.1)
        await pool.close()
    }
}

@Suite("Connection pool: a caller's logger reaches the pool's lines")
struct ConnectionPoolLoggingTests {
    @Test func aRequestsLoggerCarriesItsIdIntoThePoolsLogLines() async throws {
        let configuration = try await TestDatabase.fresh("pool_logging", migrate: false)
        let pool = ConnectionPool(configuration: configuration, maximumConnections: 1)
        let captured = CapturedLog()
        var requestLogger = Logger(label: "request") { _ in captured }
        requestLogger[metadataKey: "request_id"] = "req-42"
        // A connection left inside a transaction is replaced on return, which the pool logs.
        _ = try await pool.withConnection(logger: requestLogger) { connection in
            try await connection.execute("BEGIN")
        }
        let replaced = captured.records.filter { $0.message.contains("replacing a broken or unfinished") }
        #expect(replaced.count == 1)
        #expect(replaced.first?.metadata["request_id"] == "req-42")
        await pool.close()
    }
}
