import EventStore
import Foundation
import Logging
import ReadModels
import TalentDomain

/// Where a unit's submission of a campaign stands, as each level of the chain sees it.
public enum SubmissionState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nothing recorded for the campaign yet.
    case notStarted
    /// Work recorded, not yet submitted.
    case inProgress
    case submitted
    case returned
    case accepted
    /// Not in time when the window closed (S3), and not made up.
    case late
    /// Late, and made up: the submission sent by the make-up deadline was accepted (S4).
    case madeUp
    /// No talent of the unit is on the campaign's roster (W1–W3), and it sent nothing: it has nothing to
    /// send, and is never late (a unit registered since, or whose talents all left its scope).
    case nothingToSubmit

    /// How the documents and the console name the state: a submission's own states as the domain names
    /// them, and the states only a level's view has.
    public var chineseName: String {
        switch self {
        case .notStarted: Submission.Status.notStarted.chineseName
        case .inProgress: "填报中"
        case .submitted: Submission.Status.submitted.chineseName
        case .returned: Submission.Status.returned.chineseName
        case .accepted: Submission.Status.accepted.chineseName
        case .late: "逾期未报"
        case .madeUp: "已补报"
        case .nothingToSubmit: "无需报送"
        }
    }
}

/// One unit's line in a level's view of a campaign's submissions.
public struct SubmissionOverview: Sendable, Hashable, Codable {
    public var unit: String
    public var unitName: String
    public var state: SubmissionState
    /// The submission's detail, once there is one.
    public var submission: Submission?
}

extension SubmissionOverview {
    /// Where a late unit's make-up stands (S4): nil for a unit not late, or late with nothing sent.
    public enum MakeUp: Sendable, Hashable {
        case returned
        case submitted(afterDeadline: Bool)
        case accepted(afterDeadline: Bool)
    }

    /// A late unit's make-up, and whether it was sent after `campaign`'s make-up deadline (it restores nothing).
    public func makeUp(in campaign: Campaign?) -> MakeUp? {
        guard state == .late, let submission else { return nil }
        let after = campaign.map(submission.sentAfterMakeUp) == true
        switch submission.status {
        case .notStarted: return nil
        case .returned: return .returned
        case .submitted: return .submitted(afterDeadline: after)
        case .accepted: return .accepted(afterDeadline: after)
        }
    }

    /// How a level's pages say where the submission stands: a late unit that has sent its make-up (S4) is
    /// told apart from one that sent nothing, and one sent after `campaign`'s make-up deadline says it
    /// restores nothing.
    public func chineseState(in campaign: Campaign?) -> String {
        switch makeUp(in: campaign) {
        case nil: state.chineseName
        case .returned: "逾期未报（补报已退回）"
        case .submitted(let after): "逾期补报" + (after ? "（补报期限后报送，不恢复待遇）" : "")
        case .accepted(let after): "逾期补报已审核通过" + (after ? "（补报期限后报送，不恢复待遇）" : "")
        }
    }

    /// The command line's words for ``chineseState(in:)``.
    public func stateText(in campaign: Campaign?) -> String {
        let after = ", sent after the make-up deadline: restores nothing (S4)"
        switch makeUp(in: campaign) {
        case nil: return state.rawValue
        case .returned: return "late (make-up returned)"
        case .submitted(let late): return "late (make-up submitted" + (late ? after : "") + ")"
        case .accepted(let late): return "late (make-up accepted" + (late ? after : "") + ")"
        }
    }
}

/// A unit's readiness and what its submission would carry.
public struct SubmissionReadiness: Sendable, Hashable, Codable {
    public var unit: String
    /// What blocks it, talent by talent, for the talents the caller may see.
    public var blockers: [SubmissionBlocker]
    /// Classified talents (T4) that block it, counted only: the caller may not see them.
    public var classifiedBlocking: Int
    public var figures: SubmissionFigures
    public var ready: Bool { blockers.isEmpty && classifiedBlocking == 0 }
}

/// How a level decides on a submission waiting at it.
public enum SubmissionDecision: Sendable, Hashable {
    case accept
    case returnToUnit(reason: String)

