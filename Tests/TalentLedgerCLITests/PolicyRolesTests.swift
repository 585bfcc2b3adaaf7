// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S2 are the register's own spelling.

import Foundation
import ReadModels
import TalentLedgerTesting
import Testing

@testable import talentledger

@Suite("The policy's roles, checked as it is loaded")
struct PolicyRolesTests {
    /// A copy of the checked-in policy with `earlierDaysRecordedBy` set to `roles`.
    static func policyFolder(earlierDaysRecordedBy roles: [String]) throws -> URL {
        try policyFolder { $0["earlierDaysRecordedBy"] = roles }
    }

    /// A copy of the checked-in policy whose campaigns.json `edit` changed.
    static func policyFolder(_ edit: (inout [String: Any]) throws -> Void) throws -> URL {
        try TestPolicies.folder(editingCampaigns: edit)
    }

    /// Without `--campaign`, the jobs, the submissions and the export act on the policy's current
    /// campaign (`defaultYear`): the year the province made current, not one the code was written in.
    @Test func withoutACampaignTheCommandsActOnThePolicysCurrentOne() throws {
        let folder = try Self.policyFolder { json in
            TestPolicies.addCampaign2026(&json)
            json["defaultYear"] = 2026
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = try PolicyOptions.parse(["--policy-dir", folder.path]).load()
        #expect(try JobsGroup.SuspendLateUnits.parse([]).options.campaign.year(in: policy) == 2026)
        #expect(try JobsGroup.Overdue.parse([]).campaign.year(in: policy) == 2026)
        #expect(try SubmissionsGroup.Status.parse([]).common.campaign.year(in: policy) == 2026)
        #expect(try Export.parse(["--province", "--out", folder.path]).campaign.year(in: policy) == 2026)
        #expect(try JobsGroup.Overdue.parse(["--campaign", "2025"]).campaign.year(in: policy) == 2025)
        #expect(try JobsGroup.Overdue.parse([]).campaign.year(in: try PolicyDirectory.load()) == 2025)
        // A year is taken as given; the policy's campaigns, the register's limits, say whether it is one.
        #expect(try JobsGroup.Overdue.parse(["--campaign", "1990"]).campaign.year(in: policy) == 1990)
        #expect(throws: (any Error).self) { try policy.campaign(year: 1990) }
    }

    /// S2's assumption names roles by the API's identifiers; a misspelt one would give its role nothing,
    /// silently, so the policy is not loaded.
    @Test func S2_aPolicyGivingEarlierDaysToARoleThatDoesNotExistIsNotLoaded() throws {
        let misspelt = try Self.policyFolder(earlierDaysRecordedBy: ["province_office"])
        defer { try? FileManager.default.removeItem(at: misspelt) }
        let failure = #expect(throws: CLIFailure.self) {
            try PolicyOptions.parse(["--policy-dir", misspelt.path]).load()
        }
        #expect(failure?.description.contains("earlierDaysRecordedBy") == true)
        #expect(failure?.description.contains("no role province_office") == true)

        let system = try Self.policyFolder(earlierDaysRecordedBy: ["system"])
        defer { try? FileManager.default.removeItem(at: system) }
        #expect(throws: CLIFailure.self) { try PolicyOptions.parse(["--policy-dir", system.path]).load() }

        let named = try Self.policyFolder(earlierDaysRecordedBy: ["province-office", "hr-bureau"])
        defer { try? FileManager.default.removeItem(at: named) }
        let policy = try PolicyOptions.parse(["--policy-dir", named.path]).load()
        #expect(policy.campaigns.earlierDaysRecordedBy == ["province-office", "hr-bureau"])
    }
}
