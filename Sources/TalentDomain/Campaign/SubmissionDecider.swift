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
    /// lack (``Campaign/blockers(of:on:)``), checked before a submission goes up.
    public func decide(
        _ command: SubmissionCommand, chain: [String], campaign: Campaign, blockers: [SubmissionBlocker], on date: Day
    ) throws -> [SubmissionEvent] {
        if let lastStepOn, date < lastStepOn {
            throw Refusal(
                command.isSubmission ? .S1 : .O1,
                "the submission's latest step was on \(lastStepOn): a later step cannot be dated \(date)")
        }
        switch command {
        case .submit(let figures, let latenessReason):
            guard status == .notStarted || status == .returned else {
                throw Refusal(.S1, "the submission of campaign \(campaign.year) is \(status.rawValue) already")
            }
            guard chain.count >= 2 else {
                throw Refusal(.O1, "the unit has no authority above it to submit to")
            }
            guard date >= campaign.submissionOpens else {
                throw Refusal(.S2, "the window of campaign \(campaign.year) opens on \(campaign.submissionOpens)")
            }
            guard blockers.isEmpty else { throw SubmissionNotReady(blockers: blockers) }
            let reason = latenessReason.flatMap { $0.isEmpty ? nil : $0 }
            if date > campaign.submissionCloses, reason == nil {
                throw Refusal(
                    .S4,
                    "the window closed on \(campaign.submissionCloses): a late submission gives the reason for its lateness"
                )
            }
            if date <= campaign.submissionCloses, reason != nil {
                throw Refusal(
                    .S4,
                    "a submission within the window (until \(campaign.submissionCloses)) gives no reason for lateness")
            }
            return [.submitted(on: date, to: chain[1], figures: figures, latenessReason: reason)]
        case .accept(let level):
            try requireAwaiting(level, campaign: campaign)
            let next = chain.firstIndex(of: level).flatMap { $0 + 1 < chain.count ? chain[$0 + 1] : nil }
            return [.accepted(on: date, by: level, forwardedTo: next)]
        case .returnToUnit(let level, let reason):
            try requireAwaiting(level, campaign: campaign)
            guard !reason.isEmpty else { throw Refusal(.O1, "a returned submission says why") }
            return [.returned(on: date, by: level, reason: reason)]
        }
    }

    func requireAwaiting(_ level: String, campaign: Campaign) throws(Refusal) {
        guard status == .submitted, let awaiting else {
            throw Refusal(.O1, "no submission of campaign \(campaign.year) awaits a review (it is \(status.rawValue))")
        }
        guard awaiting == level else {
            throw Refusal(.O1, "the submission awaits \(awaiting)'s review, not \(level)'s")
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
