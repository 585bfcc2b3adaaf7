/// A command that breaks a rule: the rule's ID and a reason an HR officer can read.
public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    public let rule: RuleID
    /// In Simplified Chinese and the notice's terms, since the officers who read it work in them: short,
    /// as an official form puts it, with ids, days and numbers as the register writes them and no closing
    /// 。 (the API and the command line show it bare; the console makes a sentence of it).
    public let reason: String
    /// The command's field the refusal is about, where one is (`evaluate.certificateDate`).
    public let field: String?

    public init(_ rule: RuleID, _ reason: String, field: String? = nil) {
        self.rule = rule
        self.reason = reason
        self.field = field
    }

    public var description: String { "\(rule): \(reason)" }
}
