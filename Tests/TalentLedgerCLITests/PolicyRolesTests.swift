// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S2 are the register's own spelling.

import Foundation
import ReadModels
import Testing

@testable import talentledger

@Suite("The policy's roles, checked as it is loaded")
struct PolicyRolesTests {
    /// A copy of the checked-in policy with `earlierDaysRecordedBy` set to `roles`.
    static func policyFolder(earlierDaysRecordedBy roles: [String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: PolicyDirectory.defaultLocation(), to: folder)
        let campaigns = folder.appendingPathComponent("campaigns.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: campaigns)) as? [String: Any])
        json["earlierDaysRecordedBy"] = roles
        try JSONSerialization.data(withJSONObject: json).write(to: campaigns)
        return folder
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
