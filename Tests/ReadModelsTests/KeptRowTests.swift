import Foundation
import Postgres
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import EventStore
@testable import ReadModels

/// The states the talents' rows keep stand for their streams' folds in the reads that would otherwise fold
/// every history (a unit's readiness, a level's documents): only where the row shows its stream's last
/// version.
@Suite("Kept rows")
struct KeptRowTests {
    @Test func aKeptStateIsItsStreamsFoldAndARowBehindItsStreamIsLeftOut() async throws {
        let policy = try PolicyDirectory.load()
        let configuration = try await TestDatabase.fresh("kept_rows")
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 4))
        let province = DemoProvince(seed: 41, talents: 200)
        _ = try await province.load(into: store, policy: policy, chunkSize: 100)
        let talents = province.talentHistories(policy: policy).map(\.0)
        let kept = try await store.withConnection { try await KeptRow.current(talents, on: $0) }
        #expect(kept.count == talents.count)
        for talent in talents {
            let recorded = try await store.readStream(TalentStream.id(talent))
            let history = try recorded.map(StoredTalentEvent.init)
            let row = try #require(kept[talent])
            #expect(row.state == history.foldedState(), "\(talent)")
            #expect(row.version == recorded.last?.version, "\(talent)")
            #expect(row.lastDay == history.map(\.effectiveDate).max(), "\(talent)")
        }
        // A fact appended without its rows (the projector not yet past it): that row is left to be folded.
        let behind = try #require(talents.first)
        let version = try #require(kept[behind]?.version)
        try await store.append(
            [
                NewEvent(
                    type: "ContactLost", data: Data(#"{"effectiveDate":"2025-06-02","since":"2025-06-01"}"#.utf8),
                    metadata: EventMetadata(actor: "tester"), effectiveDate: "2025-06-02")
            ], to: TalentStream.id(behind), type: TalentStream.type, expecting: .exact(version))
        let after = try await store.withConnection { try await KeptRow.current(talents, on: $0) }
        #expect(after[behind] == nil)
        #expect(after.count == talents.count - 1)
    }
}
