import TalentDomain

/// The notice's words for the register's values, as the forms and the work report print them (the
/// names are the domain's own; an exit's rule is added, as a form cites it).
enum FormVocabulary {
    static func name(of grade: Grade) -> String { grade.chineseName }

    static func name(of item: WorkItem) -> String { item.chineseName }

    /// Why a talent left management, in the notice's words, with the rule that made it an exit.
    static func name(of reason: ExitReason) -> String { "\(reason.chineseName)（\(reason.rule.rawValue)）" }
}
