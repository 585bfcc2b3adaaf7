import Foundation
import Postgres
import TalentLedgerTesting
import Testing

@Suite("Connection: bound parameters, typed decoding, transactions")
struct ConnectionTests {
    let configuration: ConnectionConfiguration

    init() async throws {
        configuration = try await TestDatabase.fresh("connection", migrate: false)
    }

    /// Parameters travel as C strings: empty ones, NULLs and multibyte text arrive whole, and a NUL
    /// character, which would silently cut the value short, is refused before anything is sent.
    @Test func parametersArriveWholeAndANulCharacterIsRefused() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        let values: [String?] = ["", nil, "吉林省 长白山 🏔️", String(repeating: "x", count: 10_000), "a"]
        let row = try #require(
            try await connection.query(
                "SELECT \(values[0]), \(values[1]), \(values[2]), \(values[3]), \(values[4])"
            ).first)
        #expect(try (0..<values.count).map { try row.decode(String?.self, at: $0) } == values)
        let error = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT \("before"), \("cut\u{0}short")")
        }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.message.contains("$2") == true)
        #expect(connection.isIdle)
    }

    @Test func decodesEveryTypedColumnAndNull() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        let id = UUID()
        let moment = Date(timeIntervalSince1970: 1_773_650_000.123456)
        let bytes = Data([0, 1, 0xAB, 0xFF])
        let row = try #require(
            try await connection.query(
                """
                SELECT \(42)::bigint AS number, \("吉林 'quoted'")::text AS name, \(true)::boolean AS flag,
                       \(moment)::timestamptz AS moment, \(id)::uuid AS id, \(bytes)::bytea AS bytes,
                       \(PostgresJSON(text: #"{"tier": "B"}"#))::jsonb AS doc, NULL::text AS missing
                """
            ).first
        )
        #expect(try row.decode(Int.self, column: "number") == 42)
        #expect(try row.decode(String.self, column: "name") == "吉林 'quoted'")
        #expect(try row.decode(Bool.self, column: "flag") == true)
        let decodedMoment = try row.decode(Date.self, column: "moment")
        #expect(abs(decodedMoment.timeIntervalSince(moment)) < 0.000_002)
        #expect(try row.decode(UUID.self, column: "id") == id)
        #expect(try row.decode(Data.self, column: "bytes") == bytes)
        struct Doc: Decodable, Equatable { var tier: String }
        #expect(try row.decodeJSON(Doc.self, column: "doc") == Doc(tier: "B"))
        #expect(try row.decode(String?.self, column: "missing") == nil)
        #expect(throws: PostgresError.self) { try row.decode(String.self, column: "missing") }
        // Where an optional is expected, a NULL read without naming the type is nil, not an error (a
        // roster row of a talent without a profile once failed this way).
        let inferred: String? = try row.decode(at: try #require(row.columns.firstIndex(of: "missing")))
        #expect(inferred == nil)
    }

    @Test func parametersAreNeverSpliced() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        let hostile = "x'); DROP TABLE pg_class; --"
        let row = try #require(try await connection.query("SELECT \(hostile)::text AS value").first)
        #expect(try row.decode(String.self, column: "value") == hostile)
    }

    @Test func serverErrorsCarrySQLStateDetailAndConstraint() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE uniq_things (id int CONSTRAINT uniq_things_pk PRIMARY KEY)")
        try await connection.execute("INSERT INTO uniq_things VALUES (\(1))")
        let error = await #expect(throws: PostgresError.self) {
            try await connection.execute("INSERT INTO uniq_things VALUES (\(1))")
        }
        #expect(error?.kind == .server)
        #expect(error?.sqlState == "23505")
        #expect(error?.isUniqueViolation == true)
        #expect(error?.constraint == "uniq_things_pk")
        #expect(error?.detail?.contains("(id)=(1)") == true)
        #expect(connection.isHealthy)
    }

    /// The server's detail of a unique violation holds the key's values (personal data, say): logs and
    /// messages show `description`, which leaves it out; `debugDescription` keeps it for a developer.
    @Test func rowValuesStayOutOfTheErrorsDescription() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript(
            "CREATE TABLE secret_things (id text CONSTRAINT secret_things_pk PRIMARY KEY)")
        try await connection.execute("INSERT INTO secret_things VALUES (\("220102199001011234"))")
        let error = try #require(
            await #expect(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO secret_things VALUES (\("220102199001011234"))")
            })
        #expect(!error.description.contains("220102199001011234"))
        #expect(!"\(error)".contains("220102199001011234"))
        #expect(error.description.contains("secret_things_pk"))
        #expect(String(reflecting: error).contains("220102199001011234"))
    }

    @Test func transactionRollsBackOnAnyThrownError() async throws {
        struct Abort: Error {}
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE tx_things (id int)")
        await #expect(throws: Abort.self) {
            try await connection.withTransaction { tx in
                try await tx.execute("INSERT INTO tx_things VALUES (\(1))")
                throw Abort()
            }
        }
        try await connection.withTransaction { tx in
            try await tx.execute("INSERT INTO tx_things VALUES (\(2))")
        }
        let ids = try await connection.query("SELECT id FROM tx_things").map { try $0.decode(Int.self, at: 0) }
        #expect(ids == [2])
        #expect(connection.isIdle)
    }

    @Test func copyFromStdinLoadsRowsWithEscapesAndNulls() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE copy_things (id int, note text)")
        let rows: [[String?]] = (1...10_000).map { [String($0), $0 % 7 == 0 ? nil : "line\t\($0)\nback\\slash"] }
        let copied = try await connection.copyFrom("COPY copy_things (id, note) FROM STDIN", rows: rows)
        #expect(copied == 10_000)
        let check = try #require(
            try await connection.query(
                "SELECT count(*) AS n, count(note) AS notes, max(note) FILTER (WHERE id = \(1)) AS first FROM copy_things"
            ).first
        )
        #expect(try check.decode(Int.self, column: "n") == 10_000)
        #expect(try check.decode(Int.self, column: "notes") == 10_000 - 10_000 / 7)
        #expect(try check.decode(String.self, column: "first") == "line\t1\nback\\slash")
    }

    @Test func badCopyRowRejectsTheWholeCopy() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE copy_strict (id int NOT NULL)")
        await #expect(throws: PostgresError.self) {
            try await connection.copyFrom("COPY copy_strict (id) FROM STDIN", rows: [["1"], ["not a number"]])
        }
        let count = try await connection.query("SELECT count(*) FROM copy_strict").first?.decode(Int.self, at: 0)
        #expect(count == 0)
        #expect(connection.isHealthy)
    }

    @Test func listenReceivesNotifyWithPayload() async throws {
        let listener = try await Connection.connect(configuration)
        let sender = try await Connection.connect(configuration)
        defer {
            listener.close()
            sender.close()
        }
        try await listener.listen("talent_news")
        let nothing = try await listener.waitForNotifications(timeout: .milliseconds(50))
        #expect(nothing.isEmpty)
        try await sender.notify("talent_news", payload: "tier B")
        let received = try await listener.waitForNotifications(timeout: .seconds(5))
        #expect(received.map(\.payload) == ["tier B"])
        #expect(received.first?.channel == "talent_news")
        await #expect(throws: PostgresError.self) { try await listener.listen("bad; channel") }
    }

    /// A statement asked to be prepared is parsed and planned once per session and then run with new
    /// values; one the server cannot parse fails with the server's own error; one whose table changed
    /// shape is prepared afresh; and a statement not asked to be is never prepared.
    @Test func preparedStatementsArePreparedOnceAndStayCorrectWhenTheirTableChanges() async throws {
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        try await connection.executeScript("CREATE TABLE prepared_probe (id int PRIMARY KEY, name text)")
        for id in 1...3 {
            try await connection.execute("INSERT INTO prepared_probe VALUES (\(id), \("n\(id)"))")
        }
        for id in 1...3 {
            let name = try await connection.query("SELECT * FROM prepared_probe WHERE id = \(id)", prepared: true)
                .first?.decode(String.self, at: 1)
            #expect(name == "n\(id)")
        }
        func preparedCount(_ text: String) async throws -> Int {
            try await connection.query(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE \("%" + text + "%")"
            ).first?.decode(Int.self, at: 0) ?? -1
        }
        #expect(try await preparedCount("FROM prepared_probe WHERE id") == 1)
        #expect(try await preparedCount("INSERT INTO prepared_probe") == 0)

        let syntax = await #expect(throws: PostgresError.self) {
            try await connection.query("SELEC * FROM prepared_probe WHERE id = \(1)", prepared: true)
        }
        #expect(syntax?.sqlState == "42601")

        // Outside a transaction the changed statement is prepared afresh and answers at once.
        try await connection.executeScript("ALTER TABLE prepared_probe ADD COLUMN tier text DEFAULT 'B'")
        let row = try await connection.query("SELECT * FROM prepared_probe WHERE id = \(2)", prepared: true).first
        #expect(try row?.decode(String.self, at: 2) == "B")
        // In one, the transaction fails (as it must) and the statement is prepared afresh after it.
        try await connection.executeScript("ALTER TABLE prepared_probe ADD COLUMN unit text DEFAULT 'u'")
        await #expect(throws: PostgresError.self) {
            try await connection.withTransaction { connection in
                try await connection.query("SELECT * FROM prepared_probe WHERE id = \(2)", prepared: true)
            }
        }
        let again = try await connection.query("SELECT * FROM prepared_probe WHERE id = \(2)", prepared: true).first
        #expect(try again?.decode(String.self, at: 3) == "u")
        #expect(try await preparedCount("FROM prepared_probe WHERE id") == 1)

        // A statement first prepared in a transaction that rolls back stays prepared (they are not
        // transactional) and runs after it.
        await #expect(throws: PostgresError.self) {
            try await connection.withTransaction { connection in
                try await connection.query("SELECT name FROM prepared_probe WHERE id = \(3)", prepared: true)
                try await connection.query("SELECT 1/0")
            }
        }
        let third = try await connection.query("SELECT name FROM prepared_probe WHERE id = \(3)", prepared: true)
        #expect(try third.first?.decode(String.self, at: 0) == "n3")
        #expect(connection.isIdle)
    }
}
