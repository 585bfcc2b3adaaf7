import EventStore
import Foundation
import Postgres
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import ReadModels

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
    }

    @Test func rowsNoTableCanHoldQuarantineTheirStreamAlone() async throws {
        let context = try await ReadModelContext("quarantine_rows")
        // What an older binary accepted: a period starting on 9999-12-31, which ends past year 9999.
        var event = try decide(
            try context.evaluation("late-1", tier: .C, certificate: "2021-03-01"), .initial, context.policy,
            try day("2021-03-01"))[0]
        guard case .talentEvaluated(var evaluated) = event else {
            Issue.record("the first event of an evaluation is TalentEvaluated")
            return
        }
        evaluated.periodStart = try day("9999-12-31")
        evaluated.periodEnd = try day("9999-12-31").adding(days: 5 * 365)
        event = .talentEvaluated(evaluated)
        try await context.store.append(
            [try TalentStream.newEvent(event, metadata: EventMetadata(actor: "old-binary"))],
            to: TalentStream.id(TalentID("late-1")), type: TalentStream.type, expecting: .noStream)
        try await context.evaluate("good-1", tier: .C, certificate: "2021-03-01")
        try await ReadModelProjector(store: context.store, policy: context.policy).catchUp()
        let quarantined = try await ProjectionQuarantine.entries(in: context.store)
        #expect(quarantined.map(\.streamID) == ["talent-late-1"])
        #expect(try await context.snapshot("talents").count == 1)
        // Released, it is tried again (and set aside again while it stays unreadable).
        try await ProjectionQuarantine.release("talent-late-1", in: context.store)
        #expect(try await ProjectionQuarantine.entries(in: context.store).isEmpty)
    }

    @Test func theRegistersHealthNamesTheStreamSetAside() async throws {
        let context = try await ReadModelContext("quarantine_health")
        let register = TalentRegister(store: context.store, policy: context.policy)
        #expect(await register.health().status == .ok)
        try await Self.appendRaw(context.store, talent: "bad-2", type: "NoSuchEvent", payload: "{}")
        try await register.catchUpProjections()
        let health = await register.health()
        #expect(health.status == .degraded)
        #expect(health.database == .reachable)
        #expect(health.quarantined.map(\.streamID) == ["talent-bad-2"])
        #expect(health.quarantined.first?.version == 1)
    }
}