    /// Why a reviewer's choice and reason make no decision.
    public enum Problem: Error, Sendable {
        /// A reason with the acceptance: most likely a return meant, so refused rather than dropped.
        case reasonWithAcceptance
        /// A return says why (O1: the unit fixes what it is told).
        case returnWithoutReason
    }

    /// The decision a reviewer's choice (`returning` or not) and `reason` make, as the API and the console
    /// take them alike.
    public init(returning: Bool, reason: String?) throws(Problem) {
        let given = reason.flatMap { $0.isBlank ? nil : $0 }
        if returning {
            guard let given else { throw .returnWithoutReason }
            self = .returnToUnit(reason: given)
        } else {
            guard given == nil else { throw .reasonWithAcceptance }
            self = .accept
        }
    }
}

extension TalentRegister {
    /// What keeps `unit`'s submission of `campaign` from going up on `date` (every talent it answers for,
    /// O2, and what each lacks), and the figures it would carry.
    public func readiness(campaign year: Int, unit: String, on date: Day, by caller: Caller) async throws
        -> SubmissionReadiness
    {
        try requireDayHasCome(date, doing: "a unit's readiness is read")
        return try await readinessRead(campaign: year, unit: unit, on: date, by: caller).readiness
    }

    /// A unit's submission step by step (S1, S2, S4): each time it was sent, accepted by a level or
    /// returned by one, with the day, the level, where it went and the reason given, in the order recorded,
    /// those effective by `date`. Whoever may read the unit reads them: the unit sees which level returned
    /// it, and when; a level, that a package accepted was once returned.
    public func submissionSteps(campaign year: Int, unit: String, on date: Day, by caller: Caller) async throws
        -> [SubmissionStep]
    {
        try requireDayHasCome(date, doing: "a unit's submission is read")
        let access = try await queries.access()
        try Self.requireUnit(unit, readableBy: caller, access: access)
        _ = try campaign(year)
        let recorded = try await store.withConnection { connection in
            try await connection.readStream(SubmissionStream.id(campaign: year, unit: unit))
        }
        return try recorded.map(SubmissionStream.event).filter { $0.effectiveDate <= date }.map {
            SubmissionStep($0, of: unit)
        }
    }

    /// The readiness, and the version of each of the unit's talents' streams it was read at: a submission
    /// goes up only if none of them moved, and no talent joined the unit, before its own append.
    func readinessRead(campaign year: Int, unit: String, on date: Day, by caller: Caller) async throws
        -> (readiness: SubmissionReadiness, seen: [String: Int64])
    {
        let access = try await queries.access()
        try Self.requireUnit(unit, readableBy: caller, access: access)
        let campaign = try campaign(year)
        var blockers: [SubmissionBlocker] = []
        var classifiedBlocking = 0
        var figures = SubmissionFigures(talents: 0, byTier: [:], byGrade: [:], pending: 0, classified: 0)
        var seen: [String: Int64] = [:]
        // Each talent as it stood on the submission's day: one not yet in the register then (evaluated since)
        // is no part of it, nor is a step that took effect after it.
        try await forEachTalent(TalentFilter(unit: unit), scope: .units([unit]), asOf: date) {
            listing, state, version in
            seen[TalentStream.id(listing.id)] = version
            // The talents the documents list: a talent who exited on its result is counted with it.
            guard let state, !campaign.work(of: state, on: date).isEmpty, let tier = state.tier else { return }
            let lacking = campaign.blockers(of: state, on: date)
            // Classified on the submission's day or since (T4), as the documents count it.
            let classified = state.isClassified || listing.classified
            if !lacking.isEmpty,
                access.visibility(ofTalentAnsweredBy: listing.answeringUnit, classified: classified, caller: caller)
                    == .countsOnly
            {
                classifiedBlocking += 1
            } else {
                blockers += lacking
            }
            figures.talents += 1
            // T4: in the total alone, as in the documents.
            if classified {
                figures.classified = (figures.classified ?? 0) + 1
                return
            }
            figures.byTier[tier.rawValue, default: 0] += 1
            let record = state.campaign(year)
            if let grade = record.grade { figures.byGrade[grade.rawValue, default: 0] += 1 }
            if record.pendingInvestigation != nil { figures.pending += 1 }
        }
        let readiness = SubmissionReadiness(
            unit: unit, blockers: blockers, classifiedBlocking: classifiedBlocking, figures: figures)
        return (readiness, seen)
    }

