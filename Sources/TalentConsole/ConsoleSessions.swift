import Foundation
import Hummingbird

/// The console's sign-ins: a random session id in an HttpOnly, SameSite=Strict cookie names the bearer
/// token the person signed in with, kept here in memory and never sent back to the browser. Each request
/// resolves the token to its account again (a revoked account is out at once); a session idle for
/// `idleLimit`, or open for `lifetime` however busy, ends; signing out forgets it, so the cookie is
/// worthless after; signing in again from the same browser ends the session its cookie named; an account
/// holds at most `perAccount` sessions (its oldest ends), so that a script signing in over and over does
/// not grow the server. A restart signs everyone out, which a staff console can afford. Served over HTTPS,
/// the cookie also carries `Secure` (`secure`), so that a browser never sends it over plain HTTP.
///
/// Every form carries the session's CSRF token (a second random value of the session): a form posted from
/// anywhere else, or without it, is refused.
actor ConsoleSessions {
    struct Session: Sendable {
        let token: String
        /// The account's name, as the pages greet it.
        let name: String
        let csrf: String
        let opened: ContinuousClock.Instant
        /// The order sessions were opened in: of two seen last at the same instant, the older is dropped.
        let serial: Int
        var lastSeen: ContinuousClock.Instant
        /// A form posted after the session before this one ended, to be drawn again on its page once.
        var draft: FormDraft?
    }

    static let cookieName = "tl_console"
    let idleLimit: Duration
    let lifetime: Duration
    let perAccount: Int
    nonisolated let secure: Bool
    /// The time, for the limits: the clock's, or a test's.
    let now: @Sendable () -> ContinuousClock.Instant
    private var sessions: [String: Session] = [:]
    private var openedSoFar = 0

    init(
        idleLimit: Duration = .seconds(8 * 3600), lifetime: Duration = .seconds(12 * 3600), perAccount: Int = 20,
        secure: Bool = false, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.idleLimit = idleLimit
        self.lifetime = lifetime
        self.perAccount = perAccount
        self.secure = secure
        self.now = now
    }

    /// Opens a session for `token`, ending `replacing` (the session the browser's cookie named), with the
    /// `draft` the sign-in carried: the cookie's value.
    func open(token: String, name: String, replacing previous: String? = nil, draft: FormDraft? = nil) -> String {
        if let previous { sessions[previous] = nil }
        let id = Self.randomValue()
        let now = now()
        openedSoFar += 1
        sessions[id] = Session(
            token: token, name: name, csrf: Self.randomValue(), opened: now, serial: openedSoFar, lastSeen: now,
            draft: draft)
        // Sessions that ended are forgotten as new ones come, and the account's oldest beyond its share.
        sessions = sessions.filter { live($0.value, at: now) }
        let mine = sessions.filter { $0.value.token == token }
        for (old, _) in mine.sorted(by: { ($0.value.lastSeen, $0.value.serial) < ($1.value.lastSeen, $1.value.serial) })
            .dropLast(perAccount)
        {
            sessions[old] = nil
        }
        return id
    }

    func live(_ session: Session, at now: ContinuousClock.Instant) -> Bool {
        now - session.lastSeen < idleLimit && now - session.opened < lifetime
    }

    func session(_ id: String) -> Session? {
        guard var session = sessions[id] else { return nil }
        guard live(session, at: now()) else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = now()
        sessions[id] = session
        return session
    }

    /// The session's draft when it belongs on `page` (the path a page was asked at), handed over once.
    func takeDraft(_ id: String, on page: String) -> FormDraft? {
        guard let draft = sessions[id]?.draft, draft.page == page else { return nil }
        sessions[id]?.draft = nil
        return draft
    }

    func close(_ id: String) {
        sessions[id] = nil
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
    nonisolated func cookie(_ id: String) -> String {
        "\(Self.cookieName)=\(id); Path=/console; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The cookie that makes the browser forget the session's.
    nonisolated var expiredCookie: String { cookie("") + "; Max-Age=0" }
}
