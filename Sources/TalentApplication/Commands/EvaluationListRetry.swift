import Crypto
import EventStore
import Foundation
import ReadModels
import TalentDomain

/// An evaluation list sent again under its caller's idempotency key, after an answer that never arrived:
/// answered as its first import was, from what that import recorded, and not read again (every line of it
/// would be "already in the register").
struct EvaluationListRetry: Sendable {
    /// The command id the caller's key stands for: the id of the list's first bulk append.
    var commandID: UUID
    /// What the request sent: the list's bytes and its evaluation day. The same key with another list or
    /// day is ``CommandIDReused``.
    var digest: String

    init(commandID: UUID, list: Data, evaluatedOn date: Day) {
        self.commandID = commandID
        var hash = SHA256()
        hash.update(data: Data("\(date)\u{0}".utf8))
        hash.update(data: list)
        digest = hash.finalize().hexString
    }

    /// The id of the list's `n`th bulk append: the key's own for the first, derived from it for the others,
    /// so that a retry finds them all.
    func appendID(_ n: Int) -> UUID {
        n == 0 ? commandID : UUID.derived(from: "\(commandID.uuidString.lowercased())\u{0}\(n)")
    }

    /// What the list's first import recorded, as its answer counts it, when the list was imported under
    /// this key; ``CommandIDReused`` when the key was another request's. Counted, not read: a list may be
    /// 100,000 talents.
    func earlier(in store: EventStore) async throws -> EvaluationImport.Report? {
        var talents = 0
        var events = 0
        for n in 0... {
            guard let recorded = try await store.summary(ofCommand: appendID(n)) else { break }
            guard recorded.requestDigest == digest else { throw CommandIDReused(commandID: commandID) }
            talents += recorded.streams
            events += recorded.events
        }
        return talents > 0 ? .replayed(talents: talents, events: events) : nil
    }
}
