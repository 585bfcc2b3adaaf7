import EventStore
import Foundation
import Logging
import Metrics
import ReadModels
import TalentDomain

/// The register as every client sees it: commands run for a caller, questions answered for a caller,
/// each through the same access policy. Built once per process over the store and the policy.
public final class TalentRegister: Sendable {
    public let policy: Policy
    /// The days and texts the register accepts at all (LIMITS).
    public var limits: RegisterLimits { policy.management.registerLimits }
    /// Runs commands with no access check of its own: the register's `handle` asks ``Access`` first.
    let commands: TalentCommandHandler
    public let queries: RegisterQueries
    let store: EventStore
    let logger: Logger
    /// What time it is: the real clock, or a test's. Decides "today" where the register itself needs it
    /// (which days a campaign's steps may be dated, S2).
    let clock: @Sendable () -> Date
    /// How many campaign documents are made for downloads at once, a unit's apart from a level's.
    public let documentGates: DocumentGates
    /// The downloads being made, for an identical request to share (``SharedDownloads``).
    let downloads = SharedDownloads()
    /// Where the API and the console say that the database cannot answer.
    public let outages = OutageLog()
    /// The `/metrics` callers verified lately, for a scrape during an outage (``metricsCaller(bearing:)``).
    let metricsCallers = MetricsCallers()

    public init(
        store: EventStore, policy: Policy, logger: Logger = Logger(label: "talentledger.register"),
        clock: @escaping @Sendable () -> Date = Date.init, documentGates: DocumentGates = DocumentGates()
    ) {
        self.store = store
        self.policy = policy
        self.logger = logger
        self.clock = clock
        self.documentGates = documentGates
        commands = TalentCommandHandler(store: store, policy: policy, logger: logger)
        queries = RegisterQueries(
            talents: TalentDirectory(store: store), history: TalentReplay(store: store),
            organizations: OrganizationDirectory(store: store), rosters: CampaignRosterQueries(store: store),
            snapshots: RegisterSnapshots(store: store), campaigns: Set(policy.campaigns.campaignYears))
    }

    /// Today in China by the register's clock: the day a step recorded now is dated by default.
    public func today() -> Day { BusinessDay.today(now: clock()) }

    /// The time by the register's clock: a demonstration clock's on a demo (`serve --today`), as ``today()``.
    public func now() -> Date { clock() }

    /// Runs `command` on `talent` for `caller`, on business day `date`, once ``Access`` allows it on the
    /// talent as it stands (its answering unit, O2): ``NotFound`` outside the caller's jurisdiction,
    /// ``Forbidden`` for a role that may not do it, ``Refusal`` when a rule of the notice refuses it.
    /// `commandText` is the command's `TalentCommandHandler.canonicalText(of:)`, if the caller has it.
    @discardableResult
    public func handle(
        _ command: TalentCommand, for talent: TalentID, on date: Day, by caller: Caller,
        commandID: UUID = .timeOrdered(), expectedVersion: Int64? = nil, reason: String? = nil, dryRun: Bool = false,
        commandText: Data? = nil, logger: Logger? = nil
    ) async throws -> TalentCommandHandler.Outcome {
        let access = try await queries.access()
        do {
            let outcome = try await handle(
                command, for: talent, on: date, by: caller, commandID: commandID, expectedVersion: expectedVersion,
                reason: reason, dryRun: dryRun, commandText: commandText, logger: logger, access: access)
            if !outcome.dryRun, !outcome.replayed {
                for event in outcome.events { Self.countAppended(1, origin: "command", type: event.event.typeName) }
            }
            return outcome
        } catch let conflict as VersionConflict where expectedVersion != nil {
            throw StaleVersion(talent: talent.rawValue, expected: expectedVersion ?? 0, current: conflict.actual)
        } catch let refusal as Refusal {
            Counter(label: "talentledger_command_refusals_total", dimensions: [("rule", refusal.rule.rawValue)])
                .increment()
            throw refusal
        }
    }

