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
        var history: [StoredTalentEvent] = []
        var recordedAt: [Date] = []
        for (index, evaluation) in recorded.enumerated() {
            let certificate = try day(evaluation.certificate)
            let command = TalentCommand.evaluate(
                Evaluation(
                    talentId: talent, tier: evaluation.tier, unit: UnitID("unit-1"), professionalField: "materials",
                    evaluatingDocument: "吉人社字〔\(certificate.year)〕1号", certificateDate: certificate))
            recordedAt.append(Date(timeIntervalSince1970: 1_780_000_000 + Double(index) * 86_400))
            for event in try decide(command, .initial, policy, certificate) {
                let version = Int64(history.count + 1)
                history.append(
                    StoredTalentEvent(
                        event,
                        appended: AppendResult.Appended(
                            streamID: TalentStream.id(talent), version: version, position: version,
                            recordedAt: recordedAt[index], transactionID: UInt64(index + 1), hash: Data()),
                        metadata: EventMetadata(actor: "test", role: "province-office")))
            }
        }
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
}
