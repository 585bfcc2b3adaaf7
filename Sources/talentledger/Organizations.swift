import ArgumentParser
import EventStore
import Foundation
import ReadModels
import TalentApplication
import TalentDomain

/// `talentledger organizations …`: the organization tree (O1) of a register of the province's own, which
/// the demo province brings with it and a real register is loaded with before its accounts and talents.
struct OrganizationsGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organizations",
        abstract: "Load the organization tree (O1) into a register: the units, bureaus and departments.",
        subcommands: [Import.self, EvaluationWork.self, CarryOverFindings.self]
    )

    /// F1 after an upgrade: the fraud findings an earlier release recorded with the measure, carried over.
    struct CarryOverFindings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "carry-over-fraud-findings",
            abstract:
                "After an upgrade: suspend the evaluation work of the units whose fraud findings an earlier release recorded with the measure 暂停单位人才认定工作 (F1).",
            discussion: "A release before this one recorded the measure and did nothing with it. Each such finding "
                + "suspends the unit that answered for its talent on the finding's day, from today (an evaluation "
                + "made since stands); a unit suspended already is left as it is, so a second run records nothing. "
                + "Run it once after the upgrade, with --dry-run first."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policyOptions: PolicyOptions
        @Flag(name: .customLong("dry-run"), help: "Say what it would do, and record nothing.") var dryRun = false

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            let policy = try policyOptions.load()
            let logger = database.makeLogger("talentledger.organizations")
            let findings = try await CLIValues.failing {
                try await DatabaseSession.with(
                    database, purpose: .write, actsOnReadModels: true, logger: logger
                ) { session in
                    try await TalentRegister(store: session.store, policy: policy, logger: logger)
                        .carryOverEarlierFindings(dryRun: dryRun, by: .system)
                }
            }
            let lines = findings.map { found in
                let outcome =
                    switch found.outcome {
                    case .suspended: dryRun ? "would suspend" : "suspended"
                    case .suspendedAlready: "suspended already"
                    case .noUnit: "no unit answered for the talent then"
                    }
                return "\(found.talent) found \(found.foundOn): \(found.unit ?? "-") \(outcome)"
            }
            let suspended = findings.filter { $0.outcome == .suspended }.count
            let summary =
                findings.isEmpty
                ? "no earlier fraud finding takes the measure: nothing to carry over"
                : (dryRun ? "dry run: " : "")
                    + "\(CLIValues.count(findings.count, "finding")), \(CLIValues.count(suspended, "unit")) "
                    + (dryRun ? "would be suspended" : "suspended")
            return (lines + [summary]).joined(separator: "\n")
        }
    }

    /// F1: a unit's talent evaluation work, read, suspended on fraud found, or lifted.
    struct EvaluationWork: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluation-work",
            abstract:
                "A unit's talent evaluation work (F1): show it, suspend it on fraud found, or lift the suspension.",
            discussion: "While a unit's evaluation work is suspended, no talent of it is evaluated: an evaluation "
                + "list's line naming it, or a single evaluation dated inside the suspension, is refused. A talent's "
                + "fraud finding that takes the measure 暂停单位人才认定工作 suspends its unit's too. The notice sets "
                + "no length: it holds until lifted here (or by the province office over the API)."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Argument(help: "The unit's id.") var unit: String
        @Option(help: "Suspend it, on this finding of fraud (查实的弄虚作假情形).") var suspend: String?
        @Option(help: "Lift the suspension, for this reason.") var resume: String?
        @Option(
            help:
                "With --resume: the day it is lifted from, YYYY-MM-DD (default: today in China). A suspension takes effect from the day it is recorded."
        ) var on: String?

        func validate() throws {
            if suspend != nil, resume != nil { throw ValidationError("give --suspend or --resume, not both") }
            if on != nil, resume == nil {
                throw ValidationError(
                    suspend == nil
                        ? "--on goes with --resume (the day the suspension is lifted from)"
                        : "a suspension takes effect from the day it is recorded: give no --on with --suspend")
            }
            if let on { _ = try CLIValues.day(on, option: "--on") }
        }

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            let policy = try policyOptions.load()
            let logger = database.makeLogger("talentledger.organizations")
            let day = try on.map { try CLIValues.day($0, option: "--on") } ?? BusinessDay.today()
            let command: UnitEvaluationWorkCommand? =
                if let suspend { .suspend(finding: suspend, talent: nil) } else { resume.map { .resume(reason: $0) } }
            // A step writes beside the read models the evaluations are checked against: by this release's
            // derivation only, as an import.
            let (reading, recorded) = try await CLIValues.failing {
                try await DatabaseSession.with(
                    database, purpose: command == nil ? .read : .write, actsOnReadModels: command != nil, logger: logger
                ) { session in
                    let register = TalentRegister(store: session.store, policy: policy, logger: logger)
                    do {
                        guard let command else {
                            return (try await register.evaluationWork(of: unit, by: .system), false)
                        }
                        return try await register.changeEvaluationWork(of: unit, command, on: day, by: .system)
                    } catch let invalid as InvalidInput {
                        // Named as this command takes them: the unit is its argument, the day its --on.
                        throw CLIFailure(
                            invalid.field == "unit" ? "unit \(unit): \(invalid.reason)" : "--on: \(invalid.reason)")
                    }
                }
            }
            let work = reading.work
            let held = work.suspensions.map { held in
                "suspended from \(held.from) (\(held.finding)\(held.talent.map { ", finding on \($0)" } ?? ""))"
                    + (held.resumedOn.map { "; resumed on \($0) (\(held.resumeReason ?? ""))" } ?? "; not lifted")
            }
            let unchanged =
                command != nil && !recorded
                ? [
                    "nothing recorded: the evaluation work is suspended already, since \(work.current?.from.description ?? "")"
                ]
                : []
            guard !work.suspensions.isEmpty else { return "\(unit): evaluation work never suspended" }
            return
                (["\(unit): evaluation work " + (work.current == nil ? "open" : "SUSPENDED (F1)")] + held + unchanged)
                .joined(separator: "\n")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Register the organizations of a CSV file or workbook (id,name,shortName,kind,parent,region); all or nothing.",
            discussion:
                "One organization a line (or a row of the workbook's sheet holding the header), under a header naming the columns in any order, in English or "
                + "in Chinese (" + OrganizationList.columns.map { "\($0.name) \($0.chinese)" }.joined(separator: ", ")
                + "); region may be left out. kind is one of "
                + Organization.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                + ". parent is the id of the organization it reports to (O1), registered already or in the file: "
                + "none for the provincial office; the provincial office for a department or a city bureau; a city "
                + "bureau for a county bureau or a city unit; a county bureau for a county unit; a department for "
                + "central and provincial units; the bureau where it is registered for a private enterprise. "
                + "The file is an Excel workbook (.xlsx) or UTF-8 text (from Excel or WPS, “CSV UTF-8”). Load the tree first; then issue the "
                + "accounts (`users add`) and import the evaluation lists (`import`)."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Argument(help: "The list: a CSV file or an .xlsx workbook.")
        var file: String

        @Flag(name: .customLong("dry-run"), help: "Check every line and report without registering anything.")
        var dryRun = false

        /// An organization tree is a few thousand lines; a file far larger is not one.
        static let maximumFileBytes = 16 << 20

        func run() async throws {
            let (problems, count) = try await load()
            for problem in problems { print(problem.description) }
            guard problems.isEmpty else {
                print("nothing registered: \(CLIValues.count(problems.count, "line")) to mend")
                throw ExitCode(2)
            }
            print(
                dryRun
                    ? "dry run: \(CLIValues.count(count, "organization")) would be registered"
                    : "registered \(CLIValues.count(count, "organization"))")
        }

        /// Reads and checks the file, then (unless it is a dry run or a line is bad) registers its
        /// organizations in one transaction: the problems, and how many it registered or would (none when
        /// a line is bad).
        func load() async throws -> (problems: [CSV.Problem], count: Int) {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            guard size <= Self.maximumFileBytes else {
                throw CLIFailure("\(file) holds \(size) bytes: an organization tree is far smaller")
            }
            let data = try CLIValues.read(file)
            let policy = try policyOptions.load()
            let logger = database.makeLogger("talentledger.organizations")
            // It writes the organizations' rows (and catches the projector up): by this release's derivation only.
            return try await DatabaseSession.with(database, purpose: .write, actsOnReadModels: true, logger: logger) {
                session in
                let register = TalentRegister(store: session.store, policy: policy, logger: logger)
                let registered = try await register.queries.organizations(by: .system)
                let limits = policy.management.registerLimits
                let read = OrganizationList.read(data, registered: registered, limits: limits)
                guard read.problems.isEmpty else { return (read.problems, 0) }
                guard !dryRun, !read.organizations.isEmpty else { return ([], read.organizations.count) }
                let metadata = EventMetadata(
                    actor: "operator", role: Caller.Role.system.rawValue,
                    reason: "organizations import \(URL(fileURLWithPath: file).lastPathComponent)")
                // In effect from the register's first day: a talent evaluated years ago belongs to its unit on
                // every day asked about.
                _ = try await session.store.appendBulk(
                    try read.organizations.map {
                        try OrganizationStream.registration($0, on: limits.earliestDay.description, metadata: metadata)
                    })
                _ = try await register.catchUpProjections()
                return ([], read.organizations.count)
            }
        }
    }
}
