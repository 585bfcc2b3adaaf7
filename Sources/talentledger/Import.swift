import ArgumentParser
import Foundation
import ReadModels
import TalentApplication
import TalentDomain

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Import an evaluation list (CSV: id,name,unit,tier,start_date,start_source,document); all or nothing.",
        discussion: "The header may end with a further column, \(EvaluationImport.optionalColumn) (its values may "
            + "be empty). start_source is one of \(EvaluationImport.startSources.keys.sorted().joined(separator: ", "))."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Validate and report without writing.")
    var dryRun = false

    @Option(help: "Business day the evaluations are recorded on, YYYY-MM-DD (default: today in China).")
    var date: String?

    @OptionGroup var policyOptions: PolicyOptions

    func run() async throws {
        let logger = database.makeLogger("talentledger.import")
        let data = try CLIValues.read(file)
        let day =
            try date.map { text in
                do { return try Day(text) } catch { throw ValidationError("--date: \(error)") }
            } ?? Self.todayInChina()
        let policy = try policyOptions.load()
        let report = try await DatabaseSession.with(database, logger: logger) { session in
            let register = TalentRegister(store: session.store, policy: policy, logger: logger)
            let report = try await register.importEvaluationList(data, evaluatedOn: day, dryRun: dryRun, by: .system) {
                step in
                let line: String
                switch step {
                case .validated(let lines, let problems): line = "validated \(lines) lines, \(problems) problems"
                case .written(let lines, let total, let events):
                    line = "written \(lines)/\(total) lines, \(events) events"
                }
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            if report.written {
                // Committed is committed: a projector that lags is a warning, never a failed import (which
                // would invite a retry that the register then refuses as "already in the register").
                do {
                    try await register.catchUpProjections()
                } catch {
                    FileHandle.standardError.write(
                        Data(
                            ("warning: the import is committed; the read models have not caught up yet and will "
                                + "(\(error))\n").utf8))
                }
            }
            return report
        }
        for problem in report.problems { print("line \(problem.line): \(problem.reason)") }
        if !report.isValid {
            let badLines = Set(report.problems.map(\.line)).count
            print(
                "rejected: \(badLines) bad of \(report.lines) lines (\(report.problems.count) problems); nothing written"
            )
            throw ExitCode(2)
        }
        if report.lines == 0 {
            print("no lines to import: the file holds the header only")
        } else if report.written {
            print("imported \(report.talents) talents, \(report.events) events (evaluated on \(day))")
        } else {
            print(
                "valid: \(report.talents) talents, \(report.events) events would be written (dry run, nothing written)")
        }
    }

    /// The register's business day is China's (UTC+8, no daylight saving).
    static func todayInChina() -> Day {
        let seconds = Int(Date().timeIntervalSince1970) + 8 * 3600
        return Day(ordinal: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
