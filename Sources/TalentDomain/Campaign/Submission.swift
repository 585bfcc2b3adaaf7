/// A unit's submission of a campaign (S1: the work report, Attachment 4 and Attachment 1), sent up its
/// chain of authority (O1): county bureau → city bureau → province office, or provincial department →
/// province office. Each level accepts it (it goes up a level; at the province it is accepted) or returns
/// it with a reason (back to the unit, which fixes and submits again). One stream per unit and campaign.
public struct Submission: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case notStarted, submitted, returned, accepted
    }

    public var status: Status
    /// The organization the submission waits at (while submitted).
    public var awaiting: String?
    /// The first and the latest submission.
    public var firstSubmittedOn: Day?
    public var lastSubmittedOn: Day?
    public var acceptedOn: Day?
    public var returnReason: String?
    /// S4: the reason a submission after the window's close gives for its lateness.
    public var latenessReason: String?
    /// The unit's figures as last submitted.
    public var figures: SubmissionFigures?
    /// The day of its latest step: no later step may be dated before it (a review cannot precede the
    /// submission it reviews).
    public var lastStepOn: Day?

    public static let initial = Submission(status: .notStarted)

    public init(
        status: Status, awaiting: String? = nil, firstSubmittedOn: Day? = nil, lastSubmittedOn: Day? = nil,
        acceptedOn: Day? = nil, returnReason: String? = nil, latenessReason: String? = nil,
        figures: SubmissionFigures? = nil, lastStepOn: Day? = nil
    ) {
        self.status = status
        self.awaiting = awaiting
        self.firstSubmittedOn = firstSubmittedOn
        self.lastSubmittedOn = lastSubmittedOn
        self.acceptedOn = acceptedOn
        self.returnReason = returnReason
        self.latenessReason = latenessReason
        self.figures = figures
        self.lastStepOn = lastStepOn
    }
}

/// What a unit's submission counts (for each level's aggregate). Classified talents (T4) are in `talents`
/// and `classified` alone: the figures go up the chain with the unit's rows, and a tier or grade counted with
/// a unit's one classified talent would tell it by subtraction (SEC1).
public struct SubmissionFigures: Sendable, Hashable, Codable {
    public var talents: Int
    public var byTier: [String: Int]
    public var byGrade: [String: Int]
    /// G2: results not yet determined.
    public var pending: Int
    /// Of `talents`, the classified ones; nil in submissions recorded before it was counted apart (their
    /// tiers and grades count them).
    public var classified: Int?

    public init(talents: Int, byTier: [String: Int], byGrade: [String: Int], pending: Int, classified: Int? = nil) {
        self.talents = talents
        self.byTier = byTier
        self.byGrade = byGrade
        self.pending = pending
        self.classified = classified
    }

    /// The sum of several units' figures.
    public static func sum(_ figures: [SubmissionFigures]) -> SubmissionFigures {
        figures.reduce(SubmissionFigures(talents: 0, byTier: [:], byGrade: [:], pending: 0)) { total, next in
            SubmissionFigures(
                talents: total.talents + next.talents, byTier: total.byTier.merging(next.byTier, uniquingKeysWith: +),
                byGrade: total.byGrade.merging(next.byGrade, uniquingKeysWith: +),
                pending: total.pending + next.pending,
                classified: total.classified == nil && next.classified == nil
                    ? nil : (total.classified ?? 0) + (next.classified ?? 0)
            )
        }
    }
}

/// What happens to a submission.
public enum SubmissionEvent: Sendable, Hashable, Codable {
    /// The unit submitted (again); it waits at `to`, the first level above the unit.
    case submitted(on: Day, to: String, figures: SubmissionFigures, latenessReason: String?)
    /// A level accepted it: it goes to `forwardedTo`, or, with none, the province accepted it.
    case accepted(on: Day, by: String, forwardedTo: String?)
    /// A level returned it to the unit.
    case returned(on: Day, by: String, reason: String)

    public var effectiveDate: Day {
        switch self {
        case .submitted(let on, _, _, _), .accepted(let on, _, _), .returned(let on, _, _): on
        }
    }

    /// The stable name the store keeps.
    public var typeName: String {
        switch self {
        case .submitted: "SubmissionSubmitted"
        case .accepted: "SubmissionAccepted"
        case .returned: "SubmissionReturned"
        }
    }
}

extension Submission {
    /// The submission after `event`.
    public func evolve(_ event: SubmissionEvent) -> Submission {
        var next = self
        next.lastStepOn = max(lastStepOn ?? event.effectiveDate, event.effectiveDate)
        switch event {
        case .submitted(let on, let to, let figures, let latenessReason):
            next.status = .submitted
            next.awaiting = to
            next.firstSubmittedOn = firstSubmittedOn ?? on
            next.lastSubmittedOn = on
            next.returnReason = nil
            next.latenessReason = latenessReason
            next.figures = figures
        case .accepted(let on, _, let forwardedTo):
            if let forwardedTo {
                next.awaiting = forwardedTo
            } else {
                next.status = .accepted
                next.awaiting = nil
                next.acceptedOn = on
            }
        case .returned(_, _, let reason):
            next.status = .returned
            next.awaiting = nil
            next.returnReason = reason
        }
        return next
    }

    /// The submission its events describe, in business order; with `asOf`, those effective by that day.
    public static func fold(_ events: [SubmissionEvent], asOf day: Day? = nil) -> Submission {
        Talent.businessOrder(events, effectiveDate: \.effectiveDate).reduce(Submission.initial) { state, event in
            if let day, event.effectiveDate > day { return state }
            return state.evolve(event)
        }
    }

    /// S3: whether the unit was late: when the window closed, its submission was not in time as the
    /// campaign reads it (submitted and not returned, or accepted).
    public func wasLate(in campaign: Campaign, events: [SubmissionEvent]) -> Bool {
        let atClose = Submission.fold(events, asOf: campaign.submissionCloses)
        switch campaign.onTime {
        case .accepted: return atClose.status != .accepted
        case .submittedNotReturned: return atClose.status != .submitted && atClose.status != .accepted
        }
    }

    /// S4: a late unit made up: the submission it sent by the make-up deadline was accepted
    /// ("可于2026年6月底前补充提交相关材料……经审核符合条件的按程序恢复相关待遇": the deadline is the
    /// sending's; the review may end after it). A submission sent after the deadline makes up nothing.
    public func madeUp(in campaign: Campaign, events: [SubmissionEvent]) -> Bool {
        guard wasLate(in: campaign, events: events), status == .accepted, lastSubmittedOn != nil else { return false }
        return !sentAfterMakeUp(in: campaign)
    }

    /// S4: last sent after the campaign's make-up deadline: a late unit's make-up that restores nothing,
    /// whenever it is accepted.
    public func sentAfterMakeUp(in campaign: Campaign) -> Bool {
        lastSubmittedOn.map { $0 > campaign.makeUpDeadline } ?? false
    }
}
