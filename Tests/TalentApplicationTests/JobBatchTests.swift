// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S3 are the register's own spelling.

import EventStore
import Foundation
import Postgres
import ReadModels
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import TalentApplication

/// A batch job's steps decided on the states the talents' rows keep, and the talents that must be decided
/// on their histories instead.
@Suite("A job's batch on kept states (S3)")
struct JobBatchTests {
    static let suspend = TalentRegister.JobDecider.onState { _, _ in .run(.suspendServices(reason: "S3: 迟报")) }
    /// Every talent of the small province, with its unit: one batch of all of them.
    static let everyTalent = SmallProvince.talents.map { (unit: $0.unit, talent: TalentID($0.id)) }

    static func batch(_ register: TalentRegister, on day: Day) throws -> JobBatch {
        JobBatch(
            everyTalent, job: TalentRegister.suspendJob,
            campaign: try register.campaign(2025), on: day, caller: .system, policy: register.policy,
            action: suspend)
    }

    /// Talents whose step comes last in business order are decided on their kept states, without their
    /// histories; a talent with a fact effective after the job's day is left to its history (the
    /// suspension takes its place before that fact).
    @Test func S3_stepsComingLastAreDecidedOnKeptStatesAndTheOthersOnTheirHistories() async throws {
        try await SmallProvince.with("job_batch_kept") { province in
            let register = province.register
            try await register.handle(
                .collectBasicInfo(
                    campaign: 2025,
                    info: BasicInfo(industry: "医疗", professionalField: "光学", education: "博士", professionalTitle: "教授")),
                for: TalentID("T-county-1"), on: try Day("2026-04-10"), by: .system)
            var batch = try Self.batch(register, on: try Day("2026-04-01"))
            try await province.store.withConnection { connection in try await batch.decideOnKeptStates(on: connection) }
            #expect(batch.needingHistory.map(\.talent.rawValue) == ["T-county-1"])
            #expect(Set(batch.advances.map(\.state.id?.rawValue)) == ["T-city-1", "T-city-2", "T-prov-1"])
            #expect(batch.appends.count == 3)
            #expect(batch.steps.values.allSatisfy { $0.outcome == .applied })
        }
    }

    /// A batch whose talent moved between the batch's reading and its append (a command appended to it) is
    /// refused by the append's versions; the talent is set aside, the rest written, then the talent decided
    /// again alone: every step once, the rows the ones a rebuild derives.
    @Test func S3_aBatchWhoseTalentMovedBeforeItsAppendIsDecidedAgain() async throws {
        try await SmallProvince.with("job_batch_moved") { province in
            let register = province.register
            let day = try Day("2026-04-01")
            let steps = try await Self.suspendBatch(register, on: day) {
                try await register.handle(
                    .recordLostContact(since: try Day("2026-03-20")), for: TalentID("T-city-1"),
                    on: try Day("2026-03-20"), by: .system)
            }
            #expect(steps.count == 4 && steps.allSatisfy { $0.outcome == .applied })
            try await Self.expectSuspendedOnce(register, province, on: day)
            let events = try await register.queries.rawEvents(of: TalentID("T-city-1"), by: .system)
            #expect(events.map(\.type).suffix(2) == [ContactLost.typeName, EntitlementsChanged.typeName])
        }
    }

    /// A talent someone changes before every append of its batch (people at work while the job runs; a
    /// soak test's job failed after three tries of its whole batch) is set aside: the rest of the batch is
    /// written at once, and the talent alone after it.
    @Test func S3_aTalentChangedBeforeEveryAppendOfItsBatchIsSetAsideAndTheRestIsWritten() async throws {
        try await SmallProvince.with("job_batch_set_aside") { province in
            let register = province.register
            let day = try Day("2026-04-01")
            let appends = Appends()
            let steps = try await Self.suspendBatch(register, on: day) { talents in
                await appends.add(talents)
                if talents.count > 1, talents.contains(TalentID("T-city-1")) {
                    try await Self.changeBehindTheJob(register, "T-city-1")
                }
            }
            #expect(steps.map(\.talent) == Self.everyTalent.map(\.talent))
            #expect(steps.allSatisfy { $0.outcome == .applied })
            let others = Self.everyTalent.map(\.talent.rawValue).filter { $0 != "T-city-1" }
            #expect(await appends.tried == [Self.everyTalent.map(\.talent.rawValue), others, ["T-city-1"]])
            try await Self.expectSuspendedOnce(register, province, on: day)
        }
    }

