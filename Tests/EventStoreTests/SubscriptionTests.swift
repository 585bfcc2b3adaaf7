import Foundation
import Postgres
import Synchronization
import Testing

@testable import EventStore

@Suite("Subscriptions: checkpoint with the handler's writes, NOTIFY wake-up")
struct SubscriptionTests {
    struct Crash: Error {}

    static func projectInto(_ table: String) -> Subscription.Handler {
        { events, store in
            for event in events {
                try await store.connection.execute(
                    "INSERT INTO seen (position, stream_id) VALUES (\(event.position), \(event.streamID))")
            }
        }
    }

    @Test func handlerFailureRollsBackRowsAndCheckpoint() async throws {
        let store = try await makeStore("subscription_crash")
        try await superuser(store, "CREATE TABLE seen (position bigint PRIMARY KEY, stream_id text)")
        try await store.append((1...5).map { event("E", $0) }, to: "sub-1", type: "test", expecting: .noStream)

        let failNext = Mutex(true)
        let subscription = Subscription(name: "crashy", store: store, batchSize: 3) { events, connection in
            try await Self.projectInto("seen")(events, connection)
            if failNext.withLock({ $0 }) { throw Crash() }
        }
        // Transactions of other suites on the shared cluster may hold the horizon back for a moment.
        await #expect(throws: Crash.self) {
            while try await subscription.processNextBatch() == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(try await subscription.checkpoint() == .start)
        let rows = try await store.pool.withConnection {
            try await $0.query("SELECT count(*) FROM seen").first?.decode(Int.self, at: 0)
        }
        #expect(rows == 0)

        failNext.withLock { $0 = false }
        #expect(try await subscription.catchUp() == 5)
        let positions = try await store.pool.withConnection {
            try await $0.query("SELECT position FROM seen ORDER BY position").map { try $0.decode(Int64.self, at: 0) }
        }
        #expect(positions == (try await store.readStream("sub-1")).map(\.position))
        #expect(try await subscription.checkpoint() == (try await store.readStream("sub-1")).last?.checkpoint)
    }

    @Test func catchesUpAfterBeingStoppedWhileWritesWentOn() async throws {
        let store = try await makeStore("subscription_catchup")
        try await superuser(store, "CREATE TABLE seen (position bigint PRIMARY KEY, stream_id text)")
        let subscription = Subscription(
            name: "projector", store: store, batchSize: 7, handler: Self.projectInto("seen"))
        try await store.append((1...10).map { event("E", $0) }, to: "sub-a", type: "test", expecting: .noStream)
        #expect(try await subscription.catchUp() == 10)
        // Stopped: writes go on.
        for index in 0..<20 {
            try await store.append([event("E", index)], to: "sub-b", type: "test", expecting: .any)
        }
        // A new subscriber object with the same name resumes from the stored checkpoint.
        let resumed = Subscription(name: "projector", store: store, batchSize: 7, handler: Self.projectInto("seen"))
        #expect(try await resumed.catchUp() == 20)
        let count = try await store.pool.withConnection {
            try await $0.query("SELECT count(*) FROM seen").first?.decode(Int.self, at: 0)
        }
        #expect(count == 30)
    }

    @Test func preparedBatchesMatchTheirEventsAndNothingIsHandledTwice() async throws {
        let store = try await makeStore("subscription_prepared")
        try await superuser(store, "CREATE TABLE seen (position bigint PRIMARY KEY, stream_id text)")
        try await store.append((1...40).map { event("E", $0) }, to: "prep-a", type: "test", expecting: .noStream)
        let mismatches = Mutex(0)
        // Prepares each batch as its positions; a batch read ahead but then taken by the other subscriber of
        // the same name must be dropped, not handled with another batch's preparation.
        let preparing = Subscription(name: "prepared", store: store, batchSize: 6) { events in
            events.map(\.position)
        } handler: { events, positions, connection in
            if positions != events.map(\.position) { mismatches.withLock { $0 += 1 } }
            try await Self.projectInto("seen")(events, connection)
        }
        let plain = Subscription(name: "prepared", store: store, batchSize: 5, handler: Self.projectInto("seen"))
        async let writes: Void = {
            for index in 0..<30 {
                try await store.append([event("E", index)], to: "prep-b", type: "test", expecting: .any)
            }
        }()
        async let first = preparing.catchUp()
        async let second = plain.catchUp()
        _ = try await (writes, first, second)
        try await preparing.catchUp()
        let positions = try await store.pool.withConnection {
            try await $0.query("SELECT position FROM seen ORDER BY position").map { try $0.decode(Int64.self, at: 0) }
        }
        let appended = (try await store.readStream("prep-a") + (try await store.readStream("prep-b"))).map(\.position)
        #expect(positions == appended.sorted())
        #expect(mismatches.withLock { $0 } == 0)
    }

    @Test(.timeLimit(.minutes(3)))
    func runWakesOnNotify() async throws {
        let store = try await makeStore("subscription_notify")
        let (seen, delivered) = AsyncStream.makeStream(of: [String].self)
        let (idle, becameIdle) = AsyncStream.makeStream(of: Void.self)
        // A poll interval far longer than the test: once the subscription is idle (caught up, listening,
        // waiting), only the NOTIFY can wake it.
        let subscription = Subscription(name: "listener", store: store, pollInterval: .seconds(600)) { events, _ in
            delivered.yield(events.map(\.type))
        }
        let running = Task { try await subscription.run(whenIdle: { becameIdle.yield() }) }
        defer { running.cancel() }
        var idleIterator = idle.makeAsyncIterator()
        _ = await idleIterator.next()
        try await store.append([event("Ping")], to: "sub-n", type: "test", expecting: .noStream)
        var seenIterator = seen.makeAsyncIterator()
        #expect(await seenIterator.next() == ["Ping"])
    }

    /// Through an outage a subscription fails every poll: the first failure is said, then one per half
    /// minute with how many went unsaid between, and the run's end once with its count.
    @Test func aRunOfFailuresIsSaidOncePerIntervalAndItsEndOnce() {
        var outage = RepeatedFailure(interval: .seconds(30))
        let start = ContinuousClock.now
        #expect(outage.ended() == nil, "no run yet")
        #expect(outage.failed(now: start) == 0)
        for second in 1...29 { #expect(outage.failed(now: start + .seconds(second)) == nil) }
        #expect(outage.failed(now: start + .seconds(30)) == 29)
        #expect(outage.failed(now: start + .seconds(31)) == nil)
        #expect(outage.ended() == 32)
        #expect(outage.failed(now: start + .seconds(32)) == 0, "a new run is said at once")
    }
}
