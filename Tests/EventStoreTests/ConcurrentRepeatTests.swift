import Foundation
import Postgres
import TalentLedgerTesting
import Testing

@testable import EventStore

/// Two appends with one command id at the same time: the first to commit is the command's append; the
/// other writes nothing and is answered from it (or, inside a caller's transaction, told so).
@Suite("Concurrent repeats of one command")
struct ConcurrentRepeatTests {
    let store: EventStore

    init() async throws {
        store = try await makeStore("concurrent_repeat")
    }

    /// Appends `first` (by default one event on stream `first`) with `command` inside a transaction that
    /// stays open until `second` is waiting for it, then commits (or rolls back) and returns what `second`
    /// gave.
    func whileFirstIsOpen<T: Sendable>(
        command: UUID, commit: Bool = true,
        first appends: [StreamAppend] = [
            StreamAppend(streamID: "first", streamType: "test", expected: .noStream, events: [event("F")])
        ],
        _ second: @escaping @Sendable () async throws -> T
    ) async throws -> (first: AppendResult, second: Result<T, any Error>) {
        try await store.pool.withConnection { connection in
            try await connection.executeScript("BEGIN")
            let first = try await EventStore.append(appends, commandID: command, on: connection)
            let waiting = Task { () -> Result<T, any Error> in
                do { return .success(try await second()) } catch { return .failure(error) }
            }
            try await store.pool.untilSessionsWaitForALock()
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

    /// Several events on one stream: the repeat waits for the first one's lock on the stream, then finds
    /// the stream moved by its own command, which is a repeat, not a version conflict.
    @Test func aRepeatOfSeveralEventsThatWaitedForTheFirstIsAnsweredFromIt() async throws {
        let command = UUID()
        let several = [
            StreamAppend(
                streamID: "several", streamType: "test", expected: .noStream, events: [event("A"), event("B")])
        ]
        let (first, second) = try await whileFirstIsOpen(command: command, first: several) {
            try await store.append(several, commandID: command)
        }
        let answer = try second.get()
        #expect(answer.replayed)
        #expect(answer.events == first.events)
        #expect(try await store.readStream("several").map(\.type) == ["A", "B"])
    }

    /// The same for a bulk append, whose repeat is refused as appended before, not as a conflict.
    @Test func aBulkRepeatThatWaitedForTheFirstIsRefusedAsAppendedBefore() async throws {
        let command = UUID()
        let bulk = [
            StreamAppend(streamID: "bulk", streamType: "test", expected: .noStream, events: [event("A"), event("B")])
        ]
        let (_, second) = try await whileFirstIsOpen(command: command, first: bulk) {
            try await store.appendBulk(bulk, commandID: command)
        }
        #expect(throws: InvalidAppend.self) { try second.get() }
        #expect(try await store.readStream("bulk").map(\.type) == ["A", "B"])
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
