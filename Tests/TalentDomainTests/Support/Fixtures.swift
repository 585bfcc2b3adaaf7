import Foundation
import Testing

@testable import TalentDomain

/// The checked-in policy under `policy/`, read once per test process. The domain never reads files;
/// the tests play the caller's part.
enum Fixture {
    static let policyDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // TalentDomainTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("policy")

    static func read(_ name: String) throws -> Data {
        try Data(contentsOf: policyDirectory.appendingPathComponent(name))
    }

    static func documents() throws -> Policy.Documents {
        Policy.Documents(
            management: try read("management.json"), publicity: try read("publicity.json"),
            entitlements: try read("entitlements.json"), campaigns: try read("campaigns.json"),
            calendars: [try read("calendar/2025.json"), try read("calendar/2026.json")])
    }

    static let loaded: Result<Policy, any Error> = Result { try Policy.load(documents()) }
}

func policy() throws -> Policy { try Fixture.loaded.get() }

func day(_ text: String) throws -> Day { try Day(text) }

/// A talent's stream under test: decides commands against the current state and folds the result,
/// as the application layer will.
struct Ledger {
    let policy: Policy
    var state: Talent = .initial
    var events: [TalentEvent] = []

    init(policy: Policy) { self.policy = policy }

    /// A talent evaluated with a certificate dated `start`, recorded on that day.
    init(
        tier: Tier, start: String, classified: Bool = false, flexibleEnd: String? = nil, unit: String = "unit-1"
    ) throws {
        self.policy = try TalentDomainTests.policy()
        try run(
            .evaluate(
                Evaluation(
                    talentId: TalentID("t-1"), tier: tier, unit: UnitID(unit), professionalField: "materials",
                    evaluatingDocument: "吉人社发〔2020〕1号", certificateDate: try day(start),
                    flexibleAgreementEnd: try flexibleEnd.map(day), classified: classified)), on: start)
    }

    @discardableResult
    mutating func run(_ command: TalentCommand, on date: String) throws -> [TalentEvent] {
        let new = try decide(command, state, policy, try day(date))
        state = Talent.fold(new, from: state)
        events += new
        return new
    }

    /// The refusal `command` meets on `date`, or nil when it is accepted (state left unchanged).
    func refusal(_ command: TalentCommand, on date: String) throws -> Refusal? {
        let when = try day(date)
        do {
            _ = try decide(command, state, policy, when)
            return nil
        } catch {
            return error
        }
    }

    /// Runs the end-term procedure of campaign 2025 up to a confirmed `grade` (publicity when needed).
    mutating func confirmEndTerm(_ grade: Grade) throws -> [TalentEvent] {
        try run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try run(.grade(campaign: 2025, grade: grade, decidedCollectively: true), on: "2026-01-06")
        if grade == .excellent, !state.isClassified {
            try run(.startPublicity(campaign: 2025), on: "2026-01-07")
            try run(.endPublicity(campaign: 2025), on: "2026-01-13")
        }
        try run(.notifyResult(campaign: 2025), on: "2026-01-14")
        return try run(.finalizeResult(campaign: 2025), on: "2026-01-20")
    }
}

extension Ledger {
    init(policy: Policy, replaying events: [TalentEvent]) {
        self.init(policy: policy)
        self.events = events
        self.state = Talent.fold(events)
    }
}

extension TalentEvent {
    var exited: TalentExited? { if case .talentExited(let e) = self { e } else { nil } }
    var downgraded: TalentDowngraded? { if case .talentDowngraded(let e) = self { e } else { nil } }
    var entitlementsChanged: EntitlementsChanged? { if case .entitlementsChanged(let e) = self { e } else { nil } }
    var movedToContactList: MovedToContactList? { if case .movedToContactList(let e) = self { e } else { nil } }
    var renewed: ManagementPeriodRenewed? { if case .managementPeriodRenewed(let e) = self { e } else { nil } }
}

extension Array where Element == TalentEvent {
    var exit: TalentExited? { compactMap(\.exited).first }
    var downgrade: TalentDowngraded? { compactMap(\.downgraded).first }
    var changes: [EntitlementChange] { compactMap(\.entitlementsChanged).flatMap(\.changes) }
    var typeNames: [String] { map(\.typeName) }
}

let surveyItems = MidTermSurveyItems(
    innovationAndEntrepreneurship: "new venture", technicalBreakthroughs: "alloy process",
    transferOfResults: "two licences", economicAndSocialBenefit: "plant output up",
    professionalLevel: "provincial award", talentCultivation: "three doctoral students")

let basicInfo = BasicInfo(
    industry: "manufacturing", professionalField: "materials", education: "doctorate",
    professionalTitle: "professor-level senior engineer")
