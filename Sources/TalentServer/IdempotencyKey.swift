import Foundation
import Hummingbird
import TalentApplication

/// `Idempotency-Key` on the routes that record: the client's name for one request, so that a retry after
/// an answer that never arrived is answered as the first time and records nothing
/// (`Caller.commandID(idempotencyKey:)`).
enum IdempotencyKey {
    /// The command id the request's key stands for; nil without one.
    static func commandID(of request: Request, caller: Caller) throws -> UUID? {
        // One key, given once: two headers would be read as one key joined with a comma, and a comma in one
        // is what a proxy that merges two leaves (RFC 9110 §5.3), so a key holds none.
        let keys = request.headers[values: .init("Idempotency-Key")!]
        guard keys.count <= 1, keys.first?.contains(",") != true else {
            throw InvalidInput("Idempotency-Key", "give it once, one key without commas")
        }
        return try keys.first.map { key in
            guard !key.isEmpty, key.unicodeScalars.count <= 200 else {
                throw InvalidInput("Idempotency-Key", "1 to 200 characters")
            }
            return caller.commandID(idempotencyKey: key)
        }
    }
}
