import EventStore
import Foundation
import Postgres
import TalentDomain

/// A synthetic Jilin province for demos, tests and the benchmark: the O1 organization tree and talents
/// whose histories from 2016 to the end of the campaign year were decided by the domain itself, so every
/// event is one the rules allow. Deterministic: the same seed gives the same province, byte for byte.
public struct DemoProvince: Sendable {
    public let seed: UInt64
    public let talents: Int
    /// The last business day of the histories; campaign work dated later stays pending.
    public let horizon: Day

    public init(seed: UInt64, talents: Int, horizon: Day? = nil) {
        self.seed = seed
        self.talents = max(0, talents)
        self.horizon = horizon ?? Day(ordinal: 20_453)  // 2025-12-31
    }

    /// The organization tree, parents before children.
    public func organizations() -> [Organization] { DemoOrganizations.build(seed: seed) }

    /// Every talent's events in the order the domain decided them. Pure and deterministic.
    public func talentHistories(policy: Policy) -> [(TalentID, [TalentEvent])] {
        histories(policy: policy).map { ($0.talent, $0.events) }
    }

    /// The talents' register ids: `JL` and a six-digit number.
    public static func talentID(_ index: Int) -> TalentID { TalentID("JL\(String(index + 1_000_000).dropFirst())") }

    func histories(policy: Policy, range: Range<Int>? = nil) -> [DemoHistory] {
        let units = organizations().filter(\.kind.isEmployerUnit)
        let unitIDs = units.map { UnitID($0.id) }
        let scenarios = DemoScenario.allCases
        return (range ?? 0..<talents).map { index in
            // One generator per talent: a talent's history depends on the seed and its number only.
            var random = SplitMix64(seed: seed, stream: UInt64(index) + 1)
            let name = DemoVocabulary.name(random: &random)
            let twist = index < scenarios.count ? scenarios[index] : nil
            var simulation = DemoTalentSimulation(
                policy: policy, horizon: horizon, twist: twist, otherUnits: unitIDs, random: random)
            let talent = Self.talentID(index)
            simulation.plan(talent: talent, units: units)
            simulation.run()
            return DemoHistory(
                talent: talent, name: name, events: simulation.events, actingOrganizations: simulation.acting,
                refused: simulation.refused)
        }
    }
}
