import Foundation

/// The overview's figures of each jurisdiction, counted at most once per `lifetime` and shared by the
/// requests that ask meanwhile. The overview adds up a province's talents, rosters and histories in
/// several aggregates; recounting them for every page view would put their cost on every person who
/// opens the console at once. Once the figures are older than `lifetime`, the next request still gets
/// them at once while one recount runs (kept here, one per jurisdiction) and replaces them; only the very
/// first request of a jurisdiction waits for a count. The page says when its figures were counted.
actor OverviewCache<Value: Sendable> {
    private struct Entry {
        var value: Value?
        var countedAt: ContinuousClock.Instant
        var recount: Task<Value, any Error>?
        /// The number of the count under way (`recount`): a count's figures are kept only while it is still
        /// the entry's, not after a ``forget(_:)`` and a count begun since.
        var counting: Int?
    }

    nonisolated let lifetime: Duration
    private var entries: [String: Entry] = [:]
    /// The last count's number.
    private var counts = 0

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// How old figures may be and still be given while they are counted again: older ones (a jurisdiction
    /// nobody looked at for a while) wait for the recount, so that nobody is shown an hour-old count.
    nonisolated var staleLimit: Duration { lifetime * 5 }

    /// The figures for `key`: the last count, with a recount started when it is older than `lifetime`
    /// (waited for when it is older than ``staleLimit``); the first time, the count itself.
    func value(for key: String, _ count: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let entry = entries[key] {
            if let value = entry.value {
                let age = ContinuousClock.now - entry.countedAt
                if age >= lifetime, entry.recount == nil {
                    counts += 1
                    let number = counts
                    entries[key]?.counting = number
                    entries[key]?.recount = Task {
                        do {
                            let value = try await count()
                            self.counted(value, for: key, number: number)
                            return value
                        } catch {
                            // The last figures stay until a recount succeeds.
                            self.counted(nil, for: key, number: number)
                            throw error
                        }
                    }
                }
                // Too old to give: the recount's figures, or these if it fails (the page says when they were
                // counted).
                if age >= staleLimit, let recount = entries[key]?.recount {
                    return (try? await recount.value) ?? value
                }
                return value
            }
            if let recount = entry.recount { return try await recount.value }
        }
        counts += 1
        let number = counts
        let first = Task { try await count() }
        entries[key] = Entry(value: nil, countedAt: .now, recount: first, counting: number)
        do {
            let value = try await first.value
            counted(value, for: key, number: number)
            return value
        } catch {
            // A failed count is not kept: the next request counts again (unless one began since).
            if entries[key]?.counting == number { entries[key] = nil }
            throw error
        }
    }

    /// Count `number` of `key` ended with `value` (nil: it failed, and the last figures stay). Forgotten
    /// meanwhile (``forget(_:)``), and counted again since or not, a count begun before the change is not
    /// kept, and does not end the count begun after it.
    private func counted(_ value: Value?, for key: String, number: Int) {
        guard entries[key]?.counting == number else { return }
        if let value {
            entries[key]?.value = value
            entries[key]?.countedAt = .now
        }
        entries[key]?.recount = nil
        entries[key]?.counting = nil
    }

    /// Forgets `key`'s figures, so that its next request waits for a count: for a person who has just
    /// changed what they add up, whose overview then shows the change at once (other people's within
    /// `lifetime`, as before).
    func forget(_ key: String) {
        entries[key] = nil
    }
}
