import Synchronization

/// The tasks a component starts on its own behalf (a watcher, a hand-off, a delayed notification), kept
/// so that closing the component waits for every one of them: none is left running that nobody awaits.
final class OwnedTasks: Sendable {
    private struct State {
        var next = 0
        var running: [Int: Task<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Starts `body` as a task this owner answers for.
    func start(_ body: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            let id = state.next
            state.next += 1
            // Inserted under the lock the task's own removal waits for, so it is never removed first.
            state.running[id] = Task {
                await body()
                self.finished(id)
            }
        }
    }

    private func finished(_ id: Int) {
        _ = state.withLock { $0.running.removeValue(forKey: id) }
    }

    /// The tasks still running.
    var count: Int { state.withLock { $0.running.count } }

    /// Waits until every task started so far, and every task those start, has finished.
    func waitForAll() async {
        while true {
            let running = state.withLock { Array($0.running.values) }
            guard !running.isEmpty else { return }
            for task in running { await task.value }
        }
    }
}
