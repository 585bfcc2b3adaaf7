import Crypto
import Foundation

extension UUID {
    /// A command id derived from `text` (a client's idempotency key with its caller, a job's step): the same
    /// text always gives the same id, so that doing the same thing again is recognised as a repeat.
    public static func derived(from text: String) -> UUID {
        var bytes = Array(SHA256.hash(data: Data(text.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}

extension Caller {
    /// The command id a client's idempotency key (an API's `Idempotency-Key`, a console form's key) stands
    /// for: derived with the caller's id, so that a retry with the same key (and only the same caller's) is
    /// the same command, and two callers' keys never meet.
    public func commandID(idempotencyKey key: String) -> UUID {
        UUID.derived(from: "\(id)\u{0}\(key)")
    }
}
