import Crypto
import EventStore
import Foundation
import Logging
import Postgres
import ReadModels
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

    init(
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
        /// True when the command was decided and appended, then rolled back (a dry run): `events` and
        /// `state` are what it would record.
        public var dryRun: Bool = false
        /// `state` as ``CurrentState`` writes it, when the command wrote it for the talent's row already.
        public var stateJSON: String? = nil
    }

    /// Carries a dry run's outcome out of the transaction it rolls back.
    struct DryRunRollback: Error {
        var outcome: Outcome
    }

    /// Decides and records `command` for `talent` on business day `date`.
    ///
    /// A refusal of the domain is thrown as ``Refusal`` (nothing written). A version conflict (another
    /// writer got there first) is retried from a fresh read up to `maximumAttempts` times, then thrown.
    /// `expectedVersion` lets an API client insist on the version it saw (If-Match): then no retry.
    /// `authorize` sees the talent as it stands before the command (its answering unit, say) and throws
    /// to refuse it; `screen` sees first what the talent's row says of it (its answering unit and whether
    /// it is classified; not called for a talent without a row), before its stream is decoded, and throws
    /// to turn the caller away as early as for a talent that does not exist. A `dryRun` runs every check
    /// and the append itself, then rolls back. `commandText`, when given, is the command's
    /// ``canonicalText(of:)``. `limits` checks what the caller sent against the register's limits (a day
    /// ahead, a reason's text): after `authorize` and the pinned version, so that a caller who may not act
    /// is told so (403, 404) and a stale pin is a 412 whatever else the body holds. `decided` sees what the
    /// domain decided before it is appended, and throws to refuse it (a report dated by a role that may not).
    @discardableResult
    func handle(
        _ command: TalentCommand,
        for talent: TalentID,
        on date: Day,
        by caller: Caller,
        commandID: UUID = .timeOrdered(),
        expectedVersion: Int64? = nil,
        reason: String? = nil,
        dryRun: Bool = false,
        commandText: Data? = nil,
        recordedOn: Day? = nil,
        logger: Logger? = nil,
        screen: @Sendable (_ answeringUnit: String?, _ classified: Bool) throws -> Void = { _, _ in },
        authorize: @Sendable (Talent) throws -> Void = { _ in },
        limits: @Sendable () throws -> Void = {},
        decided: @Sendable ([TalentEvent]) throws -> Void = { _ in }
    ) async throws -> Outcome {
        var attempt = 1
        while true {
            do {
                // A first attempt may decide from the state the talent's row keeps; one after a conflict reads
                // the stream (the row may lag behind it).
                var outcome = try await attemptOnce(
                    command, for: talent, on: date, by: caller, commandID: commandID,
                    expectedVersion: expectedVersion, reason: reason, dryRun: dryRun, commandText: commandText,
                    recordedOn: recordedOn, trustingKeptState: attempt == 1, logger: logger, screen: screen,
                    authorize: authorize,
                    limits: limits, decided: decided
                )
                // A dry run answered without an append (the key's command recorded before, a command that
                // changes nothing) is a dry run's answer all the same: what sending it would do.
                outcome.dryRun = dryRun
                if !outcome.replayed, !dryRun { store.announcer.announce() }
                return outcome
            } catch let rollback as DryRunRollback {
                return rollback.outcome
            } catch let conflict as VersionConflict where expectedVersion == nil && attempt < maximumAttempts {
                (logger ?? self.logger).debug(
                    "version conflict; deciding again",
                    metadata: ["talent": "\(talent)", "attempt": "\(attempt)", "conflict": "\(conflict)"])
                attempt += 1
            } catch is ConcurrentRepeat where attempt < maximumAttempts {
                // The same command was handled elsewhere at the same time: the next attempt answers from it.
                attempt += 1
            } catch let moved as PostgresError where moved.sqlState == RowsMoved.sqlState && attempt < maximumAttempts {
                // Rows derived from the kept state found the talent's rows rewritten since they were read: the
                // next attempt derives them from the stream.
                attempt += 1
            }
        }
    }

    func attemptOnce(
        _ command: TalentCommand,
        for talent: TalentID,
        on date: Day,
        by caller: Caller,
        commandID: UUID,
        expectedVersion: Int64?,
        reason: String?,
        dryRun: Bool,
        commandText: Data?,
        recordedOn: Day?,
        trustingKeptState: Bool,
        logger: Logger?,
        screen: @Sendable (_ answeringUnit: String?, _ classified: Bool) throws -> Void,
        authorize: @Sendable (Talent) throws -> Void,
        limits: @Sendable () throws -> Void,
        decided checkDecided: @Sendable ([TalentEvent]) throws -> Void
    ) async throws -> Outcome {
        let streamID = TalentStream.id(talent)
        return try await store.withTransaction(logger: logger) { transaction in
            // A command handled before is answered from what it recorded, not decided again. Both are read
            // in one round trip (with the transaction's BEGIN), and the talent's row with them: it screens
            // the caller before anything of the history is read. Of the stream only its version is read
            // (from its head), so that nothing read before the caller is screened grows with the history; on
            // a first attempt the row's kept state may stand for the history, which is then not read at all.
            let trusting = trustingKeptState && !command.isEvaluation
            let (streamVersion, earlier, row) = try await transaction.streamVersion(
                streamID, withEventsOfCommand: commandID, alongside: TalentDirectory.screeningStatement(talent))
            // A stream without events is not read: a talent not in the register is refused as soon as one
            // outside the jurisdiction is.
            var stream: [RecordedEvent]? = streamVersion == nil ? [] : nil
            // A command handled before is answered from the history it left, which is read whole.
            if !earlier.isEmpty, stream == nil { stream = try await transaction.readStream(streamID) }
            let digest = Self.digest(
                ofCommandText: try commandText ?? Self.canonicalText(of: command), for: talent, on: date, reason: reason
            )
            // The caller's own command, handled before, is answered as the first time before the talent is
            // screened: a retry after a move out of the caller's jurisdiction (the move itself, say) must not
            // read as "no such talent". The command id is the caller's own (an idempotency key is derived
            // with the caller's id), and the answer is the one the caller was given.
            if !earlier.isEmpty, try earlier.allSatisfy({ try $0.metadata.actor == caller.id }) {
                let history = try stream?.map(StoredTalentEvent.init) ?? []
                return try replay(of: earlier, talent: talent, history: history, digest: digest)
            }
            let screened = try TalentDirectory.screening(row)
            if let screened { try screen(screened.answeringUnit, screened.classified) }
            // The kept state, when the row shows the stream's version (a row behind its stream, the projector
            // not yet past a fact appended without its rows, keeps an older state) and this build reads it;
            // a command handled before is answered from the history. Otherwise the stream is read now.
            // A command dated before the talent's last fact needs the history (see below).
            var kept: (state: Talent, version: Int64, lastDay: Day)?
            if trusting, earlier.isEmpty, let screened, let json = screened.state, let lastDay = screened.lastDay,
                screened.version == streamVersion, date >= lastDay,
                let state = CurrentState.state(json)
            {
                kept = (state, screened.version, lastDay)
            }
            if kept == nil, stream == nil { stream = try await transaction.readStream(streamID) }
            let history = try stream?.map(StoredTalentEvent.init) ?? []
            // Folded once, as the rows are derived: the command's append is added to it below.
            var folded = TalentHistory(talent)
            folded.add(history)
            let state = kept?.state ?? folded.state
            try authorize(state)
            if !earlier.isEmpty { return try replay(of: earlier, talent: talent, history: history, digest: digest) }
            let current = kept?.version ?? history.last?.version ?? 0
            // The same command sent again at the same moment (a double click, a client's retry) may have been
            // recorded since `earlier` was read, and moved the talent on: its version pinned, or its decision
            // (an instalment paid), now refuses this one. Answered as that one, on the next attempt.
            func repeatedMeanwhile() async throws -> Bool {
                try await !transaction.events(ofCommand: commandID).isEmpty
            }
            if let expectedVersion, expectedVersion != current {
                if try await repeatedMeanwhile() { throw ConcurrentRepeat(commandID: commandID) }
                throw VersionConflict(streamID: streamID, expected: .exact(expectedVersion), actual: current)
            }
            try limits()
            // Nothing happens to a talent before it entered the register: such a fact would fold in before
            // its evaluation and change nothing. (A command on the kept state comes after the last fact.)
            if let first = history.map(\.effectiveDate).min(), date < first, !command.isEvaluation {
                throw Refusal(
                    .registerLimits, "effectiveOn：\(date)早于该人才的第一项记录（\(first)）",
                    field: "effectiveOn")
            }
            // A new talent's id must not differ from one in the register only by case: one person typed twice
            // (jl000005 for JL000005) would hold two histories, both found by a search.
            if current == 0, command.isEvaluation { try await transaction.holdRegistrationsOfNewIDs() }
            if current == 0, command.isEvaluation,
                let other = try await transaction.streamIDs(equalButForCaseTo: [streamID]).first(where: {
                    $0 != streamID
                })
            {
                let registered = TalentStream.talentID(fromStreamID: other)?.rawValue ?? other
                throw Refusal(
                    .registerLimits, "人才编号\(talent)与已在册的\(registered)仅大小写不同：同一人不能登记两次", field: "talentId")
            }
            // F1: no talent of a unit whose evaluation work is suspended is evaluated.
            if case .evaluate(let evaluation) = command {
                try await UnitEvaluationWorkStream.read(unit: evaluation.unit.rawValue, on: transaction).work
                    .requireOpen(forEvaluationOn: date)
            }
            let decided: [TalentEvent]
            do {
                decided = try decide(command, state, policy, date)
            } catch {
                if try await repeatedMeanwhile() { throw ConcurrentRepeat(commandID: commandID) }
                throw error
            }
            if let refusal = try Self.laterFactsRefusal(
                command, decided: decided, history: history, policy: policy, on: date)
            {
                throw refusal
            }
            try checkDecided(decided)
            // A command that changes nothing records nothing.
            guard !decided.isEmpty else {
                return Outcome(talent: talent, events: [], state: state, version: current, replayed: false)
            }
            let metadata = EventMetadata(
                actor: caller.id, role: caller.role.rawValue, organization: caller.organization, reason: reason,
                correlationID: commandID.uuidString.lowercased(), requestDigest: digest
            )
            let newEvents = try decided.map { try TalentStream.newEvent($0, metadata: metadata) }
            // The unit that answered for the talent on the finding's day (a finding dated before a move is the
            // earlier unit's; folded only for such a finding), from the day the suspension is recorded: it holds
            // no evaluation made before.
            let unitSuspension = try await Self.unitSuspension(
                by: command, of: talent,
                answeringUnit: {
                    kept != nil ? state.answeringUnit : Talent.fold(history.map(\.event), asOf: date).answeringUnit
                }, from: max(date, recordedOn ?? date), metadata: metadata, in: transaction)
            let provisional = decided.indices.map { index in
                StoredTalentEvent(
                    provisional: decided[index], version: current + Int64(index) + 1,
                    metadata: newEvents[index].metadata)
            }
            // The talent's rows are derived before the append answers, with stand-ins for its recording time
            // and position, and sent with it and the COMMIT (or, for a dry run, the ROLLBACK) in one round
            // trip, with the stream taken out of quarantine (if the projector had set it aside, its rows are
            // whole again). Rows that showed the whole stream read above need only what this append changed;
            // from the kept state, when the append leaves the tier and card histories as they were.
            let shown = screened.flatMap {
                $0.version == current ? TalentProjection.RowsShown(version: current, roster: $0.roster) : nil
            }
            let fromKeptState = kept.flatMap { kept in
                shown.flatMap { shown in
                    TalentProjection.appendedRows(
                        keptState: kept.state, of: talent, lastDay: kept.lastDay, adding: decided,
                        policy: policy, over: shown, commandID: commandID)
                }
            }
            let (after, afterJSON, rows): (Talent, String, PipelinedStatement)
            if let fromKeptState {
                (after, afterJSON, rows) = fromKeptState
            } else {
                if kept != nil {
                    // The kept state decided, but the rows need the history: read now, at the version decided on.
                    let read = try await transaction.readStream(streamID).map(StoredTalentEvent.init)
                    let version = read.last?.version ?? 0
                    guard version == current else {
                        throw VersionConflict(streamID: streamID, expected: .exact(current), actual: version)
                    }
                    folded.add(read)
                }
                folded.add(provisional)
                (after, afterJSON, rows) = TalentProjection.appendedRows(
                    folded, policy: policy, over: shown, commandID: commandID)
            }
            let recorded = try await transaction.append(
                [
                    StreamAppend(
                        streamID: streamID, streamType: TalentStream.type,
                        expected: current == 0 ? .noStream : .exact(current), events: newEvents
                    )
                ] + (unitSuspension.map { [$0] } ?? []),
                commandID: commandID, then: [rows, ProjectionQuarantine.clearing([streamID])],
                ending: dryRun ? .rollback : .commit
            )
            if recorded.replayed {
                // Handled elsewhere since the check above, and committed: nothing of this attempt was written (the
                // rows' statement found the stream's last event was not this append's). Answer from that one.
                return try await replay(
                    of: transaction.events(ofCommand: commandID), talent: talent,
                    history: transaction.readStream(streamID).map(StoredTalentEvent.init), digest: digest)
            }
            // The stream was at `current`: what follows it is exactly this append, which answers one entry per
            // event, in order (the unit's suspension after them).
            let talentsEvents = recorded.events.filter { $0.streamID == streamID }
            assert(talentsEvents.count == decided.count, "an append answers one entry per event")
            let appended = zip(provisional, talentsEvents).map { $0.recorded(as: $1) }
            let outcome = Outcome(
                talent: talent, events: appended, state: after, version: appended.last?.version ?? current,
                replayed: false, dryRun: dryRun, stateJSON: afterJSON
            )
            // Thrown past the transaction, which the round trip above rolled back with everything written.
            if dryRun { throw DryRunRollback(outcome: outcome) }
            return outcome
        }
    }

    /// F1: a fraud finding that takes the measure of suspending the unit's talent evaluation work suspends
    /// the evaluation work of the unit that answered for the talent on the finding's day, from `date`, with
    /// the finding's events (nothing when it is suspended already).
    static func unitSuspension(
        by command: TalentCommand, of talent: TalentID, answeringUnit: () -> UnitID?, from date: Day,
        metadata: EventMetadata, in transaction: StoreConnection
    ) async throws -> StreamAppend? {
        guard case .findFraud(let finding, let measures) = command, measures.contains(.suspendUnitEvaluationWork),
            let unit = answeringUnit()?.rawValue
        else { return nil }
        return try UnitEvaluationWorkStream.append(
            .suspend(finding: finding, talent: talent),
            to: try await UnitEvaluationWorkStream.read(unit: unit, on: transaction), on: date, metadata: metadata)
    }

    /// The answer to a command handled before: what it recorded on the talent's stream, and the talent as
    /// it left it; ``CommandIDReused`` when that command was another request (another talent, command, day or reason).
    func replay(of earlier: [RecordedEvent], talent: TalentID, history: [StoredTalentEvent], digest: String)
        throws -> Outcome
    {
        let recordedDigest = try earlier.first?.metadata.requestDigest
        guard recordedDigest == nil || recordedDigest == digest,
            earlier.contains(where: { $0.streamID == TalentStream.id(talent) })
        else { throw CommandIDReused(commandID: earlier.first?.commandID) }
        let events = try earlier.filter { $0.streamID == TalentStream.id(talent) }.map(StoredTalentEvent.init)
        // Answered as the first time, whatever was recorded since: the talent as that command left it.
        let version = events.map(\.version).max() ?? history.last?.version ?? 0
        return Outcome(
            talent: talent, events: events, state: history.filter { $0.version <= version }.foldedState(),
            version: version, replayed: true)
    }
}

