import CLibPQ
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import Synchronization

/// One libpq connection.
///
/// A connection serves one task at a time (the pool hands it out exclusively); its blocking libpq calls
/// run on the `NIOThreadPool` it was opened with, and a lock keeps two calls from overlapping even if a
/// caller breaks that rule.
public final class Connection: @unchecked Sendable {
    let handle: OpaquePointer
    let threadPool: NIOThreadPool
    let logger: Logger
    let lock = NIOLock()
    var isClosed = false
    /// The configuration's ``ConnectionConfiguration/answerDeadline``, and the session's socket, which a
    /// call past it shuts down (``AnswerWatchdog``).
    let answerDeadline: Duration?
    let socket: Int32
    /// Set once the connection is known to be lost (a call outlived the deadline and the socket was shut
    /// down, or libpq found the server gone while its status still said OK): it is never used again, and a
    /// pool replaces it, whatever libpq's status says.
    let lost = Atomic<Bool>(false)
    /// The statements prepared on this session (``query(_:prepared:)``), by their text, and their names.
    var preparedStatements: [String: String] = [:]
    /// Names are never reused: a statement forgotten inside a failed transaction still exists until
    /// it is over (`forgotten`).
    var preparedNames = 0
    var forgotten: [String] = []
    /// Statements sent with the next one (``enqueue(_:prepared:)``).
    var queued: [PipelinedStatement] = []
    /// How many ``withTransaction(isolation:_:)`` bodies are running: only inside one may a statement be
    /// queued.
    var transactionDepth = 0
    /// Statements past this many run unnamed: the session's memory stays bounded.
    static let maximumPrepared = 256

    private init(handle: OpaquePointer, threadPool: NIOThreadPool, logger: Logger, answerDeadline: Duration?) {
        self.handle = handle
        self.threadPool = threadPool
        self.logger = logger
        self.answerDeadline = answerDeadline
        socket = PQsocket(handle)
    }

    deinit {
        if !isClosed { PQfinish(handle) }
    }

    /// Opens a connection; fails with ``PostgresError/Kind/connectionFailed`` and libpq's reason when the
    /// server cannot be reached within the configuration's connect timeout.
    public static func connect(
        _ configuration: ConnectionConfiguration,
        threadPool: NIOThreadPool = .forDatabaseCalls,
        logger: Logger = Logger(label: "talentledger.postgres")
    ) async throws -> Connection {
        let pairs = configuration.keywordValues
        let handle: OpaquePointer = try await threadPool.runIfActive {
            let keywords = pairs.map { strdup($0.0) }
            let values = pairs.map { strdup($0.1) }
            defer {
                for pointer in keywords + values { free(pointer) }
            }
            var keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
            var valuePointers = values.map { UnsafePointer($0) } + [nil]
            guard let handle = PQconnectdbParams(&keywordPointers, &valuePointers, 1) else {
                throw PostgresError(.connectionFailed, "libpq could not allocate a connection")
            }
            guard PQstatus(handle) == CONNECTION_OK else {
                let reason = String(cString: PQerrorMessage(handle)).trimmingTrailingWhitespace()
                PQfinish(handle)
                throw PostgresError(.connectionFailed, "cannot connect to \(configuration): \(reason)")
            }
            return UnsafeSendable(handle)
        }.value
        let connection = Connection(
            handle: handle, threadPool: threadPool, logger: logger, answerDeadline: configuration.answerDeadline)
        // A fixed session shape makes text results parseable the same way everywhere.
        try await connection.executeScript(
            "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET client_min_messages TO warning;"
        )
        logger.debug("connected", metadata: ["target": "\(configuration)"])
        return connection
    }

    /// Whether libpq still considers the connection usable.
    public var isHealthy: Bool {
        lock.withLock { !isClosed && !lost.load(ordering: .relaxed) && PQstatus(handle) == CONNECTION_OK }
    }

    /// Whether the session is outside any transaction block, with nothing queued to send.
    public var isIdle: Bool {
        lock.withLock { !isClosed && queued.isEmpty && PQtransactionStatus(handle) == PQTRANS_IDLE }
    }

    /// The server process serving this connection (useful to tell connections apart).
    public var backendPID: Int32 {
        lock.withLock { PQbackendPID(handle) }
    }

