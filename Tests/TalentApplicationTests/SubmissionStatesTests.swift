// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S3 are the register's own spelling.

import EventStore
import Foundation
import ReadModels
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import TalentApplication

@Suite("Where a unit's submission stands")
struct SubmissionStatesTests {
    /// S3: a unit with no talent on the campaign's roster (registered since, or whose talents left its scope)
    /// has nothing to send and is never late, where a unit with talents on it and nothing sent is (a
    /// re-check tester's finding: both were listed late).
    @Test func S3_aUnitWithNoTalentOnTheRosterHasNothingToSubmitAndIsNeverLate() async throws {
        try await SmallProvince.with("nothing_to_submit") { province in
            try await province.store.appendBulk([
                try OrganizationStream.registration(
                    Organization(
                        id: "u-empty", name: "新设单位", shortName: "新设", kind: .cityUnit, parentID: "city", region: "长春"),
                    on: "2016-01-01")
            ])
            _ = try await province.register.catchUpProjections()
            _ = try await province.register.queries.access(fresh: true)
            let (units, _, _) = try await province.register.submissions(
                campaign: 2025, on: try Day("2026-04-02"), by: .system)
            let states = Dictionary(uniqueKeysWithValues: units.map { ($0.unit, $0.state) })
            #expect(states["u-empty"] == .nothingToSubmit, "\(states)")
            #expect(states["u-city"] == .notStarted, "a campaign not run here judges none late: \(states)")
            #expect(SubmissionState.nothingToSubmit.chineseName == "无需报送")
        }
    }
}
