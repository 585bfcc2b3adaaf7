// String-backed identifiers get their Codable conformance from the standard library's
// `RawRepresentable` defaults: each encodes as a bare JSON string, so no hand-written coding is needed.

/// A talent's register id. Events carry only this, never a name or national id: personal data lives
/// in the profile table so it can be corrected or erased without rewriting history.
public struct TalentID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// What a register id may be: up to 64 ASCII letters, digits, '-' or '_' (it names a stream and
    /// appears in addresses as it is).
    public var isWellFormed: Bool {
        !rawValue.isEmpty && rawValue.utf8.count <= 64
            && rawValue.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-" || $0 == "_")
            }
    }

    /// What ``isWellFormed`` asks, in words.
    public static let wellFormed = "up to 64 ASCII letters (A–Z, a–z), digits (0–9), '-' or '_'"
}

/// An employer unit (用人单位), the subject of day-to-day management (T2).
public struct UnitID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}