    /// How many times a submission reads its unit's readiness while the unit's talents keep changing before
    /// it answers with the conflict (send again). Three, under a load of facts recorded for the unit's
    /// talents, left about one submission in ten to be sent again.
    static var readinessReads: Int { 6 }

    /// A talent of the unit changed while its readiness was read (`conflict` says which and how).
    struct ReadinessMoved: Error {
        var conflict: VersionConflict
    }

    /// Throws ``ReadinessMoved`` for the first of the unit's talents whose stream moved since `seen` (or
    /// that joined the unit), their heads share-locked until the caller's transaction ends, so that
    /// nothing is recorded for them before the submission that counted them ready commits.
    func requireUnchanged(_ seen: [String: Int64], unit: String, on transaction: StoreConnection) async throws {
        // On the transaction's own connection: a second one taken from the pool meanwhile would wait for
        // ever once every connection is held by a submission's transaction doing the same (a deadline day).
        let current = try await TalentDirectory.answering([unit], on: transaction).map { TalentStream.id($0.talent) }
        let streams = Set(current).union(seen.keys).sorted()
        let heads = try await transaction.versions(of: streams, lockingForShare: true)
        for streamID in streams where heads[streamID] != seen[streamID] {
            throw ReadinessMoved(
                conflict: VersionConflict(
                    streamID: streamID, expected: seen[streamID].map { .exact($0) } ?? .noStream,
                    actual: heads[streamID] ?? 0))
        }
    }

    /// The unit submits its campaign (S1) up its chain (O1): refused with every blocking talent while any
    /// is not ready (``SubmissionNotReady``); after the window closes, with the reason for its lateness
    /// (S4). For the unit's officer and the provincial office. With the `commandID` of a submission
    /// recorded before (a client's idempotency key), answered as that one left the unit's submission.
    @discardableResult
    public func submit(
        campaign year: Int, unit: String, latenessReason: String? = nil, on date: Day, by caller: Caller,
        commandID: UUID? = nil, logger: Logger? = nil
    ) async throws -> SubmissionRow {
        try await submit(
            campaign: year, unit: unit, latenessReason: latenessReason, on: date, by: caller, commandID: commandID,
            logger: logger, afterReadiness: {})
    }

    /// The same, with `afterReadiness` run between reading the readiness and recording (a test records a
    /// talent's step there, as another officer might at that moment).
    func submit(
        campaign year: Int, unit: String, latenessReason: String?, on date: Day, by caller: Caller,
        commandID: UUID? = nil, logger: Logger?, afterReadiness: @Sendable () async throws -> Void
    ) async throws -> SubmissionRow {
        let access = try await queries.access()
        try Self.requireUnit(unit, readableBy: caller, access: access)
        guard Self.submits(caller) else {
            throw Forbidden("考核材料由用人单位经办人报送，上级部门负责审核")
        }
        if let latenessReason {
            try policy.management.registerLimits.check(text: latenessReason, field: "latenessReason")
        }
        let chain = access.tree.chain(of: unit).map(\.id)
        let retry = commandID.map {
            CampaignStepRetry(
                commandID: $0, step: "submit", streamID: SubmissionStream.id(campaign: year, unit: unit), on: date,
                words: [latenessReason])
        }
        // A retry is answered before the readiness is read: what changed since may have made the unit
        // unready, and its submission stands all the same.
        if let row = try await store.withConnection({
            try await self.replayed(retry, campaign: year, unit: unit, on: $0)
        }) {
            return row
        }
        var attempt = 1
        while true {
            let (readiness, seen) = try await readinessRead(campaign: year, unit: unit, on: date, by: caller)
            // Whoever submits sees every talent of the unit; were one withheld, the unit is still not ready.
            guard readiness.classifiedBlocking == 0 else { throw SubmissionNotReady(blockers: readiness.blockers) }
            try await afterReadiness()
            let unchanged: @Sendable (StoreConnection) async throws -> Void = {
                try await self.requireUnchanged(seen, unit: unit, on: $0)
            }
            do {
                return try await record(
                    campaign: year, unit: unit, on: date, by: caller, retry: retry, logger: logger,
                    guarding: unchanged
                ) { submission, history in
                    let campaign = try self.campaign(year)
                    return try submission.decide(
                        .submit(figures: readiness.figures, latenessReason: latenessReason), chain: chain,
                        campaign: campaign, blockers: readiness.blockers, on: date,
                        lateAtClose: submission.wasLate(in: campaign, events: history))
                }
            } catch let moved as ReadinessMoved {
                // A talent of the unit changed while its readiness was read: read it again, a moment later,
                // each time a little longer, so that a burst of facts recorded for the unit ends first.
                guard attempt < Self.readinessReads else { throw moved.conflict }
                try await Task.sleep(for: .milliseconds(20 * attempt))
                attempt += 1
            }
        }
    }

