import Foundation
import ReadModels

/// The console's sign-ins, kept in the database (``ConsoleSessionTable``) so that every server on it knows
/// them: a session is named to the register by its id, of which only the SHA-256 is stored, as of a token.
extension TalentRegister {
    /// Opens session `id` for whoever bears `token` (their account's `name`), ending `replacing`.
    public func openConsoleSession(
        _ id: String, token: String, name: String, csrf: String, draft: (page: String, text: String)?,
        replacing previous: String?, at now: Date, cutoffs: ConsoleSessionTable.Cutoffs, perAccount: Int
    ) async throws {
        try await ConsoleSessionTable.open(
            sessionHash: BearerToken.hash(id), tokenHash: BearerToken.hash(token), name: name, csrf: csrf,
            draft: draft, replacing: previous.map(BearerToken.hash), at: now, cutoffs: cutoffs,
            perAccount: perAccount, in: store)
    }

    /// Session `id`, seen at `now` (marked so once last marked before `touchedBefore`), while it lives, with
    /// the caller its token stands for: nil for an unknown or a revoked account.
    public func consoleSession(
        _ id: String, at now: Date, touchedBefore: Date, cutoffs: ConsoleSessionTable.Cutoffs
    ) async throws -> (session: ConsoleSessionTable.Row, caller: Caller?)? {
        try await ConsoleSessionTable.seen(
            BearerToken.hash(id), at: now, touchedBefore: touchedBefore, cutoffs: cutoffs, in: store
        ).map { ($0, $0.account.flatMap(Self.caller(of:))) }
    }

    /// Session `id`'s draft for `page`, handed over once.
    public func takeConsoleDraft(_ id: String, on page: String) async throws -> String? {
        try await ConsoleSessionTable.takeDraft(BearerToken.hash(id), on: page, in: store)
    }

    /// Ends session `id`, on every server.
    public func closeConsoleSession(_ id: String) async throws {
        try await ConsoleSessionTable.close(BearerToken.hash(id), in: store)
    }
}
