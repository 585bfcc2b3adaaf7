import Foundation
import Postgres
import TalentApplication
import TalentDomain
import Testing

@testable import EventStore
@testable import ReadModels

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
    }
}
