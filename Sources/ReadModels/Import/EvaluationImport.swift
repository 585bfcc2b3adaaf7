import EventStore
import Foundation
import Postgres
import TalentDomain

/// Imports an evaluation list (评定名单): one talent per CSV line, `id,name,unit,tier,start_date,
/// start_source,document`, optionally followed by `professional_field` (which may be left empty), each
/// evaluated by the domain on the import day and appended through the bulk path. All or nothing: every
/// bad line is reported with its line number and any bad line rejects the file. Names go to
/// `talent_profiles`, never into events.
public struct EvaluationImport: Sendable {
    public static let header = ["id", "name", "unit", "tier", "start_date", "start_source", "document"]
    /// A column a file may add after the required ones: the talent's professional field (专业领域).
    public static let optionalColumn = "professional_field"
    /// Lines per bulk append; all of them commit in one transaction.
    public static let linesPerAppend = 10_000

    public typealias Problem = CSV.Problem

    /// A good line: the talent, its name and the events the domain decided for it.
    public struct Row: Sendable, Hashable {
        public var line: Int
        public var talent: TalentID
        public var name: String
        public var evaluation: Evaluation
        public var events: [TalentEvent]
    }

    public struct Report: Sendable, Hashable {
        /// Data lines read (the header not counted).
        public var lines: Int
        public var problems: [Problem]
        public var written: Bool
        public var talents: Int
        public var events: Int
        public var isValid: Bool { problems.isEmpty }
    }

    public enum Progress: Sendable, Hashable {
        case validated(lines: Int, problems: Int)
        case written(lines: Int, of: Int, events: Int)
    }

    public let store: EventStore
    public let policy: Policy
    /// The business day the evaluations are recorded on (the `decide` date).
    public let date: Day
    public let metadata: EventMetadata

    public init(store: EventStore, policy: Policy, date: Day, actor: String = "import") {
        self.store = store
        self.policy = policy
        self.date = date
        metadata = EventMetadata(
            actor: actor, role: "system", reason: "evaluation list import", correlationID: UUID().uuidString)
    }

    /// Validates `data` and, unless `dryRun` or a line is bad, writes it in one transaction.
    public func run(_ data: Data, dryRun: Bool = false, progress: @Sendable (Progress) -> Void = { _ in }) async throws
        -> Report
    {
        let parsed = Self.validate(data, policy: policy, date: date)
        var problems = parsed.problems + (try await checkAgainstStore(parsed.rows))
        problems.sort { ($0.line, $0.reason) < ($1.line, $1.reason) }
        progress(.validated(lines: parsed.lines, problems: problems.count))
        let events = parsed.rows.reduce(0) { $0 + $1.events.count }
        var report = Report(
            lines: parsed.lines, problems: problems, written: false, talents: parsed.rows.count, events: events)
        guard problems.isEmpty, !parsed.rows.isEmpty else { return report }
        // A dry run writes exactly as the real run does and then rolls back, so that one that passes
        // never fails for real.
        do {
            try await write(parsed.rows, dryRun: dryRun, progress: progress)
        } catch is DryRunRollback {
            return report
        }
        report.written = true
        return report
    }

    /// Thrown to roll a dry run's writes back.
    struct DryRunRollback: Error {}

    /// The checks that need the store: the id is new, the unit is a registered employer unit.
    func checkAgainstStore(_ rows: [Row]) async throws -> [Problem] {
        guard !rows.isEmpty else { return [] }
        let streamIDs = rows.map { TalentStream.id($0.talent) }
        let unitIDs = Array(Set(rows.map(\.evaluation.unit.rawValue)))
        return try await store.withConnection { store in
            let existing = Set(try await store.versions(of: streamIDs).keys)
            var kinds: [String: String] = [:]
            for row in try await store.connection.query(
                "SELECT organization_id, kind FROM organizations WHERE organization_id = ANY(\(unitIDs)::text[])")
            {
                kinds[try row.decode(String.self, at: 0)] = try row.decode(String.self, at: 1)
            }
            // Registered but not projected yet: the organization's stream is the authority.
            let unprojected = unitIDs.filter { kinds[$0] == nil }
            for event in try await store.latestEvents(
                ofType: OrganizationStream.registered, inStreams: unprojected.map(OrganizationStream.id))
            {
                let organization = try JSONDecoder().decode(Organization.self, from: event.data)
                kinds[organization.id] = organization.kind.rawValue
            }
            var problems: [Problem] = []
            for row in rows {
                if existing.contains(TalentStream.id(row.talent)) {
                    problems.append(Problem(line: row.line, reason: "talent \(row.talent) is already in the register"))
                }
                let unit = row.evaluation.unit.rawValue
                if let kind = kinds[unit] {
                    if let known = Organization.Kind(rawValue: kind), !known.isEmployerUnit {
                        problems.append(
                            Problem(
                                line: row.line, reason: "organization \(unit) is a \(kind), not an employer unit (T2)"))
                    }
                } else {
                    problems.append(Problem(line: row.line, reason: "unit \(unit) is not a registered organization"))
                }
            }
            return problems
        }
    }

    /// One transaction: a bulk append per `linesPerAppend` lines, each with its profiles.
    func write(_ rows: [Row], dryRun: Bool, progress: @Sendable (Progress) -> Void) async throws {
        let metadata = metadata
        try await store.withTransaction { transaction in
            var written = 0
            var events = 0
            for start in stride(from: 0, to: rows.count, by: Self.linesPerAppend) {
                let chunk = rows[start..<min(start + Self.linesPerAppend, rows.count)]
                let appends = try chunk.map { row in
                    var eventMetadata = metadata
                    eventMetadata.evidence = [row.evaluation.evaluatingDocument]
                    return StreamAppend(
                        streamID: TalentStream.id(row.talent), streamType: TalentStream.type, expected: .noStream,
                        events: try row.events.map { try TalentStream.newEvent($0, metadata: eventMetadata) })
                }
                events += try await transaction.appendBulk(appends, commandID: .timeOrdered())
                try await TalentProfiles.upsert(
                    ids: chunk.map(\.talent.rawValue), names: chunk.map(\.name), on: transaction.connection)
                written += chunk.count
                progress(.written(lines: written, of: rows.count, events: events))
            }
            if dryRun { throw DryRunRollback() }
        }
        store.announcer.announce()
    }
}
