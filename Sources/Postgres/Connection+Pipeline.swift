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
    /// the transaction has then failed, as it would have one statement at a time.
    public func pipeline(_ statements: [PipelinedStatement]) async throws -> [PostgresRows] {
        guard !statements.isEmpty else { return [] }
        return try await threadPool.runIfActive {
            try self.lock.withLock {
                try self.checkOpen()
                let queued = self.takeQueued()
                return Array(try self.runPipeline(queued + statements).dropFirst(queued.count))
            }
        }
    }

    /// Queues a statement whose rows nobody reads: it goes to the server with the next statement of this
    /// connection, in the same round trip, and its error is thrown by that statement's call.
    ///
    /// For writes at the end of a transaction (sent with its `COMMIT`) and for the transaction's `BEGIN`
    /// (sent with its first statement). Only inside ``withTransaction(isolation:_:)``: a transaction that
    /// fails or rolls back drops what is still queued.
    public func enqueue(_ query: PostgresQuery, prepared: Bool = false) {
        lock.withLock { queued.append(PipelinedStatement(query, prepared: prepared)) }
    }

    /// Sends what is queued now (a dry run that rolls back still runs every statement it would have sent).
    public func sendQueued() async throws {
        try await threadPool.runIfActive {
            try self.lock.withLock {
                try self.checkOpen()
                try self.sendQueued()
            }
        }
    }

    /// Takes the queued statements; the caller runs them (or drops them). Called with the lock held.
    func takeQueued() -> [PipelinedStatement] {
        defer { queued.removeAll() }
        return queued
    }

    /// Runs the queued statements on their own, before a statement that cannot join a pipeline (a script,
    /// a COPY). Called with the lock held.
    func sendQueued() throws {
        let statements = takeQueued()
        if !statements.isEmpty { _ = try runPipeline(statements) }
    }

    /// Sends every statement, then reads every result up to the pipeline's synchronisation point. Called
    /// with the lock held.
    func runPipeline(_ statements: [PipelinedStatement]) throws -> [PostgresRows] {
        // Preparing is a round trip of its own, which pipeline mode does not allow: done first, once a session.
        let names = try statements.map { $0.prepared ? try preparedName(of: $0.query) : nil }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError(statement: statements[0].query.sql) }
        defer { PQexitPipelineMode(handle) }
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
        guard PQpipelineSync(handle) == 1 else { throw connectionError(statement: statements[0].query.sql) }
        var answers: [PostgresRows] = []
        answers.reserveCapacity(sent)
        var failure = sendingFailure
        for statement in statements.prefix(sent) {
            guard let result = PQgetResult(handle) else { throw connectionError(statement: statement.query.sql) }
            var answer: PostgresRows?
            do {
                answer = try rows(from: result, statement: statement.query.sql)
            } catch let error as PostgresError where error.sqlState == "0A000" && statement.prepared {
                // A table changed shape under the prepared statement: prepared afresh next time.
                forget(prepared: statement.query.sql)
                if failure == nil { failure = error }
            } catch {
                // After the first failure the rest answer "aborted": the first error is the one to report.
                if failure == nil { failure = error }
            }
            PQclear(result)
            if let answer { answers.append(answer) }
            // Each statement's results end with a null result.
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        guard let sync = PQgetResult(handle) else { throw connectionError(statement: statements[0].query.sql) }
        let synchronised = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        if let failure { throw failure }
        guard synchronised, answers.count == statements.count else {
            throw connectionError(statement: statements[0].query.sql)
        }
        return answers
    }
}