    /// A talent changed before every one of its appends, alone too, ends the batch with the conflict that
    /// names it, after its attempts alone; the rest of the batch is written and stays (a run that resumes
    /// finds it already done).
    @Test func S3_aTalentThatNeverHoldsStillEndsTheBatchNamingItAndTheRestStaysWritten() async throws {
        try await SmallProvince.with("job_batch_never_still") { province in
            let register = province.register
            let day = try Day("2026-04-01")
            let appends = Appends()
            let conflict = await #expect(throws: VersionConflict.self) {
                try await Self.suspendBatch(register, on: day) { talents in
                    await appends.add(talents)
                    if talents.contains(TalentID("T-city-1")) {
                        try await Self.changeBehindTheJob(register, "T-city-1")
                    }
                }
            }
            #expect(conflict?.streamID == "talent-T-city-1")
            #expect(await appends.tried.filter { $0 == ["T-city-1"] }.count == JobReport.attemptsAlone)
            for talent in Self.everyTalent.map(\.talent) {
                let state = try await register.queries.state(of: talent, asOf: day, by: .system)
                #expect((state.entitlements.jixiangCard == .suspended) == (talent.rawValue != "T-city-1"), "\(talent)")
            }
        }
    }

    /// A batch whose talents' rows moved without their streams between its reading and its writing (here
    /// every row marked for projecting again, as a migration that adds a column does) is refused by the
    /// rows' versions (``RowsMoved``) and decided again from the histories.
    @Test func S3_aBatchWhoseRowsMovedIsDecidedAgainFromTheHistories() async throws {
        try await SmallProvince.with("job_batch_rows_moved") { province in
            let register = province.register
            let day = try Day("2026-04-01")
            let steps = try await Self.suspendBatch(register, on: day) {
                try await province.store.withConnection {
                    try await $0.connection.executeScript("SELECT project_talents_again()")
                }
            }
            try await register.catchUpProjections()
            #expect(steps.count == 4 && steps.allSatisfy { $0.outcome == .applied })
            try await Self.expectSuspendedOnce(register, province, on: day)
        }
    }

    /// A batch chosen by the server to end a deadlock runs again. Another transaction holds the stream the
    /// batch's append locks second and, once the append waits for it, asks for the one the append locked
    /// first; the batch, which has waited longer, finds the deadlock and is rolled back.
    ///
    /// The server checks a wait for a deadlock once, `deadlock_timeout` after it begins: on a loaded machine
    /// the other transaction may ask for its second lock after the batch's check, and is then the one ended.
    /// That scene did not test the batch, so it is played again on a fresh database, a few times at most.
    @Test func S3_aBatchRolledBackToEndADeadlockRunsAgain() async throws {
        var scenes = 0
        while try await !Self.batchEndedByADeadlockRanAgain(scene: scenes) {
            scenes += 1
            try #require(scenes < 3, "the other transaction was ended by the deadlock in every scene")
        }
    }

    /// One scene of the test above: false when the server ended the other transaction, not the batch.
    static func batchEndedByADeadlockRanAgain(scene: Int) async throws -> Bool {
        var batchWasEnded = true
        try await SmallProvince.with("job_batch_deadlock_\(scene)") { province in
            let register = province.register
            let day = try Day("2026-04-01")
            let (start, starting) = AsyncStream<Void>.makeStream()
            let (held, holding) = AsyncStream<Void>.makeStream()
            let other = Task {
                defer { holding.finish() }
                for await _ in start {}
                try await province.store.withTransaction { transaction in
                    try await transaction.connection.execute(
                        "SELECT 1 FROM streams WHERE stream_id = 'talent-T-city-2' FOR UPDATE")
                    holding.finish()
                    // Once the append waits (it has locked T-city-1 by then, in stream order); asked later than
                    // the append's, this wait is not the one the server's check ends.
                    var waited = 0
                    while try await transaction.connection.query(
                        """
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'
                        """
                    ).first?.decode(Int.self, at: 0) == 0 {
                        waited += 1
                        guard waited < 1000 else { throw CancellationError() }
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    try await transaction.connection.execute(
                        "SELECT 1 FROM streams WHERE stream_id = 'talent-T-city-1' FOR UPDATE")
                }
            }
            let steps = try await Self.suspendBatch(register, on: day) {
                starting.finish()
                for await _ in held {}
            }
            do {
                try await other.value
            } catch let error as PostgresError where error.sqlState == "40P01" {
                batchWasEnded = false
                return
            }
            #expect(steps.count == 4 && steps.allSatisfy { $0.outcome == .applied })
            try await Self.expectSuspendedOnce(register, province, on: day)
        }
        return batchWasEnded
    }

    /// A run killed with a later batch committed past its last checkpoint (batches run two at once): the run
    /// that resumes passes over what the checkpoint covers and finds the later batch's step already done.
    @Test func S3_aLaterBatchCommittedPastTheLastCheckpointIsAlreadyDoneOnResume() async throws {
        try await SmallProvince.with("job_batch_past_checkpoint") { province in
            let register = province.register
            let day = try Day("2026-04-01")
            try await Self.runTheCampaignHere(province)
            await #expect(throws: CancellationError.self) {
                try await register.suspendLateUnits(
                    campaign: 2025, on: day, by: .system, checkpointEvery: 1, stopAfter: 1)
            }
            _ = try await Self.suspendBatch(register, on: day, of: [("u-county", TalentID("T-county-1"))])
            let resumed = try await register.suspendLateUnits(campaign: 2025, on: day, by: .system, checkpointEvery: 1)
            #expect(resumed.resumedAfter == 1)
            #expect(resumed.steps.map(\.talent.rawValue) == ["T-city-2", "T-county-1", "T-prov-1"])
            #expect(resumed.steps.map(\.outcome) == [.applied, .alreadyDone, .applied])
            try await Self.expectSuspendedOnce(register, province, on: day)
            // The job's record counts both runs: the stopped run's step with the resumed run's two (the step
            // committed outside either run's checkpoints is already done).
            let record = JobRecord(store: province.store, job: TalentRegister.suspendJob, campaign: 2025, on: day)
            let finished = try #require(try await province.store.readStream(record.streamID).last)
            #expect(finished.type == "JobFinished")
            let counts = try JSONDecoder().decode(JobRecord.Finished.self, from: finished.data)
            #expect([counts.steps, counts.applied, counts.alreadyDone, counts.skipped] as [Int] == [4, 3, 1, 0])
        }
    }

    /// A stopped run whose checkpoint an earlier release wrote, without counts: the run that resumes counts
    /// its own steps and says how many it could not count, rather than counting them as none.
    @Test func S3_aRunResumedFromACheckpointWithoutCountsSaysWhatItCouldNotCount() async throws {
        try await SmallProvince.with("job_batch_uncounted") { province in
            let register = province.register
            let day = try Day("2026-04-01")
            try await Self.runTheCampaignHere(province)
            await #expect(throws: CancellationError.self) {
                try await register.suspendLateUnits(
                    campaign: 2025, on: day, by: .system, checkpointEvery: 1, stopAfter: 1)
            }
            let record = JobRecord(store: province.store, job: TalentRegister.suspendJob, campaign: 2025, on: day)
            let last = try #require(try await province.store.readStream(record.streamID).last)
            let checkpoint = try JSONDecoder().decode(JobRecord.Checkpoint.self, from: last.data)
            struct EarlierCheckpoint: Encodable {
                var done: Int
                var unit: String
                var talent: String
            }
            try await record.append(
                "JobCheckpoint",
                EarlierCheckpoint(done: checkpoint.done, unit: checkpoint.unit, talent: checkpoint.talent), by: .system)
            let resumed = try await register.suspendLateUnits(campaign: 2025, on: day, by: .system, checkpointEvery: 1)
            #expect(resumed.resumedAfter == 1)
            let finished = try #require(try await province.store.readStream(record.streamID).last)
            let counts = try JSONDecoder().decode(JobRecord.Finished.self, from: finished.data)
            #expect(counts.uncounted == 1)
            #expect([counts.steps, counts.applied, counts.alreadyDone, counts.skipped] as [Int] == [4, 3, 0, 0])
        }
    }

    /// The 2025 campaign run in the small province (S3 judges lateness only where units sent something): a
    /// unit with no talents, under the city, that sent its submission in the window. The province's own
    /// units are all late.
    static func runTheCampaignHere(_ province: SmallProvince) async throws {
        try await province.store.appendBulk([
            try OrganizationStream.registration(
                Organization(
                    id: "u-in-time", name: "按时报送的单位", shortName: "按时", kind: .cityUnit, parentID: "city",
                    region: nil), on: "2016-01-01")
        ])
        try await province.register.catchUpProjections()
        _ = try await province.register.queries.access(fresh: true)
        _ = try await province.register.submit(
            campaign: 2025, unit: "u-in-time", on: try Day("2026-03-20"), by: .system)
    }

    /// One batch of the suspension job over `talents` (the whole province by default), with
    /// `beforeFirstAppend` between its first decision and its append.
    static func suspendBatch(
        _ register: TalentRegister, on day: Day, of talents: [(unit: String, talent: TalentID)] = everyTalent,
        beforeFirstAppend: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> [JobStep] {
        let appends = Appends()
        return try await suspendBatch(register, on: day, of: talents) { talents in
            await appends.add(talents)
            if await appends.tried.count == 1 { try await beforeFirstAppend() }
        }
    }

    /// The same, with `beforeAppend` before every append the batch tries, with the talents it holds.
    static func suspendBatch(
        _ register: TalentRegister, on day: Day, of talents: [(unit: String, talent: TalentID)] = everyTalent,
        beforeAppend: @escaping @Sendable ([TalentID]) async throws -> Void
    ) async throws -> [JobStep] {
        try await register.runBatch(
            TalentRegister.suspendJob, talents, campaign: try register.campaign(2025), on: day, dryRun: false,
            by: .system, logger: nil, suspend, beforeAppend: beforeAppend)
    }

    /// The talents of each append a batch tried, in order.
    actor Appends {
        var tried: [[String]] = []
        func add(_ talents: [TalentID]) { tried.append(talents.map(\.rawValue)) }
    }

    /// Someone's command on a talent of the batch, which moves its stream on: basic information collected
    /// again (a unit may correct it any number of times).
    static func changeBehindTheJob(_ register: TalentRegister, _ talent: String) async throws {
        try await register.handle(
            .collectBasicInfo(
                campaign: 2025,
                info: BasicInfo(industry: "医疗", professionalField: "光学", education: "博士", professionalTitle: "教授")),
            for: TalentID(talent), on: try Day("2026-03-20"), by: .system)
    }

    /// Every talent of the province suspended as of `day` by exactly one event of the job's step, and the
    /// rows the ones a rebuild derives.
    static func expectSuspendedOnce(_ register: TalentRegister, _ province: SmallProvince, on day: Day) async throws {
        for talent in SmallProvince.talents {
            let state = try await register.queries.state(of: TalentID(talent.id), asOf: day, by: .system)
            #expect(state.entitlements.jixiangCard == .suspended, "\(talent.id)")
            let events = try await register.queries.rawEvents(of: TalentID(talent.id), by: .system)
            let step = TalentRegister.stepID(TalentRegister.suspendJob, campaign: 2025, talent: TalentID(talent.id))
            let correlation = step.uuidString.lowercased()
            #expect(try events.filter { try $0.metadata.correlationID == correlation }.count == 1, "\(talent.id)")
        }
        let differences = try await ProjectionMaintenance(store: province.store, policy: register.policy).check()
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }
}
