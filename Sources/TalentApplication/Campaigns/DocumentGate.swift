import Foundation

#if os(Linux)
    import CMalloc
#endif

/// How many campaign documents are made for downloads at once. A province's package takes seconds of both
/// processors and a database connection throughout; made for everyone who asks at the same moment (or
/// keeps asking after giving up on an answer), they took every connection and the register's quick reads
/// waited out the pool (a soak test's bursts: 1,683 answers of 503). A download beyond the limit waits its
/// turn, for `patience` at most, and is then told to come back (``DocumentsBusy``, 503 with
/// `Retry-After`). The command line's `export` is an operator's, and does not wait here.
///
/// When the last turn ends, `whenIdle` runs: by default it hands the memory the documents freed back to
/// the system. glibc's allocator keeps what a burst of documents freed for good (a soak test's server held
/// 1.1 GB through its idle minutes, 150 MB once trimmed; the demo province's 90 packages, 229 MB against
/// 80).
public actor DocumentGate {
    public let limit: Int
    public let patience: Duration
    private let whenIdle: @Sendable () -> Void
    private var inUse = 0
    private var waiting: [(id: UUID, turn: CheckedContinuation<Void, any Error>)] = []

    /// `limit` documents at once (at least one); a download waits `patience` for its turn.
    public init(
        limit: Int = ProcessInfo.processInfo.activeProcessorCount, patience: Duration = .seconds(30),
        whenIdle: @escaping @Sendable () -> Void = DocumentGate.returnFreedMemory
    ) {
        self.limit = max(1, limit)
        self.patience = patience
        self.whenIdle = whenIdle
    }

    /// Returns the free memory the allocator holds to the system (a few milliseconds after a burst).
    public static func returnFreedMemory() {
        #if os(Linux)
            _ = malloc_trim(0)
        #endif
    }

    /// Runs `body` once it is the caller's turn.
    public func whenItsTurn<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await turn()
        defer { handOn() }
        return try await body()
    }

    private func turn() async throws {
        guard inUse >= limit else {
            inUse += 1
            return
        }
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { turn in
                waiting.append((id, turn))
                Task { [patience] in
                    try? await Task.sleep(for: patience)
                    // On the gate: the task inherits its isolation.
                    self.giveUp(id, DocumentsBusy())
                }
            }
        } onCancel: {
            Task { await self.giveUp(id, CancellationError()) }
        }
    }

    /// A waiter that is still waiting stops, with `error`.
    private func giveUp(_ id: UUID, _ error: any Error) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).turn.resume(throwing: error)
    }

    /// The turn goes to the longest waiting, or back to the gate.
    private func handOn() {
        if waiting.isEmpty {
            inUse -= 1
            if inUse == 0 { whenIdle() }
        } else {
            waiting.removeFirst().turn.resume()
        }
    }
}

/// Every turn to make documents was taken for ``DocumentGate/patience``: ask again shortly.
public struct DocumentsBusy: Error, CustomStringConvertible {
    public var description: String { "documents are being made for other requests; try again shortly" }
}

/// The turns to make documents, a unit's apart from a level's: a unit's own documents take a moment, a
/// level's (its units merged) seconds and a province's ten and more, so that sharing one set of turns let a
/// unit officer's package (0.13 s alone) wait 30 s behind two of the province's and be told to come back
/// (a province-scale test of 60,000 talents).
public struct DocumentGates: Sendable {
    /// For a unit's own documents.
    public let units: DocumentGate
    /// For the documents of a county or city bureau, a department or the province.
    public let levels: DocumentGate

    /// By default the processors' turns are shared out (one each on two), not doubled: the documents'
    /// connections and processors are what the turns bound.
    public init(
        units: DocumentGate = DocumentGate(limit: Self.turns().units),
        levels: DocumentGate = DocumentGate(limit: Self.turns().levels)
    ) {
        self.units = units
        self.levels = levels
    }

    /// `processors` turns shared between a unit's documents and a level's, at least one each.
    public static func turns(processors: Int = ProcessInfo.processInfo.activeProcessorCount) -> (
        units: Int, levels: Int
    ) {
        let levels = max(1, processors / 2)
        return (max(1, processors - levels), levels)
    }

    /// The gate the documents of `scope` are made in turn at.
    public func gate(for scope: ExportScope) -> DocumentGate {
        if case .unit = scope { units } else { levels }
    }
}
