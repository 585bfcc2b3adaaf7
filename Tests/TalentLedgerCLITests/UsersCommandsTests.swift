import EventStore
import Foundation
import Postgres
import ReadModels
import TalentApplication
import TalentLedgerTesting
import Testing

@testable import talentledger

@Suite("talentledger users: accounts that fit their role, revoked once")
struct UsersCommandsTests {
    /// The operator's database with the province's root (the provincial office) registered beside its unit.
    static func prepared(_ suite: String) async throws -> (ConnectionConfiguration, String) {
        let (configuration, url) = try await OperatorTests.prepared(suite)
        try await TestDatabase.withStore(on: configuration) { store, _ in
            try await store.appendBulk([
                try OrganizationStream.registration(
                    Organization(
                        id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil),
                    on: "2016-01-01")
            ])
            try await TalentRegister(store: store, policy: try PolicyDirectory.load()).catchUpProjections()
        }
        return (configuration, url)
    }

    static func add(_ role: String, _ organization: String?, _ url: String) async throws -> IssuedAccount {
        try await UsersGroup.Add.parse(
            ["--database-url", url, "--role", role, "--name", "x"]
                + (organization.map { ["--organization", $0] } ?? [])
        ).issue()
    }

    /// A province office "of" a unit or a bureau would review that level's submissions (O1) as if it were
    /// that level; an auditor needs no organization at all.
    @Test(arguments: ["province-office", "auditor"])
    func aProvinceWideAccountActsForNoOrganizationOrTheProvincesRootOnly(role: String) async throws {
        let (_, url) = try await Self.prepared("cli_users_fit_\(role.replacingOccurrences(of: "-", with: "_"))")
        let misfit = await #expect(throws: CLIFailure.self) { try await Self.add(role, "unit-1", url) }
        #expect(misfit?.description.hasPrefix("--organization: unit-1 is a provincialUnit") == true)
        #expect(misfit?.description.contains("acts for the whole province") == true)
        #expect(try await Self.add(role, "prov", url).account.organization == "prov")
        #expect(try await Self.add(role, nil, url).account.organization == nil)
        // Nothing was issued for the misfit.
        #expect(try await UsersGroup.List.parse(["--database-url", url]).accounts().count == 2)
    }

    /// An account's name and a revocation's reason are listed to terminals and pages: a name holds no
    /// control character (a terminal's escape sequence, a tab), a reason meets the register's limits (none
    /// either; at most 2,000 characters), and a refused one records nothing.
    @Test func anAccountsNameAndARevocationsReasonMeetTheRegistersLimits() async throws {
        let (_, url) = try await Self.prepared("cli_users_limits")
        for name in ["x\u{1B}[31mred", "a\tb", "\u{202E}dlrow"] {
            let refused = await #expect(throws: CLIFailure.self) {
                try await UsersGroup.Add.parse(["--database-url", url, "--role", "auditor", "--name", name]).issue()
            }
            #expect(
                refused?.description.hasPrefix("--name: no control characters") == true,
                "\(String(describing: refused))")
        }
        #expect(try await UsersGroup.List.parse(["--database-url", url]).accounts().isEmpty)
        let issued = try await Self.add("auditor", nil, url)
        for reason in ["bad\u{1B}[2Jreason", String(repeating: "长", count: 2_001)] {
            let refused = await #expect(throws: CLIFailure.self) {
                try await UsersGroup.Revoke.parse([issued.account.id, "--reason", reason, "--database-url", url])
                    .output()
            }
            #expect(
                refused?.description.hasPrefix("refused (LIMITS): reason：") == true, "\(String(describing: refused))")
        }
        #expect(try await UsersGroup.List.parse(["--database-url", url]).accounts().first?.revokedAt == nil)
    }

    @Test func revokingAnAccountTwiceSaysItWasRevokedAlreadyAndRecordsNothing() async throws {
        let (configuration, url) = try await Self.prepared("cli_users_revoke_twice")
        let issued = try await Self.add("unit-officer", "unit-1", url)
        let revoke = try UsersGroup.Revoke.parse([issued.account.id, "--database-url", url])
        #expect(throws: (any Error).self, "an empty id names no account") {
            try UsersGroup.Revoke.parse(["", "--database-url", url])
        }
        #expect(try await revoke.output() == "revoked \(issued.account.id)")
        let again = try await revoke.output()
        #expect(again.hasPrefix("\(issued.account.id) was already revoked (recorded "))
        #expect(again.hasSuffix("): nothing recorded"))
        let recorded = try await TestDatabase.withStore(on: configuration) { store, _ in
            try await store.readStream(AccountStream.id(issued.account.id)).map(\.type)
        }
        #expect(recorded == [AccountStream.issued, AccountStream.revoked])
    }
}
