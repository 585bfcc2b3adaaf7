import EventStore
import Foundation
import Postgres
import Testing

@Suite("Concurrent appenders on one stream")
struct ConcurrencyTests {
    @Test func thirtyTwoWritersLoseAndDuplicateNothing() async throws {
        let store = try await makeStore("concurrency", connections: 32)
        let writers = 32
        let rounds = 8
        let outcomes = try await withThrowingTaskGroup(of: (successes: Int, conflicts: Int).self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var successes = 0
                    var conflicts = 0
                    for round in 0..<rounds {
                        let version = try await store.version(of: "contended")
                        let expected: ExpectedVersion = version == 0 ? .noStream : .exact(version)
                        do {
                            try await store.append(
                                [event("W", writer * 100 + round)], to: "contended", type: "test", expecting: expected)
                            successes += 1
                        } catch is VersionConflict {
                            conflicts += 1
                        }
                    }
                    return (successes, conflicts)
                }
            }
            return try await group.reduce(into: [(successes: Int, conflicts: Int)]()) { $0.append($1) }
        }
        let successes = outcomes.map(\.successes).reduce(0, +)
        let conflicts = outcomes.map(\.conflicts).reduce(0, +)
        #expect(successes + conflicts == writers * rounds)
        #expect(successes > 0)
        let stored = try await store.readStream("contended")
        #expect(stored.map(\.version) == (1...Int64(successes)).map { $0 })
        #expect(try await store.version(of: "contended") == Int64(successes))
        #expect(Set(stored.map(\.data)).count == successes)
        #expect(try await store.verify().isIntact)
    }

    /// Single-event appends lock, check and move the stream's head in one UPDATE, reading the clock before
    /// the lock: writers that queue on one stream must still get consecutive versions, an intact hash
    /// chain and recording times that never run backwards.
    @Test func queuedWritersOnOneStreamKeepVersionsChainAndRecordingOrder() async throws {
        let store = try await makeStore("queued", connections: 16)
        let writers = 16
        let rounds = 12
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for round in 0..<rounds {
                        try await store.append(
                            [event("Q", writer * 100 + round)], to: "queued", type: "test", expecting: .any)
                    }
                }
            }
            try await group.waitForAll()
        }
        let stored = try await store.readStream("queued")
        #expect(stored.map(\.version) == (1...Int64(writers * rounds)).map { $0 })
        #expect(Set(stored.map(\.data)).count == writers * rounds)
        let recorded = stored.map(\.recordedAt)
        #expect(zip(recorded, recorded.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(try await store.verify().isIntact)
    }

    /// A single event creates its stream in the same statement that checks it is new: of writers racing to
    /// create one stream, exactly one wins and every other one gets the typed conflict.
    @Test func racingCreatorsOfOneStreamLeaveOneWinner() async throws {
        let store = try await makeStore("creators", connections: 16)
        let writers = 16
        let outcomes = try await withThrowingTaskGroup(of: VersionConflict?.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    do {
                        try await store.append([event("C", writer)], to: "created", type: "test", expecting: .noStream)
                        return nil
                    } catch let conflict as VersionConflict {
                        return conflict
                    }
                }
            }
            return try await group.reduce(into: [VersionConflict?]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(
            outcomes.compactMap { $0 }
                == Array(
                    repeating: VersionConflict(streamID: "created", expected: .noStream, actual: 1), count: writers - 1)
        )
        #expect(try await store.readStream("created").map(\.version) == [1])
        #expect(try await store.verify().isIntact)
    }
}
