// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like W1 and S2 are the register's own spelling.

import Foundation
import Postgres
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import EventStore
@testable import ReadModels
@testable import TalentApplication

@Suite("Campaign rosters (W1–W3)")
struct CampaignRosterTests {
    @Test func aConfirmedEndTermResultStaysOnItsCampaignsRoster() async throws {
        let context = try await ReadModelContext("roster")
        let id = TalentID("roster-1")
        // Period started 2020-06-01: in campaign 2025's end-term assessment (W3).
        try await context.evaluate("roster-1", tier: .C, certificate: "2020-06-01")
        func progress() async throws -> [String: String] {
            try await context.store.pool.withConnection { connection in
                try await connection.query(
                    "SELECT work_item, progress FROM campaign_roster WHERE campaign = 2025 AND talent_id = \(id.rawValue)"
                ).reduce(into: [:]) { rows, row in
                    rows[try row.decode(String.self, at: 0)] = try row.decode(String.self, at: 1)
                }
            }
        }
        #expect(try await progress()["endTermAssessment"] == "pending")
        try await context.handler.handle(
            .registerEndTerm(campaign: 2025), for: id, on: try day("2026-01-08"), by: officer)
        #expect(try await progress()["endTermAssessment"] == "registered")
        try await context.handler.handle(
            .grade(campaign: 2025, grade: .good, decidedCollectively: true), for: id, on: try day("2026-01-09"),
            by: officer)
        #expect(try await progress()["endTermAssessment"] == "graded_good")
        try await context.handler.handle(.notifyResult(campaign: 2025), for: id, on: try day("2026-01-12"), by: officer)
        let confirmed = try await context.handler.handle(
            .finalizeResult(campaign: 2025), for: id, on: try day("2026-01-13"), by: officer)
        // M4 renewed the period, so W3 no longer applies to the talent's new period...
        #expect(confirmed.state.period?.start == (try day("2026-01-13")))
        // ...but campaign 2025's roster still shows the work done and its result.
        #expect(try await progress()["endTermAssessment"] == "confirmed_good")
        // ...with its basic information owed: the renewed period follows one the talent was managed in.
        #expect(try await progress()["basicInfoCollection"] == "pending")
    }

    /// Every campaign of the policy has its roster, not only the current one: a campaign added to the
    /// policy is named as missing until the read models are rebuilt, which writes its rows.
    @Test func W1_S2_everyCampaignOfThePolicyHasItsRosterOnceRebuilt() async throws {
        let context = try await ReadModelContext("roster_years")
        try await context.evaluate("roster-2", tier: .C, certificate: "2021-04-01")
        let folder = try TestPolicies.folder(editingCampaigns: TestPolicies.addCampaign2026)
        defer { try? FileManager.default.removeItem(at: folder) }
        let withNext = try PolicyDirectory.load(from: folder)
        #expect(
            try await ProjectionMaintenance(store: context.store, policy: context.policy).campaignsWithoutRoster() == []
        )
        let maintenance = ProjectionMaintenance(store: context.store, policy: withNext)
        #expect(try await maintenance.campaignsWithoutRoster() == [2026])
        try await maintenance.rebuild()
        #expect(try await maintenance.campaignsWithoutRoster() == [])
        let items = try await context.store.pool.withConnection { connection in
            try await connection.query(
                "SELECT campaign, work_item FROM campaign_roster WHERE talent_id = 'roster-2' ORDER BY 1, 2"
            ).map { "\(try $0.decode(Int.self, at: 0)) \(try $0.decode(String.self, at: 1))" }
        }
        // A period begun in 2021 is assessed at its end in campaign 2026 (W3: on or before 2021-12-31).
        #expect(
            items == ["2025 basicInfoCollection", "2026 basicInfoCollection", "2026 endTermAssessment"], "\(items)")
    }
}
