import Foundation
import TalentLedgerTesting
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

    /// The checked-in policy with one document edited as JSON and loaded through the same validating
    /// path as production: a `Policy` cannot be changed after validation, only loaded differently.
    static func policy(
        editing document: WritableKeyPath<Policy.Documents, Data>, _ edit: (inout [String: Any]) -> Void
    ) throws -> Policy {
        var documents = try documents()
        var json = try JSONSerialization.jsonObject(with: documents[keyPath: document]) as? [String: Any] ?? [:]
        edit(&json)
        documents[keyPath: document] = try JSONSerialization.data(withJSONObject: json)
        return try Policy.load(documents)
    }
}

extension Fixture {
    /// The checked-in policy with a campaign of `year` beside 2025's, its scopes and windows 2025's shifted.
    static func policy(withCampaignLike2025 year: Int) throws -> Policy {
        try policy(editing: \.campaigns) { json in
            var years = json["years"] as? [[String: Any]] ?? []
            var next = years[0]
            next["year"] = year
            years.append(next)
            json["years"] = years
        }
    }
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
                try Self.evaluation(
                    tier: tier, certificate: start, unit: unit, flexibleEnd: flexibleEnd, classified: classified)),
            on: start)
    }

    /// Talent `id`'s evaluation at `tier` with a certificate dated `certificate` (a first one, or another).
    static func evaluation(
        _ id: String = "t-1", tier: Tier, certificate: String, unit: String = "unit-1",
        document: String = "吉人社发〔2020〕1号", flexibleEnd: String? = nil, classified: Bool = false
    ) throws -> Evaluation {
        Evaluation(
            talentId: TalentID(id), tier: tier, unit: UnitID(unit), professionalField: "materials",
            evaluatingDocument: document, certificateDate: try day(certificate),
            flexibleAgreementEnd: try flexibleEnd.map(day), classified: classified)
    }

    @discardableResult
    mutating func run(_ command: TalentCommand, on date: String) throws -> [TalentEvent] {
        let new = try decide(command, state, policy, try day(date))
        events += new
        // As the register does: the whole history, folded in business order.
        state = Talent.fold(events)
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

    /// X9: the province verifies the earliest reported exit situation on `date`.
    @discardableResult
    mutating func verifyExit(on date: String, confirmed: Bool = true) throws -> [TalentEvent] {
        let report = try #require(state.pendingExitReports.first, "no exit situation was reported")
        return try run(
            .verifyExitSituation(
                reason: report.reason, confirmed: confirmed, finding: "checked with the unit's papers"),
            on: date)
    }

    /// An X1–X8 fact recorded on `date`: it must only report (X9), leaving the talent under management
    /// with every entitlement, until the province verifies it on `verifiedOn`; returns the verification's
    /// events (the exit and its consequences).
    mutating func reportAndVerify(_ command: TalentCommand, on date: String, verifiedOn: String) throws
        -> [TalentEvent]
    {
        let before = state.entitlements
        let reported = try run(command, on: date)
        #expect(reported.exit == nil, "an exit situation takes effect only once verified (X9)")
        #expect(reported.report?.derivation?.rule == .X9)
        #expect(state.isUnderManagement)
        #expect(state.entitlements == before)
        return try verifyExit(on: verifiedOn)
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
    var reported: ExitSituationReported? { if case .exitSituationReported(let e) = self { e } else { nil } }
}

extension Array where Element == TalentEvent {
    var exit: TalentExited? { compactMap(\.exited).first }
    var report: ExitSituationReported? { compactMap(\.reported).first }
    var downgrade: TalentDowngraded? { compactMap(\.downgraded).first }
    var changes: [EntitlementChange] { compactMap(\.entitlementsChanged).flatMap(\.changes) }
    var typeNames: [String] { map(\.typeName) }
}

let surveyItems = RandomCommands.surveyItems

let basicInfo = RandomCommands.basicInfo