extension TalentCommandHandler {
    /// A fact dated before the talent's last one takes its place there in business order, and the facts
    /// after it were decided without it; the register cannot decide them again. So such a command is
    /// refused (LIMITS, naming `effectiveOn`):
    /// - when the talent as it stood on `date` decides it otherwise than the talent as it stands (`decided`):
    ///   an exit dated before a downgrade would take back the cards of the tier the downgrade left, and the
    ///   downgrade, folded after it, would reissue them;
    /// - when it changes the talent's status, tier or unit on `date`: every later fact was decided for the
    ///   talent it then was (a result confirmed and a new period begun for a talent now dead before them);
    /// - when it opens a report, a recommendation, an investigation or an objection on `date`
    ///   (``Talent/awaiting``) that would have refused a step recorded after it (a grade after an exit
    ///   situation reported, W4; a result made final over an objection, P3: ``Awaiting/wouldHaveRefused(_:)``).
    /// What that day's state refuses is refused under its own rule, naming `effectiveOn` and that day. An
    /// evaluation's correction is exempt: it is dated on the evaluation it corrects, before every fact that
    /// followed, and what it changes (the period's start) is derived again for all of them. Commands and the
    /// batch jobs ask it alike. `history` is the talent's whole stream; a caller deciding on the state a row
    /// keeps does so only when no fact takes effect after `date`.
    static func laterFactsRefusal(
        _ command: TalentCommand, decided: [TalentEvent], history: [StoredTalentEvent], policy: Policy, on date: Day
    ) throws -> Refusal? {
        guard let last = history.map(\.effectiveDate).max(), date < last, !command.isEvaluationCorrection else {
            return nil
        }
        let then = Talent.fold(history.map(\.event), asOf: date)
        let refusal = { (why: String) in
            Refusal(
                .registerLimits,
                "effectiveOn：该人才在\(date)之后已有记录（最近一项于\(last)生效），\(why)，不能补登在这些记录之前；"
                    + "请以\(last)或之后的日期办理",
                field: "effectiveOn")
        }
        let decidedThen: [TalentEvent]
        do {
            decidedThen = try decide(command, then, policy, date)
        } catch {
            // The talent as it stands takes the command; only the day makes it wrong (a rehire dated before
            // the retirement it follows): said of that day, with the later record it comes before.
            return Refusal(
                error.rule, "effectiveOn：按\(date)当日的情况，\(error.reason)（该人才的最近一项记录于\(last)生效）",
                field: "effectiveOn")
        }
        guard decidedThen == decided else {
            return refusal("按\(date)当日情况办理与按现状办理的结果不同")
        }
        let after = Talent.fold(decided, from: then)
        guard (after.status, after.tier, after.unit) == (then.status, then.tier, then.unit) else {
            return refusal("本项办理会改变该人才当日的管理状态、层次或单位，而其后的记录是按原状办理的")
        }
        // W4, P3, X9: what it opens would have refused a later step (a grade after an exit situation
        // reported, a result made final over an objection), which was taken with nothing open. A later fact it
        // would not have refused (a collection, a service suspended) stands either way.
        let opened = after.awaiting.subtracting(then.awaiting)
        let later = opened.isEmpty ? [] : history.filter { $0.effectiveDate > date }.map(\.event)
        let blocking = opened.filter { later.contains(where: $0.wouldHaveRefused) }
        guard blocking.isEmpty else {
            let named = blocking.sorted().map(\.chineseName).joined(separator: "、")
            return refusal("本项办理会使该人才当日有\(named)，而其后已记录的步骤是在没有该事项时办理的")
        }
        return nil
    }

    /// What identifies a request: the talent, the command with its facts, the business day and the reason.
    /// `text` is the command's ``canonicalText(of:)``.
    static func digest(ofCommandText text: Data, for talent: TalentID, on date: Day, reason: String?) -> String {
        var data = Data("\(talent.rawValue)\u{0}\(date)\u{0}\(reason ?? "")\u{0}".utf8)
        data.append(text)
        return SHA256.hash(data: data).hexString
    }

    /// The command as its request digest reads it: `JSONEncoder`'s text, keys sorted. A caller that has it
    /// already (the API checks a body against it) passes it to `handle`, which would write it again.
    public static func canonicalText(of command: TalentCommand) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(command)
    }
}

/// A command id (an idempotency key) already used for another request: answered neither as a retry
/// nor as a new command.
public struct CommandIDReused: Error, Sendable, Hashable, CustomStringConvertible {
    public var commandID: UUID?
    public var description: String {
        "this idempotency key was already used for another request (another talent, command, day or reason; "
            + "another list or evaluation day)"
    }
}
