import EventStore
import Foundation
import TalentDomain

/// How a talent's events are kept in the store: one stream per talent, `talent-<id>`.
public enum TalentStream {
    public static let type = "talent"

    public static func id(_ talent: TalentID) -> String { "talent-\(talent.rawValue)" }

    public static func talentID(fromStreamID streamID: String) -> TalentID? {
        guard streamID.hasPrefix("talent-") else { return nil }
        return TalentID(String(streamID.dropFirst("talent-".count)))
    }

    /// The store's form of a domain event; its derivation (rule and cause) joins the metadata.
    public static func newEvent(_ event: TalentEvent, metadata: EventMetadata) throws -> NewEvent {
        var metadata = metadata
        if let derivation = event.derivation {
            metadata.ruleID = derivation.rule.rawValue
            metadata.cause = derivation.cause
        }
        return NewEvent(
            type: event.typeName,
            schemaVersion: event.schemaVersion,
            data: try event.encodedPayload(),
            metadata: metadata,
            effectiveDate: event.effectiveDate.description
        )
    }

    /// The domain event an event of a talent stream holds.
    public static func talentEvent(_ recorded: RecordedEvent) throws -> TalentEvent {
        try TalentEvent.decode(typeName: recorded.type, schemaVersion: recorded.schemaVersion, payload: recorded.data)
    }
}

/// A talent event with what the store knows about it: the unit of replay and projection.
public struct StoredTalentEvent: Sendable, Hashable {
    public var event: TalentEvent
    public var version: Int64
    public var position: Int64
    public var recordedAt: Date
    let metadataJSON: Data

    public init(_ recorded: RecordedEvent) throws {
        self.event = try TalentStream.talentEvent(recorded)
        self.version = recorded.version
        self.position = recorded.position
        self.recordedAt = recorded.recordedAt
        self.metadataJSON = recorded.metadataJSON
    }

    /// An event a command is about to append, as its rows are derived before the append answers: its
    /// version follows the one the command read (the append fails otherwise), its recording time and
    /// position are ``TalentProjection/Provisional``'s until ``recorded(as:)``.
    public init(provisional event: TalentEvent, version: Int64, metadata: EventMetadata) {
        self.event = event
        self.version = version
        self.position = TalentProjection.Provisional.position
        self.recordedAt = TalentProjection.Provisional.recordedAt
        self.metadataJSON = Data(metadata.jsonText.utf8)
    }

    /// This event as the append answered for it: as reading it back would give, without the round trip.
    public func recorded(as appended: AppendResult.Appended) -> StoredTalentEvent {
        var recorded = self
        recorded.version = appended.version
        recorded.position = appended.position
        recorded.recordedAt = appended.recordedAt
        return recorded
    }

    public var effectiveDate: Day { event.effectiveDate }

    /// Who recorded it, and the rule and cause of a derived event (decoded when asked).
    public var metadata: EventMetadata {
        get throws { try PayloadDecoder().decode(EventMetadata.self, from: metadataJSON) }
    }
}

extension Array where Element == StoredTalentEvent {
    /// These facts in the domain's business order (``Talent/businessOrder(_:effectiveDate:)``), by version
    /// where the store's order is not already theirs.
    public func inEffectiveOrder() -> [StoredTalentEvent] {
        Talent.businessOrder(inVersionOrder, effectiveDate: \.effectiveDate)
    }

    /// The talent these facts describe, folded by the domain in business order.
    public func foldedState() -> Talent {
        Talent.fold(inVersionOrder.map(\.event))
    }

    /// In the order they were recorded (as the store reads a stream, so mostly as they are).
    var inVersionOrder: [StoredTalentEvent] {
        zip(self, dropFirst()).allSatisfy { $0.version < $1.version } ? self : sorted { $0.version < $1.version }
    }
}
