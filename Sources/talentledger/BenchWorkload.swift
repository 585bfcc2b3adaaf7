import EventStore
import Foundation
import ReadModels
import TalentDomain

/// The synthetic talents of the benchmark: evaluations decided by the domain, then basic-info
/// collections until a talent has the wanted number of events. Deterministic: talent `n` always gets
/// the same facts.
struct BenchWorkload: Sendable {
    let policy: Policy
    let evaluatedOn: Day
    let collectedFrom: Day
    let campaign: Int
    let metadata: EventMetadata

    init(policy: Policy) throws {
        self.policy = policy
        evaluatedOn = try Day(year: 2024, month: 3, day: 1)
        collectedFrom = try Day(year: 2025, month: 12, day: 15)
        campaign = policy.campaigns.defaultYear
        metadata = EventMetadata(actor: "bench", role: "system", reason: "benchmark", correlationID: UUID().uuidString)
    }

    /// The employer units the talents are spread over.
    static let units = 97

    static func unitID(_ number: Int) -> UnitID { UnitID("bench-unit-\(number)") }

    static let fields = ["engineering", "medicine", "agriculture", "materials", "information technology"]
    static let industries = ["manufacturing", "health", "education", "agriculture", "software"]

    /// Where the talents work and when they were evaluated: spread over the unregistered bench units and
    /// evaluated in 2024 for the engine's phases; the campaign phase places them in registered units and
    /// evaluates them early enough for the end-term assessment (W3).
    struct Placement: Sendable {
        var unit: @Sendable (Int) -> UnitID
        var evaluatedOn: Day
    }

    var enginePlacement: Placement { Placement(unit: { Self.unitID($0 % Self.units) }, evaluatedOn: evaluatedOn) }

    func evaluation(of talent: TalentID, index: Int, placement: Placement) -> Evaluation {
        Evaluation(
            talentId: talent, tier: Tier.allCases[index % Tier.allCases.count], unit: placement.unit(index),
            professionalField: Self.fields[index % Self.fields.count],
            evaluatingDocument: "吉人才字〔2024〕\(index % 40 + 1)号", certificateDate: placement.evaluatedOn,
            evaluatedOn: placement.evaluatedOn)
    }

    /// The events of talent `index`: its evaluation, then basic-info collections up to `eventCount`
    /// events in all (never fewer than the evaluation itself decided).
    func events(of talent: TalentID, index: Int, eventCount: Int, placement: Placement? = nil) throws -> [TalentEvent] {
        let placement = placement ?? enginePlacement
        var events = try decide(
            .evaluate(evaluation(of: talent, index: index, placement: placement)), .initial, policy,
            placement.evaluatedOn)
        var state = events.reduce(Talent.initial, evolve)
        var day = collectedFrom
        while events.count < eventCount {
            let info = BasicInfo(
                industry: Self.industries[(index + events.count) % Self.industries.count],
                professionalField: Self.fields[index % Self.fields.count], education: "doctorate",
                professionalTitle: events.count % 2 == 0 ? "professor" : "senior engineer")
            let decided = try decide(.collectBasicInfo(campaign: campaign, info: info), state, policy, day)
            state = decided.reduce(state, evolve)
            events += decided
            day = day.adding(days: 1)
        }
        return events
    }

    /// The bulk appends of talents `range`, named `prefix` + number.
    func appends(prefix: String, range: Range<Int>, eventsPerTalent: Int, placement: Placement? = nil) throws
        -> [StreamAppend]
    {
        try range.map { index in
            let talent = Self.talentID(prefix: prefix, index: index)
            return StreamAppend(
                streamID: TalentStream.id(talent), streamType: TalentStream.type, expected: .noStream,
                events: try events(of: talent, index: index, eventCount: eventsPerTalent, placement: placement).map {
                    try TalentStream.newEvent($0, metadata: metadata)
                })
        }
    }

    /// Registers a provincial office, one city bureau under it and `units` (city units) under the bureau:
    /// the part of the O1 tree a phase's talents answer to.
    static func registerCity(
        office: (id: String, name: String), city: String, units: [UnitID], in store: EventStore
    ) async throws {
        let organizations =
            [
                Organization(
                    id: office.id, name: office.name, shortName: office.name, kind: .provincialOffice, parentID: nil,
                    region: nil),
                Organization(
                    id: city, name: "基准市人社局", shortName: "基准市", kind: .cityBureau, parentID: office.id,
                    region: nil),
            ]
            + units.enumerated().map { number, unit in
                Organization(
                    id: unit.rawValue, name: "基准单位\(number)", shortName: "基准\(number)", kind: .cityUnit,
                    parentID: city, region: nil)
            }
        try await store.appendBulk(try organizations.map { try OrganizationStream.registration($0, on: "2016-01-01") })
    }

    static func talentID(prefix: String, index: Int) -> TalentID {
        let digits = String(index)
        return TalentID(prefix + String(repeating: "0", count: max(0, 7 - digits.count)) + digits)
    }

    /// One event of the single-append phase: a talent-shaped payload (a basic-info collection) for a
    /// stream the projector ignores.
    func appendEvent() throws -> NewEvent {
        let events = try events(of: TalentID("bench-append"), index: 0, eventCount: 2)
        guard let event = events.last else { throw CLIFailure("the benchmark workload decided no event") }
        return try TalentStream.newEvent(event, metadata: metadata)
    }
}
