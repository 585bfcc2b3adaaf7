import EventStore
import Foundation
import Postgres
import Testing

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
