import CLibPQ
import Foundation
import Logging
import NIOPosix

/// A private PostgreSQL cluster run from the system's binaries: initdb on first use, pg_ctl to start and
/// stop, a Unix socket only (no TCP port).
///
/// PostgreSQL refuses to run as root, so when this process is root the cluster runs as the `postgres`
/// system user (through `runuser`) and its folders are handed to that user.
public final class LocalCluster: Sendable {
    /// The database superuser created by initdb; local socket connections are trusted.
    public static let superuser = "talentledger"

    public let directory: URL
    public let socketDirectory: String
    public let binaries: PostgresBinaries
    let systemUser: SystemUser?
    /// False when the cluster was already running (another process of ours started it): we leave it running.
    public let ownsServer: Bool
    let logger: Logger
    /// This run's share of the cluster, which a run stopping it asks after.
    let use: ClusterUse

    var dataDirectory: String { directory.appendingPathComponent("data").path }
    var logFile: String { directory.appendingPathComponent("postgresql.log").path }

    private init(
        directory: URL,
        socketDirectory: String,
        binaries: PostgresBinaries,
        systemUser: SystemUser?,
        ownsServer: Bool,
        logger: Logger
    ) {
        self.directory = directory
        self.socketDirectory = socketDirectory
        self.binaries = binaries
        self.systemUser = systemUser
        self.ownsServer = ownsServer
        self.logger = logger
        self.use = ClusterUse(directory: directory)
    }

    /// Creates the cluster in `directory` if it does not exist yet, and starts it unless it runs already.
    ///
    /// - Parameter settings: extra `postgresql.conf` settings (tests turn off `fsync`).
    public static func start(
        in directory: URL,
        settings: [String: String] = [:],
        binaries: PostgresBinaries? = nil,
        threadPool: NIOThreadPool = .forDatabaseCalls,
        logger: Logger = Logger(label: "talentledger.postgres.cluster")
    ) async throws -> LocalCluster {
        let binaries = try binaries ?? PostgresBinaries.locate()
        return try await threadPool.runIfActive {
            try startBlocking(in: directory, settings: settings, binaries: binaries, logger: logger)
        }
    }

    static func startBlocking(
        in directory: URL,
        settings: [String: String],
        binaries: PostgresBinaries,
        logger: Logger
    ) throws -> LocalCluster {
        guard !directory.path.contains("'"), !directory.path.contains("\n") else {
            throw PostgresError(
                .cluster, "the state folder path must not contain quotes or line breaks: \(directory.path)")
        }
        let systemUser = try SystemUser.forCluster()
        let files = FileManager.default
        // A folder this run makes is the database user's; one that was there (the operator's, holding files
        // of its own, or the working folder) is left as it is but for letting that user pass through it: the
        // cluster's own folders inside it (data, socket) are made here and handed over.
        let socketDirectory = try socketDirectory(for: directory)
        // The socket's folder may be under /tmp (a deep state folder): one another user made first there
        // would let them see or replace the socket.
        if let owner = Self.foreignOwner(of: socketDirectory, allowed: [getuid(), systemUser?.uid].compactMap { $0 }) {
            throw PostgresError(
                .cluster,
                "the socket folder \(socketDirectory) belongs to another user (uid \(owner)): remove it, or use a shorter state folder path"
            )
        }
        let data = directory.appendingPathComponent("data").path
        var opened: [String] = []
        for path in [directory.path, socketDirectory, data] {
            let existed = files.fileExists(atPath: path)
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
            if let systemUser {
                if !existed {
                    try systemUser.hand(path)
                } else if path == directory.path, systemUser.makeTraversable(path) {
                    opened.append(path)
                }
                opened += systemUser.makeAncestorsTraversable(path)
            }
        }
        for folder in Set(opened).sorted() {
            logger.notice(
                "let the database's user pass through a folder of the state's (o+x)", metadata: ["folder": "\(folder)"])
        }
        let cluster = LocalCluster(
            directory: directory, socketDirectory: socketDirectory, binaries: binaries,
            systemUser: systemUser, ownsServer: true, logger: logger
        )
        return try cluster.holdingStartLock {
            let started = try cluster.createOrStart(settings: settings)
            try started.use.begin()
            return started
        }
    }

