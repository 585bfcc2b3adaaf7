import EventStore
import Foundation
import Logging
import Postgres
import TalentDomain

/// Runs commands against talents: load the stream, fold it, let the domain decide, append what it
/// decided with the expected version, all in one transaction with the projection of the result.
///
/// Read-your-writes: the talent's projection rows are written in the same transaction as its events (the
/// subscription later sees the same events and rewrites the same rows, which changes nothing), so when a
/// command returns, every read model already shows it.
public struct TalentCommandHandler: Sendable {
    public let store: EventStore
    public let policy: Policy
    public let maximumAttempts: Int
    let logger: Logger

    public init(
        store: EventStore, policy: Policy, maximumAttempts: Int = 5,
        logger: Logger = Logger(label: "talentledger.commands")
    ) {
        self.store = store
        self.policy = policy
        self.maximumAttempts = max(1, maximumAttempts)
        self.logger = logger
    }

    /// What a handled command recorded.
    public struct Outcome: Sendable {
        public var talent: TalentID
        public var events: [StoredTalentEvent]
        public var state: Talent
        public var version: Int64
        /// True when the command id had been handled before: nothing new was written.
        public var replayed: Bool
    }

    /// Decides and records `command` for `talent` on business day `date`.
    ///
    /// A refusal of the domain is thrown as ``Refusal`` (nothing written). A version conflict (another
    /// writer got there first) is retried from a fresh read up to `maximumAttempts` times, then thrown.
    /// `expectedVersion` lets an API client insist on the version it saw (If-Match): then no retry.
    @discardableResult
    public func handle(
        _ command: TalentCommand,
        for talent: TalentID,
        on date: Day,
        by actor: Actor,
        commandID: UUID = .timeOrdered(),
        expectedVersion: Int64? = nil,
        reason: String? = nil
    ) async throws -> Outcome {
        var attempt = 1
        while true {
            do {
                let outcome = try await attemptOnce(
                    command, for: talent, on: date, by: actor, commandID: commandID,
                    expectedVersion: expectedVersion, reason: reason
                )
                if !outcome.replayed { store.announcer.announce() }
                return outcome
            } catch let conflict as VersionConflict where expectedVersion == nil && attempt < maximumAttempts {
                logger.debug(
                    "version conflict; deciding again",
                    metadata: ["talent": "\(talent)", "attempt": "\(attempt)", "conflict": "\(conflict)"])
                attempt += 1
            } catch is ConcurrentRepeat where attempt < maximumAttempts {
                // The same command was handled elsewhere at the same time: the next attempt answers from it.
                attempt += 1
            }
        }
    }

    func attemptOnce(
        _ command: TalentCommand,
        for talent: TalentID,
        on date: Day,
        by actor: Actor,
        commandID: UUID,
        expectedVersion: Int64?,
        reason: String?
    ) async throws -> Outcome {
        let streamID = TalentStream.id(talent)
        return try await store.pool.withTransaction { connection in
            // A command handled before is answered from what it recorded, not decided again.
            let earlier = try await EventStore.events(ofCommand: commandID, on: connection)
            let history = try await EventStore.readStream(streamID, on: connection).map(StoredTalentEvent.init)
            if !earlier.isEmpty { return try replay(of: earlier, talent: talent, history: history) }
            let current = history.last?.version ?? 0
            if let expectedVersion, expectedVersion != current {
                throw VersionConflict(streamID: streamID, expected: .exact(expectedVersion), actual: current)
            }
            let state = history.foldedState()
            let decided = try decide(command, state, policy, date)
            // A command that changes nothing records nothing.
            guard !decided.isEmpty else {
                return Outcome(talent: talent, events: [], state: state, version: current, replayed: false)
            }
            let metadata = EventMetadata(
                actor: actor.id, role: actor.role.rawValue, organization: actor.organization, reason: reason,
                correlationID: commandID.uuidString.lowercased()
            )
            let recorded = try await EventStore.append(
                [
                    StreamAppend(
                        streamID: streamID, streamType: TalentStream.type,
                        expected: current == 0 ? .noStream : .exact(current),
                        events: try decided.map { try TalentStream.newEvent($0, metadata: metadata) }
                    )
                ],
                commandID: commandID,
                on: connection
            )
            if recorded.replayed {
                // Handled elsewhere since the check above, and committed: answer from what that recorded.
                return try await replay(
                    of: EventStore.events(ofCommand: commandID, on: connection), talent: talent,
                    history: EventStore.readStream(streamID, on: connection).map(StoredTalentEvent.init))
            }
            // The stream is locked until commit: what follows `current` is exactly this append.
            let appended = try await EventStore.readStream(streamID, from: current + 1, on: connection)
                .map(StoredTalentEvent.init)
            let all = history + appended
            try await TalentProjection.write([talent: all], policy: policy, on: connection)
            return Outcome(
                talent: talent, events: appended, state: all.foldedState(), version: all.last?.version ?? 0,
                replayed: false
            )
        }
    }

    /// The answer to a command handled before: what it recorded on the talent's stream, and the talent now.
    func replay(of earlier: [RecordedEvent], talent: TalentID, history: [StoredTalentEvent]) throws -> Outcome {
        Outcome(
            talent: talent,
            events: try earlier.filter { $0.streamID == TalentStream.id(talent) }.map(StoredTalentEvent.init),
            state: history.foldedState(),
            version: history.last?.version ?? 0,
            replayed: true
        )
    }
}
