import EventStore
import Foundation
import Postgres
import TalentDomain

/// Bitemporal questions about one talent, answered from its stream through the domain's `evolve`.
public struct TalentReplay: Sendable {
    public let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// The facts the register knew at `knownAt` (default: now), as of business day `asOf` (default: all).
    public func events(of talent: TalentID, asOf: Day? = nil, knownAt: Date? = nil) async throws -> [StoredTalentEvent]
    {
        try await store.readStream(
            TalentStream.id(talent), effectiveOnOrBefore: asOf?.description, recordedOnOrBefore: knownAt
        ).map(StoredTalentEvent.init)
    }

    /// The talent's state on business day `asOf`, as the register knew it at `knownAt`; nil if the
    /// register knew nothing of the talent then.
    public func state(of talent: TalentID, asOf: Day? = nil, knownAt: Date? = nil) async throws -> Talent? {
        Self.state(folding: try await events(of: talent, asOf: asOf, knownAt: knownAt))
    }

    /// The state a stream's events (as read for a day and a time) fold to; nil for none.
    public static func state(folding known: [StoredTalentEvent]) -> Talent? {
        known.isEmpty ? nil : known.foldedState()
    }

    /// The held tier on `asOf` as known at `knownAt`: nil when not under management that day.
    public func tier(of talent: TalentID, asOf: Day, knownAt: Date? = nil) async throws -> Tier? {
        guard let state = try await state(of: talent, asOf: asOf, knownAt: knownAt), state.isUnderManagement else {
            return nil
        }
        return state.tier
    }
}
