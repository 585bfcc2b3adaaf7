import Foundation
import Testing

@testable import EventStore
@testable import Postgres

@Suite("Bulk appends through COPY")
struct BulkAppendTests {
    let store: EventStore

    init() async throws {
        store = try await makeStore("bulk")
    }

    @Test func appendsManyStreamsWithTheSameChecksAndHashChain() async throws {
        try await store.append([event("Existing")], to: "b-existing", type: "test", expecting: .noStream)
        let appends =
            (1...200).map { index in
                StreamAppend(
                    streamID: "b-\(index)", streamType: "test", expected: .noStream,
                    events: (1...3).map { event("E", $0) })
            } + [
                StreamAppend(
                    streamID: "b-existing", streamType: "test", expected: .exact(1),
                    events: [event("More"), event("More")])
            ]
        let written = try await store.appendBulk(appends)
        #expect(written == 602)
        #expect(try await store.version(of: "b-7") == 3)
        #expect(try await store.version(of: "b-existing") == 3)
        #expect(try await store.readStream("b-existing").map(\.type) == ["Existing", "More", "More"])
        let report = try await store.verify()
        #expect(report.isIntact)
        #expect(report.eventsChecked == 603)
        // A single append after a bulk one chains on.
        try await store.append([event("After")], to: "b-7", type: "test", expecting: .exact(3))
        #expect(try await store.verify().isIntact)
    }

    /// Every command asks for the events of its id (a retry is answered from them) through the transaction
    /// that opened it. A store written by a few large transactions (the demo, a migration's imports) taught
    /// the planner that one transaction holds every event, and it scanned them all for each command; the
    /// schema tells it a transaction holds a few.
    @Test func aCommandsEventsAreFoundThroughItsTransactionHoweverFewTransactionsWroteTheStore() async throws {
        try await store.appendBulk(
            (1...4_000).map { index in
                StreamAppend(
                    streamID: "few-\(index)", streamType: "test", expected: .noStream,
                    events: (1...5).map { event("E", $0) })
            })
        let command = try await store.append([event("Asked")], to: "few-1", type: "test", expecting: .exact(5))
        try await superuser(store, "ANALYZE events")
        let query = EventStore.eventsOfCommandQuery(command.commandID)
        let plan = try await store.pool.withConnection { connection in
            try await connection.query(PostgresQuery(sql: "EXPLAIN " + query.sql, binds: query.binds)).map {
                try $0.decode(String.self, at: 0)
            }
        }
        #expect(!plan.contains { $0.contains("Seq Scan") }, "\(plan.joined(separator: "\n"))")
        let events = try await store.pool.withConnection {
            try await EventStore.events(ofCommand: command.commandID, on: $0)
        }
        #expect(events.map(\.type) == ["Asked"])
    }

    @Test func aConflictOrABadRowWritesNothing() async throws {
        try await store.append([event()], to: "c-taken", type: "test", expecting: .noStream)
        try await store.append([event(), event()], to: "d-taken", type: "test", expecting: .noStream)
        let before = try await store.eventCount()
        // Of several streams not at the version expected, the first by stream id is named.
        let conflict = await #expect(throws: VersionConflict.self) {
            try await store.appendBulk([
                StreamAppend(streamID: "d-taken", streamType: "test", expected: .exact(1), events: [event()]),
                StreamAppend(streamID: "c-new", streamType: "test", expected: .noStream, events: [event()]),
                StreamAppend(streamID: "c-taken", streamType: "test", expected: .noStream, events: [event()]),
            ])
        }
        #expect(conflict?.streamID == "c-taken")
        #expect(conflict?.expected == .noStream)
        #expect(conflict?.actual == 1)
        await #expect(throws: InvalidAppend.self) {
            try await store.appendBulk([
                StreamAppend(
                    streamID: "c-new", streamType: "test", expected: .noStream,
                    events: [event(), event(on: "2026-13-01")])
            ])
        }
        #expect(try await store.eventCount() == before)
        #expect(try await store.version(of: "c-new") == 0)
        let command = UUID()
        try await store.appendBulk(
            [StreamAppend(streamID: "c-once", streamType: "test", expected: .noStream, events: [event()])],
            commandID: command)
        await #expect(throws: InvalidAppend.self) {
            try await store.appendBulk(
                [StreamAppend(streamID: "c-twice", streamType: "test", expected: .noStream, events: [event()])],
                commandID: command)
        }
        #expect(try await store.version(of: "c-twice") == 0)
    }
}
