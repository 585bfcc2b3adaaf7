import EventStore
import Foundation
import Postgres
import Synchronization
import Testing

@Suite("Tamper evidence: immutable events, hash-chain verification")
struct TamperEvidenceTests {
    @Test func updateAndDeleteAreRejected() async throws {
        let store = try await makeStore("immutable")
        try await store.append([event()], to: "t-1", type: "test", expecting: .noStream)
        for statement in [
            "UPDATE events SET data = '{\"value\": 9}'",
            "DELETE FROM events",
            "TRUNCATE events CASCADE",
        ] {
            let error = await #expect(throws: PostgresError.self) { try await superuser(store, statement) }
            #expect(error?.sqlState == "TL403")
            #expect(error?.message.contains("events are immutable") == true)
        }
        #expect(try await store.eventCount() == 1)
    }

    @Test func verifyReportsModifiedDeletedSwappedAndTruncatedEvents() async throws {
        let store = try await makeStore("tamper")
        for stream in ["t-modified", "t-deleted", "t-swapped", "t-truncated", "t-intact"] {
            try await store.append((1...4).map { event("E", $0) }, to: stream, type: "test", expecting: .noStream)
        }
        #expect(try await store.verify().isIntact)

        try await superuser(
            store,
            """
            ALTER TABLE events DISABLE TRIGGER events_immutable;
            UPDATE events SET data = '{"value": 99}' WHERE stream_id = 't-modified' AND version = 2;
            DELETE FROM events WHERE stream_id = 't-deleted' AND version = 3;
            UPDATE events SET version = 1000 WHERE stream_id = 't-swapped' AND version = 2;
            UPDATE events SET version = 2 WHERE stream_id = 't-swapped' AND version = 3;
            UPDATE events SET version = 3 WHERE stream_id = 't-swapped' AND version = 1000;
            DELETE FROM events WHERE stream_id = 't-truncated' AND version = 4;
            ALTER TABLE events ENABLE TRIGGER events_immutable;
            """
        )
        let report = try await store.verify()
        #expect(!report.isIntact)
        #expect(report.eventsChecked == 18)
        func finding(_ stream: String, _ problem: VerificationReport.Problem) -> VerificationReport.Finding? {
            report.findings.first { $0.streamID == stream && $0.problem == problem }
        }
        #expect(finding("t-modified", .modified)?.version == 2)
        #expect(finding("t-deleted", .missing)?.version == 4)
        #expect(finding("t-swapped", .reordered)?.version == 3)
        #expect(finding("t-swapped", .modified)?.version == 2)
        #expect(finding("t-truncated", .headMismatch)?.version == 4)
        #expect(!report.findings.contains { $0.streamID == "t-intact" })

        // Checked a few streams per statement (as a long log is), the report is the same, and every stream
        // is heard checked.
        for size in [1, 2, 3] {
            let heard = Mutex<[Int]>([])
            let ranged = try await store.verify(streamsPerStatement: size) { checked, total in
                #expect(total == 5)
                heard.withLock { $0.append(checked) }
            }
            #expect(ranged == report, "checked \(size) streams at a time")
            let counts = heard.withLock { $0 }
            #expect(counts.first == 0 && counts.last == 5 && counts == counts.sorted(), "\(counts)")
        }
    }
}
