import Synchronization

/// The O1 tree every request's access check walks, read from the read side at most once per
/// `lifetime`: a tree of a few hundred organizations changes a few times a year, and reading it whole for
/// every request cost a talent's page about half its time. A move in the tree takes effect for access
/// within `lifetime`.
final class OrganizationTreeCache: Sendable {
    let lifetime: Duration
    private let held = Mutex<(tree: OrganizationTree, readAt: ContinuousClock.Instant)?>(nil)

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The tree, read afresh by `read` when the one held is older than `lifetime` (or when `fresh`).
    func tree(fresh: Bool = false, reading read: () async throws -> OrganizationTree) async throws
        -> OrganizationTree
    {
        let now = ContinuousClock.now
        if !fresh, let (tree, readAt) = held.withLock({ $0 }), now - readAt < lifetime { return tree }
        let tree = try await read()
        held.withLock { $0 = (tree, now) }
        return tree
    }
}
