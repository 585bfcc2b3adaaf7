import EventStore
import Foundation
import Postgres
import ReadModels
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import TalentApplication

@Suite("Accounts: bearer tokens issued and revoked as events, kept only as hashes")
struct AccountTests {
    @Test func anIssuedTokenStandsForItsCallerUntilRevoked() async throws {
        try await SmallProvince.with("accounts_lifecycle") { (province: SmallProvince) async throws in
            let register = province.register
            let issued = try await register.issueAccount(
                name: "市一中人事处", role: .unitOfficer, organization: "u-city", by: SmallProvince.province)
            #expect(issued.token.hasPrefix("tl_"))
            let caller = try await register.caller(bearing: issued.token)
            #expect(caller == Caller(id: issued.account.id, role: .unitOfficer, organization: "u-city"))
            #expect(try await register.caller(bearing: "tl_" + String(repeating: "x", count: 43)) == nil)
            #expect(try await register.caller(bearing: "not-a-token") == nil)
            try await register.revokeAccount(issued.account.id, reason: "left the unit", by: SmallProvince.province)
            #expect(try await register.caller(bearing: issued.token) == nil)
            let listed = try await register.accounts(by: SmallProvince.auditor)
            #expect(listed.map(\.id) == [issued.account.id])
            #expect(listed.first?.revokedAt != nil)
        }
    }

    @Test func onlyTheTokensHashIsKeptAndTheHistoryShowsWhoCouldActWhen() async throws {
        try await SmallProvince.with("accounts_hash") { (province: SmallProvince) async throws in
            let issued = try await province.register.issueAccount(
                name: "审计组", role: .auditor, organization: nil, by: .system)
            let stored = try await province.store.readStream(AccountStream.id(issued.account.id))
            #expect(stored.map(\.type) == [AccountStream.issued])
            let text = String(decoding: stored[0].data, as: UTF8.self)
            #expect(!text.contains(issued.token))
            #expect(text.contains(BearerToken.hash(issued.token)))
            try await province.register.revokeAccount(issued.account.id, reason: "audit done", by: .system)
            #expect(
                try await province.store.readStream(AccountStream.id(issued.account.id)).map(\.type) == [
                    AccountStream.issued, AccountStream.revoked,
                ])
            // The accounts table is a read model: a rebuild derives it again from the events.
            let maintenance = ProjectionMaintenance(store: province.store, policy: province.register.policy)
            try await maintenance.rebuild()
            #expect(try await maintenance.check().isEmpty)
            #expect(try await province.register.caller(bearing: issued.token) == nil)
        }
    }

    @Test func anAccountMustFitItsOrganizationAndOnlyTheProvinceIssuesThem() async throws {
        try await SmallProvince.with("accounts_refused") { (province: SmallProvince) async throws in
            let register = province.register
            let misfit = await #expect(throws: InvalidInput.self) {
                try await register.issueAccount(
                    name: "x", role: .hrBureau, organization: "u-city", by: SmallProvince.province)
            }
            #expect(misfit?.field == "organization")
            await #expect(throws: InvalidInput.self) {
                try await register.issueAccount(
                    name: "x", role: .unitOfficer, organization: "nowhere", by: SmallProvince.province)
            }
            await #expect(throws: InvalidInput.self) {
                try await register.issueAccount(name: "x", role: .unitOfficer, organization: nil, by: .system)
            }
            await #expect(throws: InvalidInput.self) {
                try await register.issueAccount(name: " ", role: .auditor, organization: nil, by: .system)
            }
            // A name is shown on every page its holder opens: no phone or id number in it (SEC1).
            for name in ["220102199001011234", "张三 138-1234-5678", "审计员１３８１２３４５６７８"] {
                let refused = await #expect(throws: InvalidInput.self, "\(name)") {
                    try await register.issueAccount(name: name, role: .auditor, organization: nil, by: .system)
                }
                #expect(refused?.field == "name")
            }
            _ = try await register.issueAccount(name: "审计员2 0431", role: .auditor, organization: nil, by: .system)
            await #expect(throws: Forbidden.self) {
                try await register.issueAccount(
                    name: "x", role: .auditor, organization: nil, by: SmallProvince.city)
            }
            await #expect(throws: NotFound.self) {
                try await register.revokeAccount("acc-none", reason: "x", by: .system)
            }
            await #expect(throws: Forbidden.self) { try await register.accounts(by: SmallProvince.cityOfficer) }
        }
    }

    /// The province office and the auditor act for the whole province: an organization of theirs is the
    /// province's root or none, never a level of a unit's chain (O1) whose submissions they would review
    /// as that level.
    @Test(arguments: [Caller.Role.provinceOffice, .auditor])
    func aProvinceWideAccountHoldsNoOrganizationButTheProvincesRoot(role: Caller.Role) async throws {
        try await SmallProvince.with("accounts_province_wide_\(role.rawValue.prefix(4))") {
            (province: SmallProvince) async throws in
            let register = province.register
            for misfit in ["city", "dept", "u-city"] {
                let refused = await #expect(throws: InvalidInput.self) {
                    try await register.issueAccount(name: "x", role: role, organization: misfit, by: .system)
                }
                #expect(refused?.field == "organization")
            }
            let root = try await register.issueAccount(name: "x", role: role, organization: "prov", by: .system)
            #expect(try await register.caller(bearing: root.token)?.organization == "prov")
            let none = try await register.issueAccount(name: "x", role: role, organization: nil, by: .system)
            #expect(try await register.caller(bearing: none.token)?.organization == nil)
        }
    }

    @Test func revokingARevokedAccountRecordsNothing() async throws {
        try await SmallProvince.with("accounts_revoked_once") { (province: SmallProvince) async throws in
            let issued = try await province.register.issueAccount(
                name: "审计组", role: .auditor, organization: nil, by: .system)
            #expect(
                try await province.register.revokeAccount(issued.account.id, reason: "done", by: .system) == .revoked)
            let again = try await province.register.revokeAccount(issued.account.id, reason: "again", by: .system)
            guard case .alreadyRevoked = again else {
                Issue.record("a second revocation answered \(again)")
                return
            }
            #expect(
                try await province.store.readStream(AccountStream.id(issued.account.id)).map(\.type) == [
                    AccountStream.issued, AccountStream.revoked,
                ])
        }
    }
}
