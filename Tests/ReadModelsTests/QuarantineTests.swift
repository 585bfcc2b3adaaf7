import EventStore
import Foundation
import Postgres
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import ReadModels
@testable import TalentApplication

@Suite("A stream the read side cannot apply is set aside; the others go on")
struct QuarantineTests {
    /// An event of a talent stream written past the domain (an older binary, a hand-made row).
    static func appendRaw(_ store: EventStore, talent: String, type: String, payload: String) async throws {
        try await store.append(
            [NewEvent(type: type, data: Data(payload.utf8), effectiveDate: "2021-03-01")],
            to: TalentStream.id(TalentID(talent)), type: TalentStream.type, expecting: .noStream)
    }

    @Test func anUndecodableEventIsQuarantinedWhileTheProjectorGoesOn() async throws {
        let context = try await ReadModelContext("quarantine_decode")
        try await Self.appendRaw(
            context.store, talent: "bad-1", type: "TalentEvaluated", payload: #"{"nonsense": true}"#)
        try await context.evaluate("good-1", tier: .C, certificate: "2021-03-01")
        let projector = ReadModelProjector(store: context.store, policy: context.policy)
        try await projector.catchUp()
        let quarantined = try await ProjectionQuarantine.entries(in: context.store)
        #expect(quarantined.map(\.streamID) == ["talent-bad-1"])
        #expect(quarantined.first?.version == 1)
        #expect(quarantined.first?.error.isEmpty == false)
        // The good talent is there, and later events still flow.
        try await context.evaluate("good-2", tier: .D, certificate: "2021-04-01")
        try await projector.catchUp()
        let talents = try await context.snapshot("talents").map {
            $0.split(separator: ",").first.map(String.init) ?? ""
        }
        #expect(talents == ["(good-1", "(good-2"])
        // A check derives into its own scratch tables: it finds no difference and leaves the live
        // quarantine as it was.
        let before = try await ProjectionQuarantine.entries(in: context.store)
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
        #expect(try await ProjectionQuarantine.entries(in: context.store) == before)
    }

    @Test func rowsNoTableCanHoldQuarantineTheirStreamAlone() async throws {
        let context = try await ReadModelContext("quarantine_rows")
        // What an older binary could have written: a period whose days lie past what a date column holds
        // (PostgreSQL's dates end in the year 5874897).
        var event = try decide(
            try context.evaluation("late-1", tier: .C, certificate: "2021-03-01"), .initial, context.policy,
            try day("2021-03-01"))[0]
        guard case .talentEvaluated(var evaluated) = event else {
            Issue.record("the first event of an evaluation is TalentEvaluated")
            return
        }
        evaluated.periodStart = try day("9999-12-31").adding(days: 2_200_000_000)
        evaluated.periodEnd = evaluated.periodStart.adding(days: 5 * 365)
        event = .talentEvaluated(evaluated)
        try await context.store.append(
            [try TalentStream.newEvent(event, metadata: EventMetadata(actor: "old-binary"))],
            to: TalentStream.id(TalentID("late-1")), type: TalentStream.type, expecting: .noStream)
        try await context.evaluate("good-1", tier: .C, certificate: "2021-03-01")
        try await ReadModelProjector(store: context.store, policy: context.policy).catchUp()
        let quarantined = try await ProjectionQuarantine.entries(in: context.store)
        #expect(quarantined.map(\.streamID) == ["talent-late-1"])
        #expect(try await context.snapshot("talents").count == 1)
        // The provincial office corrects the record: the correction supersedes the wrong start from the
        // evaluation's day, the rows can be written again, and the stream leaves the quarantine.
        let corrected = try context.evaluation("late-1", tier: .C, certificate: "2021-03-01")
        guard case .evaluate(let evaluation) = corrected else { return }
        let outcome = try await context.handler.handle(
            .correctEvaluation(evaluation, reason: "证书落款时间登记有误"), for: TalentID("late-1"),
            on: try day("2026-01-10"), by: province)
        #expect(outcome.state.period?.start == (try day("2021-03-01")))
        #expect(try await ProjectionQuarantine.entries(in: context.store).isEmpty)
        #expect(try await context.snapshot("talents").count == 2)
        try await ReadModelProjector(store: context.store, policy: context.policy).catchUp()
        #expect(try await ProjectionQuarantine.entries(in: context.store).isEmpty)
        #expect(try await ProjectionMaintenance(store: context.store, policy: context.policy).check().isEmpty)
        // As the register knew it before the correction, the wrong start stands.
        let before = try await context.replay.state(
            of: TalentID("late-1"), knownAt: try #require(outcome.events.first?.recordedAt).addingTimeInterval(-0.001))
        #expect(before?.period?.start == (try day("9999-12-31")).adding(days: 2_200_000_000))
    }

    @Test func aReleasedStreamIsTriedAgain() async throws {
        let context = try await ReadModelContext("quarantine_release")
        try await Self.appendRaw(context.store, talent: "bad-3", type: "NoSuchEvent", payload: "{}")
        let projector = ReadModelProjector(store: context.store, policy: context.policy)
        try await projector.catchUp()
        #expect(try await ProjectionQuarantine.entries(in: context.store).map(\.streamID) == ["talent-bad-3"])
        try await ProjectionQuarantine.release("talent-bad-3", in: context.store)
        #expect(try await ProjectionQuarantine.entries(in: context.store).isEmpty)
        // Its next event brings it back to the projector, which sets it aside again while it stays unreadable.
        try await context.store.append(
            [NewEvent(type: "NoSuchEvent", data: Data("{}".utf8), effectiveDate: "2021-03-02")],
            to: TalentStream.id(TalentID("bad-3")), type: TalentStream.type, expecting: .exact(1))
        try await projector.catchUp()
        #expect(try await ProjectionQuarantine.entries(in: context.store).map(\.version) == [1])
    }

    @Test func theRegistersHealthCountsTheStreamsSetAside() async throws {
        let context = try await ReadModelContext("quarantine_health")
        let register = TalentRegister(store: context.store, policy: context.policy)
        #expect(await register.health().status == .ok)
        try await Self.appendRaw(context.store, talent: "bad-2", type: "NoSuchEvent", payload: "{}")
        try await register.catchUpProjections()
        let health = await register.health()
        #expect(health.status == .degraded)
        #expect(health.database == .reachable)
        #expect(health.quarantinedStreams == 1)
    }
}
