import ArgumentParser
import Foundation
import ReadModels
import TalentApplication
import TalentDomain

/// `talentledger submissions …`: a campaign's submissions up the chain of authority (O1, S1–S4), for the
/// operator at the host acting for the unit or the level that waits (the API does the same per caller).
struct SubmissionsGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submissions",
        abstract: "See where every unit's submission of a campaign stands; submit, accept or return one.",
        subcommands: [Status.self, Submit.self, Accept.self, Return.self]
    )

    /// What every subcommand names: the campaign, and the day it acts on.
    struct Common: ParsableArguments {
        @OptionGroup var campaign: CampaignYearOption
        @Option(help: "Business day YYYY-MM-DD (default: today in China).") var on: String?

        func day() throws -> Day { try on.map { try CLIValues.day($0, option: "--on") } ?? BusinessDay.today() }

        func validate() throws {
            _ = try day()
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every unit (of an organization's subtree, or the province) with its submission's state.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var common: Common
        @Option(help: "An organization: its units only (default: every unit).") var organization: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            let logger = database.makeLogger("talentledger.submissions")
            let policy = try self.policy.load()
            let day = try common.day()
            let (units, figures, latenessJudged) = try await CLIValues.failing {
                try await DatabaseSession.with(database, purpose: .read, actsOnReadModels: true, logger: logger) {
                    session in
                    try await TalentRegister(store: session.store, policy: policy, logger: logger).submissions(
                        campaign: common.campaign.year(in: policy), organization: organization, on: day, by: .system)
                }
            }
            if json { return try CLIValues.json(units) }
            let counts = Dictionary(grouping: units, by: \.state).mapValues(\.count)
            let campaign = try? policy.campaign(year: common.campaign.year(in: policy))
            var notJudged: [String] = []
            if let campaign, day > campaign.submissionCloses, !latenessJudged {
                notJudged = [
                    "lateness not judged (S3): no unit of this register sent its \(campaign.year) submission by "
                        + "\(campaign.submissionCloses) (the campaign was not run in this register)"
                ]
            }
            let lines = units.map { unit in
                let waits = unit.submission?.awaiting.map { " (awaits \($0))" } ?? ""
                return "\(unit.unit)  \(unit.unitName)  \(unit.stateText(in: campaign))\(waits)"
            }
            let summary = SubmissionState.allCases.compactMap { state in counts[state].map { "\(state.rawValue) \($0)" }
            }
            return
                (lines + [
                    "campaign \(common.campaign.year(in: policy)) on \(day): \(CLIValues.count(units.count, "unit")) ("
                        + summary.joined(separator: ", ") + "); \(CLIValues.count(figures.talents, "talent")) submitted"
                ] + notJudged).joined(separator: "\n")
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a unit's campaign (refused with every talent not ready).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var common: Common
        @Option(help: "The unit.") var unit: String
        @Option(help: "After the window closes: why the submission is late (S4).") var latenessReason: String?

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            let logger = database.makeLogger("talentledger.submissions")
            let policy = try self.policy.load()
            let row = try await CLIValues.failing {
                try await DatabaseSession.with(database, purpose: .write, actsOnReadModels: true, logger: logger) {
                    session in
                    try await TalentRegister(store: session.store, policy: policy, logger: logger).submit(
                        campaign: common.campaign.year(in: policy), unit: unit, latenessReason: latenessReason,
                        on: try common.day(),
                        by: .system)
                }
            }
            let year = common.campaign.year(in: policy)
            return "submitted \(unit)'s campaign \(year): awaits \(row.submission.awaiting ?? "-")"
                + SubmissionsGroup.afterMakeUp(row.submission, year: year, policy: policy)
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept a unit's submission at the level it waits at (it goes up, or is accepted).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var common: Common
        @Option(help: "The unit.") var unit: String

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            try await SubmissionsGroup.review(database, policy, common, unit, .accept)
        }
    }

    struct Return: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Return a unit's submission to it, with the reason.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var common: Common
        @Option(help: "The unit.") var unit: String
        @Option(help: "Why it is returned.") var reason: String

        func validate() throws {
            guard !reason.isEmpty else { throw ValidationError("--reason must say why") }
        }

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            try await SubmissionsGroup.review(database, policy, common, unit, .returnToUnit(reason: reason))
        }
    }

    static func review(
        _ database: DatabaseOptions, _ policy: PolicyOptions, _ common: Common, _ unit: String,
        _ decision: SubmissionDecision
    ) async throws -> String {
        let logger = database.makeLogger("talentledger.submissions")
        let policy = try policy.load()
        let row = try await CLIValues.failing {
            try await DatabaseSession.with(database, purpose: .write, actsOnReadModels: true, logger: logger) {
                session in
                try await TalentRegister(store: session.store, policy: policy, logger: logger).review(
                    campaign: common.campaign.year(in: policy), unit: unit, decision, on: try common.day(), by: .system)
            }
        }
        switch row.submission.status {
        case .accepted:
            return "\(unit)'s campaign \(common.campaign.year(in: policy)) is accepted"
                + afterMakeUp(row.submission, year: common.campaign.year(in: policy), policy: policy)
        case .returned: return "\(unit)'s campaign \(common.campaign.year(in: policy)) is returned to the unit"
        default:
            return "\(unit)'s campaign \(common.campaign.year(in: policy)) goes up to \(row.submission.awaiting ?? "-")"
        }
    }

    /// S4: what a make-up sent after the campaign's make-up deadline is told, as the console tells it.
    static func afterMakeUp(_ submission: Submission, year: Int, policy: Policy) -> String {
        guard let campaign = try? policy.campaign(year: year), submission.sentAfterMakeUp(in: campaign) else {
            return ""
        }
        return "; sent after the make-up deadline (\(campaign.makeUpDeadline)): it restores no services (S4)"
    }

}
