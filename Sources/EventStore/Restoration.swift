import Foundation
import Postgres

/// The store's events carry transaction ids (`xid8`) ahead of the server's own: the database was restored
/// from a logical dump (`pg_dump`) into a server whose transactions have not come that far.
///
/// The gap-safe order reads an event only once every transaction older than its own has ended, and orders
/// events by transaction id: on such a server, the restored events never count as ended, and every new
/// event sorts before them, so the projector would see none of either. Raising the server's transaction
/// epoch above the events' (`pg_resetwal -e`, on the stopped server) puts its ids past them.
public struct TransactionIDsAhead: Error, CustomStringConvertible, Sendable {
    /// The latest transaction id among the events.
    public var latest: UInt64
    /// One past the server's latest completed transaction id (its snapshot's `xmax`): every event a
    /// healthy store holds is below it.
    public var next: UInt64

    /// An epoch that puts every id the server gives from then on above every event's (`latest`'s epoch and
    /// one).
    public var epoch: UInt64 { (latest >> 32) + 1 }

    public var description: String {
        "the events carry transaction ids ahead of this server's (the latest \(latest), the server's \(next)): "
            + "the database was restored from a logical dump into another server, where new events would sort "
            + "before the restored ones and the read models would never see either"
    }
}

extension EventStore {
    /// Throws ``TransactionIDsAhead`` when the events' latest transaction id is not below the server's
    /// snapshot's `xmax` (a database without the store's tables yet passes). One look at the events' key, whose
    /// first column is the transaction id.
    public static func checkTransactionOrder(on connection: Connection) async throws {
        guard try await holdsStore(connection) else { return }
        let row = try await connection.query(
            """
            SELECT (SELECT transaction_id FROM events ORDER BY transaction_id DESC LIMIT 1)::text,
                pg_snapshot_xmax(pg_current_snapshot())::text
            """
        ).first
        guard let latest = try row?.decode(String?.self, at: 0).flatMap({ UInt64($0) }),
            let next = try row?.decode(String?.self, at: 1).flatMap({ UInt64($0) }), latest >= next
        else { return }
        throw TransactionIDsAhead(latest: latest, next: next)
    }

    /// How many events the database of `connection` holds, nil when it holds no event store at all (a
    /// database just created): what a restore checks before it writes a backup into the database.
    public static func eventsHeld(on connection: Connection) async throws -> Int? {
        guard try await holdsStore(connection) else { return nil }
        return try await StoreConnection(connection).eventCount()
    }

    /// Whether the store's tables exist in the database of `connection` (the schema was applied).
    static func holdsStore(_ connection: Connection) async throws -> Bool {
        try await connection.query("SELECT to_regclass('public.events') IS NOT NULL").first?.decode(Bool.self, at: 0)
            == true
    }
}
