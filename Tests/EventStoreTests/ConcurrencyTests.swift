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
}
