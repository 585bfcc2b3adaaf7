extension Talent {
    /// The downgrade situations (D1, D2) declared with the latest basic information collected (W1,
    /// Attachment 1) that no fact of the current management period records: a sanction (D2) or an annual
    /// assessment (D1). D3 asks the unit to report such a situation within a month of its occurring and to
    /// recommend whether to downgrade; a declaration names no day and starts nothing, so what is owed is
    /// said where the unit records the fact. `events` is the talent's history.
    public func declaredDowngradeSituationsNotRecorded(in events: [TalentEvent]) -> [RuleID] {
        guard isUnderManagement, let period,
            let info = campaigns.sorted(by: { $0.key > $1.key }).lazy.compactMap(\.value.basicInfo).first
        else { return [] }
        let recorded = Set(
            events.compactMap { event -> RuleID? in
                guard event.effectiveDate >= period.start else { return nil }
                switch event {
                case .talentPenalized(let e): return e.reportable?.rule
                case .annualAssessmentRecorded(let e): return e.reportable?.rule
                default: return nil
                }
            })
        return info.declaredSituations.filter { [.D1, .D2].contains($0) && !recorded.contains($0) }
    }
}
