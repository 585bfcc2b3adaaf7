import ArgumentParser
import EventStore
import TalentApplication

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk every stream's hash chain and report events that were modified, deleted, inserted or reordered."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions

    func run() async throws {
        let report = try await report()
        print("checked \(report.eventsChecked) events in \(report.streamsChecked) streams")
        for finding in report.findings {
            print("\(finding.problem.rawValue): stream \(finding.streamID) at version \(finding.version)")
        }
        if !report.isIntact { throw ExitCode(3) }
        print("intact")
    }

    /// Walks the chains on read-only sessions (it runs with a read-only role as well).
    func report() async throws -> VerificationReport {
        let logger = database.makeLogger("talentledger.verify")
        let policy = try self.policy.load()
        return try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
            try await TalentRegister(store: session.store, policy: policy, logger: logger).verify(by: .system)
        }
    }
}
