import Foundation

/// Runs a program to completion with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process` learns that a child ended through a descriptor the child inherits; `pg_ctl
/// start` leaves a daemon holding every inherited descriptor, so `waitUntilExit` would never return.
enum ProgramRunner {
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// `environment` is added to this process's own (a client program's `PGPASSWORD`, kept off its
    /// command line, which any user may read).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> Outcome
    {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("talentledger-\(getpid())-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeOnExec()

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // This process's own environment as it is, unless something is added to it.
        let envp =
            environment.isEmpty
            ? []
            : ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
                .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned =
            envp.isEmpty
            ? posix_spawn(&pid, executable, &actions, nil, argv, environ)
            : posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw PostgresError(.cluster, "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw PostgresError(.cluster, "lost track of \(executable) (errno \(errno))")
            }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(status: exitCode, output: output)
    }

    /// Marks every descriptor of this process past the standard three close-on-exec, so that a program
    /// run inherits none of them: `pg_ctl start` leaves a daemon holding what it inherits, and a cluster
    /// restarted under a running server held the server's listening socket (clients' connections hung
    /// there, and the port stayed taken after the server stopped). The descriptors a program is given are
    /// the spawn's own (its output file), which the mark does not touch.
    static func closeOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for entry in entries {
            guard let descriptor = Int32(entry), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
