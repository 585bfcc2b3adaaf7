/// Why a derived event happened: the rule that demanded it and the event or command that caused it.
/// The event store copies this into the event's metadata for the auditor.
public struct Derivation: Sendable, Hashable, Codable {
    public var rule: RuleID
    public var cause: String

    public init(rule: RuleID, cause: String) {
        self.rule = rule
        self.cause = cause
    }
}

/// One kind of event's payload: a stable type name and schema version, stored with its JSON.
public protocol TalentEventPayload: Codable, Sendable, Hashable {
    static var typeName: String { get }
    static var schemaVersion: Int { get }
    var effectiveDate: Day { get }
    var derivation: Derivation? { get }
    var event: TalentEvent { get }
}

extension TalentEventPayload {
    public static var schemaVersion: Int { 1 }
    public var derivation: Derivation? { nil }
}
