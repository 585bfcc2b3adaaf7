import ArgumentParser
import EventStore
import Foundation
import TalentApplication

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk every stream's hash chain and report events that were modified, deleted, inserted or reordered."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @Option(help: "An anchor (from `audit anchor`) the log must still extend.") var anchor: String?
    @Option(
        name: .customLong("public-key"),
        help: "The anchor's trusted public key file (KEY.pub), kept apart from the anchors.")
    var publicKey: String?

    func run() async throws {
        let report = try await report()
        print("checked \(report.eventsChecked) events in \(report.streamsChecked) streams")
        for finding in report.findings {
            print("\(finding.problem.rawValue): stream \(finding.streamID) at version \(finding.version)")
        }
        var intact = report.isIntact
        if let anchorPath = anchor {
            let checked = try await check(anchorPath)
            print("anchor \(anchorPath): \(checked.anchoredEvents) events in \(checked.anchoredStreams) streams")
            for finding in checked.findings {
                let versions = [
                    finding.anchoredVersion.map { "anchored at version \($0)" },
                    finding.currentVersion.map { "now at version \($0)" },
                ].compactMap { $0 }.joined(separator: ", ")
                print(
                    "\(finding.problem.rawValue)\(finding.stream.map { ": stream \($0)" } ?? "")"
                        + (versions.isEmpty ? "" : " (\(versions))"))
            }
            intact = intact && checked.isIntact
        }
        if !intact { throw ExitCode(3) }
        print("intact")
    }

    /// Whether the log still extends the anchor in `path`.
    func check(_ path: String) async throws -> AnchorReport {
        let logger = database.makeLogger("talentledger.verify")
        let anchor: LogAnchor
        do {
            anchor = try JSONDecoder().decode(LogAnchor.self, from: try CLIValues.read(path))
            _ = try anchor.digest
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure("\(path) is not an anchor written by `talentledger audit anchor`")
        }
        let trusted = try publicKey.map(AnchorKeys.publicKey(at:))
        return try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
            try await session.store.check(anchor, trusting: trusted)
        }
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
