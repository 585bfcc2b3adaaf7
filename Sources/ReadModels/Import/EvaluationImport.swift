import EventStore
import Foundation
import Postgres
import TalentDomain

/// Imports an evaluation list (评定名单): one talent per CSV line (or per row of an .xlsx workbook's first
/// sheet), `id,name,unit,tier,start_date,start_source,document`, optionally with `professional_field`
/// (which may be left empty), each evaluated by the domain on the import day and appended through the bulk
/// path. All or nothing: every bad line is reported with its line number and any bad line rejects the file.
/// Names go to `talent_profiles`, never into events.
public struct EvaluationImport: Sendable {
    /// The columns every list has, in the order `talentledger import` documents them (a list may order
    /// them otherwise, and head them in Chinese: ``ListColumn``).
    public static let header = ListColumn.allCases.filter(\.isRequired).map(\.rawValue)
    /// A column a file may add: the talent's professional field (专业领域).
    public static let optionalColumn = ListColumn.professionalField.rawValue

    public typealias Problem = CSV.Problem

    /// A good line: the talent, its name and the events the domain decided for it.
    public struct Row: Sendable, Hashable {
        public var line: Int
        /// The row as a spreadsheet counts it, where it differs from `line`.
        public var row: Int?
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
        /// Lines whose talent is in the register already (in any case).
        public var alreadyInRegister = 0
        /// The earliest management period a good line starts: a list recorded years after its periods began
        /// is most likely a past list, which is imported on its own day (its evaluations' history starts
        /// on the day they are recorded as given).
        public var earliestPeriodStart: Day?

        /// The earliest period start when it lies more than a year before `day`, the day the list is recorded
        /// as evaluated on: most likely a past list, whose talents' history would start on `day` (as of an
        /// earlier day the register would answer that they were not evaluated yet). Nil otherwise.
        public func pastListStart(recordedOn day: Day) -> Day? {
            earliestPeriodStart.flatMap { $0 < day.adding(years: -1) ? $0 : nil }
        }
        /// Whether this answers a list sent again under its idempotency key: what its first import wrote,
        /// nothing written now.
        public var replayed = false
        public var isValid: Bool { problems.isEmpty }
        /// Whether every line is refused only because its id is in the register: most likely the list was
        /// imported before (a retry after an answer that never came), which is said once, not per line
        /// (the ids may also be taken by other talents: the register cannot tell).
        public var importedBefore: Bool {
            lines > 0 && alreadyInRegister == lines && problems.count == lines
        }
        /// The problems to list: every one, or for a list imported before only its first few, which show what
        /// every line says.
        public var problemsToList: [Problem] { importedBefore ? Array(problems.prefix(3)) : problems }

        /// The answer to a list sent again under its idempotency key: what its first import wrote (a list
        /// written has a talent on each line).
        public static func replayed(talents: Int, events: Int) -> Report {
            Report(lines: talents, problems: [], written: true, talents: talents, events: events, replayed: true)
        }
    }

    public enum Progress: Sendable, Hashable {
        /// The first pass is under way: lines checked so far.
        case checking(lines: Int, problems: Int)
        case validated(lines: Int, problems: Int)
        case written(lines: Int, of: Int, events: Int)
    }

    public let store: EventStore
    public let policy: Policy
    /// The business day the evaluations are recorded on (the `decide` date).
    public let date: Day
    public private(set) var metadata: EventMetadata
    /// Whether a line may hold fewer fields than the header, the rest empty: a sheet's row, which ends at its
    /// last filled cell (a CSV's line short of its fields has lost a separator, and is said so).
    var rowsMayEndEarly = false
    /// The name of the workbook's sheet the list is read from, which a header problem names.
    var sheetName: String?
    /// Lines per bulk append; all of them commit in one transaction.
    public var linesPerAppend = 10_000
    /// The command id of the list's `n`th bulk append (one per ``linesPerAppend`` lines): new ids, unless
    /// the list is recorded under a client's key (``recorded(under:digest:)``).
    private var appendID: @Sendable (Int) -> UUID = { _ in .timeOrdered() }

