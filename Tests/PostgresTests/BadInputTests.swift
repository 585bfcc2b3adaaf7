import CLibPQ
import Foundation
import TalentLedgerTesting
import Testing

@testable import Postgres

@Suite("Bad input: clear errors, no hang")
struct BadInputTests {
    @Test(arguments: ["mysql://localhost/db", "postgres://user@host:notaport/db", "localhost:5432", ""])
    func malformedURLIsRejectedWithAClearError(url: String) throws {
        let error = #expect(throws: PostgresError.self) { try ConnectionConfiguration(url: url) }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.message.isEmpty == false)
    }

    @Test func passwordNeverAppearsInErrorsOrDescriptions() throws {
        let configuration = try ConnectionConfiguration(url: "postgres://hr:s3cret@127.0.0.1:1/ledger")
        #expect(!configuration.description.contains("s3cret"))
        let error = #expect(throws: PostgresError.self) { try ConnectionConfiguration(url: "mysql://hr:s3cret@h/db") }
        #expect(error?.message.contains("s3cret") == false)
        // libpq takes a password from the query too.
        for url in [
            "postgres://hr@127.0.0.1:1/ledger?password=s3cret", "postgres://127.0.0.1:1/ledger?user=hr&password=s3cret",
            "postgresql:///ledger?host=/run/pg&sslpassword=s3cret&sslmode=disable",
            "postgres://hr:s3cret@127.0.0.1:1/ledger?application_name=a@b&password=s3cret",
        ] {
            let configuration = try ConnectionConfiguration(url: url)
            #expect(!configuration.description.contains("s3cret"), "\(configuration)")
            #expect(configuration.description.contains("127.0.0.1") || configuration.description.contains("/run/pg"))
        }
        let badPort = #expect(throws: PostgresError.self) {
            try ConnectionConfiguration(url: "postgres://127.0.0.1:99999/ledger?password=s3cret")
        }
        #expect(badPort?.message.contains("s3cret") == false)
    }

    /// A client program (`pg_dump`) is given the target without the password, which goes apart (as
    /// `PGPASSWORD`): a command line is anyone's to read.
    @Test func aClientProgramsConnectionStringHoldsNoPassword() throws {
        let url = try ConnectionConfiguration(url: "postgres://hr:s3cr'et@db.example:6543/ledger?sslmode=require")
            .with(database: "other")
        let (conninfo, password) = url.programConnection
        #expect(password == "s3cr'et")
        #expect(!conninfo.contains("s3cr"))
        for pair in ["host='db.example'", "port='6543'", "user='hr'", "sslmode='require'", "dbname='other'"] {
            #expect(conninfo.contains(pair), "\(conninfo)")
        }
        #expect(!conninfo.contains("dbname='ledger'"))
        let socket = ConnectionConfiguration(socketDirectory: "/tmp/it's", database: "talentledger", user: "tl")
        #expect(socket.programConnection.password == nil)
        #expect(
            socket.programConnection.conninfo.hasPrefix(
                "host='/tmp/it\\'s' port='5432' dbname='talentledger' user='tl'"))
    }

    /// A password holding a slash or a question mark not percent-encoded, or a bad percent-encoding, is
    /// still hidden, its start too: in the error of a URL libpq cannot read (which quotes what it could
    /// not), and in the refusal of one it would read otherwise than meant (the password's start as a port,
    /// a tester's `tl_app:S3cr/xyzzy@…` said "port 'S3cr'"), which says how to write it.
    @Test func aPasswordLibpqCannotReadIsNotRepeatedEither() throws {
        for url in [
            "postgres://alice:S3cretPW@[zz/tl", "postgres://tl:Pa/ss9S3cretPW@127.0.0.1/tl",
            "postgres://alice:p%zzS3cretPW@127.0.0.1/tl", "postgres://alice:p%00S3cretPW@127.0.0.1/tl",
        ] {
            do {
                let configuration = try ConnectionConfiguration(url: url)
                #expect(!configuration.description.contains("S3cretPW"), "\(configuration)")
            } catch let error as PostgresError {
                #expect(!error.message.contains("S3cretPW"), "\(error.message)")
                #expect(error.message.contains("malformed database URL"))
            }
        }
        for url in [
            "postgres://tl:Pa?ss9S3cretPW@127.0.0.1:55432/tl", "postgres://u:pS3cret@PW/x@127.0.0.1:55432/tl",
            "postgresql://tl_app:S3cr/xyzzy@127.0.0.1:18232/talentledger", "postgres://tl:5432/secret@db.example/tl",
        ] {
            let error = #expect(throws: PostgresError.self) { try ConnectionConfiguration(url: url) }
            let message = error?.message ?? ""
            for fragment in ["Pa?", "Pa'", "pS3cret", "PW/x", "S3cr", "xyzzy", "5432/secret", "'5432'"] {
                #expect(!message.contains(fragment), "\(message)")
            }
            #expect(message.contains("write a \"/\" of the password as %2F and a \"?\" as %3F"), "\(message)")
            #expect(message.contains("***@"), "the host stays in sight: \(message)")
        }
        // A "@" in the query is not the user's: the host stays in sight.
        let query = try ConnectionConfiguration(url: "postgres://127.0.0.1:1/ledger?application_name=a@b")
        #expect(query.description.contains("127.0.0.1:1/ledger"), "\(query)")
    }

    /// A value that is no `postgres://` URL (a key/value string, a scheme with one slash) is not repeated
    /// at all, and a password's "@" not encoded (which libpq would read as the start of the host, and print
    /// in its error) is refused, said how to write it.
    @Test func aValueOfAnotherFormOrAPasswordsBareAtIsRefusedWithoutThePassword() throws {
        for url in [
            "host=127.0.0.1 port=1 user=alice password=S3cretKV dbname=db", "postgres:/alice:S3cretKV@127.0.0.1:1/db",
            "postgres://alice:S3c@retKV@127.0.0.1:1/db",
        ] {
            let error = #expect(throws: PostgresError.self) { try ConnectionConfiguration(url: url) }
            #expect(error?.message.contains("retKV") == false, "\(String(describing: error))")
            #expect(error?.kind == .invalidConfiguration)
        }
        let bareAt = #expect(throws: PostgresError.self) {
            try ConnectionConfiguration(url: "postgres://alice:S3c@retKV@127.0.0.1:1/db")
        }
        #expect(bareAt?.message.contains("%40") == true, "\(String(describing: bareAt))")
        #expect(
            try ConnectionConfiguration(url: "postgres://alice:S3c%40retKV@127.0.0.1:1/db").description.contains("***"))
    }

    @Test(.timeLimit(.minutes(3)))
    func aPasswordInTheQueryIsNotInTheErrorOfAFailedConnection() async throws {
        let configuration = try ConnectionConfiguration(
            url: "postgres://nobody@127.0.0.1:1/none?password=s3cret", connectTimeoutSeconds: 2)
        let error = await #expect(throws: PostgresError.self) { try await Connection.connect(configuration) }
        #expect(error?.message.contains("127.0.0.1") == true)
        #expect(error?.message.contains("s3cret") == false)
        #expect(error?.message.contains("password=***") == true)
    }

    @Test(.timeLimit(.minutes(3)))
    func unreachableServerFailsPromptly() async throws {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let configuration = try ConnectionConfiguration(
            url: "postgres://nobody@127.0.0.1:1/none", connectTimeoutSeconds: 2)
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) { try await Connection.connect(configuration) }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("127.0.0.1") == true)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func missingPostgresBinariesAreReportedNotHung() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresBinaries.locate(path: "/nonexistent/bin", versionRoots: ["/nonexistent/lib/postgresql"])
        }
        #expect(error?.kind == .cluster)
        #expect(error?.message.contains("initdb") == true)
    }

    @Test func invalidDatabaseNameIsRejectedBeforeReachingTheServer() async throws {
        let cluster = try await TestClusterAccess.cluster()
        let error = await #expect(throws: PostgresError.self) { try await cluster.createDatabase("x\"; DROP") }
        #expect(error?.kind == .invalidArgument)
    }
}