    func handle(
        _ command: TalentCommand, for talent: TalentID, on date: Day, by caller: Caller, commandID: UUID,
        expectedVersion: Int64?, reason: String?, dryRun: Bool, commandText: Data?, logger: Logger?, access: Access
    ) async throws -> TalentCommandHandler.Outcome {
        // A role that may never issue the command (a level, the auditor; a unit's officer the province's
        // work) is told so before the talent or the unit it names is looked up, so that the answer is the same
        // for every talent, one outside the jurisdiction or none at all, however the request is pinned.
        if case .forbidden(let forbidden) = Access.roleMayIssue(command, caller: caller) { throw forbidden }
        // A unit a command names (an evaluation's, a move's new one) must be an employer unit of the tree; one
        // registered since the tree was last read is looked for in a fresh read. A talent moved to a unit the
        // tree does not have would answer to nobody.
        let named = caller.role == .system ? nil : Self.namedUnit(of: command)
        var namedIsEmployerUnit = true
        if let named {
            let tree =
                access.tree[named.unit.rawValue] == nil ? try await queries.access(fresh: true).tree : access.tree
            namedIsEmployerUnit = tree[named.unit.rawValue]?.kind.isEmployerUnit == true
        }
        // A classified talent (T4) is not there for whoever sees it in counts only: as outside the
        // jurisdiction, whatever the role could otherwise do.
        let seenInCountsOnly: @Sendable (_ answeringUnit: String?, _ classified: Bool) -> Bool = { unit, classified in
            access.visibility(ofTalentAnsweredBy: unit, classified: classified, caller: caller) == .countsOnly
        }
        let limits = policy.management.registerLimits
        let today = self.today()
        return try await commands.handle(
            command, for: talent, on: date, by: caller, commandID: commandID, expectedVersion: expectedVersion,
            reason: reason, dryRun: dryRun, commandText: commandText, recordedOn: today, logger: logger,
            screen: { answeringUnit, classified in
                // Outside the jurisdiction (or seen in counts only, T4) by the talent's row: not found,
                // before its history is read into values, so that it takes no longer than a talent that
                // does not exist. An evaluation is screened by the unit it names, below.
                if case .evaluate = command { return }
                if seenInCountsOnly(answeringUnit, classified)
                    || access.mayIssue(command, onTalentAnsweredBy: answeringUnit, caller: caller) == .outOfJurisdiction
                {
                    throw NotFound("talent \(talent)")
                }
            },
            authorize: { [namedIsEmployerUnit] state in
                let unit: UnitID?
                if case .evaluate(let evaluation) = command {
                    // The evaluation is of the talent the request names, at an employer unit of the O1 tree (the
                    // system's own loads may run ahead of the tree's projection).
                    guard evaluation.talentId == talent else {
                        throw InvalidInput("evaluation.talentId", "must be \(talent), the talent the request is about")
                    }
                    guard talent.isWellFormed else { throw InvalidInput("evaluation.talentId", TalentID.wellFormed) }
                    unit = evaluation.unit
                } else {
                    guard state.status != .notEvaluated else { throw NotFound("talent \(talent)") }
                    unit = state.answeringUnit
                    if seenInCountsOnly(unit?.rawValue, state.isClassified) { throw NotFound("talent \(talent)") }
                }
                switch access.mayIssue(command, onTalentAnsweredBy: unit?.rawValue, caller: caller) {
                case .allowed: break
                case .forbidden(let forbidden): throw forbidden
                case .outOfJurisdiction: throw NotFound("talent \(talent)")
                }
                // Asked only of a caller who may issue the command here: the others learn nothing of the tree.
                if let named, !namedIsEmployerUnit {
                    throw InvalidInput(named.field, "no employer unit \(named.unit) in the O1 tree")
                }
            },
            limits: {
                // The event's reason is recorded with every event: it meets the limits a command's texts do.
                if let reason { try limits.check(text: reason, field: "reason") }
                // A person records what has happened; the operator's loads may carry any day.
                if caller.role != .system, date > today {
                    throw Refusal(.registerLimits, "effectiveOn：\(date)晚于今天（\(today)）", field: "effectiveOn")
                }
            },
            decided: { [mayDateEarlier = mayDateEarlier(caller)] events in
                // X9, D3, W5: a report's deadline is judged by the day it is made, so, as a campaign's step
                // (S2), it is dated the day it is recorded; only the roles the policy names (the province
                // office entering a report that reached it on paper) record an earlier one.
                guard date < today, !mayDateEarlier, let rule = events.lazy.compactMap(\.reportsOnItsDay).first
                else { return }
                throw Refusal(
                    rule, "报告按办理当日（\(today)）记录，\(caller.role.chineseName)不能记为\(date)：其期限按报告之日计算",
                    field: "effectiveOn")
            })
    }

