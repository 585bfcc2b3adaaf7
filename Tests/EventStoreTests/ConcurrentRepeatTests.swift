import EventStore
import Foundation
import Postgres
import TalentLedgerTesting
import Testing

/// Two appends with one command id at the same time: the first to commit is the command's append; the
/// other writes nothing and is answered from it (or, inside a caller's transaction, told so).
@Suite("Concurrent repeats of one command")
struct ConcurrentRepeatTests {
    let store: EventStore

    init() async throws {
        store = try await makeStore("concurrent_repeat")
    }

    /// Appends with `command` inside a transaction that stays open until `second` is waiting for it, then
    /// commits (or rolls back) and returns what `second` gave.
    func whileFirstIsOpen<T: Sendable>(
        command: UUID, commit: Bool = true, _ second: @escaping @Sendable () async throws -> T
    ) async throws -> (first: AppendResult, second: Result<T, any Error>) {
        try await store.pool.withConnection { connection in
            try await connection.executeScript("BEGIN")
            let first = try await EventStore.append(
                [StreamAppend(streamID: "first", streamType: "test", expected: .noStream, events: [event("F")])],
                commandID: command, on: connection)
            let waiting = Task { () -> Result<T, any Error> in
                do { return .success(try await second()) } catch { return .failure(error) }
            }
            try await store.pool.untilOneSessionWaitsForALock()
            try await connection.executeScript(commit ? "COMMIT" : "ROLLBACK")
            return (first, await waiting.value)
        }
    }

    @Test func theLaterOfTwoConcurrentAppendsIsAnsweredFromTheFirst() async throws {
        let command = UUID()
        let (first, second) = try await whileFirstIsOpen(command: command) {
            try await store.append([event("S")], to: "second", type: "test", expecting: .noStream, commandID: command)
        }
        let answer = try second.get()
        #expect(answer.replayed)
        #expect(answer.events == first.events)
        #expect(try await store.readStream("second").isEmpty)
        #expect(try await store.version(of: "second") == 0)
        #expect(try await store.verify().isIntact)
    }

    @Test func insideATransactionTheLaterAppendIsToldAndWritesNothing() async throws {
        let command = UUID()
        let (_, second) = try await whileFirstIsOpen(command: command) {
            try await store.pool.withTransaction { connection in
                try await EventStore.append(
                    [StreamAppend(streamID: "second", streamType: "test", expected: .noStream, events: [event("S")])],
                    commandID: command, on: connection)
            }
        }
        #expect(throws: ConcurrentRepeat(commandID: command)) { try second.get() }
        #expect(try await store.version(of: "second") == 0)
        #expect(try await store.readStream("first").map(\.type) == ["F"])
    }

    @Test func whenTheFirstRollsBackTheLaterAppends() async throws {
        let command = UUID()
        let (_, second) = try await whileFirstIsOpen(command: command, commit: false) {
            try await store.append([event("S")], to: "second", type: "test", expecting: .noStream, commandID: command)
        }
        #expect(try second.get().replayed == false)
        #expect(try await store.readStream("second").map(\.type) == ["S"])
        #expect(try await store.version(of: "first") == 0)
        #expect(try await store.verify().isIntact)
    }
}
