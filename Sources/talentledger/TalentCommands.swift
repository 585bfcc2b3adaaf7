import ArgumentParser
import EventStore
import Foundation
import ReadModels
import TalentApplication
import TalentDomain

/// `talentledger talent …`: one talent's state and history, for auditors and the provincial office.
struct TalentGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "talent",
        abstract: "Show a talent as of a date (as known at a time) or its explained timeline.",
        subcommands: [Show.self, TimelineCommand.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The talent's state on a business day, as the register knew it at a time.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @Argument(help: "The talent's register id.") var id: String
        @Option(name: .customLong("as-of"), help: "Business day YYYY-MM-DD (default: every fact known).") var asOf:
            String?
        @Option(
            name: .customLong("known-at"),
            help:
                "Recording time, ISO 8601 (2026-03-16T08:30:00+08:00), or a date YYYY-MM-DD for the end of that day in China, or a minute YYYY-MM-DDTHH:MM or second on China's clock for its end (default: now)."
        )
        var knownAt: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let asOf { _ = try CLIValues.day(asOf, option: "--as-of") }
            if let knownAt { _ = try CLIValues.knownAt(knownAt, option: "--known-at") }
            guard !id.isEmpty else { throw ValidationError("a talent id is required") }
        }

        func run() async throws {
            print(try await output())
        }

        /// What the command prints.
        func output() async throws -> String {
            let logger = database.makeLogger("talentledger.talent")
            let asOfDay = try asOf.map { try CLIValues.day($0, option: "--as-of") }
            let knownAtDate = try knownAt.map { try CLIValues.knownAt($0, option: "--known-at") }
            let policy = try self.policy.load()
            // LIMITS, as the API's asOf: a day past the register's days is no day any fact can have.
            if let asOfDay, let problem = policy.management.registerLimits.outsideDays(asOfDay) {
                throw CLIFailure("--as-of: \(problem)")
            }
            let state: Talent
            do {
                state = try await DatabaseSession.with(database, purpose: .read, actsOnReadModels: true, logger: logger)
                { session in
                    try await TalentRegister(store: session.store, policy: policy, logger: logger).queries.state(
                        of: TalentID(id), asOf: asOfDay, knownAt: knownAtDate, by: .system)
                }
            } catch let notFound as NotFound {
                throw CLIFailure(notFound.description)
            } catch let notYet as NotYetInRegister {
                throw CLIFailure(notYet.description)
            }
            return json ? try CLIValues.json(state) : TalentSummary.lines(state, id: id).joined(separator: "\n")
        }
    }

    struct TimelineCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "Every event with its dates, actor, rule and cause, and the state after it.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @Argument(help: "The talent's register id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            print(try await output())
        }

        /// What the command prints.
        func output() async throws -> String {
            let logger = database.makeLogger("talentledger.talent")
            let policy = try self.policy.load()
            let entries: [TimelineEntry]
            do {
                entries = try await DatabaseSession.with(
                    database, purpose: .read, actsOnReadModels: true, logger: logger
                ) { session in
                    try await TalentRegister(store: session.store, policy: policy, logger: logger).queries.timeline(
                        of: TalentID(id), by: .system
                    ).entries
                }
            } catch let notFound as NotFound {
                throw CLIFailure(notFound.description)
            }
            if json { return try CLIValues.json(entries.map(TimelineJSON.init)) }
            return entries.map { entry in
                let derived = entry.ruleID.map { "  [\($0)\(entry.cause.map { ": \($0)" } ?? "")]" } ?? ""
                // On the fact's day, with every fact known now (as the console's strip draws it).
                let onItsDay = entry.stateOnItsDay
                let state = "tier \(onItsDay.tier?.rawValue ?? "-") \(onItsDay.status.rawValue)"
                let occurred = entry.occurredOn.map { "  (occurred \($0))" } ?? ""
                // What the person who recorded it said of it (说明), as the API's timeline gives it.
                let reason = entry.reason.flatMap { $0 == entry.cause ? nil : "  «\($0)»" } ?? ""
                // What the fact holds beyond its type (a grade, a verification's outcome, a corrected record).
                let particulars = entry.particulars.map { "  (\($0))" } ?? ""
                return "v\(entry.version)  \(entry.effectiveDate)  recorded \(RecordingTime.text(entry.recordedAt))  "
                    + "\(entry.type)\(occurred)\(particulars)  by \(entry.actor ?? "?")\(derived)\(reason)  → \(state)"
            }.joined(separator: "\n")
        }
    }
}

/// The JSON form of a timeline entry.
struct TimelineJSON: Encodable {
    var version: Int64
    var type: String
    var effectiveDate: String
    var occurredOn: String?
    var recordedAt: String
    var actor: String?
    var role: String?
    var ruleID: String?
    var cause: String?
    var reason: String?
    var particulars: String?
    var stateAfter: Talent
    var stateOnItsDay: Talent

    init(_ entry: TimelineEntry) {
        version = entry.version
        type = entry.type
        effectiveDate = entry.effectiveDate.description
        occurredOn = entry.occurredOn?.description
        recordedAt = RecordingTime.text(entry.recordedAt)
        actor = entry.actor
        role = entry.role
        ruleID = entry.ruleID
        cause = entry.cause
        reason = entry.reason
        particulars = entry.particulars
        stateAfter = entry.stateAfter
        stateOnItsDay = entry.stateOnItsDay
    }
}

/// A short human reading of a talent's state.
enum TalentSummary {
    static func lines(_ state: Talent, id: String) -> [String] {
        let cards = state.entitlements
        var lines = [
            "talent      \(id)",
            "tier        \(state.tier?.rawValue ?? "-")",
            "status      \(state.status.rawValue)",
            "unit        \(state.unit?.rawValue ?? "-")",
        ]
        if let period = state.period {
            lines.append(
                "period      \(period.start) – \(period.end) (\(period.source?.rawValue ?? period.basis.rawValue))")
        }
        lines.append("吉享卡      \(cards.jixiangCard.rawValue)")
        lines.append("吉健卡      \(cards.jijianCard.rawValue)")
        lines.append("人才码      \(cards.talentCode.status.rawValue)\(cards.talentCode.tier.map { " (\($0))" } ?? "")")
        lines.append(
            "medical     \(cards.medicalService ? (cards.medicalServicePaused ? "paused with the 吉健卡" : "yes") : "no")")
        let subsidy = cards.housingSubsidy
        if subsidy.totalYuan > 0 {
            lines.append(
                "subsidy     \(subsidy.totalYuan) yuan, \(subsidy.paidYuan) paid"
                    + (subsidy.stopped ? "; \(subsidy.withheldYuan) withheld (stopped)" : ""))
        }
        if state.isRetired {
            let rehire = state.rehire.map { "rehired (\($0.reference)\($0.validUntil.map { " until \($0)" } ?? ""))" }
            lines.append("retired     \(state.retiredOn?.description ?? "yes"); \(rehire ?? "not rehired")")
        }
        for report in state.pendingExitReports {
            lines.append(
                "reported    \(report.reason.rawValue) (\(report.reason.rule)) occurred \(report.occurredOn), reported "
                    + "\(report.reportedOn)\(report.withinDeadline ? "" : " late"): awaits the province's verification")
        }
        if let exit = state.exit {
            lines.append(
                "exited      \(exit.on): \(exit.reason.rawValue); re-application \(exit.reapplication.rule.rawValue)\(exit.reapplication.allowedFrom.map { " from \($0)" } ?? "")"
            )
        }
        return lines
    }
}
