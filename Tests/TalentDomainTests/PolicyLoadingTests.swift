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
        #expect(policy.publicity.minimumWorkingDays == 5)  // P1
        #expect(Tier.allCases.allSatisfy { policy.entitlements.entitlements(of: $0).jijianCard })  // E2
        #expect(policy.entitlements.housingSubsidyInstalments.count == 3)  // E4
        #expect(policy.entitlements.housingSubsidyScheduleStart == .periodStart)  // E4
        #expect(policy.entitlements.housingSubsidyOnDowngrade == .switchToNewTierAmount)  // C1/E4
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
            \.publicity,
            with:
                #"{"minimumWorkingDays": "five", "publicizedGrades": [], "unresolvedObjectionBlocksFinalization": true}"#
        )
        guard case .malformed(let document, let path, _) = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(document == "publicity.json")
        #expect(path == "minimumWorkingDays")
        #expect(error?.description.contains("publicity.json") == true)
    }

    @Test func invalidValuesAreRejectedWithTheField() throws {
        let zeroDays = try replacing(
            \.publicity,
            with:
                #"{"minimumWorkingDays": 0, "publicizedGrades": ["excellent"], "unresolvedObjectionBlocksFinalization": true}"#
        )
        #expect(
            zeroDays == .invalid(document: "publicity.json", field: "minimumWorkingDays", reason: "must be at least 1"))

        var documents = try Fixture.documents()
        var management = try JSONSerialization.jsonObject(with: documents.management) as? [String: Any] ?? [:]
        var table = management["reapplicationByExitReason"] as? [String: String] ?? [:]
        table["fraud"] = "afterWaitingPeriod"
        management["reapplicationByExitReason"] = table
        documents.management = try JSONSerialization.data(withJSONObject: management)
        #expect(throws: PolicyError.self) { try Policy.load(documents) }
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
