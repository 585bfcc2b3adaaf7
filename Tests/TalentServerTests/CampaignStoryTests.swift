// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like O1 and S3 are the register's own spelling.

import Foundation
import Hummingbird
import HummingbirdTesting
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import TalentServer
import Testing

/// The 2025 campaign told through the HTTP API alone on the demo province: three units on the three kinds
/// of chain (county bureau → city bureau → province; city bureau → province; provincial department →
/// province), each with its officer and each level with its own account. The work is recorded, submitted
/// up the chains with one return, one unit is late and loses its cards' services, makes up and gets them
/// back.
@Suite("The campaign on the demo province over HTTP (O1, S1–S4, W1–W3, P1, P3)")
struct CampaignStoryTests {
    /// Three employer units of the demo tree with no demo talent of their own, one per kind of chain.
    struct Units {
        var county: Organization
        var city: Organization
        var department: Organization
    }

    struct Missing: Error {}

    static func units(of tree: [Organization], emptyIn register: TalentRegister) async throws -> Units {
        let byID = Dictionary(uniqueKeysWithValues: tree.map { ($0.id, $0) })
        func parent(_ organization: Organization) -> Organization? { organization.parentID.flatMap { byID[$0] } }
        func empty(_ unit: Organization) async throws -> Bool {
            try await register.queries.talents(TalentFilter(unit: unit.id), after: nil, limit: 1, by: .system).items
                .isEmpty
        }
        func first(_ matches: (Organization) -> Bool) async throws -> Organization {
            for unit in tree.sorted(by: { $0.id < $1.id }) where unit.kind.isEmployerUnit && matches(unit) {
                if try await empty(unit) { return unit }
            }
            throw Missing()
        }
        return Units(
            county: try await first { parent($0)?.kind == .countyBureau && parent(parent($0)!)?.kind == .cityBureau },
            city: try await first { parent($0)?.kind == .cityBureau },
            department: try await first { parent($0)?.kind == .provincialDepartment })
    }

    struct Story {
        let client: any TestClientProtocol
        let province: String
        /// The register's clock: a campaign's steps are dated the day they are recorded (S2).
        let clock: TestClock

