import TalentDomain

/// The notice's words for the register's values where the forms and the work report say more than the
/// domain's own `chineseName` (an exit's rule, as a form cites it).
enum FormVocabulary {
    /// Why a talent left management, in the notice's words, with the rule that made it an exit.
    static func name(of reason: ExitReason) -> String { "\(reason.chineseName)（\(reason.rule.rawValue)）" }
}
