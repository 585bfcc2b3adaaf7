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

    /// A count begun before a person's change and ended after it is not kept: its figures are the old ones
    /// (a reviewer's finding: a count under way when the person's figures were forgotten was stored
    /// afterwards, as if counted then, and ended the count begun after the change).
    @Test func aCountBegunBeforeTheChangeIsNotKeptOnceForgotten() async throws {
        let cache = OverviewCache<Int>(lifetime: .seconds(60))
        let (released, release) = AsyncStream<Void>.makeStream()
        let (started, start) = AsyncStream<Void>.makeStream()
        // The first count waits until released; it says when it has begun.
        let before = Task {
            try await cache.value(for: "city") {
                start.finish()
                for await _ in released {}
                return 1
            }
        }
        for await _ in started {}
        await cache.forget("city")
        #expect(try await cache.value(for: "city") { 2 } == 2, "counted after the change")
        release.finish()
        #expect(try await before.value == 1, "its own request is answered with what it counted")
        #expect(try await cache.value(for: "city") { 3 } == 2, "the later count is the one kept")
    }
}
