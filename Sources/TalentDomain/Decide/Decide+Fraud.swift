extension Decision {
    /// F1: the province's measures on fraud found by spot-check; revoking the qualification is the
    /// province acting directly, so the exit (never to re-apply, C3) takes effect at once.
    func fraud(_ finding: String, _ measures: [FraudMeasure]) throws(Refusal) -> [TalentEvent] {
        guard !finding.isBlank else { throw Refusal(.F1, "须写明查实的弄虚作假情形", field: "finding") }
        guard !measures.isEmpty else {
            throw Refusal(.F1, "查实弄虚作假须写明采取的处理方式", field: "measures")
        }
        guard Set(measures).count == measures.count else {
            throw Refusal(.F1, "每种处理方式只能列一次", field: "measures")
        }
        let found = FraudFound(effectiveDate: date, finding: finding, measures: measures).event
        // Exited already (for another reason): the finding is recorded, and its revocation bars a new
        // evaluation (C3) without a second exit.
        guard measures.contains(.revokeQualification), !state.hasExited else { return [found] }
        return [found] + (try exit(.fraud, cause: "弄虚作假，撤销认定"))
    }
}
