import ArgumentParser
import Foundation
import TalentApplication
import TalentDomain

/// `talentledger export`: a unit's campaign forms as files (S1), desensitized (SEC1).
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a unit's Attachment 1 and Attachment 4 of a campaign as .xlsx into a folder.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @Option(help: "The campaign year.") var campaign = 2025
    @Option(help: "The unit.") var unit: String
    @Option(help: "Business day YYYY-MM-DD the forms are made on (default: today in China).") var on: String?
    @Option(help: "The folder to write into (created when missing).") var out: String

    func validate() throws {
        guard (2000...2099).contains(campaign) else { throw ValidationError("--campaign must be a year such as 2025") }
        if let on { _ = try CLIValues.day(on, option: "--on") }
        guard !out.isEmpty else { throw ValidationError("--out names a folder") }
    }

    func run() async throws { print(try await output()) }

    func output() async throws -> String {
        let logger = database.makeLogger("talentledger.export")
        let policy = try self.policy.load()
        let day = try on.map { try CLIValues.day($0, option: "--on") } ?? BusinessDay.today()
        let files: [URL]
        do {
            files = try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
                try await TalentRegister(store: session.store, policy: policy, logger: logger).exportForms(
                    campaign: campaign, unit: unit, on: day, to: URL(fileURLWithPath: out), by: .system)
            }
        } catch let notFound as NotFound {
            throw CLIFailure(notFound.description)
        }
        return files.map { "wrote \($0.path)" }.joined(separator: "\n")
    }
}
