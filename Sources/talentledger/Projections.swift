import ArgumentParser
import Foundation
import ReadModels
import TalentApplication
import TalentDomain

/// `talentledger projections …`: rebuild the read models, check them against the events, list the streams set
/// aside.
struct ProjectionsGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Rebuild the read models from the events, check them, or list the streams set aside.",
        subcommands: [Rebuild.self, Check.self, Quarantined.self]
    )

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Derive every read model afresh beside the live ones, then swap them in (resumes an interrupted rebuild)."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @Option(help: "Events per batch.") var batchSize = 5000

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        }

        func run() async throws {
            let logger = database.makeLogger("talentledger.projections")
            let policy = try self.policy.load()
            let bar = ProgressBar(label: "rebuild")
            let count: Int
            do {
                // Ended on a failure too, so that the error is not written on the bar's line.
                defer { bar.finish() }
                count = try await DatabaseSession.with(database, purpose: .write, logger: logger) { session in
                    let maintenance = ProjectionMaintenance(store: session.store, policy: policy)
                    let waiting: @Sendable () -> Void = {
                        logger.notice("another rebuild of the read models is under way: waiting for it to end")
                    }
                    return try await maintenance.rebuildingAlone(waiting: waiting) { _ in
                        try await maintenance.rebuild(batchSize: batchSize) { done, total in bar.update(done, total) }
                    }
                }
            }
            print("rebuilt the read models from \(CLIValues.count(count, "event"))")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Derive the read models afresh in a scratch schema and report every differing row.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @Option(help: "Rows shown per table and side.") var limit = 50

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive") }
        }

        func run() async throws {
            let logger = database.makeLogger("talentledger.projections")
            let policy = try self.policy.load()
            let bar = ProgressBar(label: "check")
            let differences: [ProjectionMaintenance.Difference]
            do {
                defer { bar.finish() }
                differences = try await DatabaseSession.with(database, purpose: .check, logger: logger) { session in
                    try await ProjectionMaintenance(store: session.store, policy: policy).check(limit: limit) {
                        done, total in
                        bar.update(done, total)
                    }
                }
            }
            for difference in differences { print(difference) }
            guard differences.isEmpty else {
                print(
                    CLIValues.count(differences.count, "differing row")
                        + ": `talentledger projections rebuild` derives them afresh from the events")
                throw ExitCode(3)
            }
            print("read models match the events")
        }
    }
}

/// The streams the projector set aside, for the operator: `/health` only counts them.
extension ProjectionsGroup {
    struct Quarantined: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the streams the projector set aside (their views are behind), with the error.",
            discussion: """
                A stream is set aside when its events cannot be applied to the read models (written by an \
                older program, or by hand); every other stream goes on, and `GET /health` answers 503 \
                with how many. Once the cause is mended, the stream's next event or `projections rebuild` \
                projects it again.
                """)

        @OptionGroup var database: DatabaseOptions

        func run() async throws { print(try await output()) }

        func output() async throws -> String {
            let logger = database.makeLogger("talentledger.projections")
            let entries = try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
                try await ProjectionQuarantine.entries(in: session.store)
            }
            guard !entries.isEmpty else { return "no stream is set aside" }
            let lines = entries.map { entry in
                "\(entry.streamID)  v\(entry.version)  since \(CLIValues.iso(entry.since))  \(entry.error)"
            }
            return (lines + [CLIValues.count(entries.count, "stream") + " set aside"]).joined(separator: "\n")
        }
    }
}

/// Where the policy files are.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .customLong("policy-dir"),
        help: "Folder of the policy files (default: $TALENTLEDGER_POLICY_DIR or ./policy).")
    var directory: String?

    /// The folder the policy is read from: the option, else `TALENTLEDGER_POLICY_DIR`, else `./policy`
    /// (``PolicyDirectory/configuredLocation()``); one without the policy is refused, never replaced by
    /// another.
    var location: URL {
        directory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? PolicyDirectory.configuredLocation()
    }

    /// The policy, its warnings (what it lacks for its campaigns to run whole) said on standard error unless
    /// the command says them in its own output (`run-due`, for the daily timer's).
    func load(sayingWarnings: Bool = true) throws -> Policy {
        let policy: Policy
        do {
            policy = try PolicyDirectory.load(from: location)
            try policy.validateRoles()
        } catch {
            throw CLIFailure("cannot load the policy: \(error)")
        }
        if sayingWarnings {
            for warning in policy.warnings {
                FileHandle.standardError.write(Data("warning: the policy: \(warning)\n".utf8))
            }
        }
        return policy
    }
}
