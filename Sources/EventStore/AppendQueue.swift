import Foundation
import Logging
import Postgres
import Synchronization

/// Group commit for single-event appends made through the store's pool.
///
/// Each append is a transaction of its own until `limit` of them are in flight at once. Appends that
/// arrive then wait, and the next transaction carries every one that waited (at most `maximumBatch`):
/// their `append_event` calls share one statement, one round trip and one commit, in stream order so
/// that two such transactions lock streams in the same order. Each append is still checked, chained and
/// answered on its own, and is durable when its caller hears back. A statement that fails (a version
/// conflict, a malformed document, a repeat racing in) wrote nothing, so its appends are then made one
/// by one and each gets its own answer or error.
///
/// With a handful of writers on a small server most of an append's cost is the transaction around it
/// (round trip, snapshot, commit, wake-ups); sharing it is what lets throughput grow with writers. The
/// price: a shared statement that waits for a stream locked by another transaction holds its slot while
/// it waits, and with every slot so held the other single appends wait too. So no append waits for a
/// slot longer than `patience`: after that it goes alone, on a connection of its own. That also
/// untangles a caller that holds a stream's lock in its own transaction and appends to another stream
/// while the slots wait for that lock, which the database cannot see as a deadlock. Appends inside a
/// caller's transaction (the command handler's) never come here.
final class AppendQueue: Sendable {
    struct Request: Sendable {
        let batch: AppendBatch
        let commandID: UUID
    }

    private struct Waiting: Sendable {
        let request: Request
        let continuation: CheckedContinuation<AppendResult, any Error>
        let since = ContinuousClock.now
    }

    private struct State: Sendable {
        var inFlight = 0
        var waiting: [Waiting] = []
        /// Whether a task is watching the line for appends that waited too long.
        var watched = false
    }

    let pool: ConnectionPool
    let limit: Int
    let maximumBatch: Int
    let patience: Duration
    let logger: Logger
    private let state = Mutex(State())
    /// The watcher and the transactions run for appends that waited.
    private let tasks = OwnedTasks()

    init(
        pool: ConnectionPool, limit: Int, maximumBatch: Int = 64, patience: Duration = .milliseconds(500),
        logger: Logger
    ) {
        self.pool = pool
        self.limit = max(1, limit)
        self.maximumBatch = max(1, maximumBatch)
        self.patience = patience
        self.logger = logger
    }

    /// Waits for every transaction the queue started to answer its appends.
    func close() async {
        await tasks.waitForAll()
    }

    /// Appends one single-event batch, alone or with others that wait.
    func append(_ request: Request) async throws -> AppendResult {
        // A free slot: this caller's task runs the transaction itself, with no hand-off.
        if takeSlot() {
            let result = await Self.alone(request, pool: pool)
            handOver()
            return try result.get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let waiter = Waiting(request: request, continuation: continuation)
            // A slot may have come free since the first look.
            if takeSlot(orQueue: waiter) { serve([waiter]) }
        }
    }

    /// Appends waiting for a slot (for tests).
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Takes a free slot, or puts `waiter` in line. True when the slot was taken.
    private func takeSlot(orQueue waiter: Waiting? = nil) -> Bool {
        let (taken, watch) = state.withLock { state -> (Bool, Bool) in
            guard state.inFlight < limit else {
                guard let waiter else { return (false, false) }
                state.waiting.append(waiter)
                defer { state.watched = true }
                return (false, !state.watched)
            }
            state.inFlight += 1
            return (true, false)
        }
        if watch { watchTheLine() }
        return taken
    }

    /// While anyone waits: every `patience`, the appends that have waited that long go alone.
    private func watchTheLine() {
        tasks.start { [self] in
            while true {
                try? await Task.sleep(for: patience)
                let overdue = state.withLock { state -> [Waiting]? in
                    guard !state.waiting.isEmpty else {
                        state.watched = false
                        return nil
                    }
                    let deadline = ContinuousClock.now - patience
                    let overdue = Array(state.waiting.prefix { $0.since <= deadline })
                    state.waiting.removeFirst(overdue.count)
                    return overdue
                }
                guard let overdue else { return }
                if !overdue.isEmpty { tasks.start { [pool] in await Self.answerAlone(overdue, pool: pool) } }
            }
        }
    }

