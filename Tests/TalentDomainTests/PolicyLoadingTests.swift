// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S2 are the register's own spelling.

import Foundation
import Testing

@testable import TalentDomain

@Suite("Policy data")
struct PolicyLoadingTests {
    @Test func checkedInPolicyHoldsEveryAssumption() throws {
        let policy = try policy()
        #expect(policy.management.managementPeriodYears == 5)  // M1
        #expect(policy.management.renewal.onResultConfirmation)  // M4
        #expect(policy.management.renewal.grades == [.excellent, .good, .fair])
        #expect(policy.publicity.unresolvedObjectionBlocksFinalization)  // P3
        #expect(Tier.allCases.allSatisfy { policy.entitlements.entitlements(of: $0).jijianCard })  // E2
        #expect(policy.entitlements.housingSubsidyInstalments.count == 3)  // E4
        #expect(policy.entitlements.housingSubsidyScheduleStart == .periodStart)  // E4
        #expect(policy.entitlements.housingSubsidyOnDowngrade == .switchToNewTierAmount)  // C1/E4
        #expect(policy.entitlements.housingSubsidyOnReevaluation == .switchToNewTierAmount)  // E4/M3
        #expect(policy.management.jixiangCardSourceBefore == (try day("2020-01-01")))  // M2
        #expect(policy.management.reapplicationWaitingYears == 2)  // C3
        #expect(policy.management.lostContactMonths == 6)  // X8
        #expect(policy.management.exitReportDeadlineMonths == 1)  // X9
        #expect(policy.management.downgradeReportDeadlineMonths == 1)  // D3
        #expect(policy.campaigns.defaultYear == 2025)
        #expect(policy.calendar.years.keys.sorted() == [2025, 2026])
        let campaign = try policy.campaign()
        #expect(campaign.midTermPeriodStartYear == 2023)
        #expect(campaign.endTermPeriodStartOnOrBefore == (try day("2020-12-31")))
        #expect(campaign.publicityMinimumWorkingDays == 5)  // P1
        #expect(campaign.contactFormDeadline == (try day("2025-12-31")))  // O3
        #expect(campaign.submissionOpens == (try day("2026-03-16")))  // S2
        #expect(campaign.submissionCloses == (try day("2026-03-31")))
        #expect(campaign.makeUpDeadline == (try day("2026-06-30")))  // S4
        #expect(campaign.packageName(unitShortName: "吉大") == "吉大2025人才考核")  // S1
    }