    /// The unit `command` names for a talent to be held at, with the field that names it (as the API's body
    /// names it): an evaluation's (or its correction's) unit, the new unit of a move within the province,
    /// whether to a related post or to an unrelated one (X3; the unit it works at then reports, O2). A move
    /// out of the province or into civil service names none: the original unit goes on answering, O2.
    static func namedUnit(of command: TalentCommand) -> (field: String, unit: UnitID)? {
        switch command {
        case .evaluate(let evaluation): ("evaluation.unit", evaluation.unit)
        case .correctEvaluation(let evaluation, _): ("evaluation.unit", evaluation.unit)
        // An empty one is the domain's to refuse (T2: a move within the province names its unit).
        case .relocate(.withinProvince, let newUnit?, _) where !newUnit.rawValue.isEmpty: ("newUnit", newUnit)
        case .relocate(.unrelatedPost, let newUnit?, _) where !newUnit.rawValue.isEmpty: ("newUnit", newUnit)
        // A move into the civil service names a unit only when the register holds it (a 参公 unit of the
        // tree): a report found untrue makes that unit answer for the talent (O2).
        case .relocate(.civilService, let newUnit?, _) where !newUnit.rawValue.isEmpty: ("newUnit", newUnit)
        default: nil
        }
    }

    /// Imports an evaluation list (the provincial office's, and the system's): every line checked, and
    /// nothing written unless every line is good (see `EvaluationImport`). Under a `commandID` (a client's
    /// idempotency key) the list sent again is answered as its first import was (`replayed`), and the key
    /// with another list or day is ``CommandIDReused``; a dry run records nothing and is never a retry.
    public func importEvaluationList(
        _ data: Data, evaluatedOn date: Day, dryRun: Bool = false, by caller: Caller, commandID: UUID? = nil,
        progress: @Sendable (EvaluationImport.Progress) -> Void = { _ in }
    ) async throws -> EvaluationImport.Report {
        guard let commandID, !dryRun else {
            return try await importEvaluationList(
                reading: { DataChunks(data) }, evaluatedOn: date, dryRun: dryRun, by: caller, progress: progress)
        }
        try Self.requireEvaluationListImporter(caller)
        let retry = EvaluationListRetry(commandID: commandID, list: data, evaluatedOn: date)
        if let earlier = try await retry.earlier(in: store) { return earlier }
        let report: EvaluationImport.Report
        do {
            report = try await importEvaluationList(
                reading: { DataChunks(data) }, evaluatedOn: date, by: caller,
                recordedUnder: ({ retry.appendID($0) }, retry.digest), progress: progress)
        } catch let error where error is InvalidAppend || error is ConcurrentRepeat {
            // Sent twice at once under the key, the other list committed first: its appends hold the key's
            // ids. The same list is answered as that import; another is the key reused (`earlier` says
            // so). Nothing under the key: the append failed for a reason of its own.
            if let earlier = try await retry.earlier(in: store) { return earlier }
            throw error
        }
        // The same list sent twice at once: the one that waited finds the other's talents in the register
        // and is refused, but the other recorded it under this key.
        if !report.isValid, let earlier = try await retry.earlier(in: store) { return earlier }
        return report
    }

