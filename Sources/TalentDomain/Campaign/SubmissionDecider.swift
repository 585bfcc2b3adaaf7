/// What a unit and the levels above it ask of a submission.
public enum SubmissionCommand: Sendable, Hashable, Codable {
    /// The unit submits its documents (S1), again after a return; after the window closes, with the
    /// reason for its lateness (S4).
    case submit(figures: SubmissionFigures, latenessReason: String?)
    /// A level of the chain accepts the submission waiting at it.
    case accept(by: String)
    /// A level of the chain returns the submission waiting at it, with the reason.
    case returnToUnit(by: String, reason: String)
}

/// A unit's campaign is not ready to submit: every talent and what it still lacks.
public struct SubmissionNotReady: Error, Sendable, Hashable, CustomStringConvertible {
    public var blockers: [SubmissionBlocker]

    public init(blockers: [SubmissionBlocker]) {
        self.blockers = blockers
    }

    public var description: String {
        let talents = Set(blockers.map(\.talent)).count
        return "\(talents) talent(s) not ready: "
            + blockers.prefix(5).map { "\($0.talent) \($0.rule): \($0.missing)" }.joined(separator: "; ")
            + (blockers.count > 5 ? "; …" : "")
    }
}

extension Submission {
    /// Decides `command` on the submission as it stands on `date`. `chain` is the unit's chain of
    /// authority (O1), the unit first and the province office last; `blockers` what its talents still
    /// lack (``Campaign/blockers(of:on:)``), checked before a submission goes up. `naming` says a level of
    /// the chain as a refusal names it to a person (its name beside its id). `lateAtClose` says whether the
    /// unit was late when the window closed (``wasLate(in:events:)``): a unit in time then that sends again
    /// after a return is not making up (S4) and gives no reason for a lateness it does not have.
    public func decide(
        _ command: SubmissionCommand, chain: [String], campaign: Campaign, blockers: [SubmissionBlocker], on date: Day,
        lateAtClose: Bool = true, naming: (String) -> String = { $0 }
    ) throws -> [SubmissionEvent] {
        if let lastStepOn, date < lastStepOn {
            throw Refusal(
                command.isSubmission ? .S1 : .O1,
                "该报送上一步骤于\(lastStepOn)办理，后续步骤不能记为\(date)")
        }
        switch command {
        case .submit(let figures, let latenessReason):
            guard status == .notStarted || status == .returned else {
                throw Refusal(.S1, "\(campaign.year)年度考核材料\(status.chineseName)，不能再次报送")
            }
            guard chain.count >= 2 else {
                throw Refusal(.O1, "该单位没有可逐级报送的上级部门")
            }
            try Self.requireSendable(to: chain[1], chain: chain, campaign: campaign, on: date)
            guard blockers.isEmpty else { throw SubmissionNotReady(blockers: blockers) }
            let reason = latenessReason.flatMap { $0.isBlank ? nil : $0 }
            let late = date > campaign.submissionCloses && lateAtClose
            if late, reason == nil {
                throw Refusal(
                    .S4,
                    "材料接收时间已于\(campaign.submissionCloses)截止，逾期补报须注明逾期原因", field: "latenessReason")
            }
            if date <= campaign.submissionCloses, reason != nil {
                throw Refusal(
                    .S4,
                    "在材料接收时间内（至\(campaign.submissionCloses)）报送，不应填写逾期原因", field: "latenessReason")
            }
            if !late, reason != nil {
                throw Refusal(
                    .S4,
                    "该单位已在材料接收时间内（至\(campaign.submissionCloses)）按时报送，退回后重新报送不属逾期补报，不应填写逾期原因",
                    field: "latenessReason")
            }
            return [.submitted(on: date, to: chain[1], figures: figures, latenessReason: reason)]
        case .accept(let level):
            try requireAwaiting(level, campaign: campaign, naming: naming)
            let next = chain.firstIndex(of: level).flatMap { $0 + 1 < chain.count ? chain[$0 + 1] : nil }
            if let next { try Self.requireSendable(to: next, chain: chain, campaign: campaign, on: date) }
            return [.accepted(on: date, by: level, forwardedTo: next)]
        case .returnToUnit(let level, let reason):
            try requireAwaiting(level, campaign: campaign, naming: naming)
            guard !reason.isBlank else { throw Refusal(.O1, "退回须填写退回原因", field: "reason") }
            return [.returned(on: date, by: level, reason: reason)]
        }
    }

    /// S2: the day materials may be sent on to `level` of `chain` (the province office last). The window
    /// ("材料接收时间为2026年3月16日—31日", §6(1)) is the province's: it receives from its window's first day,
    /// and a unit sends to the level above it, and each level passes up to the next, from the day the
    /// campaign's work opens ("逐级审核、汇总后，务必于2026年3月底前报省人力资源和社会保障厅", §4(5)), so
    /// that the levels below the province review before the window rather than all within its days.
    public static func sendableFrom(to level: String, chain: [String], campaign: Campaign) -> Day {
        level == chain.last ? campaign.submissionOpens : campaign.workOpens
    }

    static func requireSendable(to level: String, chain: [String], campaign: Campaign, on date: Day) throws(Refusal) {
        let from = sendableFrom(to: level, chain: chain, campaign: campaign)
        guard date < from else { return }
        throw Refusal(
            .S2,
            level == chain.last
                ? "省人社厅\(campaign.year)年度材料接收时间自\(from)起，报省人社厅的材料届时方可报送"
                : "\(campaign.year)年度考核工作自\(from)起开展，届时方可报送", field: "effectiveOn")
    }

    func requireAwaiting(_ level: String, campaign: Campaign, naming: (String) -> String) throws(Refusal) {
        guard status == .submitted, let awaiting else {
            // Not "未开始" for a unit that sent nothing: past the window the lists call it 逾期未报.
            let said = status == .notStarted ? "该单位尚未报送" : "当前状态：\(status.chineseName)"
            throw Refusal(.O1, "\(campaign.year)年度没有待审核的报送（\(said)）")
        }
        guard awaiting == level else {
            throw Refusal(.O1, "该报送应由\(naming(awaiting))审核，\(naming(level))不能审核")
        }
    }
}

extension SubmissionCommand {
    /// Whether the unit itself acts (rather than a level reviewing it).
    var isSubmission: Bool {
        if case .submit = self { return true }
        return false
    }
}
