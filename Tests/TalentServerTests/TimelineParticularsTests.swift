// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like X9 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import TalentApplication
import TalentDomain
import TalentServer
import Testing

/// The API's timeline says what each fact holds beyond its type: a reviewer tells a report found untrue
/// from an exit, and a grade changed from the grade before it, without the raw events.
@Suite("The API timeline's particulars")
struct TimelineParticularsTests {
    struct Timeline: Decodable {
        struct Step: Decodable {
            var type: String
            var particulars: String?
            var reason: String?
        }
        var steps: [Step]
    }

    /// X9, G1, SEC2: a verification says whether the situation was found true, a grade says which; the
    /// province's finding, and what the recorder said, are said to whoever sees the talent in full, not to a
    /// bureau or an auditor that sees it masked.
    @Test func X9_G1_SEC2_theTimelineSaysWhatEachFactHoldsAndItsFreeTextsOnlyInFull() async throws {
        try await TalentRoutesTests.withProvince { register, tokens in
            try await register.handle(
                .recordDeath(occurredOn: try Day("2026-03-01")), for: TalentID("T-A"), on: try Day("2026-03-05"),
                by: .system)
            try await register.handle(
                .verifyExitSituation(reason: .died, confirmed: false, finding: "单位误报，本人健在"),
                for: TalentID("T-A"), on: try Day("2026-03-10"), by: .system, reason: "经与家属王五核实")
            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                func verification(_ token: String) async throws -> Timeline.Step? {
                    let (status, body, _) = try await TalentRoutesTests.get(
                        client, "/v1/talents/T-A/timeline", token: token)
                    #expect(status == .ok)
                    let steps = try JSONDecoder().decode(Timeline.self, from: body).steps
                    #expect(steps.first?.particulars?.hasPrefix("认定为") == true, "\(steps.first?.particulars ?? "-")")
                    return steps.first { $0.type == "ExitSituationVerified" }
                }
                let inFull = try await verification(tokens.province)
                let masked = try await verification(tokens.bureau)
                #expect(inFull?.particulars == "死亡：不属实，撤销报告；核实情况：单位误报，本人健在")
                #expect(masked?.particulars == "死亡：不属实，撤销报告")
                // What the recorder said is a free text as the finding is (a security tester's finding: it
                // was shown to the bureau and the auditor).
                #expect(inFull?.reason == "经与家属王五核实")
                #expect(masked != nil && masked?.reason == nil)
                let auditor = try await verification(tokens.auditor)
                #expect(auditor != nil && auditor?.reason == nil)
            }
        }
    }
}