    /// Refuses a day that has not come (`on`): what stands on it (a unit late, something overdue) is not yet
    /// so, and may still be done in time.
    func requireDayHasCome(_ date: Day, doing: String) throws {
        if let problem = Self.dayToComeProblem(date, today: today(), doing: doing) { throw InvalidInput("on", problem) }
    }

    /// The same, for a day that must also be one of the register's (a job's, an overdue list's): a day
    /// outside them is said as such first.
    func requireRegisterDayHasCome(_ date: Day, doing: String) throws {
        if let problem = limits.outsideDays(date) { throw InvalidInput("on", problem) }
        try requireDayHasCome(date, doing: doing)
    }

    /// Why nothing can be done on `date` yet, nil when it can: a job, a document or a list dated ahead would
    /// record or report what is not yet so. `doing` says what would be done ("a job acts").
    public static func dayToComeProblem(_ date: Day, today: Day, doing: String) -> String? {
        date <= today ? nil : "\(date) is after today (\(today)): \(doing) on a day that has come"
    }

    /// Why a list cannot be imported as evaluated on `date`, nil when it can: a list evaluated on a day to
    /// come would put talents in the register that nobody can see (a talent is there from its evaluation)
    /// nor correct (a correction may not be dated ahead, nor before the talent's first fact), as a command
    /// dated ahead is refused (LIMITS). Asked before a list is read.
    public static func evaluationDayProblem(_ date: Day, today: Day) -> String? {
        dayToComeProblem(date, today: today, doing: "a list is imported as evaluated")
    }

    /// The largest evaluation list taken (about 100,000 lines), by the API and the console alike.
    public static let evaluationListMaximumBytes = 20 << 20

    /// Whether the caller's role imports evaluation lists (the provincial office's does).
    public static func importsEvaluationLists(_ caller: Caller) -> Bool {
        [.provinceOffice, .system].contains(caller.role)
    }

    /// Refuses a caller whose role does not import evaluation lists (the provincial office does): asked
    /// first, before a list is read at all, so that nobody else makes the server take in a large file.
    public static func requireEvaluationListImporter(_ caller: Caller) throws {
        guard importsEvaluationLists(caller) else {
            throw Forbidden("人才评定名单由省人社厅导入")
        }
    }

    /// The same, reading the list in chunks from `open` (twice: once to check, once to write), so that a
    /// large file is never held whole.
    public func importEvaluationList<Source: ByteChunks>(
        reading open: () throws -> Source, evaluatedOn date: Day, dryRun: Bool = false, by caller: Caller,
        progress: @Sendable (EvaluationImport.Progress) -> Void = { _ in }
    ) async throws -> EvaluationImport.Report {
        try await importEvaluationList(
            reading: open, evaluatedOn: date, dryRun: dryRun, by: caller, recordedUnder: nil, progress: progress)
    }

    private func importEvaluationList<Source: ByteChunks>(
        reading open: () throws -> Source, evaluatedOn date: Day, dryRun: Bool = false, by caller: Caller,
        recordedUnder retry: (appendID: @Sendable (Int) -> UUID, digest: String)?,
        progress: @Sendable (EvaluationImport.Progress) -> Void
    ) async throws -> EvaluationImport.Report {
        try Self.requireEvaluationListImporter(caller)
        if let problem = Self.evaluationDayProblem(date, today: today()) { throw InvalidInput("evaluatedOn", problem) }
        var importer = EvaluationImport(
            store: store, policy: policy, date: date, actor: caller.id, role: caller.role.rawValue,
            organization: caller.organization)
        if let retry { importer = importer.recorded(under: retry.appendID, digest: retry.digest) }
        let report = try await importer.run(reading: open, dryRun: dryRun, progress: progress)
        if report.written {
            Self.countAppended(report.events, origin: "import", type: "all")
        }
        return report
    }

