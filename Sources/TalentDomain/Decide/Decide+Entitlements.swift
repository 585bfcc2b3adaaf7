/// E1–E5 and the S3/S4 service suspension: what a talent holds and what is paid.
extension Decision {
    /// E1–E5, C1: what must change so the talent holds exactly the entitlements of `tier`.
    func entitlementChanges(toward tier: Tier, from current: Entitlements) -> [EntitlementChange] {
        let target = policy.entitlements.entitlements(of: tier)
        var changes: [EntitlementChange] = []
        func card(_ item: EntitlementChange.Item, _ status: CardStatus, _ wanted: Bool) {
            let held = status == .active || status == .suspended
            if wanted, !held { changes.append(EntitlementChange(item: item, action: .issued)) }
            if !wanted, held { changes.append(EntitlementChange(item: item, action: .takenBack)) }
        }
        card(.jixiangCard, current.jixiangCard, target.jixiangCard)
        card(.jijianCard, current.jijianCard, target.jijianCard)
        for (item, credential) in [
            (EntitlementChange.Item.talentCode, current.talentCode), (.certificate, current.certificate),
        ]
        where credential.status != .valid || credential.tier != tier {
            changes.append(
                EntitlementChange(item: item, action: credential.status == .valid ? .reissued : .issued, tier: tier))
        }
        if target.medicalService, !current.medicalService {
            changes.append(EntitlementChange(item: .medicalService, action: .granted))
        }
        if !target.medicalService, current.medicalService {
            changes.append(EntitlementChange(item: .medicalService, action: .withdrawn))
        }
        return changes
    }

    /// E4: instalments fall due by the policy schedule from the schedule's start day.
    func payInstalment(_ number: Int) throws(Refusal) -> [TalentEvent] {
        let subsidy = state.entitlements.housingSubsidy
        let schedule = policy.entitlements.housingSubsidyInstalments
        guard subsidy.totalYuan > 0, subsidy.grantedOn != nil else {
            throw Refusal(.E4, "该人才未获安家补贴")
        }
        // Stopped on an exit (C2), or on a downgrade when the policy says so (C1): what was paid before the
        // stop may still be recorded, on the day it was paid ("已发放的安家补贴不予追回").
        let stopRule: RuleID = state.hasExited ? .C2 : .C1
        if subsidy.stopped {
            guard let stoppedOn = subsidy.stoppedOn else { throw Refusal(stopRule, "安家补贴未发放部分已停止发放") }
            guard date < stoppedOn else {
                throw Refusal(
                    stopRule, "安家补贴未发放部分已于\(stoppedOn)停止发放；停发前已发放的期次，请按发放日期（\(stoppedOn)以前）补记",
                    field: "effectiveOn")
            }
        }
        guard number >= 1, number <= schedule.count else {
            throw Refusal(.E4, "安家补贴分\(schedule.count)期发放，没有第\(number)期", field: "number")
        }
        guard
            let instalment = subsidy.recordableInstalments(under: policy.entitlements).first(where: {
                $0.number == number
            })
        else {
            // Not paid, and not among those a stopped subsidy may still record: it fell due after the stop.
            if subsidy.stopped, !subsidy.paidInstalments.contains(number), let stoppedOn = subsidy.stoppedOn {
                throw Refusal(
                    stopRule, "第\(number)期安家补贴在停发（\(stoppedOn)）之后到期，未发放部分不再发放",
                    field: "number")
            }
            throw Refusal(.E4, "第\(number)期安家补贴已发放", field: "number")
        }
        guard instalment.due <= date else {
            throw Refusal(.E4, "第\(number)期安家补贴于\(instalment.due)到期，尚不能发放", field: "effectiveOn")
        }
        return [
            HousingSubsidyInstalmentPaid(effectiveDate: date, instalment: number, amountYuan: instalment.amountYuan)
                .event
        ]
    }

    /// S3 ("暂停其享受'吉享卡''吉健卡'等服务待遇"): only the two cards in use are suspended; credentials,
    /// medical-service entitlement and the housing subsidy are untouched.
    /// S3 ("对逾期未按要求报送材料的单位和个人…暂停"): a suspension is for materials not sent in time, which
    /// none is before a campaign's window has closed: one dated earlier is a day mistyped, or no S3 at all.
    func suspendServices(_ reason: String) throws(Refusal) -> [TalentEvent] {
        guard !reason.isBlank else { throw Refusal(.S3, "暂停服务须说明原因", field: "reason") }
        let campaigns = policy.allCampaigns
        if !campaigns.contains(where: { date > $0.submissionCloses }),
            let first = campaigns.min(by: { $0.submissionCloses < $1.submissionCloses })
        {
            throw Refusal(
                .S3,
                "暂停服务针对逾期未报送考核材料的单位和个人：\(first.year)年度材料报送截至\(first.submissionCloses)，\(date)尚无逾期",
                field: "effectiveOn")
        }
        let changes = serviceCards(in: .active, becoming: .suspended)
        guard !changes.isEmpty else { throw Refusal(.S3, "没有可暂停的吉享卡或吉健卡") }
        return changed(changes, .S3, reason)
    }

    /// S4 ("恢复相关待遇"): exactly the suspended cards come back (of `cards` only, when named); a card
    /// taken back meanwhile (C1, C2) stays taken back.
    func restoreServices(_ reason: String, only cards: [EntitlementChange.Item]?) throws(Refusal) -> [TalentEvent] {
        guard !reason.isBlank else { throw Refusal(.S4, "恢复服务须说明原因", field: "reason") }
        try requireNotBefore(state.servicesSuspendedOn, .S4, "暂停吉享卡、吉健卡之日")
        if let cards,
            cards.isEmpty || Set(cards).count != cards.count
                || cards.contains(where: { !Entitlements.serviceCards.contains($0) })
        {
            throw Refusal(.S4, "cards：只能恢复吉享卡（jixiangCard）、吉健卡（jijianCard），各列一次，且至少一张", field: "cards")
        }
        let changes = serviceCards(in: .suspended, becoming: .restored).filter { cards?.contains($0.item) ?? true }
        guard !changes.isEmpty else {
            throw Refusal(.S4, cards == nil ? "没有已暂停的吉享卡或吉健卡可恢复" : "所列卡中没有已暂停的可恢复")
        }
        return changed(changes, .S4, reason)
    }

    private func serviceCards(in status: CardStatus, becoming action: EntitlementChange.Action)
        -> [EntitlementChange]
    {
        state.entitlements.serviceCards(in: status).map { EntitlementChange(item: $0, action: action) }
    }
}
