import Foundation
import Postgres
import TalentLedgerTesting

@testable import EventStore

/// A store on a fresh, migrated database of its own.
func makeStore(_ suite: String, connections: Int = 8, acquireTimeout: Duration = .seconds(10)) async throws
    -> EventStore
{
    let configuration = try await TestDatabase.fresh(suite)
    return EventStore(
        pool: ConnectionPool(
            configuration: configuration, maximumConnections: connections, acquireTimeout: acquireTimeout))
}

func event(_ type: String = "Noted", _ value: Int = 0, on date: String = "2026-01-05") -> NewEvent {
    NewEvent(
        type: type, data: Data(#"{"value":\#(value)}"#.utf8), metadata: EventMetadata(actor: "tester"),
        effectiveDate: date)
}

/// Runs raw SQL as the test cluster's superuser (to play the part of someone tampering with the table).
func superuser(_ store: EventStore, _ script: String) async throws {
    try await store.pool.withConnection { connection in try await connection.executeScript(script) }
}
