// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

/// The ID of a rule in RULES.md; refusals and derived events name it so an auditor can go from a
/// decision to the clause of the notice (吉人社函〔2025〕83号) behind it.
public struct RuleID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let T1 = RuleID(rawValue: "T1")
    public static let T2 = RuleID(rawValue: "T2")
    public static let T3 = RuleID(rawValue: "T3")
    public static let T4 = RuleID(rawValue: "T4")
    public static let M1 = RuleID(rawValue: "M1")
    public static let M2 = RuleID(rawValue: "M2")
    public static let M3 = RuleID(rawValue: "M3")
    public static let M4 = RuleID(rawValue: "M4")
    public static let W1 = RuleID(rawValue: "W1")
    public static let W2 = RuleID(rawValue: "W2")
    public static let W3 = RuleID(rawValue: "W3")
    public static let W4 = RuleID(rawValue: "W4")
    public static let W5 = RuleID(rawValue: "W5")
    public static let G1 = RuleID(rawValue: "G1")
    public static let G2 = RuleID(rawValue: "G2")
    public static let G3 = RuleID(rawValue: "G3")
    public static let G4 = RuleID(rawValue: "G4")
    public static let G5 = RuleID(rawValue: "G5")
    public static let G6 = RuleID(rawValue: "G6")
    public static let P1 = RuleID(rawValue: "P1")
    public static let P2 = RuleID(rawValue: "P2")
    public static let P3 = RuleID(rawValue: "P3")
    public static let X1 = RuleID(rawValue: "X1")
    public static let X2 = RuleID(rawValue: "X2")
    public static let X3 = RuleID(rawValue: "X3")
    public static let X4 = RuleID(rawValue: "X4")
    public static let X5 = RuleID(rawValue: "X5")
    public static let X6 = RuleID(rawValue: "X6")
    public static let X7 = RuleID(rawValue: "X7")
    public static let X8 = RuleID(rawValue: "X8")
    public static let X9 = RuleID(rawValue: "X9")
    public static let X10 = RuleID(rawValue: "X10")
    public static let D1 = RuleID(rawValue: "D1")
    public static let D2 = RuleID(rawValue: "D2")
    public static let D3 = RuleID(rawValue: "D3")
    public static let C1 = RuleID(rawValue: "C1")
    public static let C2 = RuleID(rawValue: "C2")
    public static let C3 = RuleID(rawValue: "C3")
    public static let E1 = RuleID(rawValue: "E1")
    public static let E2 = RuleID(rawValue: "E2")
    public static let E3 = RuleID(rawValue: "E3")
    public static let E4 = RuleID(rawValue: "E4")
    public static let E5 = RuleID(rawValue: "E5")
    /// Late units' services are suspended; the submission chain itself is a later issue.
    public static let O1 = RuleID(rawValue: "O1")
    public static let O2 = RuleID(rawValue: "O2")
    public static let O3 = RuleID(rawValue: "O3")
    public static let S1 = RuleID(rawValue: "S1")
    public static let S2 = RuleID(rawValue: "S2")
    public static let S3 = RuleID(rawValue: "S3")
    public static let S4 = RuleID(rawValue: "S4")
    public static let SEC1 = RuleID(rawValue: "SEC1")
    public static let F1 = RuleID(rawValue: "F1")

    /// Not a rule of the notice: the register's own limits on the days and texts a command may carry
    /// (``RegisterLimits``, a policy setting).
    public static let registerLimits = RuleID(rawValue: "LIMITS")

    /// The exit situations of §5(2) (X1–X8), which a unit reports in writing for the province to verify (X9).
    public static let exitSituations: [RuleID] = [X1, X2, X3, X4, X5, X6, X7, X8]
    /// What a unit may declare with a talent's basic information (W1, Attachment 1): the exit situations and
    /// the downgrade ones (D1, D2).
    public static let declarableSituations: [RuleID] = exitSituations + [D1, D2]

    /// Every rule this module enforces, for documentation and test coverage checks.
    public static let domainRules: [RuleID] = [
        T1, T2, T3, T4, M1, M2, M3, M4, W1, W2, W3, W4, W5, G1, G2, G3, G4, G5, G6, P1, P2, P3,
        X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, D1, D2, D3, C1, C2, C3, E1, E2, E3, E4, E5, F1,
    ]
}
