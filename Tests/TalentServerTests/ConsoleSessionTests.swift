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
        try await TestDatabase.withStore("console_cookie") { store, _ in
            let office = Organization(
                id: "prov", name: "省人社厅", shortName: "省厅", kind: .provincialOffice, parentID: nil, region: nil)
            try await store.appendBulk([try OrganizationStream.registration(office, on: "2016-01-01")])
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            try await register.catchUpProjections()
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
        let clock = Mutex(ContinuousClock.now)
        let sessions = ConsoleSessions(
            idleLimit: .seconds(7200), lifetime: .seconds(3600), perAccount: 2, now: { clock.withLock { $0 } })
        let first = await sessions.open(token: "t1", name: "a")
        #expect(await sessions.session(first) != nil)
        let second = await sessions.open(token: "t1", name: "a", replacing: first)
        #expect(await sessions.session(first) == nil, "signed in again from the same browser")
        let third = await sessions.open(token: "t1", name: "a")
        let fourth = await sessions.open(token: "t1", name: "a")
        #expect(await sessions.session(second) == nil, "the account's oldest beyond its two")
        #expect(await sessions.session(third) != nil)
        _ = await sessions.open(token: "t2", name: "b")
        #expect(await sessions.session(fourth) != nil, "another account's session is not counted")
        clock.withLock { $0 += .seconds(3599) }
        #expect(await sessions.session(fourth) != nil, "seen within the idle limit, before its lifetime")
        clock.withLock { $0 += .seconds(2) }
        #expect(await sessions.session(fourth) == nil, "past its lifetime, though seen a moment ago")
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
