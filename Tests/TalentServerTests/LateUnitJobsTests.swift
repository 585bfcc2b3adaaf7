// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S3 and S4 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import ReadModels
import TalentDomain
import TalentLedgerTesting
import TalentServer
import Testing

@testable import TalentApplication

@Suite("The late-unit jobs: suspend (S3), restore after a make-up (S4)")
struct LateUnitJobsTests {
    static let basicInfo = BasicInfo(industry: "医疗", professionalField: "光学", education: "博士", professionalTitle: "教授")

    /// Three talents at unit-b besides the province's two, unit-a submitted in time and accepted.
    static func prepare(_ register: TalentRegister) async throws {
        try await evaluateTwoMoreAtUnitB(register)
        try await register.handle(
            .collectBasicInfo(campaign: 2025, info: basicInfo), for: TalentID("T-A"), on: try Day("2026-01-10"),
            by: .system)
        try await register.submit(campaign: 2025, unit: "unit-a", on: try Day("2026-03-20"), by: .system)
        for day in ["2026-03-21", "2026-03-25"] {
            try await register.review(campaign: 2025, unit: "unit-a", .accept, on: try Day(day), by: .system)
        }
    }

    /// T-B2 and T-B3, tier C at unit-b since 2021-03-01.
    static func evaluateTwoMoreAtUnitB(_ register: TalentRegister) async throws {
        for id in ["T-B2", "T-B3"] {
            let day = try Day("2021-03-01")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID(id), tier: .C, unit: UnitID("unit-b"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2021〕1号", certificateDate: day)),
                for: TalentID(id), on: day, by: .system)
        }
    }

    /// `unit` (unit-b by default) makes up: `talents`' basic information collected on `on`, its submission
    /// sent late with its reason on `sentOn`, and accepted by each level on the days of `acceptedOn`.
    static func makeUp(
        _ register: TalentRegister, collecting talents: [String], on collected: String, sentOn: String,
        acceptedOn: [String], unit: String = "unit-b"
    ) async throws {
        for id in talents {
            try await register.handle(
                .collectBasicInfo(campaign: 2025, info: basicInfo), for: TalentID(id), on: try Day(collected),
                by: .system)
        }
        try await register.submit(
            campaign: 2025, unit: unit, latenessReason: "负责人出差", on: try Day(sentOn), by: .system)
        for day in acceptedOn {
            try await register.review(campaign: 2025, unit: unit, .accept, on: try Day(day), by: .system)
        }
    }

    /// `talent` died on `occurredOn`; its unit reported it on `reportedOn` and the province verified it on
    /// `verifiedOn` (the talent exits then).
    static func died(
        _ talent: TalentID, in register: TalentRegister, occurredOn: String, reportedOn: String, verifiedOn: String
    ) async throws {
        try await register.handle(
            .recordDeath(occurredOn: try Day(occurredOn)), for: talent, on: try Day(reportedOn), by: .system)
        try await register.handle(
            .verifyExitSituation(reason: .died, confirmed: true, finding: "死亡证明"), for: talent,
            on: try Day(verifiedOn), by: .system)
    }

