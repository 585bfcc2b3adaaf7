import Logging
import Postgres
import TalentApplication
import TalentLedgerTesting
import Testing

@Suite("An unavailable database is said once in a while, not for every request")
struct OutageLogTests {
    static let lost = PostgresError(
        .connectionLost,
        "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n")
    static let diskFull = PostgresError(.server, "could not extend file", sqlState: "53100")

    @Test func requestsFailingAlikeWithinTheIntervalAreCountedIntoTheNextLineSaid() {
        let captured = CapturedLog()
        let log = OutageLog(interval: .seconds(30))
        let start = ContinuousClock.now
        #expect(log.record(Self.lost, path: "/v1/me", logger: captured.logger, now: start))
        for second in 1...5 {
            #expect(!log.record(Self.lost, path: "/v1/me", logger: captured.logger, now: start + .seconds(second)))
        }
        // Another reason is said at once; the one before it is not said again within its interval.
        #expect(log.record(Self.diskFull, path: "/v1/talents", logger: captured.logger, now: start + .seconds(6)))
        #expect(log.record(Self.lost, path: "/v1/me", logger: captured.logger, now: start + .seconds(7)))
        #expect(log.record(Self.lost, path: "/v1/me", logger: captured.logger, now: start + .seconds(40)))
        let said = captured.records.filter { $0.level > .debug }
        #expect(said.map(\.level) == [.warning, .error, .warning, .warning])
        #expect(captured.records.filter { $0.level == .debug }.count == 5)
        // The next line said counts the five not said.
        #expect(said.map { $0.metadata["moreSinceLastLine"].map { "\($0)" } } == [nil, "5", nil, nil])
    }

    /// libpq's own messages run over several lines; a log line cut there reads as two.
    @Test func aMessageOverSeveralLinesIsLoggedAsOne() {
        #expect(
            Self.lost.description
                == "server closed the connection unexpectedly This probably means the server terminated abnormally")
        #expect(Self.diskFull.description == "could not extend file (SQLSTATE 53100)")
    }
}