    /// A transaction finished: the appends that waited meanwhile go next, in one, or the slot is freed.
    private func handOver() {
        let next = state.withLock { state -> [Waiting] in
            guard !state.waiting.isEmpty else {
                state.inFlight -= 1
                return []
            }
            let taken = Array(state.waiting.prefix(maximumBatch))
            state.waiting.removeFirst(taken.count)
            return taken
        }
        if !next.isEmpty { serve(next) }
    }

    private func serve(_ waiting: [Waiting]) {
        tasks.start { [self] in
            let requests = waiting.map(\.request)
            if let results = requests.count == 1 ? [await Self.alone(requests[0], pool: pool)] : await shared(requests)
            {
                // Answered first, so that their callers' next appends are among those that wait and go next.
                for (waiter, result) in zip(waiting, results) { waiter.continuation.resume(with: result) }
                handOver()
            } else {
                // The shared statement failed and wrote nothing: its appends are made one by one, off the
                // slot, so that the append that failed it is refused on its own and holds up nobody else.
                handOver()
                await Self.answerAlone(waiting, pool: pool)
            }
        }
    }

    /// The requests' `append_event` calls in one statement, in stream order; each answered in the order
    /// given. Nil when the statement failed (it wrote nothing).
    private func shared(_ requests: [Request]) async -> [Result<AppendResult, any Error>]? {
        // Stream order, so that concurrent transactions lock shared streams in the same order.
        let order = requests.indices.sorted {
            requests[$0].batch.appends[0].streamID < requests[$1].batch.appends[0].streamID
        }
        var sql = PostgresQuery.StringInterpolation(
            literalCapacity: 32 * requests.count, interpolationCount: 9 * requests.count)
        sql.appendLiteral("SELECT ")
        for (place, index) in order.enumerated() {
            if place > 0 { sql.appendLiteral(", ") }
            requests[index].batch.appendEventCall(commandID: requests[index].commandID, to: &sql)
        }
        let query = PostgresQuery(stringInterpolation: sql)
        let answers: [String?]
        do {
            guard
                let row = try await pool.withConnection({ connection in
                    // One text per number of appends shared (at most `maximumBatch`): prepared, as a lone append's.
                    try await connection.query(query, prepared: true).first.map { row in
                        try (0..<requests.count).map { try row.decode(String?.self, at: $0) }
                    }
                })
            else { return nil }
            answers = row
        } catch {
            // Each append will be made alone and answered with its own error if it has one; this line is
            // what tells an operator why they went one by one. A version conflict is an ordinary race
            // between writers, told at debug; anything else at info.
            let conflict = (error as? PostgresError)?.sqlState == "TL409"
            logger.log(
                level: conflict ? .debug : .info, "a shared append statement failed; its appends go one by one",
                metadata: ["appends": "\(requests.count)", "error": "\(error)"])
            return nil
        }
        var results = [Result<AppendResult, any Error>?](repeating: nil, count: requests.count)
        for (place, index) in order.enumerated() {
            let request = requests[index]
            results[index] = await Result(catching: {
                guard let answer = answers[place] else {
                    return try await pool.withConnection { connection in
                        try await EventStore.replayed(request.commandID, on: connection)
                    }
                }
                return try request.batch.recorded(from: answer, commandID: request.commandID)
            })
        }
        return results.map { $0! }
    }

    private static func answerAlone(_ waiting: [Waiting], pool: ConnectionPool) async {
        let results = await oneByOne(waiting.map(\.request), pool: pool)
        for (waiter, result) in zip(waiting, results) { waiter.continuation.resume(with: result) }
    }

    /// Each request alone, side by side (the pool bounds how many at once), answered in the order given:
    /// one after another, a refused append would keep the rest of its transaction waiting for as many
    /// commits as it held appends.
    private static func oneByOne(_ requests: [Request], pool: ConnectionPool) async -> [Result<AppendResult, any Error>]
    {
        await withTaskGroup(of: (Int, Result<AppendResult, any Error>).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, await alone(request, pool: pool)) }
            }
            var results = [Result<AppendResult, any Error>?](repeating: nil, count: requests.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    private static func alone(_ request: Request, pool: ConnectionPool) async -> Result<AppendResult, any Error> {
        await Result(catching: {
            try await pool.withConnection { connection in
                try await EventStore.append(request.batch, commandID: request.commandID, on: connection)
            }
        })
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
