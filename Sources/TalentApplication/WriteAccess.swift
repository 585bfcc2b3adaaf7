import EventStore
import Postgres

/// Whether the server's role can record in its database: a standby or a read-only default refuses every
/// write, and a right not granted refuses those that need it, each only when a write comes. A server
/// started on such a database would read well and answer every command with an error; it is refused at
/// start, and `GET /health` says a database turned read-only since.
public enum WriteAccess {
    /// Every table the server writes, but the event store's (``StoreConnection/mayAppend()``) and
    /// `schema_version` (`migrate`'s): the tables of the schema the role's session searches.
    static let problemsQuery: PostgresQuery = """
        SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on',
               has_database_privilege(current_database(), 'TEMPORARY'),
               coalesce((
                   SELECT string_agg(c.relname, ', ' ORDER BY c.relname)
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
                     AND c.relname NOT IN ('events', 'streams', 'schema_version') AND c.relname NOT LIKE 'bench\\_%'
                     AND NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT')
                              AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))), ''),
               coalesce((
                   SELECT string_agg(c.relname, ', ' ORDER BY c.relname)
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = current_schema() AND c.relkind = 'S'
                     AND NOT (has_sequence_privilege(c.oid, 'USAGE') AND has_sequence_privilege(c.oid, 'SELECT')
                              AND has_sequence_privilege(c.oid, 'UPDATE'))), '')
        """

    /// What keeps the role from recording, in words an operator acts on; empty when nothing does.
    public static func problems(in store: EventStore) async throws -> [String] {
        try await store.withProbe { store in
            guard let row = try await store.connection.query(problemsQuery).first else { return [] }
            var problems: [String] = []
            if try row.decode(Bool.self, at: 0) {
                problems.append("the database is a standby (in recovery): point the server at the primary")
            } else if try row.decode(Bool.self, at: 1) {
                problems.append(
                    "the role's sessions are read-only (default_transaction_read_only): the server records")
            }
            if try !row.decode(Bool.self, at: 2) {
                problems.append(
                    "the role may not make temporary tables in the database (GRANT TEMPORARY): lists are imported through them"
                )
            }
            if try await !store.mayAppend() {
                problems.append(
                    "the role may not read or append events: grant it SELECT and INSERT of events, and SELECT, "
                        + "INSERT and UPDATE of streams")
            }
            let tables = try row.decode(String.self, at: 3)
            if !tables.isEmpty {
                problems.append("the role lacks SELECT, INSERT, UPDATE or DELETE on the tables \(tables)")
            }
            let sequences = try row.decode(String.self, at: 4)
            if !sequences.isEmpty {
                problems.append("the role lacks USAGE, SELECT or UPDATE on the sequences \(sequences)")
            }
            return problems
        }
    }

    /// Whether the database refuses every write now (a standby, or a read-only default): the health probe's
    /// question, asked every few seconds.
    public static func readOnly(_ store: EventStore) async throws -> Bool {
        try await store.withProbe { store in
            try await store.connection.query(
                "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'"
            ).first?.decode(Bool.self, at: 0) ?? false
        }
    }
}
