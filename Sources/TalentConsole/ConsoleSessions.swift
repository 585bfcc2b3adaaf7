import Foundation
import Hummingbird

/// The console's sign-ins: a random session id in an HttpOnly, SameSite=Strict cookie names the bearer
/// token the person signed in with, kept here in memory and never sent back to the browser. Each request
/// resolves the token to its account again (a revoked account is out at once); a session idle for
/// `idleLimit` ends; signing out forgets it, so the cookie is worthless after. A restart signs everyone
/// out, which a staff console can afford. Served over HTTPS, the cookie also carries `Secure` (`secure`),
/// so that a browser never sends it over plain HTTP.
///
/// Every form carries the session's CSRF token (a second random value of the session): a form posted from
/// anywhere else, or without it, is refused.
actor ConsoleSessions {
    struct Session: Sendable {
        let token: String
        /// The account's name, as the pages greet it.
        let name: String
        let csrf: String
        var lastSeen: ContinuousClock.Instant
    }

    static let cookieName = "tl_console"
    let idleLimit: Duration
    nonisolated let secure: Bool
    private var sessions: [String: Session] = [:]

    init(idleLimit: Duration = .seconds(8 * 3600), secure: Bool = false) {
        self.idleLimit = idleLimit
        self.secure = secure
    }

    /// Opens a session for `token`: the cookie's value.
    func open(token: String, name: String) -> String {
        let id = Self.randomValue()
        sessions[id] = Session(token: token, name: name, csrf: Self.randomValue(), lastSeen: .now)
        // Sessions that went idle are forgotten as new ones come.
        sessions = sessions.filter { ContinuousClock.now - $0.value.lastSeen < idleLimit }
        return id
    }

    func session(_ id: String) -> Session? {
        guard var session = sessions[id] else { return nil }
        guard ContinuousClock.now - session.lastSeen < idleLimit else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = .now
        sessions[id] = session
        return session
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
