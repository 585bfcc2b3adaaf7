import Foundation
import Postgres
import TalentLedgerTesting
import Testing

@testable import EventStore

/// Single-event appends that wait for a slot share the next transaction (``AppendQueue``), and each is
/// still answered, refused or repeated on its own.
@Suite("Group commit of waiting single-event appends")
struct GroupCommitTests {
    let store: EventStore

    init() async throws {
        let configuration = try await TestDatabase.fresh("group_commit")
        // Patient enough that a slow machine cannot send the queued appends off alone mid-test.
        store = EventStore(
            pool: ConnectionPool(configuration: configuration, maximumConnections: 8), appendConcurrency: 1,
            appendPatience: .seconds(60))
    }

    /// Holds the store's one slot (an append waiting for a stream another connection has locked) while
    /// `appends` start and queue, then lets go and returns how each ended, in the order given.
    func queuedBehindAHeldSlot(
        _ appends: [@Sendable () async throws -> AppendResult]
    ) async throws -> [Result<AppendResult, any Error>] {
        try await store.append([event("Held")], to: "held", type: "test", expecting: .noStream)
        return try await store.pool.withConnection { connection in
            try await connection.executeScript("BEGIN; SELECT 1 FROM streams WHERE stream_id = 'held' FOR UPDATE")
            let holder = Task {
                try await store.append([event("Waits")], to: "held", type: "test", expecting: .exact(1))
            }
            try await store.pool.untilSessionsWaitForALock()
            let queued = appends.map { append in
                Task { () -> Result<AppendResult, any Error> in
                    do { return .success(try await append()) } catch { return .failure(error) }
                }
            }
            for _ in 0..<1000 {
                if store.queue.waitingCount == appends.count { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(store.queue.waitingCount == appends.count, "every append waits for the held slot")
            try await connection.executeScript("COMMIT")
            _ = try await holder.value
            var results: [Result<AppendResult, any Error>] = []
            for task in queued { results.append(await task.value) }
            return results
        }
    }

    @Test func appendsThatWaitShareOneTransactionAndAreEachAnswered() async throws {
        let streams = (0..<6).map { "shared-\($0)" }
        let results = try await queuedBehindAHeldSlot(
            streams.map { stream in
                { try await store.append([event("S")], to: stream, type: "test", expecting: .noStream) }
            })
        let answers = try results.map { try $0.get() }
        #expect(Set(answers.flatMap { $0.events.map(\.transactionID) }).count == 1)
        for (stream, answer) in zip(streams, answers) {
            let stored = try await store.readStream(stream)
            #expect(answer.events.map(\.streamID) == [stream])
            #expect(stored.map(\.version) == [1])
            #expect(stored.map(\.hash) == answer.events.map(\.hash))
            #expect(stored.map(\.position) == answer.events.map(\.position))
        }
        #expect(try await store.verify().isIntact)
    }

    /// A version conflict and a malformed document among the waiting appends: the shared statement fails
    /// and writes nothing, then each append is made alone, so only those two are refused.
    @Test func aRefusedAppendAmongThoseThatWaitRefusesOnlyItself() async throws {
        let malformed = NewEvent(
            type: "Broken", data: Data(#"{"value":"#.utf8), metadata: EventMetadata(actor: "tester"),
            effectiveDate: "2026-01-05")
        let results = try await queuedBehindAHeldSlot([
            { try await store.append([event("A")], to: "fine-a", type: "test", expecting: .noStream) },
            { try await store.append([event("C")], to: "conflicting", type: "test", expecting: .exact(5)) },
            { try await store.append([malformed], to: "malformed", type: "test", expecting: .noStream) },
            { try await store.append([event("B")], to: "fine-b", type: "test", expecting: .noStream) },
        ])
        #expect(try results[0].get().events.map(\.version) == [1])
        #expect(throws: VersionConflict(streamID: "conflicting", expected: .exact(5), actual: 0)) {
            try results[1].get()
        }
        #expect(throws: InvalidAppend.self) { try results[2].get() }
        #expect(try results[3].get().events.map(\.version) == [1])
        #expect(try await store.version(of: "conflicting") == 0)
        #expect(try await store.version(of: "malformed") == 0)
        #expect(try await store.readStream("fine-b").map(\.type) == ["B"])
        #expect(try await store.verify().isIntact)
    }

    /// Two waiting appends with one command id: the first in stream order records it, the other is
    /// answered from it.
    @Test func aRepeatAmongThoseThatWaitIsAnsweredFromTheFirst() async throws {
        let command = UUID()
        let results = try await queuedBehindAHeldSlot([
            {
                try await store.append(
                    [event("R")], to: "repeat-a", type: "test", expecting: .noStream, commandID: command)
            },
            {
                try await store.append(
                    [event("R")], to: "repeat-b", type: "test", expecting: .noStream, commandID: command)
            },
        ])
        let (first, second) = (try results[0].get(), try results[1].get())
        #expect(!first.replayed)
        #expect(second.replayed)
        #expect(second.events == first.events)
        #expect(try await store.version(of: "repeat-b") == 0)
    }

    /// A caller holds a stream's lock in its own transaction and appends to another stream while the only
    /// slot waits for that lock (a wait the database cannot see): after the store's patience the append
    /// goes alone instead of waiting for ever.
    @Test func anAppendThatWaitedTooLongForASlotGoesAlone() async throws {
        let store = EventStore(pool: store.pool, appendConcurrency: 1, appendPatience: .milliseconds(200))
        try await store.append([event("Held")], to: "held", type: "test", expecting: .noStream)
        try await store.pool.withConnection { connection in
            try await connection.executeScript("BEGIN; SELECT 1 FROM streams WHERE stream_id = 'held' FOR UPDATE")
            let holder = Task {
                try await store.append([event("Waits")], to: "held", type: "test", expecting: .exact(1))
            }
            try await store.pool.untilSessionsWaitForALock()
            let other = Task {
                try await store.append([event("Other")], to: "other", type: "test", expecting: .noStream)
            }
            var appended = false
            for _ in 0..<500 {
                if try await store.version(of: "other") == 1 {
                    appended = true
                    break
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(appended, "the append to another stream went through while the lock was held")
            try await connection.executeScript("COMMIT")
            #expect(try await other.value.events.map(\.version) == [1])
            #expect(try await holder.value.events.map(\.version) == [2])
        }
    }
}
