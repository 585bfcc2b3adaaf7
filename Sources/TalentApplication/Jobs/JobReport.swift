import Foundation
import TalentDomain

/// What a batch job did (or, in a dry run, would do) to one talent.
public struct JobStep: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Recorded now (or, in a dry run, would be).
        case applied
        /// Recorded by an earlier run: nothing again.
        case alreadyDone
        /// Not for this talent; `reason` says why.
        case skipped
    }

    public var unit: String
    public var talent: TalentID
    public var outcome: Outcome
    public var reason: String

    public init(unit: String, talent: TalentID, outcome: Outcome, reason: String) {
        self.unit = unit
        self.talent = talent
        self.outcome = outcome
        self.reason = reason
    }
}

/// A batch job's run: every step, and the counts by outcome.
public struct JobReport: Sendable, Hashable, Codable {
    public var job: String
    public var campaign: Int
    public var on: Day
    public var dryRun: Bool
    /// Units the job acted for (late units for suspension, made-up units for restoration).
    public var units: [String]
    /// The steps listed: every one, unless the report was cut down by ``listing(_:)``.
    public var steps: [JobStep]
    /// Steps done in an earlier run that was stopped, passed over this time.
    public var resumedAfter: Int
    /// How many steps came to each outcome: every step the job took, whichever are listed.
    public var counts: [JobStep.Outcome: Int] {
        countsOfAllSteps ?? Dictionary(grouping: steps, by: \.outcome).mapValues(\.count)
    }
    /// Set once the steps are cut down (or read from a report that was), when `steps` no longer holds them all.
    private var countsOfAllSteps: [JobStep.Outcome: Int]?
    /// Which of the steps `steps` lists.
    public private(set) var listed: Listing = .all

    /// Which steps a report lists. A province-wide job takes a step for each of its talents (well over a
    /// hundred thousand); who asks for the outcome alone, or for what was passed over and why, need not
    /// take them all.
    public enum Listing: String, Sendable, Hashable, Codable, CaseIterable {
        case all
        /// The steps skipped, each with its reason.
        case skipped
        /// None: the counts say what was done.
        case none
    }

    /// The same report listing only the steps `listing` names; its counts still count every step.
    public func listing(_ listing: Listing) -> JobReport {
        var report = self
        report.listed = listing
        report.countsOfAllSteps = counts
        switch listing {
        case .all: break
        case .skipped: report.steps = steps.filter { $0.outcome == .skipped }
        case .none: report.steps = []
        }
        return report
    }

    /// How many steps a job takes between the checkpoints of its record.
    public static let checkpointInterval = 2000
    /// How many batches a job has in hand at once, each in its own transaction on its own connection: while
    /// one is read and decided in this process, another is written by the server, so that both processors
    /// work. Batches share no talent.
    static let batchesAtOnce = 2
    /// How many times a talent set aside from its batch (changed by someone else between the batch's reading
    /// and its append) is tried alone, a little later each time, before the job gives up on it.
    static let attemptsAlone = 10

    enum CodingKeys: String, CodingKey {
        case job, campaign, on, dryRun, units, steps, resumedAfter, counts, listed
    }

    public init(
        job: String, campaign: Int, on: Day, dryRun: Bool, units: [String], steps: [JobStep], resumedAfter: Int
    ) {
        self.job = job
        self.campaign = campaign
        self.on = on
        self.dryRun = dryRun
        self.units = units
        self.steps = steps
        self.resumedAfter = resumedAfter
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            job: try container.decode(String.self, forKey: .job),
            campaign: try container.decode(Int.self, forKey: .campaign),
            on: try container.decode(Day.self, forKey: .on), dryRun: try container.decode(Bool.self, forKey: .dryRun),
            units: try container.decode([String].self, forKey: .units),
            steps: try container.decode([JobStep].self, forKey: .steps),
            resumedAfter: try container.decode(Int.self, forKey: .resumedAfter))
        listed = try container.decodeIfPresent(Listing.self, forKey: .listed) ?? .all
        if let counts = try container.decodeIfPresent([String: Int].self, forKey: .counts) {
            countsOfAllSteps = Dictionary(
                uniqueKeysWithValues: counts.compactMap { key, count in
                    JobStep.Outcome(rawValue: key).map { ($0, count) }
                })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(job, forKey: .job)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(on, forKey: .on)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(units, forKey: .units)
        try container.encode(steps, forKey: .steps)
        try container.encode(resumedAfter, forKey: .resumedAfter)
        try container.encode(
            Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }), forKey: .counts)
        try container.encode(listed, forKey: .listed)
    }
}
