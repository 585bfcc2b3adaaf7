import Postgres
import Schema
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import EventStore
@testable import ReadModels

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
                ALTER TABLE talents DROP COLUMN reporting_unit_id, DROP COLUMN may_be_overdue, DROP COLUMN state_json;
                DELETE FROM schema_version;
                """)
            #expect(try await Schema.migrate(connection))
        }
        func row() async throws -> (unit: String?, mayBeOverdue: Bool, version: Int64, state: String?)? {
            try await context.store.pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT reporting_unit_id, may_be_overdue, version, state_json FROM talents
                    WHERE talent_id = \(id.rawValue)
                    """
                ).first.map {
                    (
                        try $0.decode(String?.self, at: 0), try $0.decode(Bool.self, at: 1),
                        try $0.decode(Int64.self, at: 2), try $0.decode(String?.self, at: 3)
                    )
                }
            }
        }
        // Until the projector has been over it, the row says "fold to know", no reporting unit and no state.
        let upgraded = try #require(try await row())
        #expect(upgraded.unit == nil)
        #expect(upgraded.mayBeOverdue)
        #expect(upgraded.state == nil)
        // The projector derives every talent's rows again, although a command had written them.
        try await ReadModelProjector(store: context.store, policy: context.policy).catchUp()
        let projected = try #require(try await row())
        #expect(projected.unit == "unit-7")
        #expect(!projected.mayBeOverdue)
        #expect(projected.state == (CurrentState.json(try #require(try await context.replay.state(of: id)))))
        #expect(projected.version == Int64(try await context.store.readStream(TalentStream.id(id)).count))
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
    }
}
