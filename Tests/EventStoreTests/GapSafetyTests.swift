import Foundation
import Postgres
import Synchronization
import Testing

@testable import EventStore

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

    /// Transaction ids are the cluster's: a transaction left open in another database of the same cluster
    /// (another register, another application) is not this store's, and holds none of its reads back.
    @Test func aTransactionOpenInAnotherDatabaseHoldsNothingBack() async throws {
        let other = try await makeStore("gaps_other_database")
        let store = try await makeStore("gaps_this_database")
        let open = try await Connection.connect(other.pool.configuration)
        defer { open.close() }
        try await open.execute("BEGIN")
        try await EventStore.append(
            [StreamAppend(streamID: "o-open", streamType: "test", expected: .noStream, events: [event("Open")])],
            commandID: UUID(), on: open
        )
        try await store.append([event("Committed")], to: "t-1", type: "test", expecting: .noStream)

        // While it stays open, this store's reads come to the event committed here (a transaction elsewhere
        // that ended while the horizon was read may hold a read back for a moment, not for as long).
        var seen: [String] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while seen.isEmpty, ContinuousClock.now < deadline {
            seen = try await store.readAll().map(\.type)
            if seen.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(seen == ["Committed"])
        let subscription = Subscription(name: "this-database", store: store) { _, _ in }
        #expect(try await subscription.catchUp(timeout: .seconds(30)) == 1)
        // Its own database's reader still waits for it.
        #expect(try await other.readAll().isEmpty)
        try await open.execute("ROLLBACK")
    }
}

@Suite("Global order across transaction ids of different lengths")
struct GlobalOrderTests {
    @Test func transactionIDsAreOrderedAsNumbersNotText() async throws {
        let store = try await makeStore("xid_order")
        try await store.append([event("First")], to: "o-1", type: "test", expecting: .noStream)
        // Burn transaction ids up to the next power of ten, so the two appends' ids differ in length
        // ("9…" sorts after "1…" as text).
        try await store.pool.withConnection { connection in
            let current =
                try await connection.query("SELECT pg_current_xact_id()::text").first?.decode(UInt64.self, at: 0) ?? 0
            var boundary: UInt64 = 10
            while boundary <= current { boundary *= 10 }
            try await connection.executeScript(
                "DO $$ BEGIN FOR i IN 1..\(boundary - current + 1) LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$;"
            )
        }
        try await store.append([event("Second")], to: "o-2", type: "test", expecting: .noStream)
        // Another database's transaction that ended while the horizon was read may hold it back for a
        // moment (the server can no longer say whose it was).
        var all = try await store.readAll(after: .start, limit: 10)
        let deadline = ContinuousClock.now + .seconds(30)
        while all.count < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            all = try await store.readAll(after: .start, limit: 10)
        }
        #expect(all.map(\.type) == ["First", "Second"])
        let ids = all.map { String($0.transactionID) }
        #expect(ids.count == 2 && ids[0].count < ids[1].count)
    }
}
