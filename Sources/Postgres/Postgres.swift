/// The Swift face of libpq.
///
/// `Postgres` owns everything that talks to a PostgreSQL server: connections opened by URL or socket
/// directory (``ConnectionConfiguration``), queries whose values are always bound parameters
/// (``PostgresQuery``), typed decoding of text results (``PostgresRow``), transactions, several statements
/// in one round trip (``Connection/pipeline(_:)``, ``Connection/enqueue(_:prepared:)``), COPY FROM STDIN,
/// LISTEN/NOTIFY, typed errors carrying the SQLSTATE (``PostgresError``), a bounded pool
/// (``ConnectionPool``) and a private cluster started from the system's binaries (``LocalCluster``).
///
/// libpq is blocking: every call that can wait on the network runs on an `NIOThreadPool`, never on the
/// Swift concurrency pool.
public enum PostgresModule {}
