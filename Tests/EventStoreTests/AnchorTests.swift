import Crypto
import Foundation
import Postgres
import Testing

@testable import EventStore

@Suite("Anchors: tamper evidence kept outside the database")
struct AnchorTests {
    let key = Curve25519.Signing.PrivateKey()

    /// An anchor once every event appended so far lies below the horizon (other tests' transactions on
    /// the shared cluster may hold it back for a moment).
    func settledAnchor(_ store: EventStore, events: Int) async throws -> LogAnchor {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let anchor = try await store.anchor(signingWith: key)
            if try anchor.digest.events == events || ContinuousClock.now > deadline { return anchor }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Four streams of four events each, anchored.
    func anchoredStore(_ suite: String) async throws -> (EventStore, LogAnchor) {
        let store = try await makeStore(suite)
        for stream in ["a-intact", "a-cut", "a-gone", "a-rewritten"] {
            try await store.append((1...4).map { event("E", $0) }, to: stream, type: "test", expecting: .noStream)
        }
        let anchor = try await settledAnchor(store, events: 16)
        #expect(try anchor.digest.events == 16)
        #expect(try anchor.digest.streams == 4)
        return (store, anchor)
    }

    @Test func hashesAreShownAsLowercaseHexTwoDigitsPerByte() {
        #expect([UInt8]([0x00, 0x0f, 0xa5, 0xff, 0x10]).hexString == "000fa5ff10")
        #expect([UInt8]().hexString == "")
        #expect(
            Data(SHA256.hash(data: Data("abc".utf8))).hexString
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func anUntouchedLogExtendsItsAnchorAndLaterEventsDoNotMatter() async throws {
        let (store, anchor) = try await anchoredStore("anchor_intact")
        try await store.append([event("Later")], to: "a-intact", type: "test", expecting: .exact(4))
        try await store.append([event("New")], to: "a-new", type: "test", expecting: .noStream)
        let report = try await store.check(anchor, trusting: key.publicKey)
        #expect(report.isIntact, "\(report.findings)")
    }

    @Test func aCutTailADeletedStreamAndARehashedChainAreEachReported() async throws {
        let (store, anchor) = try await anchoredStore("anchor_tampered")
        // What a superuser can do that leaves every chain whole, so that `verify` alone says intact.
        try await superuser(
            store,
            """
            ALTER TABLE events DISABLE TRIGGER events_immutable;
            -- The tail of a-cut goes, and its head is set back.
            DELETE FROM events WHERE stream_id = 'a-cut' AND version > 2;
            UPDATE streams SET version = 2,
                last_hash = (SELECT hash FROM events WHERE stream_id = 'a-cut' AND version = 2)
                WHERE stream_id = 'a-cut';
            -- a-gone goes whole.
            DELETE FROM events WHERE stream_id = 'a-gone';
            DELETE FROM streams WHERE stream_id = 'a-gone';
            -- An event of a-rewritten changes, and the rest of its chain is hashed again.
            UPDATE events SET data = '{"value": 99}' WHERE stream_id = 'a-rewritten' AND version = 2;
            DO $$
            DECLARE
                v_event record;
                v_previous bytea := NULL;
            BEGIN
                FOR v_event IN SELECT * FROM events WHERE stream_id = 'a-rewritten' ORDER BY version LOOP
                    UPDATE events SET hash = sha256(coalesce(v_previous, ''::bytea) || event_hash_input(
                        v_event.stream_id, v_event.stream_type, v_event.version, v_event.event_type,
                        v_event.schema_version, v_event.data, v_event.metadata, v_event.effective_date,
                        v_event.recorded_at, v_event.command_id))
                    WHERE stream_id = 'a-rewritten' AND version = v_event.version
                    RETURNING hash INTO v_previous;
                END LOOP;
                UPDATE streams SET last_hash = v_previous WHERE stream_id = 'a-rewritten';
            END $$;
            ALTER TABLE events ENABLE TRIGGER events_immutable;
            """)
        #expect(try await store.verify().isIntact, "the tampering leaves every chain whole")
        let report = try await store.check(anchor, trusting: key.publicKey)
        func problem(of stream: String) -> AnchorReport.Problem? {
            report.findings.first { $0.stream == stream }?.problem
        }
        #expect(problem(of: "a-cut") == .truncated)
        #expect(report.findings.first { $0.stream == "a-cut" }?.currentVersion == 2)
        #expect(problem(of: "a-gone") == .deletedStream)
        #expect(problem(of: "a-rewritten") == .rewritten)
        #expect(problem(of: "a-intact") == nil)
    }

    @Test func anEditedAnchorOrAnotherKeyIsCaught() async throws {
        let (store, anchor) = try await anchoredStore("anchor_signature")
        var edited = anchor
        edited.payload = edited.payload.replacingOccurrences(of: "\"events\":16", with: "\"events\":15")
        #expect(try await store.check(edited).findings.map(\.problem).contains(.badSignature))
        let stranger = Curve25519.Signing.PrivateKey().publicKey
        #expect(try await store.check(anchor, trusting: stranger).findings.map(\.problem) == [.badSignature])
        var fewerHeads = anchor
        fewerHeads.heads.removeLast()
        #expect(try await store.check(fewerHeads).findings.map(\.problem).contains(.headsDoNotMatchRoot))
    }
}