    /// An import recorded as `actor`'s, in `role` for `organization` (the province office's, or the system's
    /// from the command line), as a command is recorded as its caller's.
    public init(
        store: EventStore, policy: Policy, date: Day, actor: String = "import", role: String = "system",
        organization: String? = nil
    ) {
        self.store = store
        self.policy = policy
        self.date = date
        metadata = EventMetadata(
            actor: actor, role: role, organization: organization, reason: "评定名单导入",
            correlationID: UUID().uuidString)
    }

    /// The same import, its bulk appends recorded under the ids `appendID` gives and with the digest of
    /// the request that sent the list, so that the list sent again is known as the same (the
    /// application's `EvaluationListRetry`).
    public func recorded(under appendID: @escaping @Sendable (Int) -> UUID, digest: String) -> EvaluationImport {
        var recorded = self
        recorded.appendID = appendID
        recorded.metadata.requestDigest = digest
        return recorded
    }

    /// Validates `data` and, unless `dryRun` or a line is bad, writes it in one transaction.
    public func run(_ data: Data, dryRun: Bool = false, progress: @Sendable (Progress) -> Void = { _ in }) async throws
        -> Report
    {
        try await run(reading: { DataChunks(data) }, dryRun: dryRun, progress: progress)
    }

    /// Reads the list twice from `open` (a file, say), each time in chunks, so that memory stays flat
    /// however long it is: the first pass checks every line (and against the store, a chunk at a time),
    /// the second decides the lines again (the domain is pure) and writes them, all in one transaction,
    /// unless a line was bad. A dry run writes as the real run does and then rolls back, so that one
    /// that passes never fails for real.
    public func run<Source: ByteChunks>(
        reading open: () throws -> Source, dryRun: Bool = false, progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Report {
        // A workbook (.xlsx) is read as the CSV of the sheet that holds the list.
        switch try WorkbookList.list(in: open) {
        case .success(let list)?:
            var sheet = self
            sheet.rowsMayEndEarly = true
            sheet.sheetName = list.name
            var report = try await sheet.runCSV(reading: { DataChunks(list.csv) }, dryRun: dryRun, progress: progress)
            // A problem is at the sheet's row: the lines of the CSV the sheet was read as also break inside
            // cells (Alt+Enter), which the clerk never sees as lines.
            report.problems = report.problems.map { problem in
                var atRow = problem
                atRow.line = problem.row ?? problem.line
                atRow.row = nil
                return atRow
            }
            return report
        case .failure(let problem)?: return Report(lines: 0, problems: [problem], written: false, talents: 0, events: 0)
        case nil: return try await runCSV(reading: open, dryRun: dryRun, progress: progress)
        }
    }

    func runCSV<Source: ByteChunks>(
        reading open: () throws -> Source, dryRun: Bool, progress: @Sendable (Progress) -> Void
    ) async throws -> Report {
        var report = try await check(reading: open, progress: progress)
        report.problems.sort { ($0.line, $0.reason) < ($1.line, $1.reason) }
        progress(.validated(lines: report.lines, problems: report.problems.count))
        guard report.problems.isEmpty, report.talents > 0 else { return report }
        do {
            try await write(reading: open, total: report.talents, dryRun: dryRun, progress: progress)
        } catch is DryRunRollback {
            return report
        } catch let problem as Problem {
            // The register or the file changed between the passes: said as a line's problem, nothing written.
            report.problems.append(problem)
            return report
        }
        report.written = true
        return report
    }

    /// The first pass: every line checked, keeping only what later lines need (each id's first line)
    /// and a chunk of good lines until the store has checked them.
    func check<Source: ByteChunks>(
        reading open: () throws -> Source, progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Report {
        var reader = CSV.Reader(try open())
        var report = Report(lines: 0, problems: [], written: false, talents: 0, events: 0)
        guard let columns = try Self.columns(from: &reader, report: &report, sheet: sheetName) else { return report }
        var firstLineOfID: [String: Int] = [:]
        var pending: [StoreCheck] = []
        var encoding = TextEncodingEvidence()
        var notes = TrailingNotes()
        while let item = try reader.next() {
            if case .record(let record) = item, columns.holdsNothingTaken(record) { continue }
            report.lines += 1
            guard case .record(let record) = item else {
                if case .problem(let problem) = item { report.problems.append(problem) }
                notes.look(at: nil, id: "")
                continue
            }
            // A repeated id is bad even when the line it repeats is bad for another reason; ids are told
            // apart by their letters, not their case (JD000009 and jd000009 are one talent typed twice).
            let id = columns.id(of: record)
            // A repeat is said with every other problem of its line, whose id the store is not asked about
            // again (its first line is).
            let repeated = id.isEmpty ? nil : firstLineOfID[id.lowercased()]
            if let earlier = repeated {
                report.problems.append(
                    Self.problem(
                        "id \(excerpt(id)) repeats line \(earlier)", "人才编号 \(excerpt(id)) 与第 \(earlier) 行重复",
                        at: record,
                        columns: columns))
            } else if !id.isEmpty {
                firstLineOfID[id.lowercased()] = record.line
            }
            encoding.look(at: record, columns: columns, declaredUTF8: reader.hadByteOrderMark)
            let decided = Self.row(
                record, columns: columns, policy: policy, date: date, rowsMayEndEarly: rowsMayEndEarly)
            if case .failure = decided { notes.look(at: record, id: id) } else { notes.look(at: nil, id: id) }
            switch decided {
            case .success(let row) where repeated == nil:
                report.talents += 1
                report.events += row.events.count
                if case .talentEvaluated(let evaluated)? = row.events.first {
                    report.earliestPeriodStart = min(
                        report.earliestPeriodStart ?? evaluated.periodStart, evaluated.periodStart)
                }
                pending.append(
                    StoreCheck(line: row.line, row: row.row, talent: row.talent, unit: row.evaluation.unit.rawValue))
            case .success(let row):
                pending.append(
                    StoreCheck(
                        line: row.line, row: row.row, talent: row.talent, unit: row.evaluation.unit.rawValue,
                        asksID: false))
            case .failure(let bad):
                report.problems += bad.problems
                // A line bad in its fields is checked against the store too, where its id and unit can be: the
                // clerk mends all of it in one go.
                let unit = columns.value(.unit, in: record.fields).trimmingCharacters(in: .whitespacesAndNewlines)
                if !unit.isEmpty, !columns.isHeader(record), columns.aligned(record, rowsMayEndEarly: rowsMayEndEarly) {
                    pending.append(
                        StoreCheck(
                            line: record.line, row: record.row, talent: TalentID(id), unit: unit,
                            asksID: repeated == nil && TalentID(id).isWellFormed))
                }
            }
            if pending.count >= linesPerAppend {
                try await checkAgainstStore(pending, into: &report)
                pending.removeAll(keepingCapacity: true)
                progress(.checking(lines: report.lines, problems: report.problems.count))
            }
        }
        try await checkAgainstStore(pending, into: &report)
        report.problems += encoding.problems
        if let said = notes.problem {
            report.problems = report.problems.filter { !notes.lines.contains($0.line) } + [said]
        } else if let said = notes.onlyNotes {
            report.problems = report.problems.filter { !notes.leading.contains($0.line) } + [said]
        }
        // A header and nothing under it: no list to import, refused as a list is (the same everywhere).
        if report.lines == 0, report.problems.isEmpty {
            report.problems.append(
                Problem(
                    line: 1, reason: "the list holds its header only: no talent to import",
                    chinese: "名单只有表头，没有可导入的行"))
        }
        return report
    }

    /// Lines at the end of a list that look like notes under it (注：以上人员经公示无异议。填表人：… 审核人：…):
    /// bad lines of a cell or two with no talent's id, after a line that is none. Each would be refused for
    /// every field it lacks (an id "注：…" of full-width characters, a unit "审核人：李四" not registered); the
    /// clerk is told once what they are. They are still refused: a line is a talent's or no part of a list.
    struct TrailingNotes {
        /// The lines of the run at the end so far, and the first's place and text.
        private(set) var lines: Set<Int> = []
        private var first: (place: Int, text: String)?
        private var last = 0
        /// Whether a line that is no note came before the run: notes are under a list.
        private var underAList = false
        /// The note-like lines while no other came yet, and the first's place and text: a header with notes
        /// alone under it (a template's sheet sent before any talent was filled in).
        private(set) var leading: Set<Int> = []
        private var leadingFirst: (line: Int, place: Int, text: String)?

        /// Looks at the next line: `record` when it is a bad line, nil when it is a good one (or unreadable).
        mutating func look(at record: CSV.Record?, id: String) {
            let filled = record?.fields.filter { !$0.isBlank } ?? []
            guard let record, filled.count <= 2, !TalentID(id).isWellFormed else {
                (lines, first, underAList) = ([], nil, true)
                return
            }
            guard underAList else {
                leading.insert(record.line)
                if leadingFirst == nil { leadingFirst = (record.line, record.row ?? record.line, filled.first ?? "") }
                return
            }
            lines.insert(record.line)
            last = record.row ?? record.line
            if first == nil { first = (last, filled.first ?? "") }
        }

        /// The one problem said of a list whose every line under the header looks like a note: it holds no
        /// talent, said once, where each line was refused for every field it lacks.
        /// Only where the first reads as a note does (注：…, 填表人：…, 说明…): a list of talents' lines each
        /// short of its fields (a name and a unit alone) is refused line by line, as before.
        var onlyNotes: Problem? {
            guard !underAList, let leadingFirst,
                leadingFirst.text.contains(where: { $0 == "：" || $0 == ":" })
                    || ["注", "备注", "说明"].contains(where: leadingFirst.text.hasPrefix)
            else { return nil }
            let text = excerpt(leadingFirst.text)
            return Problem(
                line: leadingFirst.line,
                reason: "the list holds no talent's line: under its header only what looks like notes (“\(text)”)",
                chinese: "名单中没有人才信息行：表头下只有像是备注的内容（“\(text)”）",
                row: leadingFirst.place == leadingFirst.line ? nil : leadingFirst.place)
        }

        /// The one problem said for the run, at its first line; nil when the list ends with a talent's line.
        var problem: Problem? {
            guard let first, let line = lines.min() else { return nil }
            let text = excerpt(first.text)
            let span = first.place == last ? "line \(last) looks" : "lines \(first.place)–\(last) look"
            let chineseSpan = first.place == last ? "第 \(last) 行" : "第 \(first.place)–\(last) 行"
            return Problem(
                line: line,
                reason: "\(span) like notes under the list (“\(text)”), not talents' lines: delete them from the list "
                    + "(or move them to a sheet of their own) and import it again",
                chinese: "\(chineseSpan)像是名单下方的备注（“\(text)”），不是人才信息行：请从名单中删除（或移到单独的工作表）后再导入",
                row: first.place == line ? nil : first.place)
        }
    }

    /// The header's columns, read from the first record; nil (with the problem reported) when the file
    /// is empty or its header is not the list's. A workbook's header problem names its `sheet`: the clerk
    /// may have looked at another.
    static func columns<Source: ByteChunks>(
        from reader: inout CSV.Reader<Source>, report: inout Report, sheet: String? = nil
    ) throws -> ListColumns? {
        guard let first = try reader.next() else {
            report.problems.append(
                Problem(
                    line: 1, reason: "the file is empty: expected the header \(header.joined(separator: ","))",
                    chinese: "文件是空的：首行应为表头 \(ListColumn.requiredChineseHeadings)"))
            return nil
        }
        guard case .record(var record) = first else {
            if case .problem(let problem) = first { report.problems.append(problem) }
            return nil
        }
        // Titles above the header (a merged cell: "2025年高层次人才评定名单"; "填报单位：… 填报日期：…") are
        // passed over. When no line near the top is the list's header, the first that looks like one (more
        // than a cell: a title is one) is said to be wrong, else the first.
        var top: (line: Int, problem: HeaderProblem)?
        var headerLike: (line: Int, problem: HeaderProblem)?
        for _ in 1...ListColumns.linesLookedAtForHeader {
            switch ListColumns.read(record.fields) {
            case .success(let columns): return columns
            case .failure(let problem):
                top = top ?? (record.line, problem)
                if headerLike == nil,
                    record.fields.count(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) > 1
                {
                    headerLike = (record.line, problem)
                }
            }
            guard let item = try reader.next() else { break }
            guard case .record(let next) = item else {
                // A line that cannot be read (its encoding, say) says more than a header not found.
                if case .problem(let problem) = item { report.problems.append(problem) }
                return nil
            }
            record = next
        }
        if let (line, problem) = headerLike ?? top {
            report.problems.append(
                Problem(
                    line: line, reason: sheet.map { "sheet “\($0)”: " + problem.description } ?? problem.description,
                    chinese: sheet.map { "工作表“\($0)”：" + problem.chinese } ?? problem.chinese))
        }
        return nil
    }

    /// The list changed (on disk, say) between the import's two passes: nothing of it is written.
    static func fileChanged(line: Int) -> Problem {
        Problem(
            line: line, reason: "the file changed while it was imported; nothing written",
            chinese: "导入期间文件发生了变化，整份名单均未写入")
    }

    /// Thrown to roll a dry run's writes back.
    struct DryRunRollback: Error {}

    /// A line's id and unit, to be checked against the store.
    struct StoreCheck {
        var line: Int
        var row: Int?
        var talent: TalentID
        var unit: String
        /// Whether the store is asked whether the id is new: not for an id no talent can have, nor for a
        /// repeat (its first line is asked).
        var asksID = true
    }

    /// The checks that need the store (the id is new, the unit is a registered employer unit whose
    /// evaluation work is not suspended, F1), their problems added to `report`.
    func checkAgainstStore(_ rows: [StoreCheck], into report: inout Report) async throws {
        guard !rows.isEmpty else { return }
        let streamIDs = rows.filter(\.asksID).map { TalentStream.id($0.talent) }
        let unitIDs = Array(Set(rows.map(\.unit)))
        let (problems, alreadyInRegister) = try await store.withConnection { store in
            // Streams of the same ids but for letter case: the register's ids by their folded form.
            let existing = Dictionary(
                try await store.streamIDs(equalButForCaseTo: streamIDs).map { ($0.lowercased(), $0) },
                uniquingKeysWith: { first, _ in first })
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
            // A unit typed in full-width letters or another case (ＵＮＩＴ－０００１, UNIT-0001) is said with
            // the id it most likely means, as a talent's id is.
            let unknown = unitIDs.filter { kinds[$0] == nil }.map { Self.halfWidth($0).lowercased() }
            var meant: [String: String] = [:]
            if !unknown.isEmpty {
                for row in try await store.connection.query(
                    "SELECT organization_id FROM organizations WHERE lower(organization_id) = ANY(\(unknown)::text[])")
                {
                    let id = try row.decode(String.self, at: 0)
                    meant[id.lowercased()] = id
                }
            }
            let work = try await UnitEvaluationWorkStream.work(of: unitIDs.filter { kinds[$0] != nil }, on: store)
            var problems: [Problem] = []
            var alreadyInRegister = 0
            for row in rows {
                func problem(_ reason: String, _ chinese: String) {
                    problems.append(
                        Problem(
                            line: row.line, reason: reason, chinese: chinese, row: row.row, talent: row.talent.rawValue)
                    )
                }
                if row.asksID, let stream = existing[TalentStream.id(row.talent).lowercased()] {
                    alreadyInRegister += 1
                    let registered = TalentStream.talentID(fromStreamID: stream).flatMap { $0 == row.talent ? nil : $0 }
                    problem(
                        "talent \(row.talent) is already in the register\(registered.map { " as \($0)" } ?? "")",
                        "人才 \(row.talent) 已在库中\(registered.map { "（登记为 \($0)）" } ?? "")")
                }
                let unit = row.unit
                if let kind = kinds[unit] {
                    if let known = Organization.Kind(rawValue: kind), !known.isEmployerUnit {
                        problem(
                            "organization \(unit) is a \(kind), not an employer unit (T2)", "单位 \(unit) 不是用人单位（T2）")
                    }
                    if let work = work[unit], let held = work.suspension(on: date) {
                        problem(
                            "unit \(unit): its talent evaluation work is suspended since \(held.from) (F1, fraud found); "
                                + "no talent of it is evaluated until the province office resumes it",
                            work.refusal(held).reason)
                    }
                } else {
                    let likely = meant[Self.halfWidth(unit).lowercased()]
                    problem(
                        "unit \(unit) is not a registered organization\(likely.map { " (did you mean \($0)?)" } ?? "")",
                        "单位编号 \(unit) 未在本系统登记\(likely.map { "（是否为 \($0)？全角字符或大小写不同）" } ?? "")")
                }
            }
            return (problems, alreadyInRegister)
        }
        report.problems += problems
        report.alreadyInRegister += alreadyInRegister
    }

    /// The second pass, in one transaction: the lines decided again and written a chunk at a time, each
    /// chunk a bulk append with its profiles.
    func write<Source: ByteChunks>(
        reading open: () throws -> Source, total: Int, dryRun: Bool, progress: @Sendable (Progress) -> Void
    ) async throws {
        let (metadata, appendID) = (metadata, appendID)
        var reader = CSV.Reader(try open())
        var ignored = Report(lines: 0, problems: [], written: false, talents: 0, events: 0)
        guard let columns = try Self.columns(from: &reader, report: &ignored) else {
            throw Self.fileChanged(line: 1)
        }
        try await store.withTransaction { transaction in
            // The first pass found every id new, but without this transaction's lock: an id registered since
            // (in any case) fails the list here, before anything of it is committed.
            try await transaction.holdRegistrationsOfNewIDs()
            var written = 0
            var events = 0
            var appendsMade = 0
            var chunk: [Row] = []
            func flush() async throws {
                guard !chunk.isEmpty else { return }
                let registered = try await transaction.streamIDs(
                    equalButForCaseTo: chunk.map { TalentStream.id($0.talent) })
                if let stream = registered.first,
                    let row = chunk.first(where: { TalentStream.id($0.talent).lowercased() == stream.lowercased() })
                {
                    let talent = TalentStream.talentID(fromStreamID: stream)?.rawValue ?? stream
                    throw Problem(
                        line: row.line,
                        reason:
                            "talent \(row.talent) was registered (as \(talent)) while this list was imported; nothing written",
                        chinese: "导入期间人才 \(row.talent) 已被登记（\(talent)），整份名单均未写入")
                }
                let appends = try chunk.map { row in
                    var eventMetadata = metadata
                    eventMetadata.evidence = [row.evaluation.evaluatingDocument]
                    return StreamAppend(
                        streamID: TalentStream.id(row.talent), streamType: TalentStream.type, expected: .noStream,
                        events: try row.events.map { try TalentStream.newEvent($0, metadata: eventMetadata) })
                }
                events += try await transaction.appendBulk(appends, commandID: appendID(appendsMade))
                appendsMade += 1
                try await TalentProfiles.upsert(
                    ids: chunk.map(\.talent.rawValue), names: chunk.map(\.name), on: transaction.connection)
                written += chunk.count
                chunk.removeAll(keepingCapacity: true)
                progress(.written(lines: written, of: total, events: events))
            }
            while let item = try reader.next() {
                if case .record(let record) = item, columns.holdsNothingTaken(record) { continue }
                guard case .record(let record) = item,
                    case .success(let row) = Self.row(
                        record, columns: columns, policy: policy, date: date, rowsMayEndEarly: rowsMayEndEarly)
                else {
                    // The first pass found this file whole; a file that changed in between is not written.
                    throw Self.fileChanged(line: 0)
                }
                chunk.append(row)
                if chunk.count == linesPerAppend { try await flush() }
            }
            try await flush()
            guard written == total else {
                throw Self.fileChanged(line: 0)
            }
            if dryRun { throw DryRunRollback() }
        }
        store.announcer.announce()
    }
}
