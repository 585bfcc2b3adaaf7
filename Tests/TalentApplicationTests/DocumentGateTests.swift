import Synchronization
import TalentApplication
import Testing

/// Downloads' documents made a few at a time (``DocumentGate``).
@Suite("Documents made in turn")
struct DocumentGateTests {
    /// A turn taken until `released` finishes, once `taken` says so.
    static func hold(_ gate: DocumentGate) async -> (
        release: AsyncStream<Void>.Continuation, task: Task<Void, any Error>
    ) {
        let (released, release) = AsyncStream<Void>.makeStream()
        let (isTaken, taken) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await gate.whenItsTurn {
                taken.finish()
                for await _ in released {}
            }
        }
        for await _ in isTaken {}
        return (release, task)
    }

    @Test func aCallerBeyondTheLimitWaitsItsPatienceAndIsToldToComeBack() async throws {
        let gate = DocumentGate(limit: 1, patience: .milliseconds(100))
        let (release, holder) = await Self.hold(gate)
        await #expect(throws: DocumentsBusy.self) { try await gate.whenItsTurn { 1 } }
        release.finish()
        try await holder.value
        // The turn given back, the next caller has it at once.
        #expect(try await gate.whenItsTurn { 2 } == 2)
    }

    @Test func aWaitingCallerTakesTheTurnHandedOnWithinItsPatience() async throws {
        let gate = DocumentGate(limit: 1, patience: .seconds(60))
        let (release, holder) = await Self.hold(gate)
        let waiter = Task { try await gate.whenItsTurn { "made" } }
        // The waiter is queued behind the held turn, then runs once it is handed on (not after 60 s).
        try await Task.sleep(for: .milliseconds(50))
        release.finish()
        try await holder.value
        #expect(try await waiter.value == "made")
    }

    @Test func aCallerThatFailsHandsItsTurnOn() async throws {
        struct Failed: Error {}
        let gate = DocumentGate(limit: 1, patience: .milliseconds(100))
        await #expect(throws: Failed.self) { try await gate.whenItsTurn { throw Failed() } }
        #expect(try await gate.whenItsTurn { 3 } == 3)
    }

    @Test func aWaitingCallerCancelledStopsWaiting() async throws {
        let gate = DocumentGate(limit: 1, patience: .seconds(60))
        let (release, holder) = await Self.hold(gate)
        let waiter = Task { try await gate.whenItsTurn { "made" } }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        release.finish()
        try await holder.value
    }

    /// The memory the documents freed is handed back once no turn is held or waited for, not while one is.
    @Test func theLastTurnEndedRunsTheIdleWorkAndNoneBefore() async throws {
        let idled = Idled()
        let gate = DocumentGate(limit: 2, patience: .seconds(60), whenIdle: { idled.count() })
        let (firstRelease, first) = await Self.hold(gate)
        let (secondRelease, second) = await Self.hold(gate)
        let waiter = Task { try await gate.whenItsTurn { "made" } }
        try await Task.sleep(for: .milliseconds(50))
        firstRelease.finish()
        try await first.value
        #expect(try await waiter.value == "made")
        #expect(idled.times == 0, "a turn is still held")
        secondRelease.finish()
        try await second.value
        #expect(idled.times == 1)
        await #expect(throws: (any Error).self) { try await gate.whenItsTurn { throw CancellationError() } }
        #expect(idled.times == 2, "a failed turn ends too")
    }
}

/// How many times the gate was idle.
private final class Idled: Sendable {
    private let counted = Mutex(0)
    var times: Int { counted.withLock { $0 } }
    func count() { counted.withLock { $0 += 1 } }
}
