// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like F1 are the register's own spelling.

import EventStore
import Foundation
import ReadModels
import TalentLedgerTesting
import Testing

@testable import TalentApplication
@testable import TalentDomain

/// F1 after an upgrade: fraud findings an earlier release recorded with the measure 暂停单位人才认定工作, which
/// had no effect then, carried over as suspensions of their units (an upgrade tester's finding: the upgrade
/// left them without one).
@Suite("Earlier fraud findings carried over (F1)")
struct EarlierFindingsTests {
    /// A finding as an earlier release recorded it: on the talent's stream alone, no unit suspended.
    static func recordAsEarlierRelease(
        _ talent: String, measures: [FraudMeasure], on day: String, in store: EventStore
    ) async throws {
        let streamID = TalentStream.id(TalentID(talent))
        let version = try await store.version(of: streamID)
        let found = FraudFound(effectiveDate: try Day(day), finding: "申报材料弄虚作假", measures: measures)
        try await store.append(
            [
                StreamAppend(
                    streamID: streamID, streamType: TalentStream.type, expected: .exact(version),
                    events: [try TalentStream.newEvent(found.event, metadata: EventMetadata(actor: "older"))])
            ], commandID: UUID())
    }

    /// F1: each earlier finding that takes the measure suspends the unit that answered for its talent on the
    /// finding's day, from the day it is carried over; a second finding of the same unit, or a run again,
    /// records nothing; a finding without the measure is passed over; a dry run records nothing.
    @Test func F1_earlierFindingsWithTheMeasureSuspendTheirUnitsOnceFromTheDayCarriedOver() async throws {
        try await SmallProvince.with("earlier_findings") { province in
            let register = province.register
            try await Self.recordAsEarlierRelease(
                "T-city-1", measures: [.talkToHead, .suspendUnitEvaluationWork], on: "2024-05-06", in: province.store)
            try await Self.recordAsEarlierRelease(
                "T-city-2", measures: [.suspendUnitEvaluationWork], on: "2024-06-01", in: province.store)
            try await Self.recordAsEarlierRelease(
                "T-county-1", measures: [.talkToHead], on: "2024-06-01", in: province.store)

            let dry = try await register.carryOverEarlierFindings(dryRun: true, by: .system)
            #expect(dry.map(\.outcome) == [.suspended, .suspendedAlready], "\(dry)")
            #expect(try await register.evaluationWork(of: "u-city", by: .system).current == nil, "a dry run")

            let carried = try await register.carryOverEarlierFindings(dryRun: false, by: .system)
            let may6 = try Day("2024-05-06")
            #expect(carried.map(\.unit) == ["u-city", "u-city"] && carried.first?.foundOn == may6)
            let work = try await register.evaluationWork(of: "u-city", by: .system)
            #expect(work.current?.from == register.today() && work.current?.talent == TalentID("T-city-1"))
            #expect(work.current?.finding == "申报材料弄虚作假（2024-05-06查实）")
            #expect(try await register.evaluationWork(of: "u-county", by: .system).current == nil)

            let again = try await register.carryOverEarlierFindings(dryRun: false, by: .system)
            #expect(again.map(\.outcome) == [.suspendedAlready, .suspendedAlready])
            await #expect(throws: Forbidden.self) {
                try await register.carryOverEarlierFindings(dryRun: true, by: SmallProvince.province)
            }
        }
    }
}
