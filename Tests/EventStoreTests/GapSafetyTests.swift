import EventStore
import Foundation
import Postgres
import Synchronization
import Testing

@Suite("Gap-safe global reads")
struct GapSafetyTests {
    @Test func lateCommittingTransactionIsDeliveredOnceAndInOrder() async throws {
        let store = try await makeStore("gaps")
        try await store.append([event("Before")], to: "g-0", type: "test", expecting: .noStream)

        let seen = Mutex<[String]>([])
        let subscription = Subscription(name: "gap-reader", store: store, batchSize: 2) { events, _ in
            seen.withLock { $0 += events.map(\.type) }
        }
        try await subscription.catchUp()
        #expect(seen.withLock { $0 } == ["Before"])

        // A slow writer takes its transaction id first and stays open.
        let slow = try await Connection.connect(store.pool.configuration)
        defer { slow.close() }
        try await slow.execute("BEGIN")
        try await EventStore.append(
            [StreamAppend(streamID: "g-slow", streamType: "test", expected: .noStream, events: [event("Slow")])],
            commandID: UUID(), on: slow
        )
        // Later writers commit while it is open: their positions are higher, their ids too.
        for index in 1...3 {
            try await store.append([event("Fast\(index)")], to: "g-\(index)", type: "test", expecting: .noStream)
        }
        // A reader that reads now must not move past the open transaction.
        while try await subscription.processNextBatch() > 0 {}
        #expect(seen.withLock { $0 } == ["Before"])
        #expect(try await store.readAll(after: subscription.checkpoint()).isEmpty)
        // Waiting for everything committed cannot finish while the slow transaction is open.
        await #expect(throws: CatchUpTimedOut.self) { try await subscription.catchUp(timeout: .milliseconds(50)) }

        try await slow.execute("COMMIT")
        try await subscription.catchUp()
        #expect(seen.withLock { $0 } == ["Before", "Slow", "Fast1", "Fast2", "Fast3"])
        try await subscription.catchUp()
        #expect(seen.withLock { $0 }.count == 5)
    }
}
