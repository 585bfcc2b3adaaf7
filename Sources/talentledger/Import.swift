import ArgumentParser
import Foundation
import ReadModels
import TalentApplication
import TalentDomain

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Import an evaluation list (CSV: id,name,unit,tier,start_date,start_source,document); all or nothing.",
        discussion: "The header names the columns, in any order, in English or as a Chinese list heads them ("
            + ListColumn.allCases.map { "\($0.rawValue) \($0.chineseHeadings.joined(separator: "/"))" }
            .joined(separator: ", ")
            + "); \(EvaluationImport.optionalColumn) may be left out, and its values empty; columns headed "
            + ListColumn.ignoredHeadings.sorted().joined(separator: "/") + " are passed over, as are titles above the"
            + " header. start_source is one of "
            + "\(EvaluationImport.startSources.keys.sorted().joined(separator: ", "))."
            + " tier is A–E (or A类); start_date is YYYY-MM-DD (or 2024/3/1, 2024年3月1日, 20240301, or Excel's day"
            + " number). The file is an Excel workbook (.xlsx: the sheet whose first rows hold the header, a line per row), or text in UTF-8,"
            + " comma- or tab-separated (from Excel or WPS, “CSV UTF-8”: their plain “CSV” on Chinese Windows is"
            + " GB18030, which is refused with how to save it)."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The list: an .xlsx workbook, or a CSV file.")
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Validate and report without writing.")
    var dryRun = false

    @Option(help: "Business day the evaluations are recorded on, YYYY-MM-DD (default: today in China).")
    var date: String?

    @Option(
        name: .customLong("wait-for-projections"),
        help: "Seconds to wait for the read models to show the import (it is committed either way).")
    var waitForProjections = 30

    func validate() throws {
        guard (0...3600).contains(waitForProjections) else {
            throw ValidationError("--wait-for-projections must be 0 to 3600 seconds")
        }
        // Here rather than in `run()`: a ValidationError thrown there is shown with the top-level usage.
        if let date { _ = try CLIValues.day(date, option: "--date") }
    }

    @OptionGroup var policyOptions: PolicyOptions

    func run() async throws {
        let report = try await report()
        // A list imported before is said once (the summary), not as a line per talent.
        let shown = report.problemsToList
        for problem in shown { print(problem.description) }
        if shown.count < report.problems.count { print("… \(report.problems.count - shown.count) more alike") }
        print(Self.summary(of: report, day: try day()))
        if Self.failed(report) { throw ExitCode(2) }
    }

    /// A list with bad lines, or with none (most likely the wrong file), fails the command, as the API
    /// refuses either: a script that imports sees it in the exit status.
    static func failed(_ report: EvaluationImport.Report) -> Bool { !report.isValid }

    func day() throws -> Day {
        guard let date else { return BusinessDay.today() }
        let day = try CLIValues.day(date, option: "--date")
        // Said before the database is opened, as the register would refuse it.
        if let problem = TalentRegister.evaluationDayProblem(day, today: BusinessDay.today()) {
            throw CLIFailure("--date: \(problem)")
        }
        return day
    }

    /// Checks the file and, unless it is a dry run or a line is bad, imports it; progress goes to
    /// standard error.
    func report() async throws -> EvaluationImport.Report {
        let logger = database.makeLogger("talentledger.import")
        let url = URL(fileURLWithPath: file)
        // Opened once here to say in words why it cannot be, then once for each pass. A folder opens
        // (for reading its entries) and fails only at the first read, with Foundation's dump.
        if CLIValues.kind(at: file) == .folder {
            throw CLIFailure("cannot read \(file): it is a folder, not a file")
        }
        do {
            try FileHandle(forReadingFrom: url).close()
        } catch {
            throw CLIFailure("cannot read \(file): \(CLIValues.describe(error))")
        }
        let day = try day()
        let policy = try policyOptions.load()
        // It writes the talents' rows: never by the reading of another release's derivation (an older
        // binary's import on an upgraded register would leave rows no rebuild is due for).
        return try await DatabaseSession.with(database, purpose: .write, actsOnReadModels: true, logger: logger) {
            session in
            let register = TalentRegister(store: session.store, policy: policy, logger: logger)
            // The list is written in one transaction: until it commits, an interruption keeps nothing of it.
            Interruption.sayOnInterrupt(
                dryRun ? "a dry run keeps nothing" : "nothing of the list is imported (all or nothing); import it again"
            )
            let report = try await register.importEvaluationList(
                reading: { FileChunks(try FileHandle(forReadingFrom: url)) }, evaluatedOn: day, dryRun: dryRun,
                by: .system
            ) { [dryRun] step in
                FileHandle.standardError.write(Data((Self.progressLine(step, dryRun: dryRun) + "\n").utf8))
            }
            if report.written {
                Interruption.sayOnInterrupt(
                    "the list is imported (committed); the read models catch up on their own, do not import it again")
            }
            if let lag = await register.catchUpProjections(after: report, within: .seconds(waitForProjections)) {
                FileHandle.standardError.write(
                    Data(
                        ("warning: the import is committed; the read models have not caught up yet and will "
                            + "(\(lag))\n").utf8))
            }
            return report
        }
    }

    /// A line of progress on standard error. A dry run writes and rolls back (the real run's checks), so
    /// its second pass says it tried the lines, never that it wrote them.
    static func progressLine(_ step: EvaluationImport.Progress, dryRun: Bool) -> String {
        switch step {
        case .checking(let lines, let problems):
            "checking: \(CLIValues.count(lines, "line")), \(CLIValues.count(problems, "problem")) so far"
        case .validated(let lines, let problems):
            "validated \(CLIValues.count(lines, "line")), \(CLIValues.count(problems, "problem"))"
        case .written(let lines, let total, let events):
            (dryRun
                ? "tried \(lines)/\(total) lines, \(CLIValues.count(events, "event")) (dry run: rolled back)"
                : "written \(lines)/\(total) lines, \(CLIValues.count(events, "event"))")
        }
    }

    /// The closing line: what happened, in words.
    static func summary(of report: EvaluationImport.Report, day: Day) -> String {
        if !report.isValid {
            // No data line read: the file is empty or its header is not the list's (the problem says which).
            if report.lines == 0 { return "rejected: the file holds no evaluation list; nothing written" }
            if report.importedBefore {
                return "rejected: every id of the list (\(CLIValues.count(report.lines, "line"))) is in the "
                    + "register already: most likely the list was imported before (otherwise its ids are taken); "
                    + "nothing written (its first \(CLIValues.count(report.problemsToList.count, "line")) listed above)"
            }
            let badLines = Set(report.problems.map(\.line)).count
            return "rejected: \(badLines) bad of \(CLIValues.count(report.lines, "line")) "
                + "(\(CLIValues.count(report.problems.count, "problem"))); nothing written"
        }
        let talents = CLIValues.count(report.talents, "talent")
        let events = CLIValues.count(report.events, "event")
        // A past list imported on today's day: its talents' history would start today (as of an earlier day
        // the register answers that they were not evaluated yet). Said, with how a past list is imported.
        let past =
            report.pastListStart(recordedOn: day).map { start in
                "\nnote: periods start from \(start), more than a year before \(day), the day these evaluations "
                    + "are recorded as given: as of an earlier day the register answers that they were not evaluated "
                    + "yet. A past list is imported on its own day: --date (the day of its evaluation document)."
            } ?? ""
        if report.written { return "imported \(talents), \(events) (evaluated on \(day))" + past }
        return "valid: \(talents), \(events) would be written (dry run, nothing written)" + past
    }
}
