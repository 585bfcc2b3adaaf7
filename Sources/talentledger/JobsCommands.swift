import ArgumentParser
import Foundation
import TalentApplication
import TalentDomain

/// `talentledger jobs …`: the campaign's batch jobs, for a daily timer or the operator (README "Jobs").
struct JobsGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Suspend the services of late units' talents (S3); restore them after a make-up (S4).",
        subcommands: [SuspendLateUnits.self, Restore.self, Overdue.self, RunDue.self]
    )

    struct Options: ParsableArguments {
        @OptionGroup var campaign: CampaignYearOption
        @Option(help: "Business day YYYY-MM-DD the job acts on (default: today in China).") var on: String?
        @Flag(help: "Show what the job would do, as a table; record nothing.") var dryRun = false
        @Option(help: "Which talents the table lists: all, skipped (with why) or none; the summary counts them all.")
        var steps: JobReport.Listing = .all

        func day() throws -> Day { try on.map { try CLIValues.day($0, option: "--on") } ?? BusinessDay.today() }

        func validate() throws {
            _ = try day()
        }
    }

    struct SuspendLateUnits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suspend-late-units",
            abstract: "Suspend the 吉享卡 and 吉健卡 services of every late unit's talents (S3).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var options: Options

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            try await JobsGroup.run(database, policy, options, label: "suspend") { register, progress in
                try await register.suspendLateUnits(
                    campaign: options.campaign.year(in: register.policy), on: try options.day(),
                    dryRun: options.dryRun, by: .system,
                    progress: progress)
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore exactly what S3 suspended for units whose make-up was accepted by the deadline (S4).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var options: Options

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            try await JobsGroup.run(database, policy, options, label: "restore") { register, progress in
                try await register.restoreMadeUpUnits(
                    campaign: options.campaign.year(in: register.policy), on: try options.day(),
                    dryRun: options.dryRun, by: .system,
                    progress: progress)
            }
        }
    }

    struct Overdue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List what is overdue: exit situations reported late (X9), D3 reports and decisions, weak judgements' follow-ups (W5), publicities ended early (P1), departments' contact forms missing (O3)."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var campaign: CampaignYearOption
        @Option(help: "Business day YYYY-MM-DD (default: today in China).") var on: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let on { _ = try CLIValues.day(on, option: "--on") }
        }

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            let day = try on.map { try CLIValues.day($0, option: "--on") } ?? BusinessDay.today()
            return try await JobsGroup.overdue(
                database, policy, campaign: campaign.year(in: try policy.load()), on: day, json: json)
        }
    }

    struct RunDue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-due",
            abstract:
                "Run whatever the campaigns' policy says is due on a day: once a window has closed, suspend late units (S3) and restore made-up ones (S4); then list what is overdue. For a daily timer."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @Option(help: "Business day YYYY-MM-DD (default: today in China).") var on: String?
        @Flag(help: "Show what the jobs would do; record nothing.") var dryRun = false
        @Option(
            help: "Which talents the jobs' tables list: all, skipped (with why) or none; the summaries count them all.")
        var steps: JobReport.Listing = .all

        func validate() throws {
            if let on { _ = try CLIValues.day(on, option: "--on") }
        }

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            let day = try on.map { try CLIValues.day($0, option: "--on") } ?? BusinessDay.today()
            let loaded = try policy.load(sayingWarnings: false)
            // Said on the daily timer's output, where the operator reads it.
            var parts = loaded.warnings.map { "warning: the policy: \($0)" }
            let years = loaded.campaigns.campaignYears
            for year in years {
                let campaign = try loaded.campaign(year: year)
                if day > campaign.submissionCloses {
                    var options = try Options.parse(["--campaign", String(year), "--on", day.description])
                    options.dryRun = dryRun
                    options.steps = steps
                    do {
                        parts.append(
                            try await JobsGroup.run(database, policy, options, label: "suspend") { register, progress in
                                try await register.suspendLateUnits(
                                    campaign: year, on: day, dryRun: dryRun, by: .system, progress: progress)
                            })
                    } catch let notRunHere as Refusal where notRunHere.rule == .S3 {
                        // A campaign this register did not run: said on the timer's output, every day, and not a
                        // failure of the timer's.
                        parts.append("campaign \(year): late units not judged: \(notRunHere.reason)")
                    }
                    parts.append(
                        try await JobsGroup.run(database, policy, options, label: "restore") { register, progress in
                            try await register.restoreMadeUpUnits(
                                campaign: year, on: day, dryRun: dryRun, by: .system, progress: progress)
                        })
                } else {
                    parts.append(
                        "campaign \(year): the window closes on \(campaign.submissionCloses); no unit is late yet")
                }
                // What is overdue does not wait for the window. Exit reports and D3's reports and decisions
                // are no campaign's: listed once, with the first campaign; each lists its own (W5, P1, O3).
                parts.append(
                    try await JobsGroup.overdue(
                        database, policy, campaign: year, on: day, json: false,
                        onlyTheCampaignsOwn: year != years.first, listing: steps != .none))
            }
            return parts.joined(separator: "\n")
        }
    }

    /// What `jobs overdue` prints: the talents with something overdue, and the departments whose contact
    /// form is missing (O3); with `onlyTheCampaignsOwn`, only what belongs to the campaign (W5, P1, O3);
    /// without `listing`, the summary alone (`run-due --steps none`, a daily timer's log).
    static func overdue(
        _ database: DatabaseOptions, _ policyOptions: PolicyOptions, campaign: Int, on day: Day, json: Bool,
        onlyTheCampaignsOwn: Bool = false, listing: Bool = true
    ) async throws -> String {
        let logger = database.makeLogger("talentledger.jobs")
        let policy = try policyOptions.load()
        let report = try await CLIValues.failing {
            try await DatabaseSession.with(database, purpose: .read, actsOnReadModels: true, logger: logger) {
                session in
                try await TalentRegister(store: session.store, policy: policy, logger: logger).overdueReport(
                    campaign: campaign, on: day, by: .system)
            }
        }
        if json { return try CLIValues.json(report) }
        let found = report.talents.compactMap { talent -> OverdueTalent? in
            guard onlyTheCampaignsOwn else { return talent }
            var own = talent
            own.items = talent.items.filter { [.W5, .P1].contains($0.rule) }
            return own.items.isEmpty ? nil : own
        }
        let deadline = try policy.campaign(year: campaign).contactFormDeadline
        let missing = report.contactFormsMissing.map { department in
            OverdueItem(
                rule: .O3, what: "contact form (联系表) of \(department) not sent",
                whatInChinese: "\(department) 的联系表未报送", dueBy: deadline)
        }
        let rows =
            found.flatMap { talent in
                talent.items.map { "\(talent.unit ?? "-")\t\(talent.talent)\t\($0.rule)\t\($0.since)\t\($0.what)" }
            }
            + missing.map { "-\t-\t\($0.rule)\t\($0.since)\t\($0.what)" }
        let counts = Dictionary(grouping: found.flatMap(\.items) + missing, by: \.rule.rawValue).mapValues(\.count)
        let summary =
            "overdue on \(day)\(onlyTheCampaignsOwn ? " in campaign \(campaign)'s own work" : ""): "
            + "\(CLIValues.count(found.count, "talent")), "
            + (counts.isEmpty
                ? "nothing overdue"
                : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        return ((rows.isEmpty || !listing ? [] : ["unit\ttalent\trule\tsince\twhat"] + rows) + [summary]).joined(
            separator: "\n")
    }

    static func run(
        _ database: DatabaseOptions, _ policy: PolicyOptions, _ options: Options, label: String,
        _ job: (TalentRegister, @escaping @Sendable (Int, Int) -> Void) async throws -> JobReport
    ) async throws -> String {
        let logger = database.makeLogger("talentledger.jobs")
        let policy = try policy.load()
        let bar = ProgressBar(label: label)
        let report: JobReport
        do {
            defer { bar.finish() }
            // A dry run writes and rolls back (the real checks), so it needs a session that may write; never
            // one on a register made for it.
            report = try await DatabaseSession.with(database, purpose: .job, logger: logger) {
                session in
                try await job(TalentRegister(store: session.store, policy: policy, logger: logger)) {
                    bar.update($0, $1)
                }
            }
        } catch let invalid as InvalidInput {
            throw CLIValues.failure(invalid)
        } catch let notFound as NotFound {
            throw CLIFailure(notFound.description)
        }
        return table(report.listing(options.steps))
    }

    /// The steps listed as a table (every one in a dry run; those that did something otherwise) and a
    /// summary of them all.
    static func table(_ report: JobReport) -> String {
        let shown = report.dryRun ? report.steps : report.steps.filter { $0.outcome != .alreadyDone }
        let rows = shown.map { step in
            let outcome = report.dryRun && step.outcome == .applied ? "would apply" : step.outcome.rawValue
            return "\(step.unit)\t\(step.talent)\t\(outcome)\t\(step.reason)"
        }
        let counts = report.counts
        let verb = report.dryRun ? "would apply" : "applied"
        let summary =
            "\(report.job) campaign \(report.campaign) on \(report.on)\(report.dryRun ? " (dry run, nothing recorded)" : ""): "
            + "\(CLIValues.count(report.units.count, "unit")); \(verb) \(counts[.applied] ?? 0), already done \(counts[.alreadyDone] ?? 0), "
            + "skipped \(counts[.skipped] ?? 0)"
            + (report.resumedAfter > 0 ? "; resumed after \(report.resumedAfter) steps of a stopped run" : "")
        return ((rows.isEmpty ? [] : ["unit\ttalent\toutcome\treason"] + rows) + [summary]).joined(separator: "\n")
    }
}

extension JobReport.Listing: ExpressibleByArgument {}
