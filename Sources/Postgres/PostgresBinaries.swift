import Foundation

/// Where the server programs of the system's PostgreSQL live.
public struct PostgresBinaries: Sendable, Equatable {
    public var initdb: String
    public var pgCtl: String

    public init(initdb: String, pgCtl: String) {
        self.initdb = initdb
        self.pgCtl = pgCtl
    }

    /// Finds `initdb` and `pg_ctl` on `PATH`, else in the newest `/usr/lib/postgresql/*/bin` (Debian
    /// keeps them off `PATH`).
    public static func locate(
        path: String? = ProcessInfo.processInfo.environment["PATH"],
        versionRoots: [String] = ["/usr/lib/postgresql", "/usr/local/pgsql"]
    ) throws -> PostgresBinaries {
        let files = FileManager.default
        for directory in folders(path: path, versionRoots: versionRoots)
        where files.isExecutableFile(atPath: directory + "/initdb")
            && files.isExecutableFile(atPath: directory + "/pg_ctl")
        {
            return PostgresBinaries(initdb: directory + "/initdb", pgCtl: directory + "/pg_ctl")
        }
        throw PostgresError(
            .cluster,
            "PostgreSQL server programs (initdb, pg_ctl) not found on PATH or under "
                + versionRoots.joined(separator: ", ")
                + "; install them (Debian: apt-get install postgresql) or give a database URL"
        )
    }
}

extension PostgresBinaries {
    /// A program of the system's PostgreSQL (`pg_dump`, `pg_restore`): on `PATH`, else in the newest
    /// `/usr/lib/postgresql/*/bin`, as ``locate(path:versionRoots:)`` looks for the server's.
    public static func program(
        _ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"],
        versionRoots: [String] = ["/usr/lib/postgresql", "/usr/local/pgsql"]
    ) throws -> String {
        let found = folders(path: path, versionRoots: versionRoots).first {
            FileManager.default.isExecutableFile(atPath: $0 + "/" + name)
        }
        guard let directory = found else {
            throw PostgresError(
                .cluster,
                "PostgreSQL's \(name) not found on PATH or under \(versionRoots.joined(separator: ", ")); install it "
                    + "(Debian: apt-get install postgresql-client)")
        }
        return directory + "/" + name
    }

    /// Where PostgreSQL's programs are looked for, in order: `PATH`, then each root's `bin` and its
    /// versions' (`/usr/lib/postgresql/15/bin`), the newest first.
    static func folders(path: String?, versionRoots: [String]) -> [String] {
        var folders = (path ?? "").split(separator: ":").map(String.init)
        for root in versionRoots {
            folders.append(root + "/bin")
            folders += ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap { Int($0) }
                .sorted(by: >).map { "\(root)/\($0)/bin" }
        }
        return folders
    }

    /// `pg_resetwal`, beside `pg_ctl`.
    var pgResetWAL: String { sibling("pg_resetwal") }

    /// A program of the same PostgreSQL as `pg_ctl`: in its folder (where a link on `PATH` leads: Debian
    /// keeps each version's programs together), so that a client program is the server's own version.
    public func sibling(_ name: String) -> String {
        URL(fileURLWithPath: pgCtl).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(name).path
    }
}

/// The unprivileged user a cluster runs as when this process is root.
struct SystemUser: Sendable {
    var name: String
    var uid: uid_t
    var gid: gid_t
    var runuser: String

    /// `nil` when not root: the cluster then runs as the current user.
    static func forCluster(named name: String = "postgres") throws -> SystemUser? {
        guard getuid() == 0 else { return nil }
        guard let entry = getpwnam(name) else {
            throw PostgresError(
                .cluster,
                "running as root, and PostgreSQL refuses to run as root: no '\(name)' system user exists "
                    + "to run the cluster (apt-get install postgresql creates it)"
            )
        }
        let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let runuser else {
            throw PostgresError(.cluster, "running as root, but runuser (util-linux) is missing")
        }
        return SystemUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, runuser: runuser)
    }

    /// Gives `path` to this user and lets it be traversed, so the server can use it.
    func hand(_ path: String) throws {
        guard chown(path, uid, gid) == 0 else {
            throw PostgresError(.cluster, "cannot hand \(path) to the \(name) user (errno \(errno))")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            chmod(path, 0o700)
        }
    }

    /// Lets this user pass through `path` when it does not own it and others may not (o+x); whether the
    /// mode changed.
    func makeTraversable(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_uid != uid else { return false }
        return Self.openForPassing(path)
    }

    /// Lets the server's user pass through the folders above `path` (temporary folders are often 0700);
    /// the folders whose mode it changed, for the operator to be told.
    func makeAncestorsTraversable(_ path: String) -> [String] {
        var opened: [String] = []
        var parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        while parent.path != "/" {
            if Self.openForPassing(parent.path) { opened.append(parent.path) }
            parent.deleteLastPathComponent()
        }
        return opened
    }

    /// Adds o+x (and g+x) to `path` when others may not pass through it; whether the mode changed.
    static func openForPassing(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o001 == 0 else { return false }
        return chmod(path, info.st_mode & 0o7777 | 0o011) == 0
    }
}
