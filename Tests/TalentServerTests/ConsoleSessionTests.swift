import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import ReadModels
import TalentApplication
import TalentLedgerTesting
import TalentServer
import Testing

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