        @discardableResult
        func send(
            _ method: HTTPRequest.Method, _ uri: String, as token: String, _ body: String? = nil,
            expect status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> [String: Any] {
            let (answered, answer, _) = try await TalentServerTests.send(client, method, uri, token: token, body: body)
            #expect(answered == status, "\(method) \(uri) \(body ?? ""): \(answer)", sourceLocation: sourceLocation)
            return answer
        }

        func command(_ talent: String, _ body: String, as token: String) async throws {
            try await send(.post, "/v1/talents/\(talent)/commands", as: token, body, expect: .created)
        }

        func submit(_ unit: String, on day: String, as token: String, lateness: String? = nil) async throws {
            let reason = lateness.map { #", "latenessReason": "\#($0)""# } ?? ""
            try clock.set(day: day)
            try await send(
                .post, "/v1/campaigns/2025/submissions/\(unit)", as: token, #"{"effectiveOn": "\#(day)"\#(reason)}"#,
                expect: .created)
        }

        func review(_ unit: String, _ decision: String, on day: String, as token: String, reason: String? = nil)
            async throws -> [String: Any]
        {
            let why = reason.map { #", "reason": "\#($0)""# } ?? ""
            try clock.set(day: day)
            let answer = try await send(
                .post, "/v1/campaigns/2025/submissions/\(unit)/review", as: token,
                #"{"decision": "\#(decision)", "effectiveOn": "\#(day)"\#(why)}"#, expect: .ok)
            return answer["submission"] as? [String: Any] ?? [:]
        }

        /// The talent's 吉享卡 and 吉健卡 on `asOf`, as the province office reads them.
        func cards(_ talent: String, asOf day: String) async throws -> [String?] {
            let answer = try await send(.get, "/v1/talents/\(talent)?asOf=\(day)", as: province, expect: .ok)
            let entitlements = (answer["state"] as? [String: Any])?["entitlements"] as? [String: Any]
            return [entitlements?["jixiangCard"] as? String, entitlements?["jijianCard"] as? String]
        }
    }

    @Test func O1_S1_S2_S3_S4_threeChainsOneReturnOneLateUnitSuspendedMadeUpAndRestored() async throws {
        try await TestDatabase.withStore("campaign_story") { store, _ in
            let policy = try PolicyDirectory.load()
            let demo = DemoProvince(seed: 2025, talents: 60)
            _ = try await demo.load(into: store, policy: policy, chunkSize: 60)
            let clock = TestClock()
            let register = TalentRegister(store: store, policy: policy, clock: clock.now)
            try await register.catchUpProjections()
            let tree = demo.organizations()
            let units = try await Self.units(of: tree, emptyIn: register)
            let byID = Dictionary(uniqueKeysWithValues: tree.map { ($0.id, $0) })
            let countyBureau = try #require(units.county.parentID)
            let cityOfCounty = try #require(byID[countyBureau]?.parentID)
            let cityBureau = try #require(units.city.parentID)
            let department = try #require(units.department.parentID)
            func token(_ role: Caller.Role, _ organization: String) async throws -> String {
                try await register.issueAccount(
                    name: "\(role.rawValue) \(organization)", role: role, organization: organization, by: .system
                ).token
            }
            let province = try await token(.provinceOffice, "jl-hrss")
            let officers = (
                county: try await token(.unitOfficer, units.county.id),
                city: try await token(.unitOfficer, units.city.id),
                department: try await token(.unitOfficer, units.department.id)
            )
            let countyLevel = try await token(.hrBureau, countyBureau)
            let cityLevelOfCounty = try await token(.hrBureau, cityOfCounty)
            let cityLevel = cityOfCounty == cityBureau ? cityLevelOfCounty : try await token(.hrBureau, cityBureau)
            let departmentLevel = try await token(.supervisingDepartment, department)

            let app = Application(router: buildRouter(register: register))
            try await app.test(.router) { client in
                let story = Story(client: client, province: province, clock: clock)
                // The province evaluates a talent at each unit, and a second at the county unit whose period
                // started in 2023 (W2: its mid-term survey).
                let talents = [
                    ("STORY-1", units.county.id, "C", "2020-06-01"), ("STORY-2", units.county.id, "D", "2023-04-01"),
                    ("STORY-3", units.city.id, "C", "2020-06-01"), ("STORY-4", units.department.id, "C", "2020-06-01"),
                ]
                for (talent, unit, tier, day) in talents {
                    try await story.command(
                        talent,
                        """
                        {"type": "evaluate", "effectiveOn": "\(day)",
                         "evaluation": {"talentId": "\(talent)", "tier": "\(tier)", "unit": "\(unit)", "professionalField": "材料",
                                        "evaluatingDocument": "吉人社字〔2020〕1号", "certificateDate": "\(day)", "classified": false}}
                        """, as: province)
                }
                let officer = [
                    "STORY-1": officers.county, "STORY-2": officers.county, "STORY-3": officers.city,
                    "STORY-4": officers.department,
                ]
                // W1: every talent's basic information, by its unit's officer.
                for (talent, _, _, _) in talents {
                    try await story.command(
                        talent,
                        #"""
                        {"type": "collectBasicInfo", "campaign": 2025, "effectiveOn": "2026-01-08",
                         "info": {"industry": "制造", "professionalField": "材料", "education": "博士", "professionalTitle": "研究员",
                                  "declaredSituations": []}}
                        """#, as: officer[talent]!)
                }
                // W2: the survey of the talent whose period started in 2023.
                try await story.command(
                    "STORY-2",
                    #"""
                    {"type": "submitMidTermSurvey", "campaign": 2025, "effectiveOn": "2026-01-12",
                     "items": {"innovationAndEntrepreneurship": "新建中试线", "technicalBreakthroughs": "合金工艺",
                               "transferOfResults": "两项许可", "economicAndSocialBenefit": "产值增长",
                               "professionalLevel": "省级奖励", "talentCultivation": "培养博士三名"}}
                    """#, as: officers.county)
                // W3, G1, G6: the end-term grades, decided collectively; STORY-1 excellent.
                for (talent, grade) in [("STORY-1", "excellent"), ("STORY-3", "good"), ("STORY-4", "good")] {
                    try await story.command(
                        talent, #"{"type": "registerEndTerm", "campaign": 2025, "effectiveOn": "2026-01-15"}"#,
                        as: officer[talent]!)
                    try await story.command(
                        talent,
                        #"{"type": "grade", "campaign": 2025, "grade": "\#(grade)", "decidedCollectively": true, "effectiveOn": "2026-02-10"}"#,
                        as: officer[talent]!)
                }
                // P1–P3: the excellent result is publicized; an objection comes and is answered.
                for body in [
                    #"{"type": "startPublicity", "campaign": 2025, "effectiveOn": "2026-02-12"}"#,
                    #"{"type": "fileObjection", "campaign": 2025, "objectionId": "O-1", "summary": "论文署名存疑", "effectiveOn": "2026-02-13"}"#,
                    #"{"type": "answerObjection", "campaign": 2025, "objectionId": "O-1", "response": "经核实无误", "effectiveOn": "2026-02-16"}"#,
                    #"{"type": "endPublicity", "campaign": 2025, "effectiveOn": "2026-02-25"}"#,
                ] {
                    try await story.command("STORY-1", body, as: officers.county)
                }

                // O1: the county unit goes up county bureau → city bureau → province; the city returns it once.
                try await story.submit(units.county.id, on: "2026-03-16", as: officers.county)
                #expect(
                    try await story.review(units.county.id, "accept", on: "2026-03-17", as: countyLevel)["awaiting"]
                        as? String == cityOfCounty)
                let returned = try await story.review(
                    units.county.id, "return", on: "2026-03-18", as: cityLevelOfCounty, reason: "工作报告缺少异议处理情况")
                #expect(returned["status"] as? String == "returned")
                try await story.send(
                    .post, "/v1/campaigns/2025/submissions/\(units.county.id)/review", as: countyLevel,
                    #"{"decision": "accept", "effectiveOn": "2026-03-18"}"#, expect: .unprocessableContent)
                try await story.submit(units.county.id, on: "2026-03-19", as: officers.county)
                _ = try await story.review(units.county.id, "accept", on: "2026-03-20", as: countyLevel)
                _ = try await story.review(units.county.id, "accept", on: "2026-03-23", as: cityLevelOfCounty)
                #expect(
                    try await story.review(units.county.id, "accept", on: "2026-03-25", as: province)["status"]
                        as? String == "accepted")
                // The department's unit: department → province.
                try await story.submit(units.department.id, on: "2026-03-20", as: officers.department)
                _ = try await story.review(units.department.id, "accept", on: "2026-03-23", as: departmentLevel)
                _ = try await story.review(units.department.id, "accept", on: "2026-03-26", as: province)
                // The city unit does not submit in the window (S2).

                // Each level sees its units; the province all three, the city unit late once the window closed
                // (read once that day has come: a unit is not late before).
                try story.clock.set(day: "2026-04-01")
                let overview = try await story.send(
                    .get, "/v1/campaigns/2025/submissions?on=2026-04-01", as: province, expect: .ok)
                let states = Dictionary(
                    uniqueKeysWithValues: (overview["units"] as? [[String: Any]] ?? []).map {
                        ($0["unit"] as? String ?? "", $0["state"] as? String ?? "")
                    })
                #expect(states[units.county.id] == "accepted")
                #expect(states[units.department.id] == "accepted")
                #expect(states[units.city.id] == "late")
                let county = try await story.send(
                    .get, "/v1/campaigns/2025/submissions?on=2026-04-01", as: countyLevel, expect: .ok)
                #expect(
                    (county["units"] as? [[String: Any]] ?? []).contains { $0["unit"] as? String == units.county.id })
                #expect(
                    !(county["units"] as? [[String: Any]] ?? []).contains { $0["unit"] as? String == units.city.id })

                // S3: the job on 2026-04-01 suspends the late unit's talents' services, and only theirs.
                try story.clock.set(day: "2026-04-01")
                let suspended = try await story.send(
                    .post, "/v1/jobs/suspend-late-units", as: province, #"{"campaign": 2025, "on": "2026-04-01"}"#,
                    expect: .ok)
                #expect((suspended["units"] as? [String] ?? []).contains(units.city.id))
                #expect(!(suspended["units"] as? [String] ?? []).contains(units.county.id))

                // S4: the make-up, with its reason, accepted by the city and the province before 2026-06-30.
                try await story.submit(units.city.id, on: "2026-05-08", as: officers.city, lateness: "经办人调整，材料延误")
                _ = try await story.review(units.city.id, "accept", on: "2026-05-11", as: cityLevel)
                _ = try await story.review(units.city.id, "accept", on: "2026-05-15", as: province)
                try story.clock.set(day: "2026-05-20")
                let restored = try await story.send(
                    .post, "/v1/jobs/restore", as: province, #"{"campaign": 2025, "on": "2026-05-20"}"#, expect: .ok)
                #expect(restored["units"] as? [String] == [units.city.id])

                // The cards as the register tells them for each unit's talent, as of the two days.
                for talent in ["STORY-1", "STORY-4"] {
                    #expect(try await story.cards(talent, asOf: "2026-04-15") == ["active", "active"], "\(talent)")
                    #expect(try await story.cards(talent, asOf: "2026-07-01") == ["active", "active"], "\(talent)")
                }
                #expect(try await story.cards("STORY-3", asOf: "2026-04-15") == ["suspended", "suspended"])
                #expect(try await story.cards("STORY-3", asOf: "2026-07-01") == ["active", "active"])

                // The province's package holds the three units among the others, as the register tells them,
                // made on a day that has come.
                try story.clock.set(day: "2026-07-01")
                let (packed, _, path) = try await CampaignDocumentRoutesTests.download(
                    client, "/v1/campaigns/2025/forms/package?on=2026-07-01", token: province)
                #expect(packed == .ok)
                let package = try OfficeDocuments.package(try #require(path))
                let summary = try #require(package.entries[1].sheets?.last)
                let lines = summary.rows.dropFirst(3).compactMap { $0.count > 2 ? [$0[1], $0[2]] : nil }
                #expect(lines.contains([units.county.name, "已审核通过"]))
                #expect(lines.contains([units.city.name, "已补报"]))
            }
        }
    }
}
