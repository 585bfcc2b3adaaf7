import Crypto
import EventStore
import Foundation
import TalentDomain

/// A campaign step (a submission, a review, a contact form) sent again under its caller's idempotency key,
/// after an answer that never arrived: the step is answered as it left things, not decided again (a
/// submission sent twice would read "already submitted" to the unit that just submitted it).
struct CampaignStepRetry: Sendable {
    /// The command id the caller's key stands for.
    var commandID: UUID
    /// What the request asked: the step, its stream, its business day and its words. The same key with
    /// another request is ``CommandIDReused``.
    var digest: String

    init(commandID: UUID, step: String, streamID: String, on date: Day, words: [String?]) {
        self.commandID = commandID
        let text = ([step, streamID, date.description] + words.map { $0 ?? "" }).joined(separator: "\u{0}")
        digest = SHA256.hash(data: Data(text.utf8)).hexString
    }

    /// The events the step recorded under its id, when it was recorded before; ``CommandIDReused`` when the
    /// id was another request's (another stream or step, day or words).
    func earlier(on streamID: String, on connection: StoreConnection) async throws -> [RecordedEvent]? {
        let earlier = try await connection.events(ofCommand: commandID)
        guard !earlier.isEmpty else { return nil }
        guard try earlier.allSatisfy({ try $0.streamID == streamID && $0.metadata.requestDigest == digest }) else {
            throw CommandIDReused(commandID: commandID)
        }
        return earlier
    }

    /// The metadata of a step's events: the caller's, and with a retry's id and digest, what a retry is
    /// checked against.
    static func metadata(of retry: CampaignStepRetry?, by caller: Caller) -> EventMetadata {
        EventMetadata(
            actor: caller.id, role: caller.role.rawValue, organization: caller.organization,
            correlationID: retry?.commandID.uuidString.lowercased(), requestDigest: retry?.digest)
    }
}
