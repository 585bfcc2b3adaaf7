import Foundation

extension TalentEvent {
    public var typeName: String { type(of: payload).typeName }
    public var schemaVersion: Int { type(of: payload).schemaVersion }
    public var effectiveDate: Day { payload.effectiveDate }
    /// Set on derived events: the rule and the cause, for the event's metadata.
    public var derivation: Derivation? { payload.derivation }

    /// Every stable type name this module can decode.
    public static var typeNames: [String] { payloadTypes.keys.sorted() }

    /// The payload as JSON, keys sorted so the same event always yields the same bytes (hash chain).
    public func encodedPayload() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(payload)
    }

    /// One decoder for every payload: a rebuild decodes millions. Not Foundation's: see `PayloadDecoder`.
    private static let payloadDecoder = PayloadDecoder()

    public static func decode(typeName: String, schemaVersion: Int, payload: Data) throws(EventDecodingError)
        -> TalentEvent
    {
        guard let type = payloadTypes[typeName] else { throw .unknownTypeName(typeName) }
        guard schemaVersion == type.schemaVersion else {
            throw .unknownSchemaVersion(typeName: typeName, version: schemaVersion, known: type.schemaVersion)
        }
        do {
            return try payloadDecoder.decode(type, from: payload).event
        } catch {
            throw .malformedPayload(typeName: typeName, detail: "\(error)")
        }
    }
}

public enum EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownTypeName(String)
    case unknownSchemaVersion(typeName: String, version: Int, known: Int)
    case malformedPayload(typeName: String, detail: String)

    public var description: String {
        switch self {
        case .unknownTypeName(let name): return "unknown talent event type '\(name)'"
        case .unknownSchemaVersion(let name, let version, let known):
            return "\(name) has schema version \(version); this build reads version \(known)"
        case .malformedPayload(let name, let detail): return "payload of \(name) cannot be read: \(detail)"
        }
    }
}

/// The envelope form `{"type", "schemaVersion", "payload"}` for wire and file use.
extension TalentEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, schemaVersion, payload
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let typeName = try c.decode(String.self, forKey: .type)
        let version = try c.decode(Int.self, forKey: .schemaVersion)
        guard let type = TalentEvent.payloadTypes[typeName] else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: EventDecodingError.unknownTypeName(typeName).description)
        }
        guard version == type.schemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion, in: c,
                debugDescription: EventDecodingError.unknownSchemaVersion(
                    typeName: typeName, version: version, known: type.schemaVersion
                ).description)
        }
        self = try c.decode(type, forKey: .payload).event
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(typeName, forKey: .type)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(payload, forKey: .payload)
    }
}
