import Foundation
import TalentLedgerTesting
import Testing

@testable import Postgres

@Suite("Connection: several statements in one round trip (pipeline mode) and statements queued for the next")
struct PipelineTests {
    let configuration: ConnectionConfiguration

    init() async throws {
        configuration = try await TestDatabase.fresh("pipeline", migrate: false)
    }

    func ids(_ table: String, on connection: Connection) async throws -> [Int] {
        try await connection.query(PostgresQuery(sql: "SELECT id FROM \(table) ORDER BY id")).map {
            try $0.decode(Int.self, at: 0)
        }
    }

    @Test func eachStatementAnswersItsOwnRowsInOrder() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE piped (id int PRIMARY KEY, name text)")
        let answers = try await connection.pipeline([
            PipelinedStatement("INSERT INTO piped VALUES (\(1), \("吉林")), (\(2), \(nil as String?))"),
            PipelinedStatement("SELECT name FROM piped WHERE id = \(1)", prepared: true),
            PipelinedStatement("SELECT id FROM piped ORDER BY id"),
            PipelinedStatement("SELECT name FROM piped WHERE id = \(2)", prepared: true),
        ])
        #expect(answers.count == 4)
        #expect(answers[0].affectedRows == 2)
        #expect(try answers[1].first?.decode(String.self, at: 0) == "吉林")
        #expect(try answers[2].map { try $0.decode(Int.self, at: 0) } == [1, 2])
        #expect(try answers[3].first?.decode(String?.self, at: 0) == nil)
        #expect(connection.isIdle)
        // Out of pipeline mode again: a plain statement and a COPY work as before.
        try await connection.copyFrom("COPY piped FROM STDIN", rows: [["3", "c"]])
        #expect(try await ids("piped", on: connection) == [1, 2, 3])
    }

    /// Outside a transaction block the statements up to the pipeline's end run as one implicit
    /// transaction: a failure takes the earlier writes with it, and the later statements never run.
    @Test func theFirstFailureIsThrownAndNothingOfThePipelineStays() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE piped_fail (id int PRIMARY KEY)")
        let error = await #expect(throws: PostgresError.self) {
            try await connection.pipeline([
                PipelinedStatement("INSERT INTO piped_fail VALUES (\(1))"),
                PipelinedStatement("INSERT INTO piped_fail VALUES (\(1))"),
                PipelinedStatement("SELECT 1 / \(0)"),
                PipelinedStatement("INSERT INTO piped_fail VALUES (\(2))"),
            ])
        }
        #expect(error?.sqlState == "23505")
        #expect(connection.isIdle)
        #expect(try await ids("piped_fail", on: connection) == [])

        // A value that cannot be sent (a NUL character) fails before the server sees the statement; what
        // was sent before it is still read, so the connection is left usable.
        let refused = await #expect(throws: PostgresError.self) {
            try await connection.pipeline([
                PipelinedStatement("SELECT \(1)"), PipelinedStatement("SELECT \("cut\u{0}short")"),
            ])
        }
        #expect(refused?.kind == .invalidArgument)
        #expect(connection.isHealthy && connection.isIdle)
        #expect(try await connection.query("SELECT \(7)").first?.decode(Int.self, at: 0) == 7)
    }

    @Test func queuedStatementsGoWithTheCommitAndAFailedOneRollsTheTransactionBack() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE queued (id int PRIMARY KEY)")
        let seen = try await connection.withTransaction { transaction in
            try await transaction.execute("INSERT INTO queued VALUES (\(1))")
            try transaction.enqueue("INSERT INTO queued VALUES (\(2))")
            try transaction.enqueue("INSERT INTO queued VALUES (\(3))")
            #expect(!transaction.isIdle)
            // They go with the next statement, before it: the count sees them.
            return try await transaction.query("SELECT count(*) FROM queued").first?.decode(Int.self, at: 0)
        }
        #expect(seen == 3)
        #expect(try await ids("queued", on: connection) == [1, 2, 3])

        // A pipeline answers its own statements only, not the queued ones it carries (here the BEGIN).
        let answers = try await connection.withTransaction { transaction in
            try await transaction.pipeline([
                PipelinedStatement("SELECT count(*) FROM queued"), PipelinedStatement("SELECT \(5)"),
            ])
        }
        #expect(try answers.map { try $0.first?.decode(Int.self, at: 0) } == [3, 5])

        let error = await #expect(throws: PostgresError.self) {
            try await connection.withTransaction { transaction in
                try await transaction.execute("INSERT INTO queued VALUES (\(4))")
                try transaction.enqueue("INSERT INTO queued VALUES (\(1))")
            }
        }
        #expect(error?.sqlState == "23505")
        #expect(connection.isIdle)
        #expect(try await ids("queued", on: connection) == [1, 2, 3])
    }

    /// Outside a transaction nothing would send a queued statement in time (or it would go with whoever
    /// uses the connection next): refused, and nothing is queued.
    @Test func aStatementQueuedOutsideATransactionIsRefused() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE outside (id int PRIMARY KEY)")
        #expect(throws: QueuedOutsideATransaction.self) {
            try connection.enqueue("INSERT INTO outside VALUES (\(1))")
        }
        #expect(connection.isIdle)
        try await connection.withTransaction { transaction in
            try transaction.enqueue("INSERT INTO outside VALUES (\(2))")
        }
        #expect(throws: QueuedOutsideATransaction.self) {
            try connection.enqueue("INSERT INTO outside VALUES (\(3))")
        }
        try await connection.execute("SELECT \(1)")
        #expect(try await ids("outside", on: connection) == [2])
    }

    @Test func aTransactionThatThrowsSendsNothingItQueued() async throws {
        struct Abort: Error {}
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE dropped (id int PRIMARY KEY)")
        // Before its first statement (the BEGIN itself is still queued) and after.
        await #expect(throws: Abort.self) {
            try await connection.withTransaction { transaction in
                try transaction.enqueue("INSERT INTO dropped VALUES (\(1))")
                throw Abort()
            }
        }
        #expect(connection.isIdle)
        await #expect(throws: Abort.self) {
            try await connection.withTransaction { transaction in
                try await transaction.execute("INSERT INTO dropped VALUES (\(2))")
                try transaction.enqueue("INSERT INTO dropped VALUES (\(3))")
                throw Abort()
            }
        }
        #expect(connection.isIdle)
        #expect(try await ids("dropped", on: connection) == [])
        // A script and a COPY in a transaction send what is queued (its BEGIN) before them.
        try await connection.withTransaction { transaction in
            try await transaction.copyFrom("COPY dropped FROM STDIN", rows: [["5"]])
            try await transaction.executeScript("INSERT INTO dropped VALUES (6)")
            try transaction.enqueue("INSERT INTO dropped VALUES (\(7))")
        }
        #expect(try await ids("dropped", on: connection) == [5, 6, 7])
    }

    /// As for one statement: outside a transaction a prepared statement whose table changed shape is
    /// prepared afresh and the pipeline runs again; in one, the transaction fails and says so.
    @Test func aPreparedStatementWhoseTableChangedIsPreparedAfresh() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript(
            "CREATE TABLE reshaped (id int PRIMARY KEY); INSERT INTO reshaped VALUES (1)")
        let lookup: PostgresQuery = "SELECT * FROM reshaped WHERE id = \(1)"
        _ = try await connection.pipeline([PipelinedStatement(lookup, prepared: true)])
        try await connection.executeScript("ALTER TABLE reshaped ADD COLUMN tier text DEFAULT 'B'")
        let answers = try await connection.pipeline([
            PipelinedStatement("INSERT INTO reshaped VALUES (\(2))"), PipelinedStatement(lookup, prepared: true),
        ])
        #expect(try answers[1].first?.decode(String.self, at: 1) == "B")
        #expect(try await ids("reshaped", on: connection) == [1, 2])

        try await connection.executeScript("ALTER TABLE reshaped ADD COLUMN unit text DEFAULT 'u'")
        await #expect(throws: PostgresError.self) {
            try await connection.withTransaction { transaction in
                try await transaction.pipeline([PipelinedStatement(lookup, prepared: true)])
            }
        }
        #expect(connection.isIdle)
        let again = try await connection.pipeline([PipelinedStatement(lookup, prepared: true)])
        #expect(try again[0].first?.decode(String.self, at: 2) == "u")
    }

    /// A statement the server cannot prepare fails before anything is sent: what was queued stays queued,
    /// so a transaction that goes on after the error still begins with its BEGIN and commits what it queued.
    @Test func aStatementThatCannotBePreparedLeavesTheQueueAsItWas() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE kept (id int PRIMARY KEY)")
        try await connection.withTransaction { transaction in
            try transaction.enqueue("INSERT INTO kept VALUES (\(1))")
            let error = await #expect(throws: PostgresError.self) {
                try await transaction.pipeline([PipelinedStatement("SELEC id FROM kept", prepared: true)])
            }
            #expect(error?.sqlState == "42601")
            try await transaction.execute("INSERT INTO kept VALUES (\(2))")
        }
        #expect(try await ids("kept", on: connection) == [1, 2])
        // Both rows were written by one transaction.
        let writers = try await connection.query("SELECT count(DISTINCT xmin::text) FROM kept").first?.decode(
            Int.self, at: 0)
        #expect(writers == 1)
    }
}
