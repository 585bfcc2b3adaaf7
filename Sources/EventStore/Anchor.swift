import Crypto
import Foundation
import Postgres

/// A signed digest of the whole log, kept outside the database: tamper evidence that does not end at
/// the database's edge.
///
/// `verify` proves the chains are whole, but someone who can write the tables can also delete a stream,
/// cut its tail and fix its head, or rewrite an event and re-hash the rest of its chain. An anchor taken
/// earlier records every stream's head (id, version, hash) at a gap-safe horizon, folded into one Merkle
/// root and signed with an Ed25519 key the database never sees; ``EventStore/check(_:trusting:)`` shows
/// whether the log still extends every anchored head.
public struct LogAnchor: Sendable, Hashable, Codable {
    /// What is signed.
    public struct Digest: Sendable, Hashable, Codable {
        public var format: String
        /// Every event of a transaction below this id (the gap-safe horizon when the anchor was taken) is
        /// anchored; later ones are not.
        public var horizon: String
        public var events: Int
        public var streams: Int
        /// Merkle root (hex) of the stream heads, ordered by stream id.
        public var root: String
        public var createdAt: String
    }

    /// A stream's last anchored event.
    public struct Head: Sendable, Hashable, Codable {
        public var stream: String
        public var version: Int64
        /// The event's chained hash, hex.
        public var hash: String
    }

    public static let format = "talentledger-anchor-1"

    /// The digest exactly as signed (JSON text); ``digest`` is read from it.
    public var payload: String
    /// Ed25519 signature of `payload`'s UTF-8 bytes, base64.
    public var signature: String
    /// The signer's public key (raw, base64): compare it with the one kept apart, or pass that one.
    public var publicKey: String
    /// The heads the root was folded from, so that a finding can name its stream.
    public var heads: [Head]

    public var digest: Digest {
        get throws { try JSONDecoder().decode(Digest.self, from: Data(payload.utf8)) }
    }

    /// The Merkle root of `heads` (in stream order), hex: leaves and nodes are domain-separated so that a
    /// leaf can never pass for a node.
    public static func root(of heads: [Head]) -> String {
        var level = heads.sorted { $0.stream < $1.stream }.map { head -> Data in
            Data(SHA256.hash(data: Data("leaf\u{0}\(head.stream)\u{0}\(head.version)\u{0}\(head.hash)".utf8)))
        }
        guard !level.isEmpty else { return SHA256.hash(data: Data("empty".utf8)).hexString }
        while level.count > 1 {
            var next: [Data] = []
            for index in stride(from: 0, to: level.count, by: 2) {
                if index + 1 < level.count {
                    next.append(Data(SHA256.hash(data: Data("node".utf8) + level[index] + level[index + 1])))
                } else {
                    next.append(level[index])
                }
            }
            level = next
        }
        return level[0].hexString
    }
}

/// What checking an anchor found.
public struct AnchorReport: Sendable, Hashable {
    public enum Problem: String, Sendable, Hashable, Codable {
        /// The signature does not match the digest, or the key is not the trusted one.
        case badSignature
        /// The anchor's heads do not fold into its signed root: the file was edited.
        case headsDoNotMatchRoot
        /// The stream has none of its anchored events any more.
        case deletedStream
        /// The stream ends before its anchored head: its tail was cut.
        case truncated
        /// The event at the anchored head has another hash: the chain was rewritten (and re-hashed).
        case rewritten
        /// Events the anchor did not know appear before its horizon: history was added to the past.
        case inserted
    }

    public struct Finding: Sendable, Hashable {
        public var stream: String?
        public var problem: Problem
        public var anchoredVersion: Int64?
        public var currentVersion: Int64?
    }

    public var anchoredStreams: Int
    public var anchoredEvents: Int
    public var findings: [Finding]
    public var isIntact: Bool { findings.isEmpty }
}

