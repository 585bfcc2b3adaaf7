import Foundation
import Synchronization

/// A run's use of an embedded cluster: a shared `flock` on the state folder's `cluster.users`, taken while
/// the run holds the start lock (``LocalCluster/holdingStartLock(_:)``) and kept until it stops using the
/// cluster. A run about to stop the server, once it has let go of its own, asks for the lock exclusively:
/// refused, another run of ours still uses the cluster (one that has found it running and not connected
/// yet too, which the server's list of sessions does not show), and the server is left running for the
/// last of them. The kernel lets go of a run that dies with it.
final class ClusterUse: Sendable {
    let path: String
    private let descriptor = Mutex<Int32?>(nil)

    init(directory: URL) {
        path = directory.appendingPathComponent("cluster.users").path
    }

    /// Takes this run's share. Only a run stopping the cluster holds the lock exclusively, and only under
    /// the start lock, which the caller holds: it is free to share.
    func begin() throws {
        let opened = try LocalCluster.openLockFile(path)
        guard flock(opened, LOCK_SH | LOCK_NB) == 0 else {
            let reason = String(cString: strerror(errno))
            close(opened)
            throw PostgresError(.cluster, "cannot lock \(path): \(reason)")
        }
        let earlier = descriptor.withLock { held in
            defer { held = opened }
            return held
        }
        if let earlier { close(earlier) }
    }

    /// Lets go of this run's share (closing the descriptor releases it); nothing when it holds none.
    func end() {
        guard
            let held = descriptor.withLock({ held in
                defer { held = nil }
                return held
            })
        else { return }
        close(held)
    }

    /// Whether another run holds a share: asked after ``end()``, under the start lock. A lock file that
    /// cannot be opened says nothing either way (false), and the server's sessions are asked next.
    ///
    /// A program this process started a moment ago holds a copy of the run's own descriptor, and with it
    /// the share, from its fork until its exec closes it: a refusal is asked again for up to
    /// `settling` before it is taken for another run's share (which lasts as long as that run).
    func othersUse(settling: Duration = .milliseconds(500)) -> Bool {
        guard let probe = try? LocalCluster.openLockFile(path) else { return false }
        defer { close(probe) }
        let deadline = ContinuousClock.now + settling
        while flock(probe, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { return false }
            guard ContinuousClock.now < deadline else { return true }
            usleep(20_000)
        }
        flock(probe, LOCK_UN)
        return false
    }
}

extension LocalCluster {
    /// A lock file of the state folder (`cluster.lock`, `cluster.users`), made when missing, open for a
    /// `flock` that the descriptor's closing releases; kept from the programs the run starts.
    static func openLockFile(_ path: String) throws -> Int32 {
        let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            throw PostgresError(.cluster, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        return opened
    }
}
