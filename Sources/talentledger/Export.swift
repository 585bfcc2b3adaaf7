import ArgumentParser
import Foundation
import TalentApplication
import TalentDomain

/// `talentledger export`: a campaign's documents as files (S1) and the package to deliver them offline
/// (SEC3), desensitized (SEC1): for one unit, the units of a county, city or department, or the province.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a campaign's Attachment 1 and 4 (.xlsx), the work report (.docx) and their .zip package.",
        discussion: """
            One of --unit, --organization (a county or city bureau or a provincial department: its units' \
            rows merged, with a summary sheet per unit) or --province. The package is named as the \
            campaign's policy says (<short name>2025人才考核.zip) and holds the three documents.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var campaign: CampaignYearOption
    @Option(help: "A unit: its own forms.") var unit: String?
    @Option(help: "A county or city bureau, or a provincial department: its units' forms merged.")
    var organization: String?
    @Flag(help: "The whole province's forms merged (provincial office).") var province = false
    @Option(help: "Business day YYYY-MM-DD the forms are made on (default: today in China).") var on: String?
    @Option(help: "The folder to write into (created when missing).") var out: String
    @Flag(help: "Do not draw a progress bar on standard error.") var quiet = false

    func validate() throws {
        let chosen = [unit != nil, organization != nil, province].filter { $0 }.count
        guard chosen == 1 else { throw ValidationError("name exactly one of --unit, --organization or --province") }
        if let on { _ = try CLIValues.day(on, option: "--on") }
        guard !out.isEmpty else { throw ValidationError("--out names a folder") }
    }

    var scope: ExportScope {
        if let unit { return .unit(unit) }
        if let organization { return .organization(organization) }
        return .province
    }

    func run() async throws { print(try await output()) }

    func output() async throws -> String {
        let logger = database.makeLogger("talentledger.export")
        let policy = try self.policy.load()
        let day = try on.map { try CLIValues.day($0, option: "--on") } ?? BusinessDay.today()
        let bar = quiet ? nil : ProgressBar(label: "export")
        var progress: (@Sendable (Int, Int) -> Void)?
        if let bar { progress = { done, total in bar.update(done, total) } }
        let (campaign, scope, folder) = (self.campaign.year(in: policy), self.scope, URL(fileURLWithPath: out))
        // Said before the database is opened: Foundation would say it later as `NSCocoaErrorDomain Code=516`.
        if CLIValues.kind(at: out) == .file {
            throw CLIFailure("cannot write into \(out): it is a file, not a folder (--out names a folder)")
        }
        // The folders this run makes (`--out` and any missing above it), deepest first: removed again
        // when nothing came into them (rmdir leaves a folder that is not empty).
        var made: [URL] = []
        var missing = folder.standardizedFileURL
        while CLIValues.kind(at: missing.path) == nil, missing.path != "/" {
            made.append(missing)
            missing = missing.deletingLastPathComponent()
        }
        // Written beside the documents first and moved into place only when all are whole: an export that
        // fails halfway leaves the folder as it was, the documents of an earlier export included. The
        // staging folder is made here, before anything runs that Ctrl-C could interrupt, and the export
        // writes only into it (it makes no folder): an interruption's removal of it cannot be followed by
        // the export making it again.
        let staging = folder.appendingPathComponent(".talentledger-export-\(UUID().uuidString)")
        let removeStaging: @Sendable () -> Void = { [made] in
            try? FileManager.default.removeItem(at: staging)
            for folder in made { rmdir(folder.path) }
        }
        // Registered before the folder is made: a Ctrl-C in between would leave it.
        let onInterrupt = Interruption.onInterrupt(removeStaging)
        defer {
            Interruption.remove(onInterrupt)
            removeStaging()
        }
        do {
            try FileManager.default.createDirectory(
                at: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch let error as CocoaError {
            throw CLIFailure("cannot write into \(out): \(CLIValues.describe(error))")
        }
        let export: CampaignExport
        // Documents of an earlier export under the same names are replaced: said, not done silently.
        var replaced: Set<String> = []
        do {
            defer { bar?.finish() }
            let staged = try await DatabaseSession.with(
                database, purpose: .read, actsOnReadModels: true, logger: logger
            ) { session in
                try await TalentRegister(store: session.store, policy: policy, logger: logger).exportCampaign(
                    campaign, scope: scope, on: day, to: staging, package: true, by: .system, progress: progress)
            }
            replaced = Set(
                (staged.files + (staged.package.map { [$0] } ?? [])).map(\.lastPathComponent).filter {
                    CLIValues.kind(at: folder.appendingPathComponent($0).path) == .file
                })
            export = try Self.moveIntoPlace(staged, into: folder)
        } catch let notFound as NotFound {
            throw CLIFailure(notFound.description)
        } catch let invalid as InvalidInput where invalid.field == "organization" {
            throw CLIFailure("--organization: \(invalid.reason) (a unit's forms are exported with --unit)")
        } catch let invalid as InvalidInput {
            throw CLIValues.failure(invalid)
        } catch let error as CocoaError {
            throw CLIFailure("cannot write into \(out): \(CLIValues.describe(error))")
        }
        func said(_ verb: String, _ file: URL) -> String {
            replaced.contains(file.lastPathComponent)
                ? "\(verb) \(file.path) (replacing the earlier one)" : "\(verb) \(file.path)"
        }
        var lines = export.files.map { said("wrote", $0) }
        if let package = export.package { lines.append(said("packed", package)) }
        lines.append(
            "\(CLIValues.count(export.figures.talents, "talent")) in the campaign "
                + "(\(export.figures.classified) classified, counted only)"
                + (export.units > 1 ? " across \(export.units) units" : ""))
        return lines.joined(separator: "\n")
    }

    /// The documents of `staged` moved into `folder`, each replacing a file of the same name (`rename`, so
    /// that a reader of the folder sees the earlier document or the new one, never neither). Something
    /// other than a file under one of the names (a folder, say) is the operator's, not an earlier
    /// export's: the export is refused before anything is moved.
    static func moveIntoPlace(_ staged: CampaignExport, into folder: URL) throws -> CampaignExport {
        for file in staged.files + (staged.package.map { [$0] } ?? []) {
            let target = folder.appendingPathComponent(file.lastPathComponent)
            if let kind = CLIValues.kind(at: target.path), kind != .file {
                throw CLIFailure(
                    "cannot write \(target.path): a folder of that name is there; "
                        + "move it away or export into another folder (--out)")
            }
        }
        func move(_ file: URL) throws -> URL {
            let target = folder.appendingPathComponent(file.lastPathComponent)
            // The documents name talents (SEC1): readable by their owner only, as a backup is.
            guard chmod(file.path, 0o600) == 0, rename(file.path, target.path) == 0 else {
                throw CLIFailure("cannot write \(target.path): \(String(cString: strerror(errno)))")
            }
            return target
        }
        var moved = staged
        moved.files = try staged.files.map(move)
        moved.package = try staged.package.map(move)
        return moved
    }
}