    /// Makes the cluster when its folder holds none, writes its settings and starts its server unless it
    /// runs (sharing or adopting it then): the part of a start that ``holdingStartLock(_:)`` keeps to one run
    /// at a time.
    private func createOrStart(settings: [String: String]) throws -> LocalCluster {
        let files = FileManager.default
        let data = dataDirectory
        if !files.fileExists(atPath: data + "/PG_VERSION") {
            logger.info("creating a PostgreSQL cluster", metadata: ["directory": "\(data)"])
            try run(
                binaries.initdb,
                ["-D", data, "-U", Self.superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]
            )
            try FileHandle.append("\ninclude_if_exists = 'talentledger.conf'\n", toFile: data + "/postgresql.conf")
        }
        var conf = [
            "listen_addresses": "''",
            "unix_socket_directories": "'\(socketDirectory)'",
            "unix_socket_permissions": "0770",
        ]
        for (key, value) in settings { conf[key] = value }
        let text = conf.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n") + "\n"
        try text.write(toFile: data + "/talentledger.conf", atomically: false, encoding: .utf8)
        try systemUser?.hand(data + "/talentledger.conf")

        if isServing() {
            // Started by a run that is still alive: share it and leave it running. Started by a run that
            // died (killed before it could stop it): adopt it, so it is stopped at the end of this run.
            if let owner = ownerProcess(), owner != getpid(), Self.isAlive(owner) {
                logger.info("using the PostgreSQL cluster that is already running", metadata: ["directory": "\(data)"])
                return LocalCluster(
                    directory: directory, socketDirectory: socketDirectory, binaries: binaries,
                    systemUser: systemUser, ownsServer: false, logger: logger
                )
            }
            logger.info("adopting a PostgreSQL cluster an earlier run left running", metadata: ["directory": "\(data)"])
            try recordOwner()
            return self
        }
        // The server's log names the statements that failed, with their values: for its owner alone.
        if !files.fileExists(atPath: logFile) {
            _ = files.createFile(atPath: logFile, contents: nil)
        }
        chmod(logFile, 0o600)
        try systemUser?.hand(logFile)
        try startServer()
        logger.info("PostgreSQL cluster started", metadata: ["socket": "\(socketDirectory)"])
        return self
    }

    /// How long a run waits for another that is making, starting or stopping the same cluster.
    static let startLockWait: Duration = .seconds(180)