    /// A level of the chain accepts or returns the submission waiting at it (O1): the caller's own
    /// organization must be that level (the system acts for whichever level it waits at). With the
    /// `commandID` of a review recorded before, answered as that one left the submission.
    @discardableResult
    public func review(
        campaign year: Int, unit: String, _ decision: SubmissionDecision, on date: Day, by caller: Caller,
        commandID: UUID? = nil, logger: Logger? = nil
    ) async throws -> SubmissionRow {
        let access = try await queries.access()
        try Self.requireUnit(unit, readableBy: caller, access: access)
        try Self.requireReviewer(caller)
        if case .returnToUnit(let reason) = decision {
            try policy.management.registerLimits.check(text: reason, field: "reason")
        }
        let chain = access.tree.chain(of: unit).map(\.id)
        let retry = commandID.map { commandID in
            let (step, reason): (String, String?) =
                switch decision {
                case .accept: ("accept", nil)
                case .returnToUnit(let reason): ("return", reason)
                }
            return CampaignStepRetry(
                commandID: commandID, step: step, streamID: SubmissionStream.id(campaign: year, unit: unit), on: date,
                words: [reason])
        }
        return try await record(campaign: year, unit: unit, on: date, by: caller, retry: retry, logger: logger) {
            submission, _ in
            let level =
                caller.role == .system ? (submission.awaiting ?? "") : (access.tree.reviewingLevel(of: caller) ?? "")
            let command: SubmissionCommand =
                switch decision {
                case .accept: .accept(by: level)
                case .returnToUnit(let reason): .returnToUnit(by: level, reason: reason)
                }
            // The levels named as people know them (their names), with the id an account is issued for.
            let tree = access.tree
            return try submission.decide(
                command, chain: chain, campaign: try self.campaign(year), blockers: [], on: date,
                naming: { id in tree[id].map { "\($0.name)（\(id)）" } ?? id })
        }
    }

