import ArgumentParser
import Foundation
import ReadModels

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

    @OptionGroup var policyOptions: PolicyOptions

    func validate() throws {
        guard (0...10_000_000).contains(talents) else {
            throw ValidationError("--talents must be between 0 and 10000000")
        }
    }

    func run() async throws {
        let logger = database.makeLogger("talentledger.demo")
        let policy = try policyOptions.load()
        try await DatabaseSession.with(database, purpose: .write, logger: logger) { session in
            if ifEmpty, try await !session.store.isEmpty() {
                print("the store holds events already: demo province not loaded")
                return
            }
            let province = DemoProvince(seed: seed, talents: talents)
            let summary = try await province.load(into: session.store, policy: policy) { step in
                Self.report(step)
            }
            print(Self.describe(summary))
        }
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