    /// Counts events the register appended, by where they came from and their type (on `/metrics`).
    static func countAppended(_ count: Int, origin: String, type: String) {
        Counter(label: "talentledger_events_appended_total", dimensions: [("origin", origin), ("type", type)])
            .increment(by: count)
    }

    /// Brings the read models up to every event committed so far (after a bulk write, say), waiting at
    /// most `timeout` for transactions still open elsewhere to let them through.
    @discardableResult
    public func catchUpProjections(timeout: Duration = .seconds(30)) async throws -> Int {
        try await ReadModelProjector(store: store, policy: policy, logger: logger).catchUp(timeout: timeout)
    }

    /// Brings the read models up to an evaluation list just written, so that its talents are read at once
    /// as a command's talent is; nil once they are, else why not yet. Committed is committed: rows held
    /// back (a transaction open elsewhere) are a warning for the caller to give, never a failed import,
    /// which would invite a retry that the register then refuses as "already in the register".
    public func catchUpProjections(after report: EvaluationImport.Report, within timeout: Duration) async
        -> (any Error)?
    {
        guard report.written, !report.replayed else { return nil }
        do {
            try await catchUpProjections(timeout: timeout)
            return nil
        } catch {
            return error
        }
    }

    /// Walks every stream's hash chain: for auditors and the provincial office. `progress` hears the
    /// streams checked so far and their number.
    public func verify(
        by caller: Caller, progress: @Sendable (_ checked: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> VerificationReport {
        guard Access.mayAudit(caller) else {
            throw Forbidden("核验事件记录由审计人员和省人社厅办理")
        }
        return try await store.verify(progress: progress)
    }

    /// How the register is doing: whether the database answers and whether the projector had to set a
    /// stream aside, and how far behind the read models are. Two short statements on a connection of its
    /// own, each bounded to a second; never a count of all the events. With `disk`, the room left there
    /// too (the embedded cluster's data folder).
    public func health(disk watch: DiskRoom.Watch? = nil, logger: Logger? = nil) async -> Health {
        let disk = watch?.room()
        do {
            let quarantined = try await ProjectionQuarantine.count(in: store)
            let lag = try await store.lag(ofSubscription: TalentProjection.subscriptionName)
            let readOnly = try await WriteAccess.readOnly(store)
            return Health(
                status: quarantined == 0 && disk?.isLow != true && !readOnly ? .ok : .degraded,
                database: readOnly ? .readOnly : .reachable, quarantinedStreams: quarantined, projectionLag: lag,
                disk: disk)
        } catch {
            // A probe every few seconds through an outage is said as the requests' failures are: once per
            // half minute, with the count of those between.
            outages.record(error, path: "/health", logger: logger ?? self.logger)
            return Health(
                status: .unavailable, database: .unreachable, quarantinedStreams: 0, projectionLag: nil, disk: disk)
        }
    }

    /// The policy's campaigns whose rosters the read models do not hold yet (added to the policy since
    /// they were written): a server says so when it starts, and `projections rebuild` writes them.
    public func campaignsWithoutRoster() async throws -> [Int] {
        try await ProjectionMaintenance(store: store, policy: policy).campaignsWithoutRoster()
    }

    /// The watch that stops a server once a newer release has taken its database over (``NewerReleaseWatch``),
    /// as a service for a server's lifecycle.
    public func newerReleaseWatch(every interval: Duration = .seconds(5)) -> NewerReleaseWatch {
        NewerReleaseWatch(store: store, interval: interval, logger: logger)
    }

    /// The projector that keeps the read models in step, as a service for a server's lifecycle.
    public func projectorService(pollInterval: Duration = .seconds(1)) -> ProjectorService {
        ProjectorService(
            projector: ReadModelProjector(store: store, policy: policy, pollInterval: pollInterval, logger: logger),
            logger: logger)
    }
}
