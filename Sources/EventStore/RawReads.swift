import Foundation
import Postgres

extension EventStore {
    /// The benchmark's baselines: the same rows the store's reads fetch, fetched by libpq and counted but
    /// not decoded into events, so that a ratio shows what decoding and the store's work add.
    public enum RawReads {
        /// Reads every event in the subscriptions' gap-safe order and batch size, with the columns a
        /// rebuild reads; returns how many rows came back.
        public static func all(of store: EventStore, batchSize: Int) async throws -> Int {
            try await store.pool.withConnection { connection in
                var transaction = "0"
                var position: Int64 = 0
                var count = 0
                while true {
                    let rows = try await connection.query(
                        """
                        SELECT \(sql: EventStore.eventColumnList) FROM events
                        WHERE (transaction_id, position) > (\(transaction)::xid8, \(position))
                          AND transaction_id < \(sql: EventStore.gapSafeHorizon)
                        ORDER BY events.transaction_id, events.position
                        LIMIT \(max(1, batchSize))
                        """)
                    guard rows.count > 0 else { break }
                    let last = rows[rows.count - 1]
                    transaction = try last.decode(String.self, at: 10)
                    position = try last.decode(Int64.self, at: 0)
                    count += rows.count
                }
                return count
            }
        }

        /// The rows of one stream effective on or before `day` (`YYYY-MM-DD`), as a replay reads them.
        public static func stream(_ streamID: String, effectiveOnOrBefore day: String, of store: EventStore)
            async throws -> Int
        {
            try await store.pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT \(sql: EventStore.eventColumnList) FROM events
                    WHERE stream_id = \(streamID) AND effective_date <= \(day)::date ORDER BY events.version
                    """
                ).count
            }
        }
    }
}
