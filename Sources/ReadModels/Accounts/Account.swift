import EventStore
import Foundation
import Postgres

/// An account that may call the register: who it is, what role it holds for which organization, and
/// the SHA-256 of its bearer token (the token itself is shown once, when issued, and never stored).
///
/// Issuing and revoking are events of the account's own stream (`account-<id>`), so an auditor can see
/// who could act when; the `accounts` table is their projection.
public struct Account: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// A `Caller.Role` identifier (`unit-officer`, `hr-bureau`, …).
    public var role: String
    public var organization: String?
    /// Hex SHA-256 of the bearer token.
    public var tokenHash: String
    public var issuedAt: Date
    public var revokedAt: Date?

    public init(
        id: String, name: String, role: String, organization: String?, tokenHash: String, issuedAt: Date,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.organization = organization
        self.tokenHash = tokenHash
        self.issuedAt = issuedAt
        self.revokedAt = revokedAt
    }
}

/// The events of an account's stream.
public enum AccountStream {
    public static let type = "account"
    public static let issued = "AccountIssued"
    public static let revoked = "AccountRevoked"

    public static func id(_ accountID: String) -> String { "account-\(accountID)" }

    /// What an `AccountIssued` event holds (never the token).
    public struct Issued: Sendable, Hashable, Codable {
        public var accountID: String
        public var name: String
        public var role: String
        public var organization: String?
        public var tokenHash: String

        public init(accountID: String, name: String, role: String, organization: String?, tokenHash: String) {
            self.accountID = accountID
            self.name = name
            self.role = role
            self.organization = organization
            self.tokenHash = tokenHash
        }
    }

    /// What an `AccountRevoked` event holds.
    public struct Revoked: Sendable, Hashable, Codable {
        public var accountID: String
        public var reason: String

        public init(accountID: String, reason: String) {
            self.accountID = accountID
            self.reason = reason
        }
    }

    /// The append that issues an account (a new stream).
    public static func issue(_ issued: Issued, on day: String, metadata: EventMetadata) throws -> StreamAppend {
        StreamAppend(
            streamID: id(issued.accountID), streamType: type, expected: .noStream,
            events: [try NewEvent(type: Self.issued, payload: issued, metadata: metadata, effectiveDate: day)])
    }

    /// The append that revokes an account at `version`.
    public static func revoke(_ revoked: Revoked, version: Int64, on day: String, metadata: EventMetadata) throws
        -> StreamAppend
    {
        StreamAppend(
            streamID: id(revoked.accountID), streamType: type, expected: .exact(version),
            events: [try NewEvent(type: Self.revoked, payload: revoked, metadata: metadata, effectiveDate: day)])
    }
}

/// The `accounts` read model: written from the account events, asked by token hash.
public enum AccountProjection {
    /// Applies account events (in order) to the `accounts` table.
    static func write(_ events: [RecordedEvent], on connection: Connection) async throws {
        let decoder = JSONDecoder()
        for event in events {
            switch event.type {
            case AccountStream.issued:
                let issued = try decoder.decode(AccountStream.Issued.self, from: event.data)
                try await connection.execute(
                    """
                    INSERT INTO accounts (account_id, name, role, organization_id, token_hash, issued_at, last_position)
                    VALUES (\(issued.accountID), \(issued.name), \(issued.role), \(issued.organization),
                            \(issued.tokenHash), \(event.recordedAt), \(event.position))
                    ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, role = excluded.role,
                        organization_id = excluded.organization_id, token_hash = excluded.token_hash,
                        issued_at = excluded.issued_at, last_position = excluded.last_position
                    """)
            case AccountStream.revoked:
                let revoked = try decoder.decode(AccountStream.Revoked.self, from: event.data)
                try await connection.execute(
                    """
                    UPDATE accounts SET revoked_at = \(event.recordedAt), last_position = \(event.position)
                    WHERE account_id = \(revoked.accountID)
                    """)
            default:
                continue
            }
        }
    }

    /// Appends `append` (an issue or a revocation) and writes its row in the same transaction, so the
    /// account can call (or no longer can) the moment this returns.
    public static func record(_ append: StreamAppend, in store: EventStore) async throws {
        try await store.withTransaction { transaction in
            try await transaction.append([append], commandID: .timeOrdered())
            let recorded = try await transaction.readStream(append.streamID)
            try await write(Array(recorded.suffix(append.events.count)), on: transaction.connection)
        }
        store.announcer.announce()
    }

    /// The account whose token hashes to `tokenHash`, revoked or not.
    public static func account(tokenHash: String, in store: EventStore) async throws -> Account? {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT account_id, name, role, organization_id, token_hash, issued_at, revoked_at
                FROM accounts WHERE token_hash = \(tokenHash)
                """, prepared: true
            ).first.map { try Self.account(row: $0) }
        }
    }

    /// Every account, by id.
    public static func all(in store: EventStore) async throws -> [Account] {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT account_id, name, role, organization_id, token_hash, issued_at, revoked_at
                FROM accounts ORDER BY account_id
                """
            ).map { try Self.account(row: $0) }
        }
    }

    /// The account in `row`'s columns from `first` on (id, name, role, organization, token hash, issued,
    /// revoked).
    static func account(row: PostgresRow, from first: Int = 0) throws -> Account {
        Account(
            id: try row.decode(at: first), name: try row.decode(at: first + 1), role: try row.decode(at: first + 2),
            organization: try row.decode(String?.self, at: first + 3), tokenHash: try row.decode(at: first + 4),
            issuedAt: try row.decode(at: first + 5), revokedAt: try row.decode(Date?.self, at: first + 6))
    }
}
