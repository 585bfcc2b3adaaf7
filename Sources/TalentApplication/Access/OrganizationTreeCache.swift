import Synchronization

/// The O1 tree every request's access check walks, read from the read side at most once per
/// `lifetime`: a tree of a few hundred organizations changes a few times a year, and reading it whole for
/// every request cost a talent's page about half its time. A move in the tree takes effect for access
/// within `lifetime`. When the tree held is too old, one read runs and the requests that come meanwhile
/// wait for it, rather than each reading the tree again under load.
final class OrganizationTreeCache: Sendable {
    private struct State {
        var tree: OrganizationTree?
        var readAt: ContinuousClock.Instant
        var reading: Task<OrganizationTree, any Error>?
        var readingStartedAt: ContinuousClock.Instant
        /// Callers that waited for a read another started (for the tests).
        var joined = 0
    }

    private enum Next {
        case held(OrganizationTree)
        case await(Task<OrganizationTree, any Error>, startedAt: ContinuousClock.Instant)
    }

    let lifetime: Duration
    private let state = Mutex(State(tree: nil, readAt: .now, reading: nil, readingStartedAt: .now))

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// How many callers so far waited for a read another caller started.
    var joinedReads: Int { state.withLock { $0.joined } }

    /// The tree, read afresh by `read` when the one held is older than `lifetime`, or when `fresh` (a
    /// fresh read starts after the call, never one already under way).
    func tree(fresh: Bool = false, reading read: @escaping @Sendable () async throws -> OrganizationTree)
        async throws -> OrganizationTree
    {
        let now = ContinuousClock.now
        let next: Next = state.withLock { state in
            if !fresh, let tree = state.tree, now - state.readAt < lifetime { return .held(tree) }
            if !fresh, let reading = state.reading {
                state.joined += 1
                return .await(reading, startedAt: state.readingStartedAt)
            }
            let reading = Task { try await read() }
            state.reading = reading
            state.readingStartedAt = now
            return .await(reading, startedAt: now)
        }
        switch next {
        case .held(let tree):
            return tree
        case .await(let reading, let startedAt):
            do {
                let tree = try await reading.value
                state.withLock { state in
                    // A tree whose read started later than the held one's replaces it.
                    if state.tree == nil || startedAt >= state.readAt {
                        state.tree = tree
                        state.readAt = startedAt
                    }
                    if state.reading == reading { state.reading = nil }
                }
                return tree
            } catch {
                state.withLock { state in
                    if state.reading == reading { state.reading = nil }
                }
                throw error
            }
        }
    }
}
