// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import TalentLedgerTesting
import TalentServer
import Testing

@Suite("The server's log: what a request was, without the personal data it carried (SEC1)")
struct RequestLogTests {
    @Test func SEC1_aSearchForANameIsLoggedWithoutTheName() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let log = CapturedLog()
            let app = Application(router: buildRouter(register: register), logger: log.logger)
            try await app.test(.router) { client in
                let query = "q=\("张三丰".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&limit=5"
                let (status, body, _) = try await TalentRoutesTests.get(
                    client, "/v1/talents?\(query)", token: tokens.province)
                #expect(status == .ok)
                #expect(String(decoding: body, as: UTF8.self).contains("张三丰"), "the search found the talent")
            }
            #expect(log.requestTargets == ["/v1/talents?q=***&limit=5"])
            let logged = log.text
            #expect(!logged.contains("张三丰") && !logged.contains("%E5%BC%A0"))
        }
    }

    /// A token pasted into a query, or a name under a parameter the route does not take (refused after the
    /// line is written), is left out of the log as well: only the documented parameters' values are shown.
    @Test func SEC1_aQueryParameterTheAPIDoesNotDocumentIsLoggedWithoutItsValue() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let log = CapturedLog()
            let app = Application(router: buildRouter(register: register), logger: log.logger)
            try await app.test(.router) { client in
                for target in [
                    "/v1/me?access_token=\(tokens.province)", "/v1/talents?Q=WangXiaoming&limit=5",
                    "/v1/me?\(tokens.province)",
                ] {
                    let (status, _, _) = try await TalentRoutesTests.get(client, target, token: tokens.province)
                    #expect(status == .badRequest, "\(target)")
                }
            }
            #expect(
                log.requestTargets
                    == ["/v1/me?access_token=***", "/v1/talents?Q=***&limit=5", "/v1/me?***"])
            let logged = log.text
            #expect(!logged.contains(tokens.province) && !logged.contains("WangXiaoming"))
        }
    }

    /// SEC1: a bearer token pasted where an id goes, in the path or under a documented parameter, is left out
    /// of the line; a control character a value carries is shown percent-encoded, so no request writes a
    /// line of its own into the log.
    @Test func SEC1_aTokenAnywhereInTheTargetIsLoggedWithoutItAndNoValueStartsALine() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let log = CapturedLog()
            let app = Application(router: buildRouter(register: register), logger: log.logger)
            let forged = "x%0A2026-12-07T02:00:00+0000%20error%20talentledger:%20FORGED%00"
            try await app.test(.router) { client in
                for target in [
                    "/v1/talents?unit=\(tokens.province)", "/v1/talents/\(tokens.province)",
                    "/v1/campaigns/2025/submissions/T-A?on=\(forged)", "/v1/talents/tl_short",
                ] {
                    _ = try await TalentRoutesTests.get(client, target, token: tokens.province)
                }
            }
            #expect(
                log.requestTargets
                    == [
                        "/v1/talents?unit=tl_***", "/v1/talents/tl_***",
                        "/v1/campaigns/2025/submissions/T-A?on=x%0A2026-12-07T02:00:00+0000 error talentledger: FORGED%00",
                        "/v1/talents/tl_short",
                    ])
            let logged = log.text
            #expect(!logged.contains(tokens.province) && !logged.contains("\nFORGED") && !logged.contains("\u{0}"))
        }
    }

    /// An id number or a phone typed where an id goes, in the path or under a parameter whose values the log
    /// shows, is left out of the line; register and unit ids are shown whole.
    @Test func SEC1_anIdNumberOrAPhoneTypedAsAnIdIsLoggedWithoutIt() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            let log = CapturedLog()
            let app = Application(router: buildRouter(register: register), logger: log.logger)
            try await app.test(.router) { client in
                for target in [
                    "/v1/talents/220102198001011234", "/v1/talents?unit=13700001111&limit=5", "/v1/talents/T-A",
                    "/v1/talents/138-0013-8000", "/v1/talents/138%200013%208000",
                    "/v1/talents/%32%32%30102198001011234",
                    "/v1/talents/JL000001",
                ] {
                    _ = try await TalentRoutesTests.get(client, target, token: tokens.province)
                }
            }
            #expect(
                log.requestTargets
                    == [
                        "/v1/talents/***", "/v1/talents?unit=***&limit=5", "/v1/talents/T-A", "/v1/talents/***",
                        "/v1/talents/***", "/v1/talents/***", "/v1/talents/JL000001",
                    ])
            let logged = log.text
            #expect(!logged.contains("220102198001011234") && !logged.contains("13700001111"), "\(logged)")
            // Each line says how the request was answered and how long it took.
            let answered = log.records.filter { $0.message == "Request" }
            #expect(answered.contains { $0.metadata["hb.response.status"]?.description == "200" }, "\(answered)")
            #expect(answered.contains { $0.metadata["hb.response.status"]?.description == "404" })
            #expect(answered.allSatisfy { Double($0.metadata["duration_ms"]?.description ?? "") != nil })
        }
    }
}

extension CapturedLog {
    /// The targets the request log wrote, in the order of the requests.
    fileprivate var requestTargets: [String?] {
        records.filter { $0.message == "Request" }.map { $0.metadata["hb.request.path"]?.description }
    }

    /// Every line with its metadata, as one text to search for what must not be in it.
    fileprivate var text: String { records.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n") }
}