    /// The S3 job of 2026-04-01 on the prepared province after T-B3 of late unit-b died (reported and
    /// verified on the days given): T-B3's step, and the job's report.
    static func suspensionOfTB3(
        in register: TalentRegister, diedOn: String, reportedOn: String, verifiedOn: String
    ) async throws -> (step: JobStep, report: JobReport) {
        try await prepare(register)
        let id = TalentID("T-B3")
        try await died(id, in: register, occurredOn: diedOn, reportedOn: reportedOn, verifiedOn: verifiedOn)
        let report = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
        return (try #require(report.steps.first { $0.talent == id }), report)
    }

    static func jixiang(_ register: TalentRegister, _ talent: String, asOf: String) async throws -> CardStatus? {
        try await register.queries.state(of: TalentID(talent), asOf: try Day(asOf), by: .system).entitlements
            .jixiangCard
    }

    @Test func S3_S4_lateUnitsAreSuspendedOnceEvenWhenStoppedHalfwayAndRestoredAfterAMakeUp() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await Self.prepare(register)
            let late = ["T-B", "T-B2", "T-B3"]
            func versions() async throws -> [Int64] {
                var versions: [Int64] = []
                for id in late { versions.append(try await register.queries.talent(TalentID(id), by: .system).version) }
                return versions
            }
            let before = try await versions()
            // The window has not closed: nobody is late yet.
            await #expect(throws: InvalidInput.self) {
                try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-03-31"), by: .system)
            }
            // A dry run says what it would do, and records nothing.
            let day = try Day("2026-04-01")
            let dry = try await register.suspendLateUnits(campaign: 2025, on: day, dryRun: true, by: .system)
            #expect(dry.units == ["unit-b"])
            #expect(dry.steps.map(\.talent.rawValue) == late)
            #expect(dry.steps.allSatisfy { $0.outcome == .applied && $0.reason.contains("unit-b") })
            #expect(try await versions() == before)
            // Stopped after one talent (as a killed process would), then run again: each talent once.
            await #expect(throws: CancellationError.self) {
                try await register.suspendLateUnits(
                    campaign: 2025, on: day, by: .system, checkpointEvery: 1, stopAfter: 1)
            }
            let resumed = try await register.suspendLateUnits(campaign: 2025, on: day, by: .system, checkpointEvery: 1)
            #expect(resumed.resumedAfter == 1)
            #expect(resumed.steps.map(\.talent.rawValue) == ["T-B2", "T-B3"])
            #expect(resumed.counts[.applied] == 2)
            let suspended = try await versions()
            #expect(
                zip(suspended, before).allSatisfy { $0 == $1 + 1 }, "one event per talent: \(before) → \(suspended)")
            // Run twice: the same events, once; the second run records nothing, not even its job record.
            let events = try await register.verify(by: .system).eventsChecked
            let again = try await register.suspendLateUnits(campaign: 2025, on: day, by: .system)
            #expect(again.counts[.alreadyDone] == 3)
            #expect(try await versions() == suspended)
            #expect(try await register.verify(by: .system).eventsChecked == events)
            #expect(try await Self.jixiang(register, "T-B", asOf: "2026-04-15") == .suspended)
            #expect(try await Self.jixiang(register, "T-A", asOf: "2026-04-15") == .active)
            // unit-b makes up, with the reason, and is accepted by the deadline: exactly what S3 took comes back.
            try await Self.makeUp(
                register, collecting: late, on: "2026-04-05", sentOn: "2026-04-10",
                acceptedOn: ["2026-04-12", "2026-05-20"])
            // On a day before the make-up was accepted, nothing is restored yet.
            let early = try await register.restoreMadeUpUnits(
                campaign: 2025, on: try Day("2026-05-19"), dryRun: true, by: .system)
            #expect(early.units.isEmpty && early.steps.isEmpty)
            // On the day of the acceptance itself, it is.
            let onTheDay = try await register.restoreMadeUpUnits(
                campaign: 2025, on: try Day("2026-05-20"), dryRun: true, by: .system)
            #expect(onTheDay.units == ["unit-b"] && onTheDay.counts[.applied] == 3)
            let restored = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-05-21"), by: .system)
            #expect(restored.units == ["unit-b"])
            #expect(restored.counts[.applied] == 3)
            #expect(
                restored.steps.map(\.reason)
                    == Array(
                        repeating: "市医院（unit-b）于2026-04-10补报2025年度考核材料，未超过补报截止日2026-06-30，已于2026-05-20审核通过", count: 3))
            #expect(try await Self.jixiang(register, "T-B", asOf: "2026-04-15") == .suspended)
            #expect(try await Self.jixiang(register, "T-B", asOf: "2026-07-01") == .active)
            let twice = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-05-21"), by: .system)
            #expect(twice.counts[.alreadyDone] == 3)

            // Over HTTP, the province office runs them; nobody else may.
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let body = #"{"campaign": 2025, "on": "2026-04-01", "dryRun": true}"#
                let (status, report, _) = try await send(
                    client, .post, "/v1/jobs/suspend-late-units", token: tokens.province, body: body)
                #expect(status == .ok)
                #expect((report["counts"] as? [String: Int])?["alreadyDone"] == 3)
                #expect((report["steps"] as? [Any])?.count == 3 && report["listed"] as? String == "all")
                // A province-wide job takes a step a talent: the answer may list none, and still counts them.
                let (cutStatus, cut, _) = try await send(
                    client, .post, "/v1/jobs/suspend-late-units", token: tokens.province,
                    body: #"{"campaign": 2025, "on": "2026-04-01", "dryRun": true, "steps": "none"}"#)
                #expect(cutStatus == .ok)
                #expect((cut["steps"] as? [Any])?.isEmpty == true)
                #expect((cut["counts"] as? [String: Int])?["alreadyDone"] == 3)
                #expect(cut["listed"] as? String == "none")
                let (unknownListing, listingProblem, _) = try await send(
                    client, .post, "/v1/jobs/suspend-late-units", token: tokens.province,
                    body: #"{"campaign": 2025, "on": "2026-04-01", "steps": "some"}"#)
                #expect(unknownListing == .badRequest)
                #expect(listingProblem["field"] as? String == "steps", "\(listingProblem)")
                let (officer, _, _) = try await send(
                    client, .post, "/v1/jobs/suspend-late-units", token: tokens.officerA, body: body)
                #expect(officer == .forbidden)
                // Refused for the role before anything of the job is looked at (a day before the window
                // closed would otherwise be a 400, after the tree and the submissions were read).
                for (job, on) in [("suspend-late-units", "2026-03-20"), ("restore", "2026-07-01")] {
                    let (early, problem, _) = try await send(
                        client, .post, "/v1/jobs/\(job)", token: tokens.officerA,
                        body: #"{"campaign": 2025, "on": "\#(on)"}"#)
                    #expect(early == .forbidden, "\(job)")
                    #expect(problem["detail"] as? String == "批处理作业由省人社厅运行")
                }
                let (bad, problem, _) = try await send(
                    client, .post, "/v1/jobs/restore", token: tokens.province,
                    body: #"{"campaign": 2025, "on": "2026-02-30"}"#)
                #expect(bad == .badRequest)
                #expect(problem["field"] as? String == "on")
            }
        }
    }

    /// A report cut down to the steps skipped (or to none) lists those and still counts every step, also
    /// once encoded and read back.
    @Test func aJobsReportListsTheStepsAskedForAndCountsThemAll() throws {
        func step(_ talent: String, _ outcome: JobStep.Outcome) -> JobStep {
            JobStep(unit: "unit-b", talent: TalentID(talent), outcome: outcome, reason: "\(outcome)")
        }
        let report = JobReport(
            job: "suspend-late-units", campaign: 2025, on: try Day("2026-04-01"), dryRun: false, units: ["unit-b"],
            steps: [step("T-1", .applied), step("T-2", .skipped), step("T-3", .alreadyDone), step("T-4", .applied)],
            resumedAfter: 0)
        let counts: [JobStep.Outcome: Int] = [.applied: 2, .skipped: 1, .alreadyDone: 1]
        #expect(report.counts == counts && report.listed == .all)
        let skipped = report.listing(.skipped)
        #expect(skipped.steps.map(\.talent.rawValue) == ["T-2"])
        #expect(skipped.counts == counts && skipped.listed == .skipped)
        #expect(report.listing(.none).steps.isEmpty && report.listing(.none).counts == counts)
        #expect(report.listing(.all).steps == report.steps)
        let read = try JSONDecoder().decode(JobReport.self, from: try JSONEncoder().encode(skipped))
        #expect(read.counts == counts && read.steps == skipped.steps && read.listed == .skipped)
    }

    /// A job acts on a day that has come, by the register's clock: run ahead (on the first day units are
    /// late, while the window is still open) it would suspend services now for a lateness that is not yet
    /// so. Refused over HTTP and in the register, a dry run too, and nothing is recorded.
    /// A day outside the register's days is no job's, nor an overdue list's: refused naming `on`.
    @Test func S3_S4_LIMITS_aJobOrAnOverdueListForADayOutsideTheRegisterIsRefused() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            for job in ["restore", "overdue"] {
                let refused = await #expect(throws: InvalidInput.self) {
                    if job == "restore" {
                        _ = try await register.restoreMadeUpUnits(
                            campaign: 2025, on: try Day("1999-04-01"), by: .system)
                    } else {
                        _ = try await register.overdueReport(campaign: 2025, on: try Day("1999-04-01"), by: .system)
                    }
                }
                #expect(refused?.field == "on", "\(job)")
            }
        }
    }

    @Test func S3_S4_aJobForADayThatHasNotComeIsRefusedAndRecordsNothing() async throws {
        let clock = TestClock()
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await Self.prepare(register)
            try clock.set(day: "2026-03-31")
            let events = try await register.verify(by: .system).eventsChecked
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                for job in ["suspend-late-units", "restore"] {
                    for dryRun in [false, true] {
                        let (status, problem, _) = try await send(
                            client, .post, "/v1/jobs/\(job)", token: tokens.province,
                            body: #"{"campaign": 2025, "on": "2026-04-01", "dryRun": \#(dryRun)}"#)
                        #expect(status == .badRequest, "\(job), dry run \(dryRun)")
                        #expect(problem["field"] as? String == "on")
                        #expect((problem["detail"] as? String)?.contains("after today (2026-03-31)") == true)
                    }
                }
            }
            await #expect(throws: InvalidInput.self) {
                try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            }
            #expect(try await register.verify(by: .system).eventsChecked == events)
            #expect(try await Self.jixiang(register, "T-B", asOf: "2026-04-01") == .active)
            // Once the day has come, the same job runs.
            try clock.set(day: "2026-04-01")
            let report = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            #expect(report.counts[.applied] == 3)
        }
    }

    /// A talent evaluated after a day (an evaluation list imported later, say) was not in the register on
    /// it: the day's job passes over it, and a unit's submission dated that day is not held up by it. One
    /// whose period began after the campaign's year is the next campaign's, on any day (W1).
    @Test func S1_S3_W1_aTalentEvaluatedAfterTheDayIsNoPartOfThatDaysJobOrSubmission() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            for (id, unit, certificate) in [
                ("T-B9", "unit-b", "2026-01-01"), ("T-A9", "unit-a", "2025-12-01"), ("T-A8", "unit-a", "2026-01-01"),
            ] {
                let day = try Day("2026-05-01")
                try await register.handle(
                    .evaluate(
                        Evaluation(
                            talentId: TalentID(id), tier: .C, unit: UnitID(unit), professionalField: "光学",
                            evaluatingDocument: "吉人社字〔2026〕9号", certificateDate: try Day(certificate))),
                    for: TalentID(id), on: day, by: .system)
            }
            let version = try await register.queries.talent(TalentID("T-B9"), by: .system).version
            let report = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            let step = try #require(report.steps.first { $0.talent.rawValue == "T-B9" })
            #expect(step.outcome == .skipped)
            #expect(step.reason == "2026-04-01尚未在册（其首项记录于2026-05-01生效）")
            #expect(report.counts[.applied] == 3, "the unit's other talents, as before")
            #expect(try await register.queries.talent(TalentID("T-B9"), by: .system).version == version)
            // unit-a's readiness on 2026-03-20 (the day it submitted) holds only the talents it had then.
            let readiness = try await register.readiness(
                campaign: 2025, unit: "unit-a", on: try Day("2026-03-20"), by: .system)
            #expect(readiness.blockers.isEmpty, "\(readiness.blockers)")
            #expect(readiness.figures.talents == 1)
            // On a later day it holds the new talent whose period began in 2025, its basic information owed;
            // not the one whose period began in 2026 (campaign 2026's), whose 2025 information is refused.
            let later = try await register.readiness(
                campaign: 2025, unit: "unit-a", on: try Day("2026-05-02"), by: .system)
            #expect(later.blockers.map(\.talent.rawValue) == ["T-A9"], "\(later.blockers)")
            let refused = await #expect(throws: Refusal.self) {
                try await register.handle(
                    .collectBasicInfo(campaign: 2025, info: Self.basicInfo), for: TalentID("T-A8"),
                    on: try Day("2026-05-02"), by: .system)
            }
            #expect(refused?.rule == .W1, "\(String(describing: refused))")
        }
    }

    /// A job run for a day before facts that change what it decides leaves the talent, said why, as a
    /// command dated so is refused: a tier-D talent downgraded to E after the job's day held both cards on
    /// it, and a suspension decided on today's state (the 吉享卡 taken back) would suspend the 吉健卡 alone.
    @Test func S3_LIMITS_aJobsStepDecidedDifferentlyByLaterFactsIsLeftAndSaysWhy() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            let id = TalentID("T-B7")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: id, tier: .D, unit: UnitID("unit-b"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2021〕1号", certificateDate: try Day("2021-03-01"))),
                for: id, on: try Day("2021-03-01"), by: .system)
            try await register.handle(
                .penalize(occurredOn: try Day("2026-04-05"), sanction: Sanction(kind: .party, measure: .partyWarning)),
                for: id, on: try Day("2026-04-06"), by: .system)
            try await register.handle(.recommend(outcome: .downgrade), for: id, on: try Day("2026-04-07"), by: .system)
            try await register.handle(
                .decideRecommendation(outcome: .downgrade), for: id, on: try Day("2026-04-10"), by: .system)
            let version = try await register.queries.talent(id, by: .system).version
            let report = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            let step = try #require(report.steps.first { $0.talent == id })
            #expect(step.outcome == .skipped)
            #expect(step.reason.contains("2026-04-01之后已有记录（最近一项于2026-04-10生效）"), "\(step.reason)")
            #expect(try await register.queries.talent(id, by: .system).version == version, "nothing recorded")
            #expect(report.counts[.applied] == 3, "the unit's other talents, as before")
        }
    }

    /// A second run on the same day that finds other talents to act on than the first (one whose card came
    /// back meanwhile) records them: each batch's append is its own, whatever the first run appended.
    @Test func S3_aSecondRunOnTheSameDayRecordsWhatTheFirstFoundNothingToDoFor() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            for id in ["T-B", "T-B2"] {
                try await register.handle(
                    .suspendServices(reason: "S3: 省厅核查"), for: TalentID(id), on: try Day("2026-04-01"), by: .system)
            }
            let day = try Day("2026-04-01")
            let first = try await register.suspendLateUnits(campaign: 2025, on: day, by: .system)
            #expect(first.steps.map(\.outcome) == [.skipped, .skipped, .applied])
            try await register.handle(
                .restoreServices(reason: "S4: 核查无误"), for: TalentID("T-B2"), on: day, by: .system)
            let second = try await register.suspendLateUnits(campaign: 2025, on: day, by: .system)
            #expect(second.steps.map(\.outcome) == [.skipped, .applied, .alreadyDone])
            #expect(try await Self.jixiang(register, "T-B2", asOf: "2026-04-15") == .suspended)
        }
    }

    /// S3's job decides on the states the talents' rows keep and moves their rows on from them; a talent
    /// whose last fact took effect after the job's day takes its history's path (the suspension takes its
    /// place in business order). Either way the rows are the ones a rebuild derives.
    @Test func S3_theJobsRowsFromKeptStatesAndFromHistoriesAreTheRowsARebuildDerives() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            try await register.handle(
                .collectBasicInfo(campaign: 2025, info: Self.basicInfo), for: TalentID("T-B3"),
                on: try Day("2026-04-10"), by: .system)
            let report = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            #expect(report.counts[.applied] == 3)
            for id in ["T-B", "T-B2", "T-B3"] {
                #expect(try await Self.jixiang(register, id, asOf: "2026-03-31") == .active, "\(id)")
                #expect(try await Self.jixiang(register, id, asOf: "2026-04-15") == .suspended, "\(id)")
            }
            let differences = try await ProjectionMaintenance(store: register.commands.store, policy: register.policy)
                .check()
            #expect(differences.isEmpty, "\(differences.prefix(10))")
        }
    }

    /// A unit found in time after S3's job ran (the province enters a submission that reached it on paper
    /// within the window) gets back what the job took; a suspension the job did not make stays.
    /// A unit that held no talent when the window closed and answers for none had nothing to send (无需报送):
    /// the job does not count it among the late units (a re-check tester's finding: it was listed late,
    /// with nothing suspended).
    @Test func S3_aUnitWithNothingToSubmitIsNotAmongTheJobsLateUnits() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await register.store.appendBulk(
                try [("unit-empty", "新设单位"), ("unit-new", "新认定单位")].map { id, name in
                    try OrganizationStream.registration(
                        Organization(
                            id: id, name: name, shortName: String(name.prefix(2)), kind: .cityUnit, parentID: "city",
                            region: nil),
                        on: "2016-01-01")
                })
            _ = try await register.catchUpProjections()
            _ = try await register.queries.access(fresh: true)
            // unit-new's one talent was evaluated in 2026: the 2025 campaign does not reach it (a re-check
            // tester's finding: its unit was still counted late).
            let evaluated = try Day("2026-03-10")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("T-N"), tier: .C, unit: UnitID("unit-new"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2026〕1号", certificateDate: evaluated)),
                for: TalentID("T-N"), on: evaluated, by: .system)
            try await Self.prepare(register)
            let day = try Day("2026-04-01")
            let states = try await register.submissions(campaign: 2025, on: day, by: .system).units
            #expect(states.first { $0.unit == "unit-empty" }?.state == .nothingToSubmit)
            #expect(states.first { $0.unit == "unit-new" }?.state == .nothingToSubmit)
            let report = try await register.suspendLateUnits(campaign: 2025, on: day, dryRun: true, by: .system)
            #expect(report.units == ["unit-b"], "\(report.units)")
            #expect(report.steps.allSatisfy { $0.unit == "unit-b" })
        }
    }

    @Test func S3_S4_aUnitFoundInTimeAfterTheJobGetsBackWhatTheJobTookAndNothingElse() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            _ = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            #expect(try await Self.jixiang(register, "T-B", asOf: "2026-04-15") == .suspended)
            // Suspended otherwise (by hand, under S3, not by this campaign's job): not the job's to restore.
            try await register.handle(
                .suspendServices(reason: "S3: 省厅核查"), for: TalentID("T-A"), on: try Day("2026-04-02"), by: .system)
            for id in ["T-B", "T-B2", "T-B3"] {
                try await register.handle(
                    .collectBasicInfo(campaign: 2025, info: Self.basicInfo), for: TalentID(id),
                    on: try Day("2026-03-10"), by: .system)
            }
            try await register.submit(campaign: 2025, unit: "unit-b", on: try Day("2026-03-30"), by: .system)
            let restored = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-04-20"), by: .system)
            #expect(restored.units == ["unit-a", "unit-b"])
            #expect(restored.steps.filter { $0.outcome == .applied }.map(\.talent.rawValue) == ["T-B", "T-B2", "T-B3"])
            #expect(restored.steps.first { $0.talent.rawValue == "T-A" }?.outcome == .skipped)
            #expect(
                restored.steps.first { $0.outcome == .applied }?.reason
                    == "市医院（unit-b）已按时报送2025年度考核材料（2026-03-30报送），其人才不在逾期暂停之列")
            #expect(try await Self.jixiang(register, "T-B", asOf: "2026-04-25") == .active)
            #expect(try await Self.jixiang(register, "T-A", asOf: "2026-04-25") == .suspended)
            // Run again on the day, it lists the same units, their steps done already.
            let again = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-04-20"), by: .system)
            #expect(again.units == restored.units)
            #expect(again.counts[.alreadyDone] == 3 && again.counts[.applied] == nil)
        }
    }

    /// X9 over HTTP: a retirement reported two months late is listed for the talent's unit and the levels
    /// above it, and for nobody else.
    @Test func X9_whatIsOverdueIsListedWithinTheCallersJurisdiction() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await register.handle(
                .retire(occurredOn: try Day("2026-02-02"), rehire: nil), for: TalentID("T-A"),
                on: try Day("2026-04-05"),
                by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func talents(_ token: String) async throws -> [String] {
                    let (status, answer, _) = try await send(
                        client, .get, "/v1/campaigns/2025/overdue?on=2026-04-10", token: token)
                    #expect(status == .ok)
                    return (answer["talents"] as? [[String: Any]] ?? []).compactMap { $0["talent"] as? String }
                }
                #expect(try await talents(tokens.officerA) == ["T-A"])
                #expect(try await talents(tokens.bureau) == ["T-A"])
                #expect(try await talents(tokens.officerB) == [])
                let (bad, _, _) = try await send(
                    client, .get, "/v1/campaigns/2025/overdue?on=2026-02-30", token: tokens.bureau)
                #expect(bad == .badRequest)
            }
        }
    }

    /// X9 over HTTP a page at a time: the talents with something overdue in register-id order, `limit` of
    /// them a page, the next from the page's `nextCursor`, the last without one; the whole list when no
    /// page is asked for.
    @Test func X9_theOverdueListIsReadAPageAtATime() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            for id in ["T-A", "T-B"] {
                try await register.handle(
                    .retire(occurredOn: try Day("2026-02-02"), rehire: nil), for: TalentID(id),
                    on: try Day("2026-04-05"), by: .system)
            }
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func page(_ query: String) async throws -> (HTTPResponse.Status, [String], String?, [String: Any]) {
                    let (status, answer, _) = try await send(
                        client, .get, "/v1/campaigns/2025/overdue?on=2026-04-10\(query)", token: tokens.province)
                    let talents = (answer["talents"] as? [[String: Any]] ?? []).compactMap { $0["talent"] as? String }
                    return (status, talents, answer["nextCursor"] as? String, answer)
                }
                // Whole without `limit` or `cursor`, as before pages came.
                let (_, all, noCursor, _) = try await page("")
                #expect(all == ["T-A", "T-B"])
                #expect(noCursor == nil)
                let (_, fromCursor, _, _) = try await page("&cursor=T-A")
                #expect(fromCursor == ["T-B"])
                let (_, first, cursor, _) = try await page("&limit=1")
                #expect(first == ["T-A"])
                #expect(cursor == "T-A")
                let (_, second, end, _) = try await page("&limit=1&cursor=\(cursor ?? "")")
                #expect(second == ["T-B"])
                #expect(end == nil)
                let (tooMany, _, _, problem) = try await page("&limit=501")
                #expect(tooMany == .badRequest)
                #expect((problem["detail"] as? String)?.contains("limit") == true)
            }
        }
    }

    /// S3 acts on the talents a late unit held when the window closed ("逾期未按要求报送材料的单位和个人"):
    /// one that left it since is suspended for its lateness and restored by its make-up; one that joined it
    /// since, from a unit in time or as a new talent, is passed over, said why, on every day the job runs.
    @Test func S3_S4_aLateUnitsTalentsAreThoseItHeldWhenTheWindowClosed() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            let moved = try Day("2026-04-10")
            try await register.handle(
                .relocate(kind: .withinProvince, newUnit: UnitID("unit-b"), occurredOn: moved), for: TalentID("T-A"),
                on: moved, by: .system)
            try await register.handle(
                .relocate(kind: .withinProvince, newUnit: UnitID("unit-a"), occurredOn: moved), for: TalentID("T-B2"),
                on: moved, by: .system)
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("T-B8"), tier: .C, unit: UnitID("unit-b"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2026〕8号", certificateDate: try Day("2025-11-01"))),
                for: TalentID("T-B8"), on: moved, by: .system)
            for day in ["2026-04-11", "2026-04-12"] {
                let report = try await register.suspendLateUnits(campaign: 2025, on: try Day(day), by: .system)
                let steps = Dictionary(uniqueKeysWithValues: report.steps.map { ($0.talent.rawValue, $0) })
                #expect(steps["T-B2"]?.unit == "unit-b", "held by unit-b when the window closed")
                #expect(Set(report.steps.map(\.talent.rawValue)) == ["T-A", "T-B", "T-B2", "T-B3", "T-B8"])
                for joined in ["T-A", "T-B8"] {
                    #expect(steps[joined]?.outcome == .skipped, "\(day) \(joined)")
                    #expect(
                        steps[joined]?.reason
                            == "2026-03-31材料接收截止时不属unit-b（此后才调入），其材料不由该单位报送"
                    )
                }
            }
            #expect(try await Self.jixiang(register, "T-B2", asOf: "2026-04-15") == .suspended)
            #expect(try await Self.jixiang(register, "T-A", asOf: "2026-04-15") == .active)
            #expect(try await Self.jixiang(register, "T-B8", asOf: "2026-04-15") == .active)
            // unit-b makes up: T-B2, now at unit-a, gets back what unit-b's lateness took; T-A is not touched.
            try await Self.makeUp(
                register, collecting: ["T-B", "T-B3", "T-B8", "T-A"], on: "2026-04-20", sentOn: "2026-04-21",
                acceptedOn: ["2026-04-22", "2026-04-23"])
            let restored = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-04-24"), by: .system)
            let restoredSteps = Dictionary(uniqueKeysWithValues: restored.steps.map { ($0.talent.rawValue, $0) })
            #expect(restoredSteps["T-B2"]?.outcome == .applied)
            #expect(restoredSteps["T-A"]?.outcome == .skipped)
            #expect(try await Self.jixiang(register, "T-B2", asOf: "2026-04-25") == .active)
        }
    }

    /// S3, S4: a unit whose make-up was accepted is late no more to the jobs that run after it: a daily S3 job
    /// once suspended again (and the restore gave back again, day after day) what the make-up had restored,
    /// a talent of the unit entered since with it, each said to be "逾期" months after the make-up.
    @Test func S3_S4_aJobAfterAUnitsMakeUpWasAcceptedLeavesItsTalentsAlone() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            _ = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            try await Self.makeUp(
                register, collecting: ["T-B", "T-B2", "T-B3"], on: "2026-04-20", sentOn: "2026-04-21",
                acceptedOn: ["2026-04-22", "2026-04-23"])
            // Accepted by the city alone on the 22nd: still late to a job of that day.
            let before = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-22"), by: .system)
            #expect(before.units == ["unit-b"])
            _ = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-04-24"), by: .system)
            // A talent the unit held when the window closed, entered since (as of the day it took effect).
            let entered = try Day("2025-11-01")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("T-B9"), tier: .C, unit: UnitID("unit-b"), professionalField: "光学",
                        evaluatingDocument: "吉人社字〔2025〕9号", certificateDate: entered)),
                for: TalentID("T-B9"), on: entered, by: .system)
            for day in ["2026-04-26", "2026-07-02"] {
                let report = try await register.suspendLateUnits(campaign: 2025, on: try Day(day), by: .system)
                #expect(report.units.isEmpty && report.steps.isEmpty, "\(day): \(report.units)")
            }
            for talent in ["T-B", "T-B9"] {
                #expect(try await Self.jixiang(register, talent, asOf: "2026-07-03") == .active, "\(talent)")
            }
        }
    }

    /// A job run for a past day asks about each talent as it stood that day: one that has died since was
    /// under management then, and is left, said why (its death and exit were decided on cards no job had
    /// suspended), not passed over as exited.
    @Test func S3_LIMITS_aJobForAPastDayAsksAboutTheTalentAsItStoodThen() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            let (step, report) = try await Self.suspensionOfTB3(
                in: register, diedOn: "2026-04-12", reportedOn: "2026-04-13", verifiedOn: "2026-04-20")
            #expect(step.outcome == .skipped)
            #expect(step.reason.contains("2026-04-01之后已有记录"), "\(step.reason)")
            #expect(report.counts[.applied] == 2)
        }
    }

    /// A talent that left the province before the window closed, its exit not yet verified, is still its
    /// original unit's to report on (O2): that unit's lateness suspends it, not the new employer's.
    @Test func S3_O2_aTalentThatLeftTheProvinceIsItsOriginalUnitsWhenTheWindowCloses() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            let id = TalentID("T-B2")
            try await register.handle(
                .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try Day("2026-02-01")),
                for: id, on: try Day("2026-02-05"), by: .system)
            let report = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            let step = try #require(report.steps.first { $0.talent == id })
            #expect(step.outcome == .applied && step.unit == "unit-b", "\(step)")
        }
    }

    /// A talent of a late unit that exited before the window closed is passed over as not under
    /// management, not as one that joined the unit since.
    @Test func S3_aTalentThatExitedBeforeTheCloseIsPassedOverAsExited() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            let (step, _) = try await Self.suspensionOfTB3(
                in: register, diedOn: "2026-02-02", reportedOn: "2026-02-03", verifiedOn: "2026-02-10")
            #expect(step.outcome == .skipped && step.reason.hasPrefix("不在管理期内"), "\(step.reason)")
        }
    }

    /// The province office runs S3's job for 2025 on 2026-04-01 from the console's job page: the answer.
    static func suspendFromTheConsole(_ register: TalentRegister, _ tokens: TalentRoutesTests.Tokens) async throws
        -> (HTTPResponse.Status, String)
    {
        let app = Application(router: buildRouter(register: register))
        return try await app.test(.router) { client in
            let page = "/console/campaign/jobs"
            let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
            let (status, html, _) = try await province.post(
                page, from: page, [("year", "2025"), ("job", "suspend-late-units"), ("on", "2026-04-01")])
            return (status, html)
        }
    }

    /// S3 from the console, in a register where no unit was in time: the job page says why in the rule's
    /// words (422), records nothing, and is no error of the server's.
    @Test func S3_theJobPageSaysWhyACampaignNotRunHereIsNotJudged() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-04-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let (status, html) = try await Self.suspendFromTheConsole(register, tokens)
            #expect(status == .unprocessableContent)
            #expect(html.contains("本登记簿中没有任何单位在2026-03-31前报送2025年度考核材料"), "\(html)")
            // On the job's page, beside the job's choice, with the form as it was filled.
            #expect(html.contains(#"<p class="problem" id="job-problem" role="alert">"#), "\(html)")
            #expect(try await Self.jixiang(register, "T-A", asOf: "2026-04-02") == .active)
        }
    }

    /// S3 from the console: a run that resumes a stopped one says that the stopped run's steps are not in
    /// its counts (they read as if the job had done fewer talents than it did).
    @Test func S3_theJobPageSaysARunResumedAStoppedOne() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-04-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await Self.prepare(register)
            await #expect(throws: CancellationError.self) {
                try await register.suspendLateUnits(
                    campaign: 2025, on: try Day("2026-04-01"), by: .system, checkpointEvery: 1, stopAfter: 1)
            }
            let (status, html) = try await Self.suspendFromTheConsole(register, tokens)
            #expect(status == .ok)
            #expect(html.contains("已办理2项"), "\(html)")
            #expect(html.contains("本次接续此前中断的运行，前1项已由中断前的运行办理，未计入上述各项。"), "\(html)")
        }
    }

    /// S3 judges lateness only in a campaign run in the register (a unit in time when the window closed): a
    /// make-up entered in a register begun after the campaign does not make every other unit late, nor
    /// the unit that made up.
    @Test func S3_aMakeUpEnteredWhereNoUnitWasInTimeDoesNotMakeTheJobJudgeLateness() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.makeUp(
                register, collecting: ["T-A"], on: "2026-05-01", sentOn: "2026-05-10", acceptedOn: [], unit: "unit-a")
            let refused = await #expect(throws: Refusal.self) {
                try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-07-01"), by: .system)
            }
            #expect(refused?.rule == .S3)
            #expect(refused?.reason.hasPrefix("本登记簿中没有任何单位在2026-03-31前报送2025年度考核材料") == true)
            #expect(try await Self.jixiang(register, "T-B", asOf: "2026-07-02") == .active)
            // Where submissions stand says the same: no unit is late, the one that sent its submission has
            // sent it, the other has not started.
            let (units, _, judged) = try await register.submissions(
                campaign: 2025, on: try Day("2026-07-01"), by: .system)
            #expect(!judged)
            let states = Dictionary(uniqueKeysWithValues: units.map { ($0.unit, $0.state) })
            #expect(states["unit-a"] == .submitted && states["unit-b"] == .notStarted, "\(states)")
        }
    }

    /// S3: where submissions stand after the window closed says no unit late in a campaign not run in the
    /// register, on every client: the API's `latenessJudged`, the campaign page's banner. Once a unit was
    /// in time, the others are late again.
    @Test func S3_whereSubmissionsStandJudgesNoUnitLateInACampaignNotRunHere() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-04-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func overview() async throws -> (judged: Bool?, states: [String: String]) {
                    let response = try await client.execute(
                        uri: "/v1/campaigns/2025/submissions", method: .get,
                        headers: [.authorization: "Bearer \(tokens.province)"])
                    #expect(response.status == .ok)
                    let json = try #require(
                        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    let units = json["units"] as? [[String: Any]] ?? []
                    return (
                        json["latenessJudged"] as? Bool,
                        Dictionary(
                            uniqueKeysWithValues: units.compactMap { unit in
                                (unit["unit"] as? String).map { ($0, unit["state"] as? String ?? "") }
                            })
                    )
                }
                let notRun = try await overview()
                #expect(notRun.judged == false)
                #expect(!notRun.states.values.contains("late"), "\(notRun.states)")
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                let page = try await province.get("/console/campaign?year=2025")
                #expect(page.1.contains("不判断哪些单位逾期，也不暂停任何服务（S3）"), "\(page.1)")
                #expect(!page.1.contains(">逾期未报<"), "\(page.1)")

                try await Self.prepare(register)
                let run = try await overview()
                #expect(run.judged == true)
                #expect(run.states["unit-a"] == "accepted" && run.states["unit-b"] == "late", "\(run.states)")
                let judgedPage = try await province.get("/console/campaign?year=2025")
                #expect(!judgedPage.1.contains("不判断哪些单位逾期"))
                #expect(judgedPage.1.contains(">逾期未报<"))
            }
        }
    }

    /// S4 gives back what the job's suspension took and nothing else: a card suspended by hand before it
    /// (for another reason) stays suspended.
    @Test func S4_aRestoreGivesBackOnlyTheCardsTheJobsSuspensionTook() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            let id = TalentID("T-B3")
            try await register.handle(
                .suspendServices(reason: "个人原因暂停"), for: id, on: try Day("2026-04-01"), by: .system)
            try await register.handle(
                .restoreServices(reason: "先恢复吉享卡", cards: [.jixiangCard]), for: id, on: try Day("2026-04-02"),
                by: .system)
            let state = try await register.queries.state(of: id, asOf: try Day("2026-04-02"), by: .system)
            #expect(state.entitlements.jixiangCard == .active && state.entitlements.jijianCard == .suspended)
            let report = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-03"), by: .system)
            #expect(report.steps.first { $0.talent == id }?.outcome == .applied)
            try await register.handle(
                .restoreServices(reason: "先恢复吉健卡", cards: [.jijianCard]), for: TalentID("T-B"),
                on: try Day("2026-04-04"), by: .system)
            try await register.handle(
                .suspendServices(reason: "另案暂停"), for: TalentID("T-B"), on: try Day("2026-04-05"), by: .system)
            try await Self.makeUp(
                register, collecting: ["T-B", "T-B2", "T-B3"], on: "2026-04-06", sentOn: "2026-04-10",
                acceptedOn: ["2026-04-12", "2026-04-13"])
            _ = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-04-14"), by: .system)
            let after = try await register.queries.state(of: id, asOf: try Day("2026-04-15"), by: .system)
            #expect(after.entitlements.jixiangCard == .active)
            #expect(after.entitlements.jijianCard == .suspended, "suspended by hand, for another reason")
            // T-B: the job took both cards; the 吉健卡 was given back by hand and suspended by hand again. The
            // 吉享卡 the job took comes back; the hand's suspension stays.
            let other = try await register.queries.state(of: TalentID("T-B"), asOf: try Day("2026-04-15"), by: .system)
            #expect(other.entitlements.jixiangCard == .active)
            #expect(other.entitlements.jijianCard == .suspended, "suspended by hand after the job")
        }
    }

    /// S3, S4: the provincial office runs the late-unit jobs from the console: a dry run records nothing and
    /// says what would be done, the run does it, a second run finds it done; a day the job cannot act on is
    /// said beside the day, and nobody else may run it.
    @Test func S3_S4_theProvinceRunsTheJobsFromTheConsoleADryRunFirst() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-04-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await Self.prepare(register)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let page = "/console/campaign/jobs"
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                let (_, campaign, _) = try await province.get("/console/campaign")
                #expect(campaign.contains(#"<a href="/console/campaign/jobs?year=2025">"#))
                let (shown, form, _) = try await province.get(page)
                #expect(shown == .ok && form.contains(#"id="job-dryRun" name="dryRun" type="checkbox" checked"#))
                func run(_ fields: [(String, String)]) async throws -> (HTTPResponse.Status, String) {
                    let (status, html, _) = try await province.post(
                        page, from: page, [("year", "2025"), ("job", "suspend-late-units")] + fields)
                    return (status, html)
                }
                // A job the page does not name, or a dry-run box with a value no browser sends, runs nothing.
                for (job, dryRun) in [("foo", "on"), ("foo", nil), ("suspend-late-units", "maybe")] {
                    let (status, html, _) = try await province.post(
                        page, from: page,
                        [("year", "2025"), ("job", job), ("on", "2026-04-01")] + (dryRun.map { [("dryRun", $0)] } ?? [])
                    )
                    #expect(
                        status == .badRequest && html.contains(#"id="job-problem" role="alert""#),
                        "\(job) \(dryRun ?? "-")")
                    #expect(!html.contains(#"id="job-result""#), "no report")
                }
                #expect(try await Self.jixiang(register, "T-B", asOf: "2026-04-02") == .active)
                let (_, dry) = try await run([("on", "2026-04-01"), ("dryRun", "on")])
                #expect(dry.contains("（试运行，未作记录）") && dry.contains("将办理3项"), "\(dry)")
                #expect(try await Self.jixiang(register, "T-B", asOf: "2026-04-02") == .active)
                let (_, done) = try await run([("on", "2026-04-01")])
                #expect(done.contains("已办理3项"))
                #expect(try await Self.jixiang(register, "T-B", asOf: "2026-04-02") == .suspended)
                let (_, again) = try await run([("on", "2026-04-01")])
                #expect(again.contains("已办理0项，此前已办理3项"))
                let (early, earlyPage) = try await run([("on", "2026-03-31")])
                #expect(early == .badRequest)
                #expect(
                    earlyPage.contains(
                        #"<p class="problem" id="job-on-problem" role="alert">材料接收时间至2026-03-31截止，此前没有逾期未报的单位。"#))
                let (ahead, _) = try await run([("on", "2026-04-03")])
                #expect(ahead == .badRequest)
                let bureau = try await ConsoleFormsTests.Person.signIn(client, token: tokens.bureau)
                #expect(try await bureau.get(page).0 == .forbidden)
                #expect(!(try await bureau.get("/console/campaign").1.contains("/console/campaign/jobs")))
            }
        }
    }

    /// S3: a province-wide job takes tens of thousands of steps, more than a page lists: the page counts
    /// every late unit's steps by outcome, and lists the steps passed over (each says why) before the others.
    @Test func S3_theJobPageCountsEachUnitsStepsAndListsThosePassedOverFirst() async throws {
        let clock = TestClock()
        try clock.set(day: "2026-04-02")
        try await TalentRoutesTests.withProvince(clock: clock) { register, tokens in
            try await Self.prepare(register)
            // Its cards suspended by hand before the job: a step the job passes over.
            try await register.handle(
                .suspendServices(reason: "另案暂停"), for: TalentID("T-B3"), on: try Day("2026-04-01"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let page = "/console/campaign/jobs"
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                let (_, dry, _) = try await province.post(
                    page, from: page,
                    [("year", "2025"), ("job", "suspend-late-units"), ("on", "2026-04-01"), ("dryRun", "on")])
                #expect(dry.contains("将办理2项，此前已办理0项，略过1项"), "\(dry)")
                #expect(
                    dry.contains(
                        #"<tr><td><a href="/console/units/unit-b?year=2025">市医院</a>（unit-b）</td><td>2</td><td>0</td><td>1</td></tr>"#
                    ), "\(dry)")
                #expect(!dry.contains(#"<a href="/console/units/unit-a?year=2025">"#), "unit-a was in time")
                // Few units: their table unfolded under its count (hundreds would be folded).
                #expect(dry.contains(#"<details class="list" open>"# + "\n  <summary><h3>各单位（1个）</h3></summary>"))
                let rows = dry.matches(of: /<tr><td>unit-b<\/td><td><a href="\/console\/talents\/([^"]+)">/).map {
                    String($0.1)
                }
                #expect(rows.first == "T-B3" && Set(rows) == ["T-B", "T-B2", "T-B3"], "\(rows)")
                // One unit's steps listed on asking, in whatever case it is typed (the job still acts for every
                // unit); a unit the job does not act for is said, and every step listed.
                func listing(_ unit: String) async throws -> String {
                    try await province.post(
                        page, from: page,
                        [
                            ("year", "2025"), ("job", "suspend-late-units"), ("on", "2026-04-01"), ("dryRun", "on"),
                            ("unit", unit),
                        ]
                    ).1
                }
                let unitB = try await listing("UNIT-B")
                #expect(unitB.contains(#"id="job-unit" name="unit" value="UNIT-B""#))
                #expect(unitB.contains("将办理2项") && !unitB.contains("不在本次作业办理的单位之中"))
                let unitA = try await listing("unit-a")
                #expect(unitA.contains("“unit-a”不在本次作业办理的单位之中"), "\(unitA)")
                #expect(unitA.contains(#"<a href="/console/talents/T-B3">"#))
            }
        }
    }

    /// E5, S3: the medical service goes with the 吉健卡: a talent whose card the job suspended reads it paused
    /// on its page and in the API's state (today's and as of a day), not still enjoyed.
    @Test func E5_S3_theMedicalServicePausesWithTheSuspendedCard() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await Self.prepare(register)
            _ = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let province = try await ConsoleFormsTests.Person.signIn(client, token: tokens.province)
                let (_, page, _) = try await province.get("/console/talents/T-B")
                #expect(page.contains("<dt>吉健卡</dt><dd>暂停</dd>"))
                #expect(page.contains("<dt>就医服务</dt><dd>暂停（随吉健卡）</dd>"))
                let (_, inTime, _) = try await province.get("/console/talents/T-A")
                #expect(inTime.contains("<dt>就医服务</dt><dd>享受</dd>"))
                for (uri, paused) in [
                    ("/v1/talents/T-B", true), ("/v1/talents/T-A", false),
                    ("/v1/talents/T-B?asOf=2026-04-01", true), ("/v1/talents/T-B?asOf=2026-03-31", false),
                ] {
                    let (status, answer, _) = try await send(client, .get, uri, token: tokens.province)
                    let state = answer["state"] as? [String: Any]
                    let entitlements = state?["entitlements"] as? [String: Any]
                    #expect(status == .ok && entitlements?["medicalService"] as? Bool == true, "\(uri)")
                    #expect(entitlements?["medicalServicePaused"] as? Bool == paused, "\(uri)")
                }
            }
        }
    }

    /// A unit that sends its make-up after the deadline stays suspended (S4), whenever it is accepted (one
    /// sent by the deadline and accepted after it is made up: `SubmissionTests`).
    @Test func S4_aMakeUpSentAfterTheDeadlineRestoresNothing() async throws {
        try await TalentRoutesTests.withProvince { register, _ in
            try await Self.prepare(register)
            _ = try await register.suspendLateUnits(campaign: 2025, on: try Day("2026-04-01"), by: .system)
            for id in ["T-B", "T-B2", "T-B3"] {
                try await register.handle(
                    .collectBasicInfo(campaign: 2025, info: Self.basicInfo), for: TalentID(id),
                    on: try Day("2026-04-05"), by: .system)
            }
            try await register.submit(
                campaign: 2025, unit: "unit-b", latenessReason: "迟报", on: try Day("2026-06-20"), by: .system)
            try await register.review(
                campaign: 2025, unit: "unit-b", .returnToUnit(reason: "缺附件4"), on: try Day("2026-06-25"), by: .system)
            try await register.submit(
                campaign: 2025, unit: "unit-b", latenessReason: "补充附件4", on: try Day("2026-07-01"), by: .system)
            for day in ["2026-07-02", "2026-07-03"] {
                try await register.review(campaign: 2025, unit: "unit-b", .accept, on: try Day(day), by: .system)
            }
            let restored = try await register.restoreMadeUpUnits(campaign: 2025, on: try Day("2026-07-04"), by: .system)
            #expect(restored.units.isEmpty)
            #expect(try await Self.jixiang(register, "T-B", asOf: "2026-07-10") == .suspended)
            // The levels read a make-up apart from a unit that sent nothing, and one sent after the deadline
            // says it restores nothing.
            for (day, said) in [
                ("2026-04-01", "逾期未报"), ("2026-06-20", "逾期补报"), ("2026-06-25", "逾期未报（补报已退回）"),
                ("2026-07-01", "逾期补报（补报期限后报送，不恢复待遇）"),
                ("2026-07-03", "逾期补报已审核通过（补报期限后报送，不恢复待遇）"),
            ] {
                let units = try await register.submissions(campaign: 2025, on: try Day(day), by: .system).units
                let campaign = try register.policy.campaign(year: 2025)
                #expect(units.first { $0.unit == "unit-b" }?.chineseState(in: campaign) == said, "on \(day)")
            }
        }
    }
}
