import Hummingbird
import NIOCore

/// A request's body, read within a time of its size: a client that trickles a body (a byte every few
/// seconds) would hold its connection and the task reading it for hours, where one that sends nothing is
/// closed after 30 seconds by the server's idle timeout (a load tester's finding). The API and the console
/// read every body so.
extension Request {
    /// The body, at most `limit` bytes (`NIOTooManyBytesError` beyond), all come within `deadline` (by
    /// default ``bodyDeadline(forUpTo:)``; ``BodyTooSlow`` once a part comes after it). The time is looked
    /// at as each part comes, with no timer of its own: a body that stops coming altogether is the idle
    /// timeout's.
    public func boundedBody(upTo limit: Int, within deadline: Duration? = nil) async throws -> ByteBuffer {
        let deadline = deadline ?? Self.bodyDeadline(forUpTo: limit)
        let start = ContinuousClock.now
        var collected = ByteBuffer()
        for try await part in body {
            guard collected.readableBytes + part.readableBytes <= limit else {
                throw NIOTooManyBytesError(maxBytes: limit)
            }
            collected.writeImmutableBuffer(part)
            if ContinuousClock.now - start > deadline { throw BodyTooSlow(deadline: deadline) }
        }
        return collected
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
