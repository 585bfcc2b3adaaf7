import Foundation
import Postgres
import TalentDomain
import TalentLedgerTesting

@testable import EventStore
@testable import ReadModels
@testable import TalentApplication

let officer = Caller(id: "hr-officer-1", role: .unitOfficer, organization: "unit-1")
let province = Caller(id: "province-1", role: .provinceOffice)

struct ReadModelContext {
    let store: EventStore
    let policy: Policy
    let handler: TalentCommandHandler
    let replay: TalentReplay
    let history: HistoryQueries

    init(_ suite: String) async throws {
        let configuration = try await TestDatabase.fresh(suite)
        store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 12))
        policy = try PolicyDirectory.load()
        handler = TalentCommandHandler(store: store, policy: policy, maximumAttempts: 20)
        replay = TalentReplay(store: store)
        history = HistoryQueries(store: store)
    }

    func evaluation(_ id: String, tier: Tier, certificate: String, unit: String = "unit-1") throws -> TalentCommand {
        .evaluate(
            Evaluation(
                talentId: TalentID(id), tier: tier, unit: UnitID(unit), professionalField: "materials",
                evaluatingDocument: "吉人社字〔\(try Day(certificate).year)〕1号", certificateDate: try Day(certificate)
            )
        )
    }

    /// Evaluates a talent on its certificate date, by the province: how most histories here begin.
    @discardableResult
    func evaluate(
        _ id: String, tier: Tier, certificate: String, commandID: UUID = .timeOrdered()
    ) async throws -> TalentCommandHandler.Outcome {
        try await handler.handle(
            try evaluation(id, tier: tier, certificate: certificate), for: TalentID(id), on: try day(certificate),
            by: province, commandID: commandID)
    }

    /// Rows of a table as text, ordered, for comparing projections.
    func snapshot(_ table: StaticString) async throws -> [String] {
        try await store.pool.withConnection { connection in
            try await connection.query("SELECT t::text FROM \(sql: table) t ORDER BY 1").map {
                try $0.decode(String.self, at: 0)
            }
        }
    }

    func snapshotAll() async throws -> [String: [String]] {
        [
            "talents": try await snapshot("talents"),
            "talent_tier_history": try await snapshot("talent_tier_history"),
            "card_history": try await snapshot("card_history"),
            "campaign_roster": try await snapshot("campaign_roster"),
            "organizations": try await snapshot("organizations"),
        ]
    }
}

func day(_ text: String) throws -> Day {
    try Day(text)
}

/// Writes generated histories through the command handler: evaluations, campaign work, retirements,
/// moves, sanctions, deaths reported late and verified, re-evaluations; refusals are skipped (the domain
/// saying that history cannot happen).
func generateHistories(_ context: ReadModelContext, talents: Int, seed: UInt64) async throws -> [TalentID] {
    var random = SplitMix64(seed: seed)
    var ids: [TalentID] = []
    for index in 0..<talents {
        let id = TalentID("g\(seed)-\(index)")
        ids.append(id)
        let tier = Tier.allCases.randomElement(using: &random) ?? .C
        let startYear = Int.random(in: 2016...2024, using: &random)
        let start = try day(
            "\(startYear)-0\(Int.random(in: 1...9, using: &random))-1\(Int.random(in: 0...9, using: &random))")
        try await context.handler.handle(
            try context.evaluation(id.rawValue, tier: tier, certificate: start.description), for: id, on: start,
            by: province
        )
        var today = start
        for _ in 0..<Int.random(in: 2...7, using: &random) {
            today = today.adding(days: Int.random(in: 30...400, using: &random))
            if today > (try day("2026-11-01")) { break }
            let command: TalentCommand
            switch Int.random(in: 0..<9, using: &random) {
            case 0:
                command = .collectBasicInfo(
                    campaign: 2025,
                    info: BasicInfo(
                        industry: "manufacturing", professionalField: "materials", education: "doctorate",
                        professionalTitle: "professor")
                )
            case 1: command = .retire(occurredOn: today, rehire: nil)
            case 2:
                command = .relocate(
                    kind: .withinProvince, newUnit: UnitID("unit-\(Int.random(in: 2...5, using: &random))"),
                    occurredOn: today)
            case 3:
                command = .penalize(
                    occurredOn: today.adding(days: -10),
                    sanction: Sanction(
                        kind: .administrative, measure: Bool.random(using: &random) ? .demotion : .demerit)
                )
            case 4:
                // A death reported weeks after it happened: a late fact.
                command = .recordDeath(occurredOn: today.adding(days: -21))
            case 5: command = .verifyExitSituation(reason: .died, confirmed: true, finding: "death certificate")
            case 6:
                command = try context.evaluation(
                    id.rawValue, tier: Tier.allCases.randomElement(using: &random) ?? .B, certificate: today.description
                )
            case 7: command = .recordLostContact(since: today.adding(days: -30))
            default: command = .registerEndTerm(campaign: 2025)
            }
            do {
                try await context.handler.handle(
                    command, for: id, on: today, by: Bool.random(using: &random) ? officer : province)
            } catch is Refusal {
                continue
            }
        }
    }
    return ids
}