    /// Every unit of the caller's jurisdiction (or of `organization`'s subtree) with where its submission
    /// of `campaign` stood on `date` (its steps effective by then, as known now), the sum of the figures
    /// submitted by then, and whether lateness is judged: the window has closed by `date`, and the campaign
    /// was run in this register (S3, ``SubmissionRow/campaignRunHere(_:)``). Where it is not, a unit that
    /// sent nothing is not started, and one that sent its submission after the close is not late.
    public func submissions(campaign year: Int, organization: String? = nil, on date: Day, by caller: Caller)
        async throws -> (units: [SubmissionOverview], figures: SubmissionFigures, latenessJudged: Bool)
    {
        try requireDayHasCome(date, doing: "where submissions stand is read")
        let access = try await queries.access()
        guard let scope = try queries.scope(of: caller, organization: organization, access: access) else {
            return ([], SubmissionFigures.sum([]), false)
        }
        let campaign = try campaign(year)
        // Judged by every unit's row in the register, not the caller's alone: a county none of whose units
        // was in time is late where others were.
        var latenessJudged = false
        if date > campaign.submissionCloses {
            latenessJudged = SubmissionRow.campaignRunHere(
                try await SubmissionProjection.rows(campaign: year, scope: .province, in: store))
        }
        let onRoster = try await SubmissionProjection.rosterUnits(campaign: year, scope: scope, in: store)
        let units = access.tree.organizations.values.filter {
            $0.kind.isEmployerUnit && access.mayRead(organization: $0.id, caller: caller)
                && scope.covers($0.id, in: access.tree)
        }.sorted { $0.id < $1.id }
        // Where each stood on `date` is read from its steps (the rows say where it stands now only).
        let recorded = try await store.withConnection { connection in
            try await connection.readStreams(units.map { SubmissionStream.id(campaign: year, unit: $0.id) })
        }
        // In version order: the streams are read so, and grouping keeps the order.
        var histories: [String: [SubmissionEvent]] = [:]
        for (streamID, events) in Dictionary(grouping: recorded, by: \.streamID) {
            histories[streamID] = try events.map(SubmissionStream.event)
        }
        var submitted: [SubmissionFigures] = []
        let overview = units.map { unit in
            let events = histories[SubmissionStream.id(campaign: year, unit: unit.id)] ?? []
            let submission = events.isEmpty ? nil : Submission.fold(events, asOf: date)
            // A submission sent back is no longer submitted: its figures are the unit's to send again.
            if let figures = submission?.figures, [.submitted, .accepted].contains(submission?.status) {
                submitted.append(figures)
            }
            return SubmissionOverview(
                unit: unit.id, unitName: unit.name,
                state: Self.state(
                    of: submission, events: events, working: onRoster[unit.id] == true,
                    onRoster: onRoster[unit.id] != nil, campaign: campaign, latenessJudged: latenessJudged),
                submission: submission?.status == .notStarted ? nil : submission)
        }
        return (overview, SubmissionFigures.sum(submitted), latenessJudged)
    }

    /// How a level reads a unit's submission on a day: `submission` is its steps' fold as of that day, and
    /// `latenessJudged` whether the window had closed by then in a campaign run in this register.
    static func state(
        of submission: Submission?, events: [SubmissionEvent], working: Bool, onRoster: Bool, campaign: Campaign,
        latenessJudged: Bool
    ) -> SubmissionState {
        if !onRoster, (submission?.status ?? .notStarted) == .notStarted { return .nothingToSubmit }
        if latenessJudged, let submission, submission.wasLate(in: campaign, events: events) {
            return submission.madeUp(in: campaign, events: events) ? .madeUp : .late
        }
        switch submission?.status ?? .notStarted {
        case .notStarted: return latenessJudged ? .late : (working ? .inProgress : .notStarted)
        case .submitted: return .submitted
        case .returned: return .returned
        case .accepted: return .accepted
        }
    }

    func campaign(_ year: Int) throws -> Campaign {
        do { return try policy.campaign(year: year) } catch { throw NotFound("campaign \(year)") }
    }

    /// The row as the step recorded before under `retry`'s command id left it, when there was one.
    func replayed(_ retry: CampaignStepRetry?, campaign year: Int, unit: String, on connection: StoreConnection)
        async throws -> SubmissionRow?
    {
        let streamID = SubmissionStream.id(campaign: year, unit: unit)
        guard let retry, let earlier = try await retry.earlier(on: streamID, on: connection),
            let version = earlier.map(\.version).max()
        else { return nil }
        let recorded = try await connection.readStream(streamID, upToVersion: version)
        return try SubmissionProjection.row(campaign: year, unit: unit, recorded: recorded, policy: policy)
    }

    /// ``NotFound`` unless `unit` is an employer unit of the caller's jurisdiction; a level of it (a bureau,
    /// a department) is said to be one, since the caller may see it, with what only a unit does (`only`).
    static func requireUnit(
        _ unit: String, readableBy caller: Caller, access: Access,
        only: String = "a campaign is submitted by an employer unit"
    ) throws {
        guard let found = access.tree[unit], access.mayRead(organization: unit, caller: caller) else {
            throw NotFound("unit \(unit)")
        }
        guard found.kind.isEmployerUnit else {
            throw InvalidInput("unit", "\(unit) is a \(found.kind.rawValue): \(only)")
        }
    }

