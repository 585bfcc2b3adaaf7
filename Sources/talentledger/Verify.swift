import ArgumentParser
import EventStore

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk every stream's hash chain and report events that were modified, deleted, inserted or reordered."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = database.makeLogger("talentledger.verify")
        let report = try await DatabaseSession.with(database, logger: logger) { session in
            try await session.store.verify()
        }
        print("checked \(report.eventsChecked) events in \(report.streamsChecked) streams")
        for finding in report.findings {
            print("\(finding.problem.rawValue): stream \(finding.streamID) at version \(finding.version)")
        }
        if !report.isIntact { throw ExitCode(3) }
        print("intact")
    }
}
