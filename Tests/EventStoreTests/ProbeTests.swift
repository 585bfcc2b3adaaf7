import EventStore
import Postgres
import TalentLedgerTesting
import Testing

/// The store's health probe.
@Suite("Health probe")
struct ProbeTests {
    /// The probe keeps one connection; when the database restarted under it (here: every other session of
    /// the database ended, as a restart ends them), the next probe answers on a new connection instead of
    /// reporting the database unreachable.
    @Test func aProbeWhoseConnectionWasLostUnderItAnswersOnANewOne() async throws {
        try await TestDatabase.withStore("probe_restart") { store, pool in
            let first = try await store.withProbe {
                try await $0.connection.query("SELECT 1").first?.decode(Int.self, at: 0)
            }
            #expect(first == 1)
            try await pool.withConnection { connection in
                _ = try await connection.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """)
            }
            let answered = try await store.withProbe {
                try await $0.connection.query("SELECT 2").first?.decode(Int.self, at: 0)
            }
            #expect(answered == 2)
        }
    }
}
