import Foundation
import Testing

@testable import ReadModels
@testable import TalentDomain

/// The state a talent's row keeps (`CurrentState`, written by hand) is what `JSONEncoder` writes of the same
/// `Talent`, value for value, and the same text in every process.
@Suite("A talent's kept state")
struct CurrentStateTests {
    static func object(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    static func expectSameAsJSONEncoder(_ state: Talent, _ comment: Comment? = nil) throws {
        let kept = CurrentState.json(state)
        #expect(try object(Data(kept.utf8)) == (try object(JSONEncoder().encode(state))), comment)
        #expect(try JSONDecoder().decode(Talent.self, from: Data(kept.utf8)) == state, comment)
        // A command decides on the kept state as the payload reader reads it: it must be the state itself.
        #expect(try PayloadDecoder().decode(Talent.self, from: Data(kept.utf8)) == state, comment)
    }

    @Test func aStateWithEveryMemberFilledReadsAsJSONEncoderWritesIt() throws {
        let state = try Self.everyMemberFilled()
        // Every optional at every level holds a value: a member added to the state later fails here until
        // this state fills it, and then fails the comparison until `CurrentState` writes it.
        #expect(Self.absentMembers(of: state).isEmpty, "fill these: \(Self.absentMembers(of: state))")
        try Self.expectSameAsJSONEncoder(state)
        try Self.expectSameAsJSONEncoder(Talent.initial)
        var quoted = state
        quoted.investigation = "a \"quoted\" line\nwith a backslash \\ and 中文"
        try Self.expectSameAsJSONEncoder(quoted)
    }

    @Test func generatedHistoriesReadAsJSONEncoderWritesThem() async throws {
        let context = try await ReadModelContext("current_state_generated")
        for id in try await generateHistories(context, talents: 30, seed: 11) {
            let state = try #require(try await context.replay.state(of: id))
            try Self.expectSameAsJSONEncoder(state, "\(id)")
        }
    }

    /// The same state, its campaigns and objections put in in other orders: the same text.
    @Test func aStateEncodesToTheSameTextWhateverOrderItsSetsAndCampaignsHold() throws {
        let state = try Self.everyMemberFilled()
        var other = Talent.initial
        other = state
        other.campaigns = [:]
        for year in state.campaigns.keys.sorted().reversed() {
            var record = try #require(state.campaigns[year])
            record.openObjections = Set(record.openObjections.sorted().reversed())
            other.campaigns[year] = record
        }
        #expect(other == state)
        #expect(CurrentState.json(other) == CurrentState.json(state))
    }

    /// Paths of the optionals that hold nothing, at every level of `value`.
    static func absentMembers(of value: Any, at path: String = "") -> [String] {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return [path] }
            return absentMembers(of: wrapped, at: path)
        }
        return mirror.children.enumerated().flatMap { index, child in
            absentMembers(of: child.value, at: path + "." + (child.label ?? String(index)))
        }
    }

    static func everyMemberFilled() throws -> Talent {
        let day = { (text: String) throws -> Day in try Day(text) }
        let situation = ReportableSituation(
            kind: .weakAnnualAssessment, rule: RuleID(rawValue: "D1"), occurredOn: try day("2025-01-31"),
            reportDue: try day("2025-02-28"))
        let reapplication = Reapplication(rule: .afterWaitingPeriod, allowedFrom: try day("2030-01-01"))
        var state = Talent.initial
        state.id = TalentID("full-1")
        state.tier = .B
        state.status = .underManagement
        state.unit = UnitID("unit-1")
        state.reportingUnit = UnitID("unit-0")
        state.professionalField = "材料"
        state.period = ManagementPeriod(
            tier: .B, start: try day("2021-03-01"), source: .electronicCertificate, basis: .evaluation,
            end: try day("2026-02-28"))
        state.managedSince = try day("2016-05-01")
        state.evaluationCount = 2
        state.evaluatedOn = try day("2021-03-01")
        state.evaluatedTier = .C
        state.evaluatedUnit = UnitID("unit-1")
        state.evaluatedAgreementEnd = try day("2025-12-31")
        state.flexibleAgreementEnd = try day("2027-12-31")
        state.isClassified = true
        state.isRetired = true
        state.diedOn = try day("2026-05-01")
        state.qualificationRevokedOn = try day("2026-04-01")
        state.retiredOn = try Day("2025-07-01")
        state.rehire = Talent.RehireAgreement(
            reference: "聘2025-1", sameField: true, inProvince: true, validUntil: try day("2027-06-30"),
            since: try day("2025-07-01"))
        state.postedToBranch = true
        let record = CampaignRecord(
            basicInfo: BasicInfo(
                industry: "制造业", professionalField: "材料", education: "博士", professionalTitle: "教授",
                declaredSituations: [RuleID(rawValue: "X1"), RuleID(rawValue: "D2")]),
            survey: MidTermSurveyItems(
                innovationAndEntrepreneurship: "一", technicalBreakthroughs: "二", transferOfResults: "三",
                economicAndSocialBenefit: "四", professionalLevel: "五", talentCultivation: "六"),
            judgedWeakOn: try day("2025-05-01"),
            weakFollowUp: CampaignRecord.WeakFollowUp(
                responsiblePerson: "李四", reminderTalkOn: try day("2025-05-10"), helpMeasures: "帮扶",
                improveBy: try day("2025-11-10")),
            endTermRegisteredOn: try day("2025-12-01"), grade: .excellent, pendingInvestigation: "调查中",
            publicity: CampaignRecord.Publicity(
                startedOn: try day("2026-01-05"), earliestEnd: try day("2026-01-09"), minimumWorkingDays: 5,
                endedOn: try day("2026-01-12")),
            openObjections: ["obj-3", "obj-1", "obj-2"], answeredObjections: ["obj-0"],
            notifiedOn: try day("2026-01-15"), confirmedOn: try day("2026-01-20"), gradedOn: try day("2025-12-10"),
            gradedTier: .B, lastObjectionOn: try day("2026-01-08"),
            objectionsFiledOn: [
                "obj-3": try day("2026-01-07"), "obj-1": try day("2026-01-06"),
                // An objection's id is the caller's text: a name with a quote is escaped like any text.
                "obj-\"4\\": try day("2026-01-07"),
            ])
        state.campaigns = [2025: record, 2024: record, 2026: record]
        state.pendingReports = [situation]
        state.openRecommendation = Talent.Recommendation(
            outcome: .downgrade, recommendedOn: try day("2025-03-01"), situations: [situation])
        state.pendingExitReports = [
            Talent.ExitReport(
                reason: .retiredNotRehired, occurredOn: try day("2025-05-02"), reportedOn: try day("2025-07-01"),
                reportDue: try day("2025-06-02"), withinDeadline: false)
        ]
        state.entitlements = Entitlements(
            jixiangCard: .suspended, jijianCard: .suspended, talentCode: Credential(status: .valid, tier: .B),
            certificate: Credential(status: .cancelled, tier: .C), medicalService: true,
            housingSubsidy: HousingSubsidy(
                totalYuan: 500_000, paidYuan: 200_000, paidInstalments: [1, 2], stopped: true, withheldYuan: 300_000,
                stoppedOn: try day("2025-07-20"), grantedOn: try day("2021-03-01"), instalmentBaseYuan: 300_000))
        state.exit = Talent.ExitRecord(
            reason: .retiredNotRehired, on: try day("2025-07-20"), reapplication: reapplication)
        state.exits = [
            Talent.ExitRecord(reason: .leftProvince, on: try day("2023-07-20"), reapplication: reapplication),
            try #require(state.exit),
        ]
        state.lastDowngrade = Talent.DowngradeRecord(
            from: .A, to: .B, on: try day("2024-01-20"), reapplication: reapplication)
        state.downgrades = [
            Talent.DowngradeRecord(from: .A, to: .B, on: try day("2023-01-20"), reapplication: reapplication),
            try #require(state.lastDowngrade),
        ]
        state.lostContactSince = try day("2025-08-01")
        state.contactRestoredOn = try day("2025-06-30")
        state.investigation = "纪律审查"
        state.investigationStartedOn = try day("2026-01-10")
        state.servicesSuspendedOn = try day("2026-04-01")
        return state
    }
}
