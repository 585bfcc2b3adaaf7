import Foundation

/// What the caller expects a stream's version to be before an append.
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// Append whatever the version is.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream must be at exactly this version.
    case exact(Int64)

    /// The encoding the append functions understand: null for any, 0 for no stream.
    var databaseValue: Int64? {
        switch self {
        case .any: nil
        case .noStream: 0
        case .exact(let version): version
        }
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .exact(let version): "version \(version)"
        }
    }
}

/// An event to be appended: its type and payload are the caller's; the store adds version, position,
/// recording time, transaction id and hash.
public struct NewEvent: Sendable, Hashable {
    public var type: String
    public var schemaVersion: Int
    /// The payload, a JSON object.
    public var data: Data
    public var metadata: EventMetadata
    /// The business date the fact took effect, `YYYY-MM-DD`.
    public var effectiveDate: String

    public init(
        type: String, schemaVersion: Int = 1, data: Data, metadata: EventMetadata = EventMetadata(),
        effectiveDate: String
    ) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.metadata = metadata
        self.effectiveDate = effectiveDate
    }

    /// An event whose payload is `payload` as JSON, its members in sorted order (so that the same value is
    /// always the same bytes, and the same hash).
    public init(
        type: String, payload: some Encodable, metadata: EventMetadata = EventMetadata(), effectiveDate: String
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.init(type: type, data: try encoder.encode(payload), metadata: metadata, effectiveDate: effectiveDate)
    }
}

/// Who wrote an event, under which rule and why; stored as the event's `metadata` document.
public struct EventMetadata: Sendable, Hashable, Codable {
    public var actor: String?
    public var role: String?
    public var organization: String?
    /// The rule (RULES.md ID) a derived event applies.
    public var ruleID: String?
    /// What caused a derived event (the triggering event or command).
    public var cause: String?
    public var reason: String?
    public var evidence: [String]?
    public var correlationID: String?
    public var causationID: String?
    /// A digest of the request that recorded these events, so that a repeated command id (a client's
    /// idempotency key) sent with another request can be told from a true retry.
    public var requestDigest: String?

    public init(
        actor: String? = nil,
        role: String? = nil,
        organization: String? = nil,
        ruleID: String? = nil,
        cause: String? = nil,
        reason: String? = nil,
        evidence: [String]? = nil,
        correlationID: String? = nil,
        causationID: String? = nil,
        requestDigest: String? = nil
    ) {
        self.actor = actor
        self.role = role
        self.organization = organization
        self.ruleID = ruleID
        self.cause = cause
        self.reason = reason
        self.evidence = evidence
        self.correlationID = correlationID
        self.causationID = causationID
        self.requestDigest = requestDigest
    }
}

/// An event as stored.
public struct RecordedEvent: Sendable, Hashable {
    /// The global position (unique, increasing in insertion order, with gaps).
    public var position: Int64
    public var streamID: String
    public var streamType: String
    public var version: Int64
    public var type: String
    public var schemaVersion: Int
    public var data: Data
    /// The metadata document as stored; ``metadata`` decodes it when asked (projections rarely need it,
    /// and decoding it for every event of a rebuild would cost as much as the rebuild).
    public var metadataJSON: Data
    public var effectiveDate: String
    public var recordedAt: Date
    /// The id of the transaction that wrote it (`xid8`).
    public var transactionID: UInt64
    public var commandID: UUID
    public var hash: Data

    public var metadata: EventMetadata {
        get throws { try JSONDecoder().decode(EventMetadata.self, from: metadataJSON) }
    }

    /// The point of a global read just after this event.
    public var checkpoint: Checkpoint { Checkpoint(transactionID: transactionID, position: position) }
}

/// Where a stream stands, without its events (`StoreConnection.streamHeads`).
public struct StreamHead: Sendable, Hashable {
    /// The version of its last event.
    public var version: Int64
    /// The latest business day of its events (`YYYY-MM-DD`).
    public var lastDay: String
    /// The first version recorded under a batch step's command id or correlation id, if any.
    public var firstOfStep: Int64?
}

/// A point in the gap-safe global order: (transaction id, position).
public struct Checkpoint: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var transactionID: UInt64
    public var position: Int64

    public init(transactionID: UInt64, position: Int64) {
        self.transactionID = transactionID
        self.position = position
    }

    /// Before every event.
    public static let start = Checkpoint(transactionID: 0, position: 0)

    public static func < (lhs: Checkpoint, rhs: Checkpoint) -> Bool {
        (lhs.transactionID, lhs.position) < (rhs.transactionID, rhs.position)
    }

    public var description: String { "\(transactionID)/\(position)" }
}

extension NewEvent {
    /// Whether `effectiveDate` is a real calendar day written `YYYY-MM-DD`. PostgreSQL alone would also
    /// take `today`, `infinity` or `2026-1-5`, and an `infinity` day could not be read back.
    public var hasValidEffectiveDate: Bool {
        let bytes = Array(effectiveDate.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            year >= 1, (1...12).contains(month)
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
