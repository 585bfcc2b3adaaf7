import EventStore
import Foundation
import Postgres

/// The console's sign-ins as the database keeps them (`console_sessions`), shared by every server on it.
/// A session is found by the SHA-256 of its id and ends when idle past a limit or open past its lifetime
/// (the cut-offs are the caller's, from its clock); each statement is one round trip.
public enum ConsoleSessionTable {
    /// A live session: the account's name as the pages greet it, the CSRF token its forms carry, the page a
    /// form kept for after a sign-in belongs on (if one is), and the account the session's token stands for
    /// (nil when there is none now).
    public struct Row: Sendable, Hashable {
        public var name: String
        public var csrf: String
        public var draftPage: String?
        public var account: Account?
    }

    /// Which sessions have ended at a moment: those seen last before `idleBefore` or opened before
    /// `openedBefore`.
    public struct Cutoffs: Sendable {
        public var idleBefore: Date
        public var openedBefore: Date

        public init(idleBefore: Date, openedBefore: Date) {
            self.idleBefore = idleBefore
            self.openedBefore = openedBefore
        }
    }

    /// Opens a session at `now`, in one statement: ends `replacing` (the session the browser's cookie
    /// named), every session that has ended, and the account's oldest beyond `perAccount` (this one
    /// counted), so that a script signing in over and over does not grow the table.
    public static func open(
        sessionHash: String, tokenHash: String, name: String, csrf: String, draft: (page: String, text: String)?,
        replacing previous: String?, at now: Date, cutoffs: Cutoffs, perAccount: Int, in store: EventStore
    ) async throws {
        _ = try await store.withConnection { store in
            try await store.connection.execute(
                """
                WITH ended AS (
                    DELETE FROM console_sessions
                    WHERE session_hash = \(previous) OR last_seen < \(cutoffs.idleBefore)
                       OR opened_at < \(cutoffs.openedBefore)
                ), beyond AS (
                    DELETE FROM console_sessions WHERE session_hash IN (
                        SELECT session_hash FROM console_sessions
                        WHERE token_hash = \(tokenHash) AND session_hash IS DISTINCT FROM \(previous)
                        ORDER BY last_seen DESC, serial DESC OFFSET \(max(0, perAccount - 1)))
                )
                INSERT INTO console_sessions (session_hash, token_hash, name, csrf, opened_at, last_seen, draft_page, draft)
                VALUES (\(sessionHash), \(tokenHash), \(name), \(csrf), \(now), \(now), \(draft?.page), \(draft?.text))
                """)
        }
    }

    /// The live session `sessionHash` names, seen now (`now`), with the account its token stands for, in one
    /// round trip; nil when there is none or it has ended. A page asks this for every request: the session
    /// is marked seen (a second statement) only once it was last marked before `touchedBefore` (a small part
    /// of the idle limit), so that reading pages writes nothing most of the time.
    public static func seen(
        _ sessionHash: String, at now: Date, touchedBefore: Date, cutoffs: Cutoffs, in store: EventStore
    ) async throws -> Row? {
        try await store.withConnection { store in
            let connection = store.connection
            guard
                let row = try await connection.query(
                    """
                    SELECT s.name, s.csrf, s.draft_page, s.last_seen,
                           a.account_id, a.name, a.role, a.organization_id, a.token_hash, a.issued_at, a.revoked_at
                    FROM console_sessions s LEFT JOIN accounts a ON a.token_hash = s.token_hash
                    WHERE s.session_hash = \(sessionHash) AND s.last_seen >= \(cutoffs.idleBefore)
                      AND s.opened_at >= \(cutoffs.openedBefore)
                    """, prepared: true
                ).first
            else { return nil }
            if try row.decode(Date.self, at: 3) < touchedBefore {
                try await connection.execute(
                    "UPDATE console_sessions SET last_seen = \(now) WHERE session_hash = \(sessionHash)")
            }
            let account =
                try row.decode(String?.self, at: 4) == nil ? nil : try AccountProjection.account(row: row, from: 4)
            return Row(
                name: try row.decode(String.self, at: 0), csrf: try row.decode(String.self, at: 1),
                draftPage: try row.decode(String?.self, at: 2), account: account)
        }
    }

    /// The session's draft when it belongs on `page`, handed over once (the row forgets it).
    public static func takeDraft(_ sessionHash: String, on page: String, in store: EventStore) async throws
        -> String?
    {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                UPDATE console_sessions s SET draft_page = NULL, draft = NULL
                FROM (SELECT session_hash, draft FROM console_sessions
                      WHERE session_hash = \(sessionHash) AND draft_page = \(page) FOR UPDATE) AS before
                WHERE s.session_hash = before.session_hash
                RETURNING before.draft
                """
            ).first.map { try $0.decode(String.self, at: 0) }
        }
    }

    /// Ends the session `sessionHash` names (signing out, or its account revoked).
    public static func close(_ sessionHash: String, in store: EventStore) async throws {
        _ = try await store.withConnection { store in
            try await store.connection.execute("DELETE FROM console_sessions WHERE session_hash = \(sessionHash)")
        }
    }
}
