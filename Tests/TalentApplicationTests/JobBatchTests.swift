// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S3 are the register's own spelling.

import EventStore
import Foundation
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

    static func batch(_ register: TalentRegister, on day: Day) throws -> JobBatch {
        JobBatch(
            SmallProvince.talents.map { ($0.unit, TalentID($0.id)) }, job: TalentRegister.suspendJob,
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

    /// A batch decided ahead of its transaction whose talent moved meanwhile (a command appended to it) is
    /// refused by the append's versions and decided again in its transaction: every step once, the rows
    /// the ones a rebuild derives.
    @Test func S3_aBatchDecidedAheadOfAChangeIsDecidedAgain() async throws {
        try await SmallProvince.with("job_batch_ahead") { province in
            let register = province.register
            let day = try Day("2026-04-01")
            var ahead = try Self.batch(register, on: day)
            try await province.store.withConnection { connection in try await ahead.decideOnKeptStates(on: connection) }
            try await register.handle(
                .recordLostContact(since: try Day("2026-03-20")), for: TalentID("T-city-1"), on: try Day("2026-03-20"),
                by: .system)
            let steps = try await register.runBatch(
                TalentRegister.suspendJob, SmallProvince.talents.map { ($0.unit, TalentID($0.id)) },
                decidedAhead: ahead, campaign: try register.campaign(2025), on: day, dryRun: false, by: .system,
                logger: nil, Self.suspend)
            #expect(steps.count == 4 && steps.allSatisfy { $0.outcome == .applied })
            for talent in SmallProvince.talents {
                let state = try await register.queries.state(of: TalentID(talent.id), asOf: day, by: .system)
                #expect(state.entitlements.jixiangCard == .suspended, "\(talent.id)")
            }
            let differences = try await ProjectionMaintenance(store: province.store, policy: register.policy).check()
            #expect(differences.isEmpty, "\(differences.prefix(10))")
        }
    }
}
