import ArgumentParser
import Foundation
import ReadModels
import TalentApplication

/// `talentledger users …`: the accounts that may call the API, as the provincial office keeps them.
struct UsersGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Issue, list and revoke the bearer tokens of the API's accounts.",
        subcommands: [Add.self, List.self, Revoke.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an account; its token is printed once (only its SHA-256 is kept).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @Option(
            help:
                "unit-officer, hr-bureau, supervising-dept, province-office, auditor or monitor (reads /metrics only)."
        )
        var role: String
        @Option(
            help:
                "The organization it acts for (required for units, bureaus and departments; none or the provincial office for province-office, auditor and monitor)."
        )
        var organization: String?
        @Option(help: "Who holds it (a person or an office).") var name: String

        func validate() throws {
            guard let role = Caller.Role(rawValue: role), role != .system else {
                throw ValidationError(
                    "--role must be one of "
                        + Caller.Role.allCases.filter { $0 != .system }.map(\.rawValue).joined(separator: ", "))
            }
        }

        func run() async throws {
            let issued = try await issue()
            print(
                "account  \(issued.account.id)  \(issued.account.role)  \(issued.account.organization ?? "-")  \(issued.account.name)"
            )
            print("token    \(issued.token)")
            print("(shown once: the register keeps only its SHA-256)")
        }

        func issue() async throws -> IssuedAccount {
            let logger = database.makeLogger("talentledger.users")
            let policy = try self.policy.load()
            let role = Caller.Role(rawValue: role) ?? .auditor
            return try await CLIValues.failing {
                try await DatabaseSession.with(database, purpose: .write, logger: logger) { session in
                    try await TalentRegister(store: session.store, policy: policy, logger: logger)
                        .issueAccount(name: name, role: role, organization: organization, by: .system)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every account, revoked ones marked.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions

        func run() async throws {
            for account in try await accounts() {
                let state = account.revokedAt.map { "revoked \(CLIValues.iso($0))" } ?? "active"
                print(
                    "\(account.id)  \(account.role)  \(account.organization ?? "-")  \(account.name)  "
                        + "issued \(CLIValues.iso(account.issuedAt))  \(state)")
            }
        }

        func accounts() async throws -> [Account] {
            let logger = database.makeLogger("talentledger.users")
            let policy = try self.policy.load()
            return try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
                try await TalentRegister(store: session.store, policy: policy, logger: logger).accounts(by: .system)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an account: its token stops working at once.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @Argument(help: "The account's id (from `users list`).") var id: String
        @Option(help: "Why it is revoked.") var reason = "revoked by the provincial office"

        func validate() throws {
            guard !id.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("name the account's id (from `users list`)")
            }
        }

        func run() async throws { print(try await output()) }

        /// What the command prints. Revoking an account revoked already records nothing and is no
        /// failure (exit 0), as a job run a second time: there is nothing left to do.
        func output() async throws -> String {
            let logger = database.makeLogger("talentledger.users")
            let policy = try self.policy.load()
            let revocation = try await CLIValues.failing {
                try await DatabaseSession.with(database, purpose: .write, logger: logger) { session in
                    try await TalentRegister(store: session.store, policy: policy, logger: logger)
                        .revokeAccount(id, reason: reason, by: .system)
                }
            }
            switch revocation {
            case .revoked: return "revoked \(id)"
            case .alreadyRevoked(let at):
                return "\(id) was already revoked (recorded \(CLIValues.iso(at))): nothing recorded"
            }
        }
    }
}
