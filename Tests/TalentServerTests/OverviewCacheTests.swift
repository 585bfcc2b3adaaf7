import Testing

@testable import TalentConsole

/// The overview's figures are counted once a minute for everyone who looks; figures too old to give, and
/// a person's own after they have done something, are counted again before they are shown.
@Suite("The overview's counted figures")
struct OverviewCacheTests {
    actor Counter {
        var counted = 0
        func next() -> Int {
            counted += 1
            return counted
        }
    }

    @Test func figuresTooOldToGiveOrForgottenAreCountedAgainBeforeTheyAreShown() async throws {
        let cache = OverviewCache<Int>(lifetime: .milliseconds(20))
        let counter = Counter()
        let count: @Sendable () async throws -> Int = { await counter.next() }
        #expect(try await cache.value(for: "city", count) == 1)
        #expect(try await cache.value(for: "city", count) == 1, "fresh figures are shared")
        // Past five lifetimes: the recount is waited for, not the hour-old count given.
        try await Task.sleep(for: cache.staleLimit * 3)
        #expect(try await cache.value(for: "city", count) == 2)
        await cache.forget("city")
        #expect(try await cache.value(for: "city", count) == 3)
        #expect(try await cache.value(for: "province", count) == 4, "each jurisdiction its own")
    }
}