extension EventStore {
    /// Takes an anchor of every event below the current gap-safe horizon, signed with `key`.
    public func anchor(signingWith key: Curve25519.Signing.PrivateKey, now: Date = Date()) async throws -> LogAnchor {
        try await pool.withTransaction(isolation: .repeatableRead) { connection in
            let horizon =
                try await connection.query("SELECT \(sql: Self.gapSafeHorizon)::text").first?.decode(
                    String.self, at: 0) ?? "0"
            let (heads, events) = try await Self.heads(below: horizon, on: connection)
            let formatter = ISO8601DateFormatter()
            let digest = LogAnchor.Digest(
                format: LogAnchor.format, horizon: horizon, events: events, streams: heads.count,
                root: LogAnchor.root(of: heads), createdAt: formatter.string(from: now))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let payload = String(decoding: try encoder.encode(digest), as: UTF8.self)
            let signature = try key.signature(for: Data(payload.utf8))
            return LogAnchor(
                payload: payload, signature: signature.base64EncodedString(),
                publicKey: key.publicKey.rawRepresentation.base64EncodedString(), heads: heads)
        }
    }

    /// Checks that the log still extends every head `anchor` recorded and that its signature holds for
    /// `trusting` (the public key kept apart from the anchor; without it, the anchor's own key, which
    /// only proves the file was not edited after signing).
    public func check(_ anchor: LogAnchor, trusting trusted: Curve25519.Signing.PublicKey? = nil) async throws
        -> AnchorReport
    {
        let digest = try anchor.digest
        var report = AnchorReport(anchoredStreams: digest.streams, anchoredEvents: digest.events, findings: [])
        let signer = try? Curve25519.Signing.PublicKey(
            rawRepresentation: Data(base64Encoded: anchor.publicKey) ?? Data())
        let signatureHolds =
            signer.map { signer in
                (trusted == nil || trusted?.rawRepresentation == signer.rawRepresentation)
                    && signer.isValidSignature(
                        Data(base64Encoded: anchor.signature) ?? Data(), for: Data(anchor.payload.utf8))
            } ?? false
        if !signatureHolds { report.findings.append(.init(stream: nil, problem: .badSignature)) }
        if LogAnchor.root(of: anchor.heads) != digest.root {
            report.findings.append(.init(stream: nil, problem: .headsDoNotMatchRoot))
        }
        let current = try await pool.withTransaction(isolation: .repeatableRead) { connection in
            try await Self.heads(below: digest.horizon, on: connection).heads
        }
        let now = Dictionary(current.map { ($0.stream, $0) }, uniquingKeysWith: { first, _ in first })
        for head in anchor.heads {
            guard let found = now[head.stream] else {
                report.findings.append(
                    .init(stream: head.stream, problem: .deletedStream, anchoredVersion: head.version))
                continue
            }
            if found.version < head.version {
                report.findings.append(
                    .init(
                        stream: head.stream, problem: .truncated, anchoredVersion: head.version,
                        currentVersion: found.version))
            } else if found.version > head.version {
                report.findings.append(
                    .init(
                        stream: head.stream, problem: .inserted, anchoredVersion: head.version,
                        currentVersion: found.version))
            } else if found.hash != head.hash {
                report.findings.append(
                    .init(
                        stream: head.stream, problem: .rewritten, anchoredVersion: head.version,
                        currentVersion: found.version))
            }
        }
        let anchored = Set(anchor.heads.map(\.stream))
        for head in current where !anchored.contains(head.stream) {
            report.findings.append(.init(stream: head.stream, problem: .inserted, currentVersion: head.version))
        }
        report.findings.sort { ($0.stream ?? "", $0.problem.rawValue) < ($1.stream ?? "", $1.problem.rawValue) }
        return report
    }

    /// Every stream's last event below `horizon` (a transaction id), and how many events that is.
    static func heads(below horizon: String, on connection: Connection) async throws -> (
        heads: [LogAnchor.Head], events: Int
    ) {
        let rows = try await connection.query(
            """
            SELECT stream_id, max(version), count(*),
                   encode((array_agg(hash ORDER BY version DESC))[1], 'hex')
            FROM events WHERE transaction_id < \(horizon)::xid8
            GROUP BY stream_id ORDER BY stream_id
            """)
        var heads: [LogAnchor.Head] = []
        var events = 0
        for row in rows {
            heads.append(
                LogAnchor.Head(
                    stream: try row.decode(at: 0), version: try row.decode(at: 1), hash: try row.decode(at: 3)))
            events += try row.decode(Int.self, at: 2)
        }
        return (heads, events)
    }
}

extension Sequence where Element == UInt8 {
    /// The bytes as lowercase hex, as anchors, token hashes and raw events show hashes.
    public var hexString: String {
        // Every bearer token is hashed and shown this way on every request: no format string per byte.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