@Suite("Embedded cluster lifecycle")
struct LocalClusterTests {
    /// A folder that was there, holding files of its own, is used for the state as it is: neither handed
    /// to the database's user nor closed to others (the working folder, a log written there first); the
    /// cluster's own folders are made inside it.
    @Test(.timeLimit(.minutes(2)))
    func aFolderHoldingFilesOfItsOwnKeepsItsOwnerAndMode() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tl-foreign-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "mine".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: directory.path)
        let before = try FileManager.default.attributesOfItem(atPath: directory.path)
        let cluster = try await LocalCluster.start(in: directory, settings: ["fsync": "off"])
        let connection = try await Connection.connect(cluster.configuration())
        #expect(try await connection.query("SELECT 1").first?.decode(Int.self, at: 0) == 1)
        connection.close()
        try await cluster.stop()
        let after = try FileManager.default.attributesOfItem(atPath: directory.path)
        // Its mode is its own, but for letting the database's user pass through when that is another user.
        #expect(((after[.posixPermissions] as? Int) ?? 0) & ~0o001 == 0o750)
        #expect((after[.ownerAccountID] as? Int) == (before[.ownerAccountID] as? Int))
        #expect(try String(contentsOf: directory.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
        // The server's log is its owner's alone: it names failed statements with their values.
        let log = try FileManager.default.attributesOfItem(
            atPath: directory.appendingPathComponent("postgresql.log").path)
        #expect(((log[.posixPermissions] as? Int) ?? 0o777) & 0o077 == 0)
    }

    /// A socket folder under /tmp that another user made first is not used: they could see or replace
    /// the socket.
    @Test func aFolderOfAnotherUsersIsToldApart() throws {
        let path = FileManager.default.temporaryDirectory.path
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(LocalCluster.foreignOwner(of: path, allowed: [info.st_uid]) == nil)
        #expect(LocalCluster.foreignOwner(of: path, allowed: [info.st_uid &+ 1]) == info.st_uid)
    }

    /// The process that started the cluster leaves it running at its end while another process holds
    /// sessions on it (a server started while a timer's job ran); the next run adopts it and stops it.
    @Test(.timeLimit(.minutes(2)))
    func aClusterAnotherProcessStillUsesIsLeftRunningForIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tl-shared-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await LocalCluster.start(in: directory, settings: ["fsync": "off"])
        var elsewhere = first.configuration()
        elsewhere.applicationName = "talentledger pid another"
        let other = try await Connection.connect(elsewhere)
        try await first.stop()
        #expect(try await other.query("SELECT 1").first?.decode(Int.self, at: 0) == 1, "still running for the other")
        other.close()
        let next = try await LocalCluster.start(in: directory, settings: ["fsync": "off"])
        #expect(next.ownsServer)
        try await next.stop()
        await #expect(throws: PostgresError.self) { try await Connection.connect(next.configuration()) }
    }

    @Test(.timeLimit(.minutes(2)))
    func aClusterLeftRunningByADeadRunIsAdoptedAndStopped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tl-adopt-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await LocalCluster.start(in: directory, settings: ["fsync": "off"])
        #expect(first.ownsServer)
        // A run that died without stopping it: its process id is no longer alive, and its share of the cluster
        // went with it.
        try "999999999".write(to: directory.appendingPathComponent("owner.pid"), atomically: true, encoding: .utf8)
        first.use.end()
        let second = try await LocalCluster.start(in: directory, settings: ["fsync": "off"])
        #expect(second.ownsServer)
        let connection = try await Connection.connect(second.configuration())
        #expect(try await connection.query("SELECT 1").first?.decode(Int.self, at: 0) == 1)
        connection.close()
        // After a clean stop the next start creates nothing new and owns the server again.
        try await second.stop()
        let third = try await LocalCluster.start(in: directory, settings: ["fsync": "off"])
        #expect(third.ownsServer)
        try await third.stop()
        await #expect(throws: PostgresError.self) { try await Connection.connect(third.configuration()) }
    }

    /// Two runs that start a stopped cluster at once (a timer's job as the server starts) take turns: the
    /// second finds the server the first started and uses it, rather than failing with pg_ctl's "another
    /// server might be running". A folder that holds no cluster yet is made once, by one of them.
    @Test(.timeLimit(.minutes(2)))
    func runsStartingTheClusterAtOnceTakeTurns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tl-together-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        for _ in 0..<2 {
            async let first = LocalCluster.start(in: directory, settings: ["fsync": "off"])
            async let second = LocalCluster.start(in: directory, settings: ["fsync": "off"])
            let both = try await [first, second]
            // And each makes the database its run needs, the same one.
            async let made: Void = both[0].createDatabase("together")
            async let madeToo: Void = both[1].createDatabase("together")
            _ = try await (made, madeToo)
            for cluster in both {
                let connection = try await Connection.connect(cluster.configuration())
                #expect(try await connection.query("SELECT 1").first?.decode(Int.self, at: 0) == 1)
                connection.close()
            }
            // The first to stop leaves it running for the second, which uses it still; the second stops it.
            try await both[0].stop()
            let stillServing = try await Connection.connect(both[1].configuration())
            #expect(try await stillServing.query("SELECT 1").count == 1)
            stillServing.close()
            try await both[1].stop()
            await #expect(throws: PostgresError.self) { try await Connection.connect(both[1].configuration()) }
        }
    }

    /// A failed result libpq made itself, without the server's SQLSTATE (a backend killed under its
    /// statement: "server closed the connection unexpectedly"), is the connection lost, which a client is
    /// told to retry (503), not a statement the server refused (a chaos test's killed backends were 500s).
    @Test func aFailureWithoutTheServersSQLStateIsTheConnectionLost() async throws {
        let connection = try await Connection.connect(try await TestDatabase.fresh("lost_result", migrate: false))
        defer { connection.close() }
        let result = try #require(PQmakeEmptyPGresult(connection.handle, PGRES_FATAL_ERROR))
        defer { PQclear(result) }
        #expect(connection.serverError(result, statement: "SELECT 1").kind == .connectionLost)
        // Whatever libpq's status says yet, the connection is not used again (a pool handed it out once more,
        // and a health probe's retry failed on it).
        #expect(!connection.isHealthy)
    }

    /// A server that stops answering altogether (a frozen host: the chaos test's stopped cluster held
    /// requests and the pool for as long as it was stopped) is given up past the configuration's answer
    /// deadline: the call fails as the connection lost, and the connection is not used again. One answered
    /// in time leaves it as it was.
    @Test(.timeLimit(.minutes(3)))
    func aWaitForAnAnswerPastItsDeadlineGivesTheConnectionUp() async throws {
        let configuration = try await TestDatabase.fresh("answer_deadline", migrate: false)
            .with(settings: [:], answerDeadline: .seconds(1))
        let connection = try await Connection.connect(configuration)
        defer { connection.close() }
        #expect(try await connection.query("SELECT pg_sleep(0.1), 1").first?.decode(Int.self, at: 1) == 1)
        #expect(connection.isHealthy)
        // Longer than the deadline: answered, it would return a row after 5 s.
        let error = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT pg_sleep(5)")
        }
        #expect(error?.kind == .noAnswer, "\(String(describing: error))")
        #expect(
            error?.message.contains("did not answer a statement within 1 s") == true, "\(String(describing: error))")
        #expect(!connection.isHealthy)
        // A pool's connection given up is replaced, not handed out again.
        let pool = ConnectionPool(configuration: configuration, maximumConnections: 1)
        await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try await $0.query("SELECT pg_sleep(5)") }
        }
        #expect(try await pool.withConnection { try await $0.query("SELECT 2").first?.decode(Int.self, at: 0) } == 2)
        await pool.close()
    }

    /// A cluster whose server dies under the process using it (killed, or a full disk's PANIC: PostgreSQL
    /// does not start itself again) is started again by the watch the server runs beside it; a chaos test's
    /// server answered "unavailable" for good after its cluster crashed.
    @Test(.timeLimit(.minutes(3)))
    func aClusterThatStopsUnderItsUserIsStartedAgain() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tl-watch-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try await LocalCluster.start(in: directory, settings: ["fsync": "off"])
        #expect(cluster.isServing())
        let watch = Task { try await cluster.keepServing(every: .milliseconds(200)) }
        // The postmaster killed, as a crash would end it.
        let text = try String(contentsOf: directory.appendingPathComponent("data/postmaster.pid"), encoding: .utf8)
        let postmaster = try #require(pid_t(text.split(separator: "\n").first ?? ""))
        kill(postmaster, SIGKILL)
        var served = false
        for _ in 0..<300 where !served {
            try await Task.sleep(for: .milliseconds(100))
            served =
                (try? await Connection.connect(cluster.configuration()))
                .map { connection in
                    defer { connection.close() }
                    return true
                } ?? false
        }
        #expect(served, "the cluster serves again")
        watch.cancel()
        _ = await watch.result
        try await cluster.stop()
    }
}
