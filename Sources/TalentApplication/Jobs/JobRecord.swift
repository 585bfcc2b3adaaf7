import EventStore
import Foundation
import TalentDomain

/// A batch job's own stream (`job-<name>-<campaign>-<day>`): started, a checkpoint every few steps,
/// finished with its counts. A run finds where a stopped run got to.
struct JobRecord {
    static let type = "job"

    let store: EventStore
    let job: String
    let campaign: Int
    let on: Day

    var streamID: String { "job-\(job)-\(campaign)-\(on)" }

    struct Started: Codable {
        var steps: Int
        var actor: String
    }
    /// Every step up to this unit and talent (in the job's order) is done, with what the job's runs did
    /// so far (absent from the checkpoints of records written before they counted).
    struct Checkpoint: Codable {
        var done: Int
        var unit: String
        var talent: String
        var applied: Int?
        var alreadyDone: Int?
        var skipped: Int?
        /// As ``Finished/uncounted``, carried on to the run that resumes.
        var uncounted: Int?

        /// The outcomes counted up to this checkpoint, over every run of the job; nil for a checkpoint of a
        /// release that did not count them.
        var counts: [JobStep.Outcome: Int]? {
            guard let applied, let alreadyDone, let skipped else { return nil }
            return [.applied: applied, .alreadyDone: alreadyDone, .skipped: skipped]
        }
    }
    /// What the job did over all its runs: a run that resumed adds its own steps to the stopped runs'.
    /// A step a stopped run committed after its last checkpoint counts as already done.
    struct Finished: Codable {
        var steps: Int
        var applied: Int
        var alreadyDone: Int
        var skipped: Int
        /// Steps a stopped run did whose outcomes its checkpoints did not count (an earlier release's): the
        /// counts above leave them out.
        var uncounted: Int?
    }

    /// Where a stopped run got to (its last checkpoint), or nil when the last run finished or none ran.
    func resumePoint() async throws -> Checkpoint? {
        let events = try await store.readStream(streamID)
        guard let last = events.last(where: { $0.type != "JobStarted" }), last.type == "JobCheckpoint" else {
            return nil
        }
        return try JSONDecoder().decode(Checkpoint.self, from: last.data)
    }

    func started(steps: Int, by caller: Caller) async throws {
        try await append("JobStarted", Started(steps: steps, actor: caller.id), by: caller)
    }

    /// `counts`: the outcomes of every run so far, the stopped runs' included, but for `uncounted` steps
    /// (``Finished/uncounted``).
    func checkpoint(done: Int, unit: String, talent: TalentID, counts: [JobStep.Outcome: Int], uncounted: Int?)
        async throws
    {
        try await append(
            "JobCheckpoint",
            Checkpoint(
                done: done, unit: unit, talent: talent.rawValue, applied: counts[.applied] ?? 0,
                alreadyDone: counts[.alreadyDone] ?? 0, skipped: counts[.skipped] ?? 0, uncounted: uncounted),
            by: .system)
    }

    /// `counts` and `uncounted` as for ``checkpoint(done:unit:talent:counts:uncounted:)``.
    func finished(steps: Int, counts: [JobStep.Outcome: Int], uncounted: Int?) async throws {
        try await append(
            "JobFinished",
            Finished(
                steps: steps, applied: counts[.applied] ?? 0, alreadyDone: counts[.alreadyDone] ?? 0,
                skipped: counts[.skipped] ?? 0, uncounted: uncounted),
            by: .system)
    }

    func append(_ type: String, _ payload: some Encodable, by caller: Caller) async throws {
        let event = try NewEvent(
            type: type, payload: payload,
            metadata: EventMetadata(actor: caller.id, role: caller.role.rawValue, organization: caller.organization),
            effectiveDate: on.description)
        try await store.withTransaction { transaction in
            let version = try await transaction.readStream(streamID).last?.version ?? 0
            _ = try await transaction.append(
                [
                    StreamAppend(
                        streamID: streamID, streamType: Self.type, expected: version == 0 ? .noStream : .exact(version),
                        events: [event])
                ], commandID: .timeOrdered())
        }
    }
}
