import ArgumentParser
import Crypto
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

    func validate() throws {
        guard publicKey == nil || anchor != nil else {
            throw ValidationError("--public-key is an anchor's trusted key: give the anchor with --anchor too")
        }
    }

    func run() async throws {
        let (lines, intact) = try await output()
        print(lines.joined(separator: "\n"))
        if !intact { throw ExitCode(3) }
    }

    /// What the command prints, and whether the log is intact (exit 3 when not).
    func output() async throws -> (lines: [String], intact: Bool) {
        // The anchor and its key are read first: a file that is not one is said before the chains are walked.
        let given = try anchor.map(read)
        let report = try await report()
        var lines = [
            "checked \(CLIValues.count(report.eventsChecked, "event")) in "
                + CLIValues.count(report.streamsChecked, "stream")
        ]
        for finding in report.findings {
            lines.append("\(finding.problem.rawValue): stream \(finding.streamID) at version \(finding.version)")
        }
        var intact = report.isIntact
        if let anchorPath = anchor, let given {
            let (checked, root) = try await check(given)
            lines.append(
                "anchor \(anchorPath): \(CLIValues.count(checked.anchoredEvents, "event")) in "
                    + "\(CLIValues.count(checked.anchoredStreams, "stream")), root \(root)")
            if publicKey == nil {
                // Whoever can rewrite the log can write an anchor of the rewritten log and sign it with a key
                // of their own: the key an anchor carries proves nothing about who signed it.
                lines.append(
                    "warning: no --public-key: the signature was checked only against the key the anchor itself "
                        + "carries, which anyone can sign with; give the trusted key with --public-key KEY.pub, "
                        + "or compare the root above with the one kept on paper")
            }
            for finding in checked.findings {
                let versions = [
                    finding.anchoredVersion.map { "anchored at version \($0)" },
                    finding.currentVersion.map { "now at version \($0)" },
                ].compactMap { $0 }.joined(separator: ", ")
                lines.append(
                    "\(finding.problem.rawValue)\(finding.stream.map { ": stream \($0)" } ?? "")"
                        + (versions.isEmpty ? "" : " (\(versions))"))
            }
            intact = intact && checked.isIntact
        }
        if intact { lines.append(anchor != nil && publicKey == nil ? "intact (anchor's key not checked)" : "intact") }
        return (lines, intact)
    }

    /// An anchor as `verify` was given it: the anchor, its root, and the trusted public key given with it.
    struct GivenAnchor {
        var anchor: LogAnchor
        var root: String
        var trusted: Curve25519.Signing.PublicKey?
    }

    /// The anchor in `path`, read before anything else is done.
    func read(_ path: String) throws -> GivenAnchor {
        let anchor: LogAnchor
        let root: String
        do {
            anchor = try JSONDecoder().decode(LogAnchor.self, from: try CLIValues.read(path))
            root = try anchor.digest.root
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure("\(path) is not an anchor written by `talentledger audit anchor`")
        }
        return GivenAnchor(anchor: anchor, root: root, trusted: try publicKey.map(AnchorKeys.publicKey(at:)))
    }

    /// Whether the log still extends the anchor `given`, and the anchor's root.
    func check(_ given: GivenAnchor) async throws -> (report: AnchorReport, root: String) {
        let logger = database.makeLogger("talentledger.verify")
        let report = try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
            try await session.store.check(given.anchor, trusting: given.trusted)
        }
        return (report, given.root)
    }

    /// Walks the chains on read-only sessions (it runs with a read-only role as well).
    func report() async throws -> VerificationReport {
        let logger = database.makeLogger("talentledger.verify")
        let policy = try self.policy.load()
        let bar = ProgressBar(label: "verify")
        defer { bar.finish() }
        return try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
            try await TalentRegister(store: session.store, policy: policy, logger: logger).verify(
                by: .system, progress: bar.update)
        }
    }
}
