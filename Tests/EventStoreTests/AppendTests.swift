import Foundation
import Postgres
import Testing

@testable import EventStore

@Suite("Append: expected versions, atomic multi-stream appends, idempotent commands")
struct AppendTests {
    let store: EventStore

    init() async throws {
        store = try await makeStore("append")
    }

    @Test func noStreamCreatesAndThenConflicts() async throws {
        let first = try await store.append([event(), event()], to: "s-new", type: "test", expecting: .noStream)
        #expect(first.events.map(\.version) == [1, 2])
        #expect(first.versions["s-new"] == 2)
        let conflict = await #expect(throws: VersionConflict.self) {
            try await store.append([event()], to: "s-new", type: "test", expecting: .noStream)
        }
        #expect(conflict == VersionConflict(streamID: "s-new", expected: .noStream, actual: 2))
    }

    @Test func exactVersionMustMatch() async throws {
        try await store.append([event()], to: "s-exact", type: "test", expecting: .noStream)
        let next = try await store.append([event()], to: "s-exact", type: "test", expecting: .exact(1))
        #expect(next.events.map(\.version) == [2])
        let conflict = await #expect(throws: VersionConflict.self) {
            try await store.append([event()], to: "s-exact", type: "test", expecting: .exact(1))
        }
        #expect(conflict?.expected == .exact(1))
        #expect(conflict?.actual == 2)
        let missing = await #expect(throws: VersionConflict.self) {
            try await store.append([event()], to: "s-absent", type: "test", expecting: .exact(3))
        }
        #expect(missing?.actual == 0)
        #expect(try await store.version(of: "s-absent") == 0)
    }

    @Test func anyAppendsWhateverTheVersion() async throws {
        try await store.append([event()], to: "s-any", type: "test", expecting: .any)
        try await store.append([event(), event()], to: "s-any", type: "test", expecting: .any)
        #expect(try await store.version(of: "s-any") == 3)
    }

    @Test func multiStreamAppendIsAtomic() async throws {
        try await store.append([event()], to: "s-b", type: "test", expecting: .noStream)
        let before = try await store.eventCount()
        await #expect(throws: VersionConflict.self) {
            try await store.append([
                StreamAppend(streamID: "s-a", streamType: "test", expected: .noStream, events: [event(), event()]),
                StreamAppend(streamID: "s-b", streamType: "test", expected: .exact(7), events: [event()]),
            ])
        }
        #expect(try await store.version(of: "s-a") == 0)
        #expect(try await store.readStream("s-a").isEmpty)
        #expect(try await store.eventCount() == before)
        let both = try await store.append([
            StreamAppend(streamID: "s-a", streamType: "test", expected: .noStream, events: [event(), event()]),
            StreamAppend(streamID: "s-b", streamType: "test", expected: .exact(1), events: [event()]),
        ])
        #expect(both.versions == ["s-a": 2, "s-b": 2])
        #expect(Set(both.events.map(\.transactionID)).count == 1)
    }

    @Test func multiStreamAppendsInOppositeOrdersDoNotDeadlock() async throws {
        // A deadlock would be PostgreSQL's error within a second (deadlock_timeout). The pool's wait is only
        // forty appends queued on two streams' locks, eight at a time, which the busiest seconds of a whole
        // test run (a hundred suites migrating their databases at once) once stretched past the default ten.
        let store = try await makeStore("append_opposite_orders", acquireTimeout: .seconds(60))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for round in 0..<40 {
                let pair = round.isMultiple(of: 2) ? ["m-x", "m-y"] : ["m-y", "m-x"]
                group.addTask {
                    try await store.append(
                        pair.map { StreamAppend(streamID: $0, streamType: "test", expected: .any, events: [event()]) })
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.version(of: "m-x") == 40)
        #expect(try await store.version(of: "m-y") == 40)
    }

    @Test func repeatedCommandIDReturnsTheFirstResultAndWritesNothing() async throws {
        let command = UUID()
        let first = try await store.append(
            [event("A"), event("B")], to: "s-idem", type: "test", expecting: .noStream, commandID: command)
        let count = try await store.eventCount()
        // Even with an expectation that would now conflict, the repeat is answered from the first append.
        let again = try await store.append(
            [event("A"), event("B")], to: "s-idem", type: "test", expecting: .noStream, commandID: command)
        #expect(again.replayed)
        #expect(!first.replayed)
        #expect(again.events == first.events)
        #expect(try await store.eventCount() == count)
        let stored = try await store.readStream("s-idem")
        #expect(stored.allSatisfy { $0.commandID == command })
    }

    /// What a command reads first, in one round trip: the stream's version from its head (nil for a
    /// stream with no events), the events its id recorded before, and the caller's statement.
    @Test func aCommandsFirstReadTakesTheVersionFromTheHeadWithTheEventsItsIDRecorded() async throws {
        let command = UUID()
        try await store.append([event("A")], to: "s-head", type: "test", expecting: .noStream)
        try await store.append(
            [event("B"), event("C")], to: "s-head", type: "test", expecting: .exact(1), commandID: command)
        try await store.append([event("D")], to: "s-head", type: "test", expecting: .exact(3))
        let read = try await store.withConnection { connection in
            try await connection.streamVersion(
                "s-head", withEventsOfCommand: command, alongside: PipelinedStatement("SELECT 'screened'"))
        }
        #expect(read.version == 4)
        #expect(read.ofCommand.map(\.type) == ["B", "C"])
        #expect(try read.rows.first?.decode(String.self, at: 0) == "screened")
        let absent = try await store.withConnection { connection in
            try await connection.streamVersion(
                "s-none", withEventsOfCommand: UUID(), alongside: PipelinedStatement("SELECT 1"))
        }
        #expect(absent.version == nil)
        #expect(absent.ofCommand.isEmpty)
    }

    /// One event on one stream takes the shorter path (`append_event`); a repeat is recognised there too,
    /// even when its expectation holds again (the stream is now at the version it expects) or it names
    /// another stream.
    @Test func aRepeatedSingleEventIsAnsweredFromTheFirstAppendWhateverItExpects() async throws {
        let command = UUID()
        try await store.append([event("Before")], to: "s-single", type: "test", expecting: .noStream)
        let first = try await store.append(
            [event("A")], to: "s-single", type: "test", expecting: .exact(1), commandID: command)
        let count = try await store.eventCount()
        let repeats = [
            try await store.append(
                [event("A")], to: "s-single", type: "test", expecting: .exact(2), commandID: command),
            try await store.append([event("A")], to: "s-single", type: "test", expecting: .any, commandID: command),
            try await store.append(
                [event("A")], to: "s-single-other", type: "test", expecting: .noStream, commandID: command),
        ]
        // Inside a caller's transaction too, which goes on.
        let (inTransaction, afterwards) = try await store.pool.withTransaction { connection in
            (
                try await EventStore.append(
                    [StreamAppend(streamID: "s-single", streamType: "test", expected: .exact(2), events: [event("A")])],
                    commandID: command, on: connection),
                try await EventStore.readStream("s-single", on: connection).count
            )
        }
        #expect(!first.replayed)
        #expect((repeats + [inTransaction]).allSatisfy { $0.replayed && $0.events == first.events })
        #expect(afterwards == 2)
        #expect(try await store.eventCount() == count)
        #expect(try await store.version(of: "s-single") == 2)
        #expect(try await store.version(of: "s-single-other") == 0)
    }

    @Test func aRepeatedCommandFindsOnlyItsOwnEventsInASharedTransaction() async throws {
        let (first, second) = (UUID(), UUID())
        let firstAppend = [
            StreamAppend(streamID: "s-shared-1", streamType: "test", expected: .noStream, events: [event("A")])
        ]
        let secondAppend = [
            StreamAppend(
                streamID: "s-shared-2", streamType: "test", expected: .noStream, events: [event("B"), event("C")])
        ]
        let (one, two) = try await store.pool.withTransaction { connection in
            (
                try await EventStore.append(firstAppend, commandID: first, on: connection),
                try await EventStore.append(secondAppend, commandID: second, on: connection)
            )
        }
        #expect(one.events.first?.transactionID == two.events.first?.transactionID)
        let again = try await store.append(secondAppend, commandID: second)
        #expect(again.replayed)
        #expect(again.events == two.events)
        let stored = try await store.pool.withConnection { connection in
            try await EventStore.events(ofCommand: first, on: connection)
        }
        #expect(stored.map(\.type) == ["A"])
    }

    @Test func metadataKeepsEveryCharacter() async throws {
        let awkward = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} 吉林 🏔️"
        let metadata = EventMetadata(
            actor: awkward, role: "unit", organization: nil, ruleID: "X9", cause: "", reason: awkward,
            evidence: ["a", awkward, ""], correlationID: "c-1", causationID: nil)
        let noted = NewEvent(
            type: "Noted", data: Data(#"{"value":1}"#.utf8), metadata: metadata, effectiveDate: "2026-01-05")
        let empty = NewEvent(type: "Noted", data: Data(#"{"value":2}"#.utf8), effectiveDate: "2026-01-05")
        try await store.append([noted, empty], to: "s-metadata", type: "test", expecting: .noStream)
        let stored = try await store.readStream("s-metadata")
        #expect(try stored[0].metadata == metadata)
        #expect(try stored[1].metadata == EventMetadata())
    }

    @Test func invalidEventsAreRejectedAndNothingIsWritten() async throws {
        let before = try await store.eventCount()
        await #expect(throws: InvalidAppend.self) {
            try await store.append([event(on: "2026-02-30")], to: "s-bad", type: "test", expecting: .any)
        }
        await #expect(throws: InvalidAppend.self) {
            try await store.append(
                [NewEvent(type: "X", data: Data("[1]".utf8), effectiveDate: "2026-01-01")], to: "s-bad", type: "test",
                expecting: .any)
        }
        await #expect(throws: InvalidAppend.self) {
            try await store.append(
                [NewEvent(type: "X", data: Data("{oops".utf8), effectiveDate: "2026-01-01")], to: "s-bad", type: "test",
                expecting: .any)
        }
        await #expect(throws: InvalidAppend.self) {
            try await store.append([], to: "s-bad", type: "test", expecting: .any)
        }
        // Dates PostgreSQL would take but that are not calendar days.
        for date in ["infinity", "today", "epoch", "2026-1-5", "2026-02-29", " 2026-01-05"] {
            await #expect(throws: InvalidAppend.self, "\(date)") {
                try await store.append([event(on: date)], to: "s-bad", type: "test", expecting: .any)
            }
            await #expect(throws: InvalidAppend.self, "\(date)") {
                try await store.appendBulk([
                    StreamAppend(streamID: "s-bad", streamType: "test", expected: .any, events: [event(on: date)])
                ])
            }
        }
        #expect(try await store.eventCount() == before)
        #expect(try await store.version(of: "s-bad") == 0)
    }

    @Test func readStreamFiltersByVersionEffectiveDateAndRecordingTime() async throws {
        let first = try await store.append(
            [event("E1", on: "2024-01-01"), event("E2", on: "2025-06-01")], to: "s-read", type: "test",
            expecting: .noStream)
        // The cut-off is the store's own recording time of the first append, not this process's clock.
        let between = try #require(first.events.last?.recordedAt)
        // A late fact: recorded now, effective before the others.
        let late = try await store.append(
            [event("Late", on: "2023-03-01")], to: "s-read", type: "test", expecting: .exact(2))
        #expect(try #require(late.events.first?.recordedAt) > between)
        #expect(try await store.readStream("s-read").map(\.type) == ["E1", "E2", "Late"])
        #expect(try await store.readStream("s-read", from: 2).map(\.type) == ["E2", "Late"])
        #expect(try await store.readStream("s-read", upToVersion: 1).map(\.type) == ["E1"])
        #expect(try await store.readStream("s-read", effectiveOnOrBefore: "2024-12-31").map(\.type) == ["E1", "Late"])
        #expect(try await store.readStream("s-read", recordedOnOrBefore: between).map(\.type) == ["E1", "E2"])
        let stored = try await store.readStream("s-read")
        #expect(stored[0].effectiveDate == "2024-01-01")
        #expect(try stored[0].metadata.actor == "tester")
        #expect(String(decoding: stored[0].data, as: UTF8.self) == #"{"value": 0}"#)
    }
}
