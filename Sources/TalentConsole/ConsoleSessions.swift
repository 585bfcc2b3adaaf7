import Foundation
import Hummingbird
import ReadModels
import TalentApplication

/// The console's sign-ins: a random session id in an HttpOnly, SameSite=Strict cookie names the bearer
/// token the person signed in with. The register keeps the sessions in its database (only the SHA-256 of
/// the id and of the token), so that every server on it knows them: a person moved between servers behind
/// a load balancer, or across a restart, stays signed in, and signing out on one ends the session on all.
/// Each request resolves the token to its account again (a revoked account is out at once); a session idle
/// for `idleLimit`, or open for `lifetime` however busy, ends; signing out forgets it, so the cookie is
/// worthless after; signing in again from the same browser ends the session its cookie named; an account
/// holds at most `perAccount` sessions (its oldest ends), so that a script signing in over and over does
/// not grow the table. Served over HTTPS, the cookie also carries `Secure` (`secure`), so that a browser
/// never sends it over plain HTTP.
///
/// Every form carries the session's CSRF token (a second random value of the session): a form posted from
/// anywhere else, or without it, is refused.
struct ConsoleSessions: Sendable {
    struct Session: Sendable {
        /// Who the session's token stands for now: nil once the account is revoked.
        let caller: Caller?
        /// The account's name, as the pages greet it.
        let name: String
        let csrf: String
        /// The page a form kept for after the sign-in belongs on, if one is.
        let draftPage: String?
    }

    static let cookieName = "tl_console"
    let register: TalentRegister
    let idleLimit: Duration
    let lifetime: Duration
    let perAccount: Int
    let secure: Bool
    /// The time, for the limits: the clock's, or a test's.
    let now: @Sendable () -> Date

    init(
        register: TalentRegister, idleLimit: Duration = .seconds(8 * 3600), lifetime: Duration = .seconds(12 * 3600),
        perAccount: Int = 20, secure: Bool = false, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.register = register
        self.idleLimit = idleLimit
        self.lifetime = lifetime
        self.perAccount = perAccount
        self.secure = secure
        self.now = now
    }

    /// Which sessions have ended at `now`.
    func cutoffs(at now: Date) -> ConsoleSessionTable.Cutoffs {
        ConsoleSessionTable.Cutoffs(
            idleBefore: now.addingTimeInterval(-Self.seconds(idleLimit)),
            openedBefore: now.addingTimeInterval(-Self.seconds(lifetime)))
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }

    /// Opens a session for `token`, ending `replacing` (the session the browser's cookie named), with the
    /// `draft` the sign-in carried: the cookie's value.
    func open(token: String, name: String, replacing previous: String? = nil, draft: FormDraft? = nil) async throws
        -> String
    {
        let id = Self.randomValue()
        let now = now()
        try await register.openConsoleSession(
            id, token: token, name: name, csrf: Self.randomValue(), draft: draft.map { ($0.page, $0.stored) },
            replacing: previous, at: now, cutoffs: cutoffs(at: now), perAccount: perAccount)
        return id
    }

    /// The live session `id` names, seen now, with who its token stands for; nil when there is none or it
    /// has ended. It is marked seen once a hundredth of the idle limit has passed since it last was: reading
    /// pages writes nothing most of the time, and idling is measured to that hundredth.
    func session(_ id: String) async throws -> Session? {
        let now = now()
        let touchedBefore = now.addingTimeInterval(-Self.seconds(idleLimit) / 100)
        return try await register.consoleSession(id, at: now, touchedBefore: touchedBefore, cutoffs: cutoffs(at: now))
            .map {
                Session(
                    caller: $0.caller, name: $0.session.name, csrf: $0.session.csrf, draftPage: $0.session.draftPage)
            }
    }

    /// Session `id`'s draft when it belongs on `page` (the path a page was asked at), handed over once;
    /// asked of the database only when the session, as read for this request, holds one for the page.
    func takeDraft(_ id: String, of session: Session, on page: String) async throws -> FormDraft? {
        guard session.draftPage == page else { return nil }
        return try await register.takeConsoleDraft(id, on: page).flatMap(FormDraft.init(stored:))
    }

    func close(_ id: String) async throws {
        try await register.closeConsoleSession(id)
    }

    /// 32 random bytes (the system's generator: the kernel's CSPRNG) as URL-safe base64.
    static func randomValue() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The session id the request's cookie carries.
    static func sessionID(of request: Request) -> String? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(cookieName + "=") { return String(pair.dropFirst(cookieName.count + 1)) }
        }
        return nil
    }

    /// The cookie that carries session `id`.
    func cookie(_ id: String) -> String {
        "\(Self.cookieName)=\(id); Path=/console; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The cookie that makes the browser forget the session's.
    var expiredCookie: String { cookie("") + "; Max-Age=0" }
}
