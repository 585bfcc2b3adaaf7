/// Who takes which step of a campaign (O1, S1–S4, O3, F1): asked by the register before it looks at
/// anything, and by the console to draw only the forms a person may send.
extension TalentRegister {
    /// A unit's officer sends its submission; the province office may for it.
    public static func submits(_ caller: Caller) -> Bool {
        [.unitOfficer, .provinceOffice, .system].contains(caller.role)
    }

    /// The levels of the chain review what their units send.
    public static func reviews(_ caller: Caller) -> Bool {
        [.hrBureau, .supervisingDepartment, .provinceOffice, .system].contains(caller.role)
    }

    /// A provincial department sends its contact form (O3); the province office may for it.
    public static func sendsContactForms(_ caller: Caller) -> Bool {
        [.supervisingDepartment, .provinceOffice, .system].contains(caller.role)
    }

    /// The province office suspends and resumes a unit's evaluation work (F1).
    public static func changesEvaluationWork(_ caller: Caller) -> Bool {
        [.provinceOffice, .system].contains(caller.role)
    }

    /// The province office runs the batch jobs.
    public static func runsJobs(_ caller: Caller) -> Bool {
        [.provinceOffice, .system].contains(caller.role)
    }

    /// Refuses a caller whose role does not review, before its request's words are read: a unit officer's
    /// review is a 403, whatever it says.
    public static func requireReviewer(_ caller: Caller) throws {
        guard reviews(caller) else { throw Forbidden("单位报送的材料由其上级部门审核") }
    }
}
