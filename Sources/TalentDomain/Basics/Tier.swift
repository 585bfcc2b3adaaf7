// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

/// A talent's tier (人才层次), A highest to E lowest (RULES T1).
public enum Tier: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case A, B, C, D, E

    /// The tier one step down, or nil for E: a downgraded E talent exits instead (G4, D3).
    public var lowered: Tier? {
        switch self {
        case .A: return .B
        case .B: return .C
        case .C: return .D
        case .D: return .E
        case .E: return nil
        }
    }

    /// A < B in rank order means A is the higher tier; comparison follows the letters.
    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}
