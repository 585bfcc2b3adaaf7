import ArgumentParser
import Foundation
import ReadModels
import TalentApplication

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the demo province: Jilin's organization tree and synthetic talents with histories from 2016."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Seed of the generator: the same seed gives the same province.")
    var seed: UInt64 = 2025

    @Option(help: "Number of talents.")
    var talents = 3000

    @Flag(name: .customLong("if-empty"), help: "Do nothing when the store already holds events.")
    var ifEmpty = false

    @Option(
        name: .customLong("tokens"),
        help: "Where to write a ready bearer token for one account of each role (default: STATE/demo-tokens.txt).")
    var tokensFile: String?

    @OptionGroup var policyOptions: PolicyOptions

    func validate() throws {
        guard (0...10_000_000).contains(talents) else {
            throw ValidationError("--talents must be between 0 and 10000000")
        }
    }

    func run() async throws {
        let logger = database.makeLogger("talentledger.demo")
        let policy = try policyOptions.load()
        let tokens = URL(
            fileURLWithPath: tokensFile
                ?? database.resolvedStateDirectory.appendingPathComponent("demo-tokens.txt").path)
        try await DatabaseSession.with(database, purpose: .create, logger: logger) { session in
            // Before anything is loaded: tokens that cannot be written after the province and its accounts
            // were committed would be lost, and a second run refuses the loaded store.
            let folder = tokens.deletingLastPathComponent().path
            if tokensFile == nil {
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            guard CLIValues.kind(at: folder) == .folder, FileManager.default.isWritableFile(atPath: folder) else {
                throw CLIValues.cannotWrite(tokens.path)
            }
            let isEmpty = try await session.store.isEmpty()
            if ifEmpty, !isEmpty {
                print("the store holds events already: demo province not loaded")
                // Accounts are issued with the province this command loads, never on a store it did not load:
                // on a register loaded otherwise, a missing tokens file would have issued a province office's.
                if !FileManager.default.fileExists(atPath: tokens.path) {
                    print(
                        "no demo tokens at \(tokens.path), and none issued on a store this command did not load: "
                            + "issue an account with `talentledger users add`")
                }
                return
            } else if !isEmpty {
                // Its organizations are new streams: loaded over a register they would meet their own
                // streams as a version conflict, which says nothing to whoever ran the command.
                throw CLIFailure(
                    "the store already holds data: the demo province loads into an empty store only "
                        + "(use --if-empty to leave a loaded store as it is, or another --database-url)")
            } else {
                let province = DemoProvince(seed: seed, talents: talents)
                let summary = try await province.load(into: session.store, policy: policy) { step in
                    Self.report(step)
                }
                print(Self.describe(summary))
            }
            let register = TalentRegister(store: session.store, policy: policy, logger: logger)
            try await Self.issueDemoTokens(register, to: tokens)
        }
        if let text = try? String(contentsOf: tokens, encoding: .utf8) {
            print("demo tokens (\(tokens.path)); sign in to the console (/console) with one of them:")
            print(text, terminator: "")
        }
    }

    /// One account of each role on the demo province, their tokens written to `file` (readable by its
    /// owner only): the province office, a city bureau, a supervising department, the unit of the first
    /// talent in the register, an auditor, and a monitor (for `/metrics`).
    static func issueDemoTokens(_ register: TalentRegister, to file: URL) async throws {
        let organizations = try await register.queries.organizations(by: .system)
        let firstTalent = try await register.queries.talents(TalentFilter(), limit: 1, by: .system).items.first
        let accounts: [(Caller.Role, String?, String)] = [
            (.provinceOffice, organizations.first { $0.kind == .provincialOffice }?.id, "省人社厅（演示）"),
            (.hrBureau, organizations.first { $0.kind == .cityBureau }?.id, "市人社局（演示）"),
            (.supervisingDepartment, organizations.first { $0.kind == .provincialDepartment }?.id, "省直主管部门（演示）"),
            (.unitOfficer, firstTalent?.answeringUnit, "用人单位人事处（演示）"),
            (.auditor, nil, "审计（演示）"),
            (.monitor, nil, "运行监控（演示）"),
        ]
        var lines: [String] = []
        for (role, organization, name) in accounts where [.auditor, .monitor].contains(role) || organization != nil {
            let issued = try await register.issueAccount(
                name: name, role: role, organization: organization, by: .system)
            lines.append("\(role.rawValue)\t\(organization ?? "-")\t\(issued.token)")
        }
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: Data((lines.joined(separator: "\n") + "\n").utf8),
                attributes: [.posixPermissions: 0o600])
        else { throw CLIValues.cannotWrite(file.path) }
    }

    static func report(_ step: DemoProvince.Progress) {
        let line: String
        switch step {
        case .organizations(let count): line = "registered \(count) organizations"
        case .talents(let written, let total, let events): line = "talents \(written)/\(total), \(events) events"
        case .projecting: line = "projecting the read models…"
        case .projected(let events): line = "projected \(events) events"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func describe(_ summary: DemoProvince.Summary) -> String {
        var lines = [
            "organizations  \(summary.organizations)",
            "talents        \(summary.talents)",
            "events         \(summary.events)",
            "refused        \(summary.refusedCommands) generated commands (skipped)",
            "seconds        \(String(format: "%.1f", summary.seconds))",
            "events per kind:",
        ]
        let width = summary.eventsByType.keys.map(\.count).max() ?? 0
        for (type, count) in summary.eventsByType.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            lines.append("  " + type.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(count)")
        }
        return lines.joined(separator: "\n")
    }
}
