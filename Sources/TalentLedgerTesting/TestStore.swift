import EventStore
import Postgres

extension TestDatabase {
    /// A store over `configuration`'s database for the duration of `body`: its background work and its
    /// pool are closed when `body` returns or throws, so that no test leaves connections open.
    public static func withStore<T: Sendable>(
        on configuration: ConnectionConfiguration,
        maximumConnections: Int = 8,
        appendConcurrency: Int = 2,
        appendPatience: Duration = .milliseconds(500),
        _ body: (EventStore, ConnectionPool) async throws -> T
    ) async throws -> T {
        let pool = ConnectionPool(configuration: configuration, maximumConnections: maximumConnections)
        let store = EventStore(pool: pool, appendConcurrency: appendConcurrency, appendPatience: appendPatience)
        do {
            let result = try await body(store, pool)
            await store.close()
            await pool.close()
            return result
        } catch {
            await store.close()
            await pool.close()
            throw error
        }
    }

    /// The same over a fresh database of its own.
    public static func withStore<T: Sendable>(
        _ suite: String, maximumConnections: Int = 8,
        _ body: (EventStore, ConnectionPool) async throws -> T
    ) async throws -> T {
        try await withStore(on: try await fresh(suite), maximumConnections: maximumConnections, body)
    }
}
