import Foundation
import Postgres
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import EventStore
@testable import ReadModels

@Suite("Talent rows of a history recorded out of business order")
struct TalentRowsOrderTests {
    /// Evaluations recorded in the order C (2021), A (2023), B (2022, late), then D (2024). Every snapshot
    /// folds what was known then in business order: the register now says C, B, A, then D, and before it
    /// learnt of B it said C, then A. A fold in recording order would put B after A.
    @Test func aLateFactIsFoldedInBusinessOrderInTheSnapshotThatLearnsIt() throws {
        let policy = try PolicyDirectory.load()
        let talent = TalentID("order-1")
        let recorded: [(tier: Tier, certificate: String)] = [
            (.C, "2021-03-01"), (.A, "2023-03-01"), (.B, "2022-03-01"), (.D, "2024-03-01"),
        ]
        let (history, recordedAt) = try Self.history(
            of: talent,
            recorded.map { evaluation in
                let certificate = try day(evaluation.certificate)
                return try decide(Self.evaluation(talent, evaluation.tier, certificate), .initial, policy, certificate)
            })
        let rows = TalentRows(talent: talent, events: history, policy: policy)
        #expect(rows.state == history.foldedState())
        #expect(rows.state.tier == .D)
        func said(at time: Date) -> [BitemporalRow<TalentRows.TierHolding>] {
            rows.tierHistory.filter { $0.knownFrom <= time && ($0.knownTo.map { $0 > time } ?? true) }
                .sorted { $0.validFrom < $1.validFrom }
        }
        let now = said(at: recordedAt[3])
        #expect(now.map(\.value.tier) == [.C, .B, .A, .D])
        #expect(try now.map(\.validFrom) == ["2021-03-01", "2022-03-01", "2023-03-01", "2024-03-01"].map(day))
        #expect(said(at: recordedAt[2]).map(\.value.tier) == [.C, .B, .A])
        #expect(said(at: recordedAt[1]).map(\.value.tier) == [.C, .A])
    }

    /// The cards the same way: services suspended on 2026-04-01 (S3) and restored on 2026-06-01 (S4), the
    /// restoration recorded first and the suspension late. Known both, the register says 吉享卡 active,
    /// suspended from April, active again from June; a fold in recording order would leave it suspended.
    @Test func aLateSuspensionLandsBeforeTheRestorationRecordedFirst() throws {
        let policy = try PolicyDirectory.load()
        let talent = TalentID("order-2")
        let evaluated = try day("2021-03-01")
        let evaluation = try decide(Self.evaluation(talent, .C, evaluated), .initial, policy, evaluated)
        let suspended = try day("2026-04-01")
        let suspension = try decide(
            .suspendServices(reason: "late submission"), Talent.fold(evaluation), policy, suspended)
        let restored = try day("2026-06-01")
        let restoration = try decide(
            .restoreServices(reason: "make-up accepted"), Talent.fold(evaluation + suspension), policy, restored)
        let (history, recordedAt) = try Self.history(of: talent, [evaluation, restoration, suspension])
        let rows = TalentRows(talent: talent, events: history, policy: policy)
        #expect(rows.state == history.foldedState())
        #expect(rows.state.entitlements.jixiangCard == .active)
        // The state the row keeps for reads is this fold's, not one in recording order.
        #expect(rows.stateJSON == (CurrentState.json(history.foldedState())))
        // The timeline's steps too: the suspension, recorded last, is folded before the restoration.
        let timeline = try TalentReplay.timeline(of: history)
        #expect(timeline.last?.stateAfter.entitlements.jixiangCard == .active)
        for (index, entry) in timeline.enumerated() {
            #expect(entry.stateAfter == Array(history[...index]).foldedState(), "after \(entry.type)")
        }
        func jixiang(at time: Date) -> [BitemporalRow<TalentRows.CardStatusValue>] {
            rows.cardHistory.filter {
                $0.value.card == .jixiangCard && $0.knownFrom <= time && ($0.knownTo.map { $0 > time } ?? true)
            }.sorted { $0.validFrom < $1.validFrom }
        }
        let now = jixiang(at: recordedAt[2])
        #expect(now.map(\.value.status) == [.active, .suspended, .active])
        #expect(now.map(\.validFrom) == [evaluated, suspended, restored])
        #expect(jixiang(at: recordedAt[1]).map(\.value.status) == [.active])
    }

    static func evaluation(_ talent: TalentID, _ tier: Tier, _ certificate: Day) -> TalentCommand {
        .evaluate(
            Evaluation(
                talentId: talent, tier: tier, unit: UnitID("unit-1"), professionalField: "materials",
                evaluatingDocument: "吉人社字〔\(certificate.year)〕1号", certificateDate: certificate))
    }

    /// The stored history of `talent`: each group of events one append, the i-th recorded i days after a
    /// fixed instant, versions and positions in recording order.
    static func history(of talent: TalentID, _ appends: [[TalentEvent]]) throws
        -> (events: [StoredTalentEvent], recordedAt: [Date])
    {
        var history: [StoredTalentEvent] = []
        var recordedAt: [Date] = []
        for (index, events) in appends.enumerated() {
            recordedAt.append(Date(timeIntervalSince1970: 1_780_000_000 + Double(index) * 86_400))
            for event in events {
                let version = Int64(history.count + 1)
                history.append(
                    StoredTalentEvent(
                        provisional: event, version: version,
                        metadata: EventMetadata(actor: "test", role: "province-office")
                    ).recorded(
                        as: AppendResult.Appended(
                            streamID: TalentStream.id(talent), version: version, position: version,
                            recordedAt: recordedAt[index], transactionID: UInt64(index + 1), hash: Data())))
            }
        }
        return (history, recordedAt)
    }
}
