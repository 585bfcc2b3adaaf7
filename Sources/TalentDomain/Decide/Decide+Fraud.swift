extension Decision {
    /// F1: the province's measures on fraud found by spot-check; revoking the qualification is the
    /// province acting directly, so the exit (never to re-apply, C3) takes effect at once.
    func fraud(_ finding: String, _ measures: [FraudMeasure]) throws(Refusal) -> [TalentEvent] {
        guard !measures.isEmpty else { throw Refusal(.F1, "查实弄虚作假须写明采取的处理方式") }
        let found = FraudFound(effectiveDate: date, finding: finding, measures: measures).event
        guard measures.contains(.revokeQualification) else { return [found] }
        return [found] + (try exit(.fraud, cause: "弄虚作假，撤销认定"))
    }
}