    public func close() {
        lock.withLock {
            guard !isClosed else { return }
            isClosed = true
            PQfinish(handle)
        }
    }

    // MARK: Statements

    /// Runs one statement with bound parameters and returns its rows.
    ///
    /// `prepared`: the statement is parsed and planned once per session and its plan kept, as PostgreSQL
    /// keeps a prepared statement's (after five runs it may settle on one generic plan for every value).
    /// For the few key lookups every request repeats (a token's account, a talent's row, a stream),
    /// where parsing and planning cost the server as much as running; never for a statement whose best
    /// plan depends on its values (a generic plan of the gap-safe read scanned the whole event log).
    @discardableResult
    public func query(_ query: PostgresQuery, prepared: Bool = false) async throws -> PostgresRows {
        try await answered("a statement") { try self.blockingQuery(query, prepared: prepared) }
    }

    /// Runs one statement and returns the number of rows it touched.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await self.query(query).affectedRows
    }

    /// Runs a script of several statements with no parameters (the schema file, session settings).
    /// Never pass text that holds a value from outside: values go through ``query(_:)``.
    public func executeScript(_ script: String) async throws {
        try await answered("a script") { try self.blockingScript(script) }
    }

    /// Runs `body` inside BEGIN/COMMIT; any error thrown rolls the transaction back and is rethrown.
    ///
    /// The `BEGIN` goes with the body's first statement, in one round trip (see ``enqueue(_:prepared:)``),
    /// and statements the body queued go with the `COMMIT`.
    @discardableResult
    public func withTransaction<T>(
        isolation: TransactionIsolation = .readCommitted,
        _ body: (Connection) async throws -> T
    ) async throws -> T {
        lock.withLock { transactionDepth += 1 }
        defer { lock.withLock { transactionDepth -= 1 } }
        try enqueue(PostgresQuery(sql: "BEGIN ISOLATION LEVEL \(isolation.sql)"))
        let result: T
        do {
            result = try await body(self)
        } catch {
            discardQueued()
            if isHealthy && !isIdle { _ = try? await execute("ROLLBACK") }
            throw error
        }
        // A body may end the transaction itself, in its last round trip (a command's append, its rows and its
        // COMMIT together): then there is nothing left to commit.
        if isIdle { return result }
        do {
            try await execute("COMMIT")
        } catch {
            discardQueued()
            if isHealthy && !isIdle { _ = try? await execute("ROLLBACK") }
            throw error
        }
        return result
    }

    /// Drops what is queued (a transaction that failed sends none of it).
    func discardQueued() {
        lock.withLock { queued.removeAll() }
    }

    func blockingQuery(_ query: PostgresQuery, prepared: Bool = false) throws -> PostgresRows {
        try lock.withLock {
            try checkOpen()
            if !queued.isEmpty { return try runPipeline([PipelinedStatement(query, prepared: prepared)])[0] }
            guard prepared else { return try run(query, named: nil) }
            do {
                return try run(query, named: try preparedName(of: query))
            } catch let error as PostgresError where error.sqlState == "0A000" && preparedStatements[query.sql] != nil {
                // "cached plan must not change result type": a table changed shape under the prepared
                // statement (a newer program migrated the schema). It is prepared afresh, and run again
                // when no transaction was under way (in one, the transaction has failed and says so).
                forget(prepared: query.sql)
                guard PQtransactionStatus(handle) == PQTRANS_IDLE else { throw error }
                return try run(query, named: try preparedName(of: query))
            }
        }
    }

    /// Runs `query` as the statement prepared as `name`, or unnamed (parsed and planned for this run).
    func run(_ query: PostgresQuery, named name: String?) throws -> PostgresRows {
        let result = try query.withParameterPointers { pointers in
            if let name {
                return PQexecPrepared(handle, name, Int32(pointers.count), pointers.baseAddress, nil, nil, 0)
            }
            return PQexecParams(handle, query.sql, Int32(pointers.count), nil, pointers.baseAddress, nil, nil, 0)
        }
        defer { PQclear(result) }
        return try rows(from: result, statement: query.sql)
    }

    /// The name `query` is prepared under on this session, preparing it on first use; nil once the
    /// session holds its most. A statement the server cannot parse fails here, with the error running
    /// it would give.
    func preparedName(of query: PostgresQuery) throws -> String? {
        deallocateForgotten()
        if let name = preparedStatements[query.sql] { return name }
        guard preparedStatements.count < Self.maximumPrepared else { return nil }
        preparedNames += 1
        let name = "tl_\(preparedNames)"
        guard let result = PQprepare(handle, name, query.sql, Int32(query.binds.count), nil) else {
            throw connectionError(statement: query.sql)
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw serverError(result, statement: query.sql) }
        preparedStatements[query.sql] = name
        return name
    }

    /// Forgets a prepared statement; the server lets go of it now, or once the failed transaction is over.
    func forget(prepared sql: String) {
        guard let name = preparedStatements.removeValue(forKey: sql) else { return }
        forgotten.append(name)
        deallocateForgotten()
    }

    func deallocateForgotten() {
        guard !forgotten.isEmpty, PQtransactionStatus(handle) == PQTRANS_IDLE else { return }
        for name in forgotten { PQclear(PQexec(handle, "DEALLOCATE \(name)")) }
        forgotten.removeAll()
    }

    func blockingScript(_ script: String) throws {
        try lock.withLock {
            try checkOpen()
            try sendQueued()
            // PQexec returns only the last result; an error stops the script there.
            let result = PQexec(handle, script)
            defer { PQclear(result) }
            _ = try rows(from: result, statement: String(script.prefix(80)))
        }
    }

    func checkOpen() throws {
        if isClosed { throw PostgresError(.connectionLost, "the connection is closed") }
    }

    /// Copies a result into Swift values, or turns it into a typed error.
    func rows(from result: OpaquePointer?, statement: String) throws -> PostgresRows {
        guard let result else {
            throw connectionError(statement: statement)
        }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            let columnCount = Int(PQnfields(result))
            let rowCount = Int(PQntuples(result))
            var columns: [String] = []
            columns.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                columns.append(String(cString: PQfname(result, Int32(column))))
            }
            var values: [[String?]] = []
            values.reserveCapacity(rowCount)
            for row in 0..<rowCount {
                var rowValues: [String?] = []
                rowValues.reserveCapacity(columnCount)
                for column in 0..<columnCount {
                    if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                        rowValues.append(nil)
                    } else {
                        rowValues.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                    }
                }
                values.append(rowValues)
            }
            let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
            return PostgresRows(columns: columns, values: values, affectedRows: affected)
        default:
            throw serverError(result, statement: statement)
        }
    }

    func serverError(_ result: OpaquePointer, statement: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return String(cString: value)
        }
        if PQstatus(handle) != CONNECTION_OK {
            return connectionError(statement: statement)
        }
        let message = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingWhitespace()
        // Every error the server sends carries an SQLSTATE: one without was made by libpq, the server having
        // sent nothing (its backend killed, the socket closed under the statement), whatever the status says
        // yet. That is the connection lost, not the statement refused.
        // (A pipeline's statements after a failed one are answered without one too, as aborted: not this.)
        guard field("C") != nil || PQresultStatus(result) != PGRES_FATAL_ERROR else {
            lost.store(true, ordering: .relaxed)
            return PostgresError(
                .connectionLost, "connection lost while running '\(statement.prefix(80))': \(message)")
        }
        return PostgresError(
            .server,
            message.isEmpty ? "statement failed: \(statement)" : message,
            sqlState: field("C"),
            detail: field("D"),
            hint: field("H"),
            constraint: field("n"),
            table: field("t"),
            column: field("c")
        )
    }

    func connectionError(statement: String) -> PostgresError {
        let reason = String(cString: PQerrorMessage(handle)).trimmingTrailingWhitespace()
        return PostgresError(.connectionLost, "connection lost while running '\(statement.prefix(80))': \(reason)")
    }
}

/// Isolation levels for ``Connection/withTransaction(isolation:_:)``.
public enum TransactionIsolation: Sendable {
    case readCommitted
    case repeatableRead
    case serializable

    var sql: String {
        switch self {
        case .readCommitted: "READ COMMITTED"
        case .repeatableRead: "REPEATABLE READ"
        case .serializable: "SERIALIZABLE"
        }
    }
}

/// Carries a libpq handle out of the thread-pool closure; the handle is owned by exactly one
/// ``Connection`` afterwards.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