    /// S2: a campaign's step (a submission, a review, a contact form) is dated the day it is recorded,
    /// never later; only the roles the policy names (and the operator) may record an earlier day, since
    /// lateness (S3, S4) is judged by these days.
    func requireDating(_ date: Day, by caller: Caller) throws {
        let today = today()
        guard date <= today else {
            throw Refusal(.S2, "考核工作的各步骤按办理当日（\(today)）记录，不能记为\(date)", field: "effectiveOn")
        }
        guard date == today || mayDateEarlier(caller) else {
            throw Refusal(
                .S2, "考核工作的各步骤按办理当日（\(today)）记录，\(caller.role.chineseName)不能记为\(date)",
                field: "effectiveOn")
        }
    }

    /// Whether `caller` may date a campaign's step before the day it is recorded: the roles the policy
    /// names, and the operator.
    public func mayDateEarlier(_ caller: Caller) -> Bool {
        caller.role == .system || policy.campaigns.earlierDaysRecordedBy.contains(caller.role.rawValue)
    }

    /// Decides on the unit's submission stream and appends, with its row, in one transaction; a retry of a
    /// step recorded before is answered as that step left the row.
    func record(
        campaign year: Int, unit: String, on date: Day, by caller: Caller, retry: CampaignStepRetry?,
        logger: Logger?, guarding: @Sendable (StoreConnection) async throws -> Void = { _ in },
        _ decide: @Sendable (Submission, _ history: [SubmissionEvent]) throws -> [SubmissionEvent]
    ) async throws -> SubmissionRow {
        let streamID = SubmissionStream.id(campaign: year, unit: unit)
        let metadata = CampaignStepRetry.metadata(of: retry, by: caller)
        let row = try await Self.retryingConflicts {
            try await store.withTransaction(logger: logger) { transaction -> SubmissionRow? in
                // A retry is answered before its day is judged: sent again the next day, a step dated the day
                // it was first sent is what the first request asked.
                if let row = try await self.replayed(retry, campaign: year, unit: unit, on: transaction) { return row }
                try self.requireDating(date, by: caller)
                let recorded = try await transaction.readStream(streamID)
                try await guarding(transaction)
                let history = try recorded.map(SubmissionStream.event)
                let events = try decide(Submission.fold(history), history)
                let version = recorded.last?.version ?? 0
                let appended = try await transaction.append(
                    [
                        StreamAppend(
                            streamID: streamID, streamType: SubmissionStream.type,
                            expected: version == 0 ? .noStream : .exact(version),
                            events: try events.map { try SubmissionStream.newEvent($0, metadata: metadata) })
                    ], commandID: retry?.commandID ?? .timeOrdered())
                // The same retry, recorded by another request since the check above: answered from it, next.
                if appended.replayed { throw ConcurrentRepeat(commandID: appended.commandID) }
                try await SubmissionProjection.write([streamID], policy: policy, on: transaction)
                return try await SubmissionProjection.row(campaign: year, unit: unit, on: transaction)
            }
        }
        store.announcer.announce()
        guard let row else { throw NotFound("submission of \(unit)") }
        return row
    }
}

/// One step of a unit's submission, as ``TalentRegister/submissionSteps(campaign:unit:on:by:)`` lists them.
public struct SubmissionStep: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case submitted, accepted, returned
    }

    public var on: Day
    public var kind: Kind
    /// Who took the step: the unit when it sent it, else the level that accepted or returned it.
    public var by: String
    /// Where it went: the level it then waited at; nil once the province accepted it, or when returned.
    public var to: String?
    /// The reason given: the lateness a make-up gave (S4), or why a level returned it.
    public var reason: String?

    /// `event` of `unit`'s submission.
    init(_ event: SubmissionEvent, of unit: String) {
        switch event {
        case .submitted(let on, let to, _, let latenessReason):
            self.init(on: on, kind: .submitted, by: unit, to: to, reason: latenessReason)
        case .accepted(let on, let by, let forwardedTo):
            self.init(on: on, kind: .accepted, by: by, to: forwardedTo, reason: nil)
        case .returned(let on, let by, let reason):
            self.init(on: on, kind: .returned, by: by, to: nil, reason: reason)
        }
    }

    init(on: Day, kind: Kind, by: String, to: String?, reason: String?) {
        self.on = on
        self.kind = kind
        self.by = by
        self.to = to
        self.reason = reason
    }
}
