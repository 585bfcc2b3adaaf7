import ReadModels
import Synchronization
import Testing

@testable import TalentApplication

@Suite("The O1 tree read once for the requests that need it at the same time")
struct OrganizationTreeCacheTests {
    /// A read that counts its calls and waits until the test opens it.
    final class GatedRead: Sendable {
        let calls = Mutex(0)
        let gate: AsyncStream<Void>
        let open: AsyncStream<Void>.Continuation

        init() {
            (gate, open) = AsyncStream.makeStream(of: Void.self)
        }

        func read() async throws -> OrganizationTree {
            calls.withLock { $0 += 1 }
            for await _ in gate { break }
            return OrganizationTree([
                Organization(
                    id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
            ])
        }
    }

    @Test func requestsDuringAReadWaitForItAndAFreshReadStartsAnother() async throws {
        let cache = OrganizationTreeCache(lifetime: .seconds(3600))
        let gated = GatedRead()
        let first = Task { try await cache.tree(reading: gated.read) }
        // The first read is under way once it was called.
        for _ in 0..<1_000_000 where gated.calls.withLock({ $0 }) == 0 { await Task.yield() }
        let others = (0..<7).map { _ in Task { try await cache.tree(reading: gated.read) } }
        // All seven wait for the first read before it ends (bounded, so that a broken cache fails, not hangs).
        for _ in 0..<1_000_000 where cache.joinedReads < 7 { await Task.yield() }
        #expect(cache.joinedReads == 7)
        gated.open.finish()
        _ = try await first.value
        for other in others { #expect(try await other.value["prov"] != nil) }
        #expect(gated.calls.withLock { $0 } == 1, "one read served the eight requests")
        // Held now: no read at all; asked fresh: a read of its own.
        _ = try await cache.tree(reading: gated.read)
        #expect(gated.calls.withLock { $0 } == 1)
        _ = try await cache.tree(fresh: true, reading: gated.read)
        #expect(gated.calls.withLock { $0 } == 2)
    }
}