    /// Runs `body` while this process holds the state folder's start lock (`cluster.lock`, `flock`): two
    /// runs that find the cluster stopped (a timer's job as the server starts) would otherwise both make it
    /// or both start it, and one would fail with initdb's or pg_ctl's words; one stopping it as another
    /// starts it would leave the starter without a server. The lock goes with the descriptor, so a run
    /// that dies holds it no longer. The wait is bounded: a start or stop takes at most a minute (pg_ctl's
    /// `-t 60`), and a run that holds it longer is named in the failure.
    func holdingStartLock<T>(_ body: () throws -> T) throws -> T {
        let path = directory.appendingPathComponent("cluster.lock").path
        let descriptor = try Self.openLockFile(path)
        defer { close(descriptor) }
        let deadline = ContinuousClock.now + Self.startLockWait
        var waited = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw PostgresError(.cluster, "cannot lock \(path): \(String(cString: strerror(errno)))")
            }
            guard ContinuousClock.now < deadline else {
                throw PostgresError(
                    .cluster,
                    "another run has been starting or stopping the cluster in \(directory.path) for "
                        + "\(Self.startLockWait.components.seconds) s (it holds \(path)): let it end, or stop it")
            }
            if !waited {
                logger.info(
                    "waiting for another run that is starting or stopping the cluster",
                    metadata: ["directory": "\(directory.path)"])
                waited = true
            }
            usleep(50_000)
        }
        return try body()
    }

    /// Starts the cluster's server (`pg_ctl start`, waiting for it) and records this process as its owner;
    /// a start that fails says the last lines of the server's log.
    func startServer() throws {
        do {
            try run(binaries.pgCtl, ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-s"])
        } catch let error as PostgresError {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n").suffix(8).joined(separator: "\n")
            throw PostgresError(.cluster, "\(error.message)\nlast lines of \(logFile):\n\(tail)")
        }
        try recordOwner()
    }

    /// The connection settings for `database` on this cluster.
    public func configuration(database: String = "postgres") -> ConnectionConfiguration {
        ConnectionConfiguration(socketDirectory: socketDirectory, database: database, user: Self.superuser)
    }

    /// The same settings as a URL (`postgresql://…?host=<socket directory>`), for programs that take one.
    public func url(database: String = "postgres") -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+/")
        let host = socketDirectory.addingPercentEncoding(withAllowedCharacters: allowed) ?? socketDirectory
        return "postgresql://\(Self.superuser)@localhost/\(database)?host=\(host)"
    }

    /// Creates a database unless it exists. The name must be a plain identifier (a-z, 0-9, _).
    public func createDatabase(_ name: String, threadPool: NIOThreadPool = .forDatabaseCalls) async throws {
        let quoted = try PostgresIdentifier(name, what: "database name").quoted
        let connection = try await Connection.connect(configuration(), threadPool: threadPool, logger: logger)
        defer { connection.close() }
        let exists = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(name)")
        guard exists.count == 0 else { return }
        do {
            try await connection.executeScript("CREATE DATABASE \(quoted)")
        } catch let error as PostgresError where error.isUniqueViolation || error.sqlState == "42P04" {
            // Another run made it between the look and the making (two commands on a new state folder).
        }
    }

    /// Stops the server when this process is the last to use it (fast shutdown). The process that started
    /// it stops it at its end, unless another process of ours still holds sessions on it (a server started
    /// while a timer's job ran, say): then it is left running, and the last of them to end stops it.
    public func stop(threadPool: NIOThreadPool = .forDatabaseCalls) async throws {
        try await threadPool.runIfActive { try self.stopBlocking() }
    }

    /// The blocking form of ``stop(threadPool:)``, for exit handlers.
    public func stopBlocking() throws {
        try holdingStartLock {
            use.end()
            // Another run of ours may have stopped it already (both found it theirs to stop).
            guard isServing() else {
                if ownsServer { try? FileManager.default.removeItem(atPath: ownerFile) }
                return
            }
            // Another run of ours holds a share of it (connected or about to), or another process holds
            // sessions on it: the last of them stops it.
            let sharedByRuns = use.othersUse()
            let sessions = sharedByRuns ? 0 : sessionsOfOtherProcesses() ?? 0
            if sharedByRuns || sessions > 0 {
                if ownsServer {
                    try? FileManager.default.removeItem(atPath: ownerFile)
                    logger.info(
                        "PostgreSQL cluster left running: another run uses it, and the last to end stops it",
                        metadata: ["sessions": "\(sessions)"])
                }
                return
            }
            guard ownsServer || ownerHasEnded() else { return }
            try run(binaries.pgCtl, ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"])
            try? FileManager.default.removeItem(atPath: ownerFile)
            logger.info("PostgreSQL cluster stopped")
        }
    }

    /// The command line that sets the epoch of the stopped cluster's transaction ids to `epoch`, as an
    /// operator runs it at this host (as the cluster's system user when this process is root).
    public func transactionEpochCommand(_ epoch: UInt64) -> String {
        let command = "\(binaries.pgResetWAL) -e \(epoch) \(dataDirectory)"
        return systemUser.map { "\($0.runuser) -u \($0.name) -- \(command)" } ?? command
    }

    /// Sets the epoch of the cluster's transaction ids (`pg_resetwal -e`) while it is stopped, so that
    /// every transaction from now on has a 64-bit id (`xid8`) above `epoch << 32`: a database restored
    /// from a logical dump carries the ids of the server it was dumped from, which a new cluster's own
    /// would otherwise run below. The epoch is stored nowhere else; on a cluster shut down cleanly the
    /// rest of what `pg_resetwal` resets is what it would have been.
    public func raiseTransactionEpoch(to epoch: UInt64, threadPool: NIOThreadPool = .forDatabaseCalls) async throws {
        try await threadPool.runIfActive {
            guard !self.isServing() else {
                throw PostgresError(.cluster, "the cluster in \(self.dataDirectory) must be stopped to set its epoch")
            }
            try self.run(self.binaries.pgResetWAL, ["-e", String(epoch), self.dataDirectory])
        }
    }

    /// Whether the process that started the running server has ended (or left it to the others).
    func ownerHasEnded() -> Bool {
        guard let owner = ownerProcess() else { return true }
        return owner != getpid() && !Self.isAlive(owner)
    }

    /// How many sessions processes other than this one hold on the server (their sessions carry another
    /// application name than ``ConnectionConfiguration/processApplicationName``; this one's, closed a
    /// moment ago, may still be listed); nil when it cannot be told.
    func sessionsOfOtherProcesses() -> Int? {
        let probe = "talentledger stopping"
        let conninfo =
            "host='\(socketDirectory)' dbname=postgres user=\(Self.superuser) connect_timeout=2 "
            + "application_name='\(probe)'"
        guard let handle = PQconnectdb(conninfo) else { return nil }
        defer { PQfinish(handle) }
        guard PQstatus(handle) == CONNECTION_OK else { return nil }
        let query =
            "SELECT application_name FROM pg_stat_activity WHERE backend_type = 'client backend' "
            + "AND pid <> pg_backend_pid() AND application_name <> $1 AND application_name <> '\(probe)'"
        let name = strdup(ConnectionConfiguration.processApplicationName)
        defer { free(name) }
        var values: [UnsafePointer<CChar>?] = [UnsafePointer(name)]
        guard let result = PQexecParams(handle, query, 1, nil, &values, nil, nil, 0) else { return nil }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK else { return nil }
        // A run of ours that has just ended may still be listed while its backends exit: not a user.
        return (0..<PQntuples(result)).map { String(cString: PQgetvalue(result, $0, 0)) }
            .filter { !Self.namesAnEndedRun($0) }.count
    }

    /// Whether `applicationName` is a run of ours (``ConnectionConfiguration/processApplicationName``)
    /// whose process has ended.
    static func namesAnEndedRun(_ applicationName: String) -> Bool {
        let prefix = ConnectionConfiguration.runApplicationNamePrefix
        guard applicationName.hasPrefix(prefix), let pid = pid_t(applicationName.dropFirst(prefix.count)) else {
            return false
        }
        return !isAlive(pid)
    }

    var ownerFile: String { directory.appendingPathComponent("owner.pid").path }

    /// The process that started the running server, as recorded in the state folder.
    func ownerProcess() -> pid_t? {
        (try? String(contentsOfFile: ownerFile, encoding: .utf8)).flatMap { pid_t($0.trimmingTrailingWhitespace()) }
    }

    func recordOwner() throws {
        try String(getpid()).write(toFile: ownerFile, atomically: true, encoding: .utf8)
    }

    /// Whether the cluster's server runs: its `postmaster.pid` names a process that is alive (what `pg_ctl
    /// status` asks, without starting a program: the watch asks every few seconds).
    public func isServing() -> Bool {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let line = text.split(separator: "\n").first, let pid = pid_t(line.trimmingCharacters(in: .whitespaces))
        else { return false }
        return Self.isAlive(pid)
    }

    /// Whether process `pid` is alive (another user's too: signalling it is then refused, not failed).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// The owner of `path` when it is none of `allowed`; nil when it is one of them (or cannot be read).
    static func foreignOwner(of path: String, allowed: [uid_t]) -> uid_t? {
        var info = stat()
        guard stat(path, &info) == 0, !allowed.contains(info.st_uid) else { return nil }
        return info.st_uid
    }

    /// Unix socket paths are limited to about 100 bytes; a deep state folder gets its socket under /tmp.
    static func socketDirectory(for directory: URL) throws -> String {
        let preferred = directory.appendingPathComponent("socket").path
        if preferred.utf8.count <= 80 { return preferred }
        var hasher = 5381
        for byte in preferred.utf8 { hasher = (hasher &* 33) &+ Int(byte) }
        return "/tmp/talentledger-\(String(UInt(bitPattern: hasher) % 0xFFFF_FFFF, radix: 16))"
    }

    /// Runs a PostgreSQL program (as the cluster's system user when needed) and fails with its output.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> String {
        let outcome =
            if let systemUser {
                try ProgramRunner.run(systemUser.runuser, ["-u", systemUser.name, "--", program] + arguments)
            } else {
                try ProgramRunner.run(program, arguments)
            }
        guard outcome.status == 0 else {
            let name = URL(fileURLWithPath: program).lastPathComponent
            throw PostgresError(
                .cluster,
                "\(name) \(arguments.first ?? "") failed (exit \(outcome.status)): "
                    + outcome.output.trimmingTrailingWhitespace()
            )
        }
        return outcome.output
    }
}

extension FileHandle {
    static func append(_ text: String, toFile path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw PostgresError(.cluster, "cannot open \(path) for writing")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
