import EventStore
import Foundation
import Testing

@Suite("Time-ordered command ids (UUID version 7)")
struct TimeOrderedUUIDTests {
    @Test func carriesVersionSevenTheVariantAndTheCurrentMillisecond() {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let id = UUID.timeOrdered()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect((before...after + 1).contains(milliseconds))
    }

    /// PostgreSQL orders uuid values byte by byte, as their lowercase text sorts: ids made a millisecond
    /// apart must arrive in order at the right edge of the `appends` key.
    @Test func idsMadeLaterSortLater() throws {
        var ids: [String] = []
        for _ in 0..<20 {
            ids.append(UUID.timeOrdered().uuidString.lowercased())
            Thread.sleep(forTimeInterval: 0.0015)
        }
        #expect(ids == ids.sorted())
    }

    @Test func idsMadeInTheSameMillisecondDiffer() {
        let ids = (0..<50_000).map { _ in UUID.timeOrdered() }
        #expect(Set(ids).count == ids.count)
    }
}
