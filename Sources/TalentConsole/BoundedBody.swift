import Hummingbird
import NIOCore

/// A request's body, read within a time of its size: a client that trickles a body (a byte every few
/// seconds) would hold its connection and the task reading it for hours, where one that sends nothing is
/// closed after 30 seconds (a load tester's finding). The API and the console read every body so.
extension Request {
    /// The body, at most `limit` bytes (`NIOTooManyBytesError` beyond), within `deadline` (by default
    /// ``bodyDeadline(forUpTo:)``; ``BodyTooSlow`` when it has not all come by then).
    public func boundedBody(upTo limit: Int, within deadline: Duration? = nil) async throws -> ByteBuffer {
        let deadline = deadline ?? Self.bodyDeadline(forUpTo: limit)
        let body = self.body
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let collected = first else {
                throw BodyTooSlow(deadline: deadline)
            }
            return collected
        }
    }

    /// A minute, or as long as `limit` bytes take at 64 KiB a second (a slow office line), whichever is
    /// longer: 20 MiB of an evaluation list have five minutes and a half.
    public static func bodyDeadline(forUpTo limit: Int) -> Duration {
        .seconds(max(60, limit / (64 << 10)))
    }
}

/// A body that had not all come within its time.
public struct BodyTooSlow: Error, Sendable {
    public var deadline: Duration
}