    /// A campaign of another year is an entry of campaigns.json: its dates are its own, its scopes the
    /// shared offsets from its year (or its own where the entry gives them).
    @Test func S1_S2_P2_aCampaign2026WorksByAddingAnEntry() throws {
        #expect(throws: PolicyError.self) { try TalentDomainTests.policy().campaign(year: 2026) }
        let policy = try Fixture.policy(editing: \.campaigns) { json in
            var years = json["years"] as? [[String: Any]] ?? []
            years.append([
                "year": 2026, "contactFormDeadline": "2026-12-31",
                "submissionWindow": ["opens": "2027-03-15", "closes": "2027-03-31"], "makeUpDeadline": "2027-06-30",
                "publicityMinimumWorkingDays": 7, "packageName": "{unit}{year}人才考核", "onTime": "accepted",
                "weakFollowUpDays": 20,
                "midTermSurvey": ["tiers": ["C", "D"], "periodStartYearOffset": -2],
            ])
            json["years"] = years
        }
        // Its window falls in 2027, which the checked-in calendars do not cover: said when it is loaded.
        #expect(try TalentDomainTests.policy().warnings.isEmpty)
        #expect(
            policy.warnings == [
                "campaign 2026 reaches into 2027, which has no working-day calendar (policy/calendar/2027.json): "
                    + "a publicity then cannot be counted (P1, P2)"
            ])
        let campaign = try policy.campaign(year: 2026)
        #expect(campaign.midTermPeriodStartYear == 2024)
        #expect(campaign.midTermTiers == [.C, .D])
        #expect(campaign.endTermPeriodStartOnOrBefore == (try day("2021-12-31")))
        #expect(campaign.submissionCloses == (try day("2027-03-31")))
        #expect(campaign.publicityMinimumWorkingDays == 7)
        #expect(campaign.onTime == .accepted)
        #expect(campaign.packageName(unitShortName: "吉大") == "吉大2026人才考核")
        #expect(try policy.campaign(year: 2025).publicityMinimumWorkingDays == 5)
        // S1: each exit and downgrade is reported by one campaign: 2025's through its window's close, 2026's
        // from the day after.
        let (y2025Start, y2025Close, y2026Start) = (try day("2025-01-01"), try day("2026-03-31"), try day("2026-04-01"))
        #expect(
            try policy.campaign(year: 2025).changesReported(through: try day("2026-05-20")) == y2025Start...y2025Close)
        #expect(
            try policy.campaign(year: 2025).changesReported(through: try day("2026-03-20"))?.upperBound
                == (try day("2026-03-20")))
        #expect(campaign.changesReportedFrom == y2026Start)
        #expect(campaign.changesReported(through: try day("2026-03-20")) == nil)
        #expect(campaign.changesReported(through: try day("2027-03-20")) == y2026Start...(try day("2027-03-20")))
        let overlapping = #expect(throws: PolicyError.self) {
            try Fixture.policy(editing: \.campaigns) { json in
                var years = json["years"] as? [[String: Any]] ?? []
                var next = years[0]
                next["year"] = 2026
                next["changesReportedFrom"] = "2026-03-01"
                years.append(next)
                json["years"] = years
            }
        }
        #expect(
            String(describing: overlapping).contains("years[1].changesReportedFrom"),
            "\(String(describing: overlapping))")
        func with2026(from: String) throws -> Policy {
            try Fixture.policy(editing: \.campaigns) { json in
                var years = json["years"] as? [[String: Any]] ?? []
                var next = years[0]
                next["year"] = 2026
                next["submissionWindow"] = ["opens": "2027-03-15", "closes": "2027-03-31"]
                next["makeUpDeadline"] = "2027-06-30"
                next["changesReportedFrom"] = from
                years.append(next)
                json["years"] = years
            }
        }
        // A first day after the day following 2025's window leaves days to no report: said when loaded.
        #expect(
            try with2026(from: "2026-04-03").warnings.contains {
                $0.contains("leaves 2026-04-01–2026-04-02 in no work report")
            })
        #expect(try with2026(from: "2026-04-01").warnings.allSatisfy { !$0.contains("no work report") })
        #expect(throws: PolicyError.self) { try with2026(from: "2027-05-01") }
        // A talent in campaign 2026's scope does its work items under that campaign.
        var ledger = try Ledger(tier: .C, start: "2024-05-01")
        ledger = Ledger(policy: policy, replaying: ledger.events)
        try ledger.run(.submitMidTermSurvey(campaign: 2026, items: surveyItems), on: "2027-01-10")
        #expect(ledger.state.campaign(2026).survey != nil)
        // With the checked-in policy, there is no campaign 2026 to work in (refused under the survey's rule).
        var unlisted = try Ledger(tier: .C, start: "2024-05-01")
        #expect(
            try unlisted.refusal(.submitMidTermSurvey(campaign: 2026, items: surveyItems), on: "2027-01-10")?.rule
                == .W2)
        _ = try unlisted.run(.collectBasicInfo(campaign: 2025, info: basicInfo), on: "2026-01-10")
    }

    func replacing(_ keyPath: WritableKeyPath<Policy.Documents, Data>, with json: String) throws -> PolicyError? {
        var documents = try Fixture.documents()
        documents[keyPath: keyPath] = Data(json.utf8)
        do {
            _ = try Policy.load(documents)
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedDocumentNamesFileAndPath() throws {
        let error = try replacing(
            \.publicity, with: #"{"publicizedGrades": "excellent", "unresolvedObjectionBlocksFinalization": true}"#)
        guard case .malformed(let document, let path, _) = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(document == "publicity.json")
        #expect(path == "publicizedGrades")
        #expect(error?.description.contains("publicity.json") == true)
    }

    @Test func aDocumentThatIsNoJSONIsRefusedWithTheLineAndColumn() throws {
        let error = try replacing(\.publicity, with: "{\n  \"publicizedGrades\": [\"优秀\",, \"合格\"]\n}")
        guard case .malformed(let document, _, let detail) = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(document == "publicity.json")
        // The second comma of line 2, counted in characters (优秀 is two, not six bytes).
        #expect(detail == "Invalid value at line 2, column 29")
        let cutShort = try replacing(\.publicity, with: "{\n  \"publicizedGrades\": [")
        #expect(cutShort?.description.contains("end of file") == true, "\(String(describing: cutShort))")
    }

    @Test func invalidValuesAreRejectedWithTheField() throws {
        func campaignError(_ edit: @escaping (inout [String: Any]) -> Void) -> PolicyError? {
            do {
                _ = try Fixture.policy(editing: \.campaigns) { json in
                    var years = json["years"] as? [[String: Any]] ?? []
                    edit(&years[0])
                    json["years"] = years
                }
                return nil
            } catch { return error as? PolicyError }
        }
        #expect(
            campaignError { $0["publicityMinimumWorkingDays"] = 0 }
                == .invalid(
                    document: "campaigns.json", field: "years[0].publicityMinimumWorkingDays",
                    reason: "must be at least 1"))
        #expect(
            campaignError { $0["submissionWindow"] = ["opens": "2026-03-31", "closes": "2026-03-16"] }
                == .invalid(
                    document: "campaigns.json", field: "years[0].submissionWindow", reason: "must open before it closes"
                ))
        #expect(
            campaignError { $0["packageName"] = "2025人才考核" }
                == .invalid(
                    document: "campaigns.json", field: "years[0].packageName", reason: "must name the unit with {unit}")
        )
        #expect(
            campaignError { $0["makeUpDeadline"] = "2026-03-01" }
                == .invalid(
                    document: "campaigns.json", field: "years[0].makeUpDeadline",
                    reason: "must not come before the window closes"))

        var documents = try Fixture.documents()
        var management = try JSONSerialization.jsonObject(with: documents.management) as? [String: Any] ?? [:]
        var table = management["reapplicationByExitReason"] as? [String: String] ?? [:]
        table["fraud"] = "afterWaitingPeriod"
        management["reapplicationByExitReason"] = table
        documents.management = try JSONSerialization.data(withJSONObject: management)
        // C3: what the notice fixes (fraud: never again) is no setting; the refusal names the entry.
        let fixed = #expect(throws: PolicyError.self) { try Policy.load(documents) }
        guard case .invalid(let document, let field, _) = fixed else {
            Issue.record("expected the field at fault, got \(String(describing: fixed))")
            return
        }
        #expect(document == "management.json" && field.contains("fraud"), "\(field)")
    }

    @Test func boundsKeepDateAndMoneyArithmeticSafe() throws {
        #expect(throws: PolicyError.self) {
            try Fixture.policy(editing: \.management) { $0["managementPeriodYears"] = 1_000_000_000_000 }
        }
        #expect(throws: PolicyError.self) {
            try Fixture.policy(editing: \.management) { $0["lostContactMonths"] = 0 }
        }
    }

    @Test func calendarDataIsValidated() throws {
        var documents = try Fixture.documents()
        documents.calendars = [Data(#"{"year": 2026, "holidays": [], "makeUpWorkingDays": ["2026-02-16"]}"#.utf8)]
        #expect(throws: PolicyError.self) { try Policy.load(documents) }
        documents.calendars = [Data(#"{"year": 2026, "holidays": [], "makeUpWorkingDays": ["2026-02-30"]}"#.utf8)]
        #expect(throws: PolicyError.self) { try Policy.load(documents) }
    }
}
