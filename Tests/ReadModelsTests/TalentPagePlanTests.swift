import Testing

@testable import EventStore
@testable import Postgres
@testable import ReadModels

/// A unit's page of talents comes off the index of answering units (O2) in register-id order, so that it
/// stops at its limit instead of walking, in id order, every talent of the province that comes before the
/// unit's own.
@Suite("A unit's page of talents")
struct TalentPagePlanTests {
    @Test func aUnitsPageIsReadInOrderFromTheIndexOfAnsweringUnits() async throws {
        let context = try await ReadModelContext("talent_page_plan")
        let plan = try await context.store.pool.withConnection { connection in
            // An empty table makes every plan cheap: with the walk of the table and the sort priced out,
            // the plan says whether the index can serve the page in order at all.
            _ = try await connection.query("SET enable_seqscan = off")
            _ = try await connection.query("SET enable_sort = off")
            let page = TalentDirectory.pageQuery(TalentFilter(), scope: .units(["unit-1"]), after: "A", limit: 100)
            let plan = try await connection.query(PostgresQuery(sql: "EXPLAIN " + page.sql, binds: page.binds))
                .map { try $0.decode(String.self, at: 0) }.joined(separator: "\n")
            _ = try await connection.query("RESET ALL")
            return plan
        }
        #expect(plan.contains("talents_answering"), "\(plan)")
        #expect(!plan.contains("Sort"), "\(plan)")
    }
}
