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
        let logger = database.makeLogger("talentledger.verify")
        let policy = try self.policy.load()
        let report = try await DatabaseSession.with(database, logger: logger) { session in
            try await TalentRegister(store: session.store, policy: policy, logger: logger).verify(by: .system)
        }
        print("checked \(report.eventsChecked) events in \(report.streamsChecked) streams")
        for finding in report.findings {
            print("\(finding.problem.rawValue): stream \(finding.streamID) at version \(finding.version)")
        }
        if !report.isIntact { throw ExitCode(3) }
        print("intact")
    }
}
