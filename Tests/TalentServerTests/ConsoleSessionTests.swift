import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import ReadModels
import Synchronization
import TalentApplication
import TalentLedgerTesting
import TalentServer
import Testing

@testable import TalentConsole

@Suite("The console's session cookie")
struct ConsoleSessionTests {
    /// Signs in with a province office's token on a router built with `secureCookies`, checks the
    /// sign-in's cookie and that it opens the overview.
    static func signIn(secureCookies: Bool, _ check: @Sendable (String) -> Void) async throws {
        try await Self.withOffice("console_cookie") { store, register in
            let token = try await register.issueAccount(
                name: "省厅工作人员", role: .provinceOffice, organization: "prov", by: .system
            ).token
            let app = Application(router: buildRouter(register: register, secureCookies: secureCookies))
            try await app.test(.router) { client in
                let form = "token=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)
                let cookie = try await client.execute(
                    uri: "/console/sign-in", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form)
                ) { response in
                    #expect(response.status == .seeOther || response.status == .found)
                    return response.headers[.setCookie] ?? ""
                }
                check(cookie)
                let pair = String(cookie.split(separator: ";").first ?? "")
                try await client.execute(uri: "/console/overview", method: .get, headers: [.cookie: pair]) {
                    #expect($0.status == .ok)
                }
            }
        }
    }

    /// A session ends when idle, when open past its lifetime however busy, when the same browser signs in
    /// again, and beyond its account's share (the oldest first); other accounts' sessions are not counted.
    @Test func aSessionEndsPastItsLifetimeWhenReplacedOrBeyondItsAccountsShare() async throws {
        try await TestDatabase.withStore("console_session_limits") { store, _ in
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            let clock = Mutex(Date())
            let sessions = ConsoleSessions(
                register: register, idleLimit: .seconds(7200), lifetime: .seconds(3600), perAccount: 2,
                now: { clock.withLock { $0 } })
            let first = try await sessions.open(token: "t1", name: "a")
            #expect(try await sessions.session(first) != nil)
            let second = try await sessions.open(token: "t1", name: "a", replacing: first)
            #expect(try await sessions.session(first) == nil, "signed in again from the same browser")
            let third = try await sessions.open(token: "t1", name: "a")
            let fourth = try await sessions.open(token: "t1", name: "a")
            #expect(try await sessions.session(second) == nil, "the account's oldest beyond its two")
            #expect(try await sessions.session(third) != nil)
            _ = try await sessions.open(token: "t2", name: "b")
            #expect(try await sessions.session(fourth) != nil, "another account's session is not counted")
            clock.withLock { $0 += 3599 }
            #expect(try await sessions.session(fourth) != nil, "seen within the idle limit, before its lifetime")
            clock.withLock { $0 += 2 }
            #expect(try await sessions.session(fourth) == nil, "past its lifetime, though seen a moment ago")
            // Idle past its limit, though within its lifetime: a session opened now, then left.
            let idle = ConsoleSessions(
                register: register, idleLimit: .seconds(60), lifetime: .seconds(3600), perAccount: 2,
                now: { clock.withLock { $0 } })
            let left = try await idle.open(token: "t3", name: "c")
            clock.withLock { $0 += 59 }
            #expect(try await idle.session(left) != nil)
            clock.withLock { $0 += 59 }
            #expect(try await idle.session(left) != nil, "seen 59 s before: idle 59 s")
            clock.withLock { $0 += 61 }
            #expect(try await idle.session(left) == nil, "idle past its minute")
        }
    }

    /// Two servers on one database (a load balancer, a rolling restart): a person signed in on one is
    /// signed in on the other, a form's CSRF token is the session's on both, and signing out on either ends
    /// the session on both.
    @Test func aSessionOpenedOnOneServerIsKnownToAnotherAndEndsOnBothWhenSignedOutOnEither() async throws {
        try await Self.withOffice("console_sessions_shared") { store, register in
            let policy = register.policy
            let token = try await register.issueAccount(
                name: "省厅工作人员", role: .provinceOffice, organization: "prov", by: .system
            ).token
            // Two routers, each with its own console (sessions, caches), as two processes have.
            let first = Application(router: buildRouter(register: TalentRegister(store: store, policy: policy)))
            let second = Application(router: buildRouter(register: TalentRegister(store: store, policy: policy)))
            let cookie = try await Self.cookie(signingIn: token, on: first)
            #expect(cookie.hasPrefix("tl_console="))
            func page(_ app: some ApplicationProtocol) async throws -> (HTTPResponse.Status, String) {
                try await Self.overview(cookie, on: app)
            }
            let (status, overview) = try await page(second)
            #expect(status == .ok, "signed in on the other server too")
            #expect(overview.contains("省厅工作人员"))
            // The page's CSRF token (from the second) signs the person out on the first.
            let csrf = try #require(
                overview.components(separatedBy: #"name="csrf" value=""#).dropFirst().first?.prefix { $0 != "\"" })
            try await first.test(.router) { client in
                try await client.execute(
                    uri: "/console/sign-out", method: .post,
                    headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "csrf=\(csrf)")
                ) { response in
                    #expect(response.status == .seeOther || response.status == .found)
                    #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
                }
            }
            for app in [first, second] {
                let (after, _) = try await page(app)
                #expect(after == .found || after == .seeOther, "signed out on both")
            }
        }
    }

    /// A revoked account's session ends with it, on the next page it asks for.
    @Test func aRevokedAccountsSessionEndsWithIt() async throws {
        try await Self.withOffice("console_session_revoked") { _, register in
            let issued = try await register.issueAccount(
                name: "省厅工作人员", role: .provinceOffice, organization: "prov", by: .system)
            let app = Application(router: buildRouter(register: register))
            let cookie = try await Self.cookie(signingIn: issued.token, on: app)
            #expect(try await Self.overview(cookie, on: app).0 == .ok)
            try await register.revokeAccount(issued.account.id, reason: "调离", by: .system)
            let (status, _) = try await Self.overview(cookie, on: app)
            #expect(status == .found || status == .seeOther, "sent to sign in")
            let id = String(cookie.dropFirst("tl_console=".count))
            let now = Date()
            #expect(
                try await register.consoleSession(
                    id, at: now, touchedBefore: now,
                    cutoffs: .init(
                        idleBefore: now.addingTimeInterval(-3600), openedBefore: now.addingTimeInterval(-3600))
                ) == nil, "the session is gone, not only refused")
        }
    }

    /// Runs `body` on a fresh database holding the provincial office (the organization the accounts belong
    /// to), with its store and a register on it.
    static func withOffice(_ suite: String, _ body: (EventStore, TalentRegister) async throws -> Void)
        async throws
    {
        try await TestDatabase.withStore(suite) { store, _ in
            let office = Organization(
                id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
            try await store.appendBulk([try OrganizationStream.registration(office, on: "2016-01-01")])
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            try await register.catchUpProjections()
            try await body(store, register)
        }
    }

    /// The cookie (`tl_console=…`) a sign-in with `token` on `app` sets.
    static func cookie(signingIn token: String, on app: some ApplicationProtocol) async throws -> String {
        try await app.test(.router) { client in
            let form = "token=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)
            return try await client.execute(
                uri: "/console/sign-in", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form)
            ) { String(($0.headers[.setCookie] ?? "").split(separator: ";").first ?? "") }
        }
    }

    /// The overview `app` answers for `cookie`: its status and page.
    static func overview(_ cookie: String, on app: some ApplicationProtocol) async throws -> (
        HTTPResponse.Status, String
    ) {
        try await app.test(.router) { client in
            try await client.execute(uri: "/console/overview", method: .get, headers: [.cookie: cookie]) {
                ($0.status, String(buffer: $0.body))
            }
        }
    }

    @Test func isHttpOnlyAndSameSiteStrictAndSecureOnlyWhenServedOverHTTPS() async throws {
        try await Self.signIn(secureCookies: false) { cookie in
            #expect(cookie.hasPrefix("tl_console="))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"))
        }
        try await Self.signIn(secureCookies: true) { cookie in
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(cookie.hasSuffix("; Secure"))
        }
    }
}
