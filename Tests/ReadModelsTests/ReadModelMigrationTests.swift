import Postgres
import Schema
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import EventStore
@testable import ReadModels
@testable import TalentApplication

/// A store projected by an older program, upgraded: the read models' new columns are right without a
/// rebuild, because the projector derives the rows again or the column says what holds until it does.
@Suite("Read models across a schema upgrade")
struct ReadModelMigrationTests {
    @Test func anUpgradedStoreGetsItsNewColumnsFromTheProjector() async throws {
        let context = try await ReadModelContext("read_model_upgrade")
        let id = TalentID("old-1")
        try await context.handler.handle(
            try context.evaluation(id.rawValue, tier: .C, certificate: "2021-03-01", unit: "unit-7"), for: id,
            on: try day("2021-03-01"), by: province)
        // As a program from before both columns left the store.
        try await context.store.pool.withConnection { connection in
            try await connection.executeScript(
                """
                ALTER TABLE talents DROP COLUMN reporting_unit_id, DROP COLUMN may_be_overdue, DROP COLUMN state_json,
                    DROP COLUMN last_day;
                DELETE FROM schema_version;
                """)
            #expect(try await Schema.migrate(connection))
        }
        func row() async throws -> (
            unit: String?, mayBeOverdue: Bool, version: Int64, state: String?, lastDay: String?
        )? {
            try await context.store.pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT reporting_unit_id, may_be_overdue, version, state_json, last_day::text
                    FROM talents
                    WHERE talent_id = \(id.rawValue)
                    """
                ).first.map {
                    (
                        try $0.decode(String?.self, at: 0), try $0.decode(Bool.self, at: 1),
                        try $0.decode(Int64.self, at: 2), try $0.decode(String?.self, at: 3),
                        try $0.decode(String?.self, at: 4)
                    )
                }
            }
        }
        // Until the projector has been over it, the row says "fold to know", no reporting unit, no state and
        // no last day.
        let upgraded = try #require(try await row())
        #expect(upgraded.unit == nil)
        #expect(upgraded.mayBeOverdue)
        #expect(upgraded.state == nil)
        #expect(upgraded.lastDay == nil)
        // The projector derives every talent's rows again, although a command had written them.
        try await ReadModelProjector(store: context.store, policy: context.policy).catchUp()
        let projected = try #require(try await row())
        #expect(projected.unit == "unit-7")
        #expect(!projected.mayBeOverdue)
        #expect(projected.state == (CurrentState.json(try #require(try await context.replay.state(of: id)))))
        #expect(projected.lastDay == "2021-03-01")
        #expect(projected.version == Int64(try await context.store.readStream(TalentStream.id(id)).count))
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
    }

    @Test func rowsProjectedWithTheOldCardNamesAreRenamedAsTheAPINamesThem() async throws {
        let context = try await ReadModelContext("read_model_card_names")
        let id = TalentID("old-2")
        try await context.evaluate(id.rawValue, tier: .C, certificate: "2021-04-01")
        try await context.handler.handle(
            .recordDeath(occurredOn: try day("2026-02-10")), for: id, on: try day("2026-03-03"), by: officer)
        try await context.handler.handle(
            .verifyExitSituation(reason: .died, confirmed: true, finding: "death certificate"), for: id,
            on: try day("2026-03-05"), by: province)
        func names() async throws -> (cards: Set<String>, statuses: Set<String>, columns: [String]) {
            try await context.store.pool.withConnection { connection in
                let history = try await connection.query("SELECT card, status FROM card_history")
                let row = try #require(
                    try await connection.query(
                        "SELECT jixiang_card, jijian_card, talent_code FROM talents WHERE talent_id = \(id.rawValue)"
                    ).first)
                return (
                    Set(try history.map { try $0.decode(String.self, at: 0) }),
                    Set(try history.map { try $0.decode(String.self, at: 1) }),
                    [try row.decode(at: 0), try row.decode(at: 1), try row.decode(at: 2)]
                )
            }
        }
        let current = try await names()
        #expect(current.cards == ["jixiangCard", "jijianCard", "talentCode", "certificate"])
        #expect(current.statuses.contains("takenBack"))
        // As a program from before the rename wrote them.
        try await context.store.pool.withConnection { connection in
            try await connection.executeScript(
                """
                UPDATE card_history SET card = CASE card WHEN 'jixiangCard' THEN 'jixiang_card'
                    WHEN 'jijianCard' THEN 'jijian_card' WHEN 'talentCode' THEN 'talent_code' ELSE card END;
                UPDATE card_history SET status = 'taken_back' WHERE status = 'takenBack';
                UPDATE talents SET jixiang_card = replace(jixiang_card, 'takenBack', 'taken_back'),
                    jijian_card = replace(jijian_card, 'takenBack', 'taken_back'),
                    talent_code = replace(talent_code, 'takenBack', 'taken_back');
                DELETE FROM schema_version;
                """)
            #expect(try await Schema.migrate(connection))
        }
        let upgraded = try await names()
        #expect(upgraded.cards == current.cards)
        #expect(upgraded.statuses == current.statuses)
        #expect(upgraded.columns == current.columns)
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
    }
}
