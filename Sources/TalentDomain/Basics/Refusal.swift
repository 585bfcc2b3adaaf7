/// A command that breaks a rule: the rule's ID and a reason an HR officer can read.
public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    public let rule: RuleID
    public let reason: String

    public init(_ rule: RuleID, _ reason: String) {
        self.rule = rule
        self.reason = reason
    }

    public var description: String { "\(rule): \(reason)" }
}
