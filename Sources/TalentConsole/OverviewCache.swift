import Foundation

/// The overview's figures of each jurisdiction, computed at most once per `lifetime` and shared by the
/// requests that ask meanwhile (one computation in flight per jurisdiction). The overview adds up a
/// province's talents, rosters and histories in several aggregates; recomputing them for every page
/// view would put their cost on every person who opens the console at once. The page says when its
/// figures were counted, so nobody takes them for the last second's.
actor OverviewCache<Value: Sendable> {
    private struct Entry {
        let task: Task<Value, any Error>
        let started: ContinuousClock.Instant
    }

    let lifetime: Duration
    private var entries: [String: Entry] = [:]

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The value for `key`, computed by `compute` when there is none younger than `lifetime`.
    func value(for key: String, _ compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let entry = entries[key], ContinuousClock.now - entry.started < lifetime {
            return try await entry.task.value
        }
        let task = Task { try await compute() }
        entries[key] = Entry(task: task, started: .now)
        do {
            return try await task.value
        } catch {
            // A failed computation is not kept: the next request tries again.
            entries[key] = nil
            throw error
        }
    }
}
