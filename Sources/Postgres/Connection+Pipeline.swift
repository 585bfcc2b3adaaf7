import CLibPQ

/// One statement of a pipeline: the query, and whether its plan is kept (see ``Connection/query(_:prepared:)``).
public struct PipelinedStatement: Sendable {
    public var query: PostgresQuery
    public var prepared: Bool

    public init(_ query: PostgresQuery, prepared: Bool = false) {
        self.query = query
        self.prepared = prepared
    }
}

extension Connection {
    /// Runs `statements` in one round trip (libpq's pipeline mode) and returns each one's rows, in order.
    ///
    /// Statements that do not depend on each other's answers pay one wait for the server instead of one
    /// each: on a busy host most of a statement's cost is that wait and the thread hops around it. The
    /// first statement that fails throws its error, and those after it did not run; inside a transaction
    /// the transaction has then failed, as it would have one statement at a time. Outside a transaction
    /// block the statements run as one implicit transaction: a statement that fails takes the earlier ones
    /// with it.
    ///
    /// Every statement is written before any answer is read, on a blocking connection: for a few
    /// statements, where only the last may answer with much (a stream), or the server could stall writing
    /// answers nobody reads yet while the rest of the statements wait to be written.
    public func pipeline(_ statements: [PipelinedStatement]) async throws -> [PostgresRows] {
        guard !statements.isEmpty else { return [] }
        return try await answered("a pipeline") {
            try self.lock.withLock {
                try self.checkOpen()
                return try self.runPipeline(statements)
            }
        }
    }

    /// Queues a statement whose rows nobody reads: it goes to the server with the next statement of this
    /// connection, in the same round trip, and its error is thrown by that statement's call.
    ///
    /// For writes at the end of a transaction (sent with its `COMMIT`) and for the transaction's `BEGIN`
    /// (sent with its first statement). Only inside ``withTransaction(isolation:_:)`` (elsewhere it throws
    /// ``QueuedOutsideATransaction`` and queues nothing): a transaction that fails or rolls back drops what
    /// is still queued, and a connection handed back with statements queued is closed, not reused.
    public func enqueue(_ query: PostgresQuery, prepared: Bool = false) throws {
        try lock.withLock {
            guard transactionDepth > 0 else { throw QueuedOutsideATransaction() }
            queued.append(PipelinedStatement(query, prepared: prepared))
        }
    }

    /// Sends what is queued now (a dry run that rolls back still runs every statement it would have sent).
    public func sendQueued() async throws {
        try await answered("the queued statements") {
            try self.lock.withLock {
                try self.checkOpen()
                try self.sendQueued()
            }
        }
    }

    /// Runs the queued statements on their own, before a statement that cannot join a pipeline (a script,
    /// a COPY). Called with the lock held.
    func sendQueued() throws {
        if !queued.isEmpty { _ = try runPipeline([]) }
    }

    /// Runs the queued statements and then `statements` in one pipeline and returns the answers of
    /// `statements`. The queue is emptied once its statements are in libpq's hands: a statement that
    /// cannot be prepared leaves it as it was. Called with the lock held.
    func runPipeline(_ statements: [PipelinedStatement], again: Bool = false) throws -> [PostgresRows] {
        let all = queued + statements
        // Preparing is a round trip of its own, which pipeline mode does not allow: done first, once a session.
        let names = try all.map { $0.prepared ? try preparedName(of: $0.query) : nil }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError(statement: all[0].query.sql) }
        queued.removeAll()
        let answers: [PostgresRows]
        do {
            answers = try exchange(all, names: names)
        } catch let error as PipelineFailure {
            throw error.underlying
        } catch let stale as StalePreparedStatement {
            // A table changed shape under a prepared statement (see `blockingQuery`), which is forgotten. Outside
            // a transaction nothing of the pipeline stayed, and it runs once more with the statement prepared
            // afresh; in one, the transaction has failed and says so.
            guard !again, PQtransactionStatus(handle) == PQTRANS_IDLE else { throw stale.underlying }
            queued = Array(all.prefix(all.count - statements.count))
            return try runPipeline(statements, again: true)
        }
        return Array(answers.dropFirst(all.count - statements.count))
    }

    /// Sends `statements` in pipeline mode and reads every answer up to the synchronisation point, then
    /// leaves pipeline mode. A connection whose answers cannot all be read is closed (``PipelineFailure``):
    /// left in pipeline mode, its next pipeline would read the old answers as its own.
    private func exchange(_ statements: [PipelinedStatement], names: [String?]) throws -> [PostgresRows] {
        var sendingFailure: Error?
        var sent = 0
        for (statement, name) in zip(statements, names) {
            do {
                let accepted = try statement.query.withParameterPointers { pointers in
                    if let name {
                        return PQsendQueryPrepared(
                            handle, name, Int32(pointers.count), pointers.baseAddress, nil, nil, 0)
                    }
                    return PQsendQueryParams(
                        handle, statement.query.sql, Int32(pointers.count), nil, pointers.baseAddress, nil, nil, 0)
                }
                guard accepted == 1 else { throw connectionError(statement: statement.query.sql) }
                sent += 1
            } catch {
                sendingFailure = error
                break
            }
        }
        // What was sent is synchronised and read even when a later statement could not be sent, so that the
        // connection leaves pipeline mode with nothing outstanding.
        var failure = sendingFailure
        func broken(_ statement: String) -> PipelineFailure {
            let error =
                (failure as? StalePreparedStatement)?.underlying ?? failure ?? connectionError(statement: statement)
            isClosed = true
            PQfinish(handle)
            return PipelineFailure(underlying: error)
        }
        guard PQpipelineSync(handle) == 1 else { throw broken(statements[0].query.sql) }
        var answers: [PostgresRows] = []
        answers.reserveCapacity(sent)
        for statement in statements.prefix(sent) {
            guard let result = PQgetResult(handle) else { throw broken(statement.query.sql) }
            do {
                answers.append(try rows(from: result, statement: statement.query.sql))
            } catch let error as PostgresError where failure == nil && error.sqlState == "0A000" && statement.prepared {
                forget(prepared: statement.query.sql)
                failure = StalePreparedStatement(underlying: error)
            } catch {
                // After the first failure the rest answer "aborted": the first error is the one to report.
                if failure == nil { failure = error }
            }
            PQclear(result)
            // Each statement's results end with a null result.
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        guard let sync = PQgetResult(handle) else { throw broken(statements[0].query.sql) }
        let synchronised = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        guard synchronised, PQexitPipelineMode(handle) == 1 else { throw broken(statements[0].query.sql) }
        if let failure { throw failure }
        return answers
    }
}

/// A pipeline whose connection had to be closed: `underlying` is what went wrong first.
private struct PipelineFailure: Error {
    var underlying: Error
}

/// "cached plan must not change result type" from a prepared statement of the pipeline, now forgotten.
private struct StalePreparedStatement: Error {
    var underlying: PostgresError
}

/// ``Connection/enqueue(_:prepared:)`` outside a transaction: nothing would send the statement in time, or
/// it would go with an unrelated later statement of whoever uses the connection next.
public struct QueuedOutsideATransaction: Error, CustomStringConvertible {
    public var description: String { "a statement was queued outside a transaction (Connection.enqueue)" }
}
