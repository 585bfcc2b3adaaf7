import Foundation

/// The room left on the disk that holds the embedded cluster's data, as the readiness probe reports it: a
/// full disk stops every write (SQLSTATE 53100) while reads still answer, so without it the probe would
/// learn of it only from a write refused. Watched on the embedded cluster alone; of a database elsewhere
/// this process cannot see the disk.
public struct DiskRoom: Sendable, Hashable, Codable {
    /// Bytes an unprivileged writer may still use there.
    public var freeBytes: Int64
    /// Below this, the register is degraded: the operators must make room before writes are refused.
    public var minimumFreeBytes: Int64

    public var isLow: Bool { freeBytes < minimumFreeBytes }

    /// What to watch: the folder (`path`) and the room below which it is low.
    public struct Watch: Sendable {
        public var path: String
        public var minimumFreeBytes: Int64

        public init(path: String, minimumFreeBytes: Int64) {
            self.path = path
            self.minimumFreeBytes = minimumFreeBytes
        }

        /// The room left now; nil when the file system cannot say (the folder is gone).
        public func room() -> DiskRoom? {
            var stats = statvfs()
            guard statvfs(path, &stats) == 0 else { return nil }
            return DiskRoom(
                freeBytes: Int64(stats.f_bavail) * Int64(stats.f_frsize), minimumFreeBytes: minimumFreeBytes)
        }
    }
}
