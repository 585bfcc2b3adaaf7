import Foundation
import Testing

@testable import TalentDomain

@Suite("Event encoding for the store")
struct EventCodingTests {
    @Test func everyDecidedEventRoundTripsThroughTypeNameVersionAndPayload() throws {
        var ledger = try Ledger(tier: .B, start: "2020-01-01")
        _ = try ledger.confirmEndTerm(.fair)
        try ledger.run(.retire(occurredOn: try day("2026-03-01"), rehire: nil), on: "2026-03-01")
        try ledger.verifyExit(on: "2026-03-10")
        #expect(ledger.events.count > 8)
        for event in ledger.events {
            let decoded = try TalentEvent.decode(
                typeName: event.typeName, schemaVersion: event.schemaVersion, payload: try event.encodedPayload())
            #expect(decoded == event)
            let envelope = try JSONDecoder().decode(TalentEvent.self, from: try JSONEncoder().encode(event))
            #expect(envelope == event)
        }
        #expect(Talent.fold(ledger.events) == ledger.state)
    }

    @Test func payloadCarriesNoPersonalDataAndDatesAsDays() throws {
        let ledger = try Ledger(tier: .C, start: "2024-03-05")
        let json = String(decoding: try ledger.events[0].encodedPayload(), as: UTF8.self)
        #expect(json.contains(#""periodStart":"2024-03-05""#))
        #expect(json.contains(#""talentId":"t-1""#))
        #expect(!json.contains("name"))
    }

    @Test func unknownTypeOrVersionIsAClearError() throws {
        #expect(throws: EventDecodingError.unknownTypeName("TalentPromoted")) {
            try TalentEvent.decode(typeName: "TalentPromoted", schemaVersion: 1, payload: Data("{}".utf8))
        }
        #expect(throws: EventDecodingError.unknownSchemaVersion(typeName: "TalentRetired", version: 2, known: 1)) {
            try TalentEvent.decode(typeName: "TalentRetired", schemaVersion: 2, payload: Data("{}".utf8))
        }
        #expect(throws: EventDecodingError.self) {
            try TalentEvent.decode(typeName: "TalentRetired", schemaVersion: 1, payload: Data("{}".utf8))
        }
    }

    @Test func derivedEventsNameRuleAndCause() throws {
        var ledger = try Ledger(tier: .E, start: "2022-01-01")
        let reported = try ledger.run(.retire(occurredOn: try day("2025-07-01"), rehire: nil), on: "2025-07-01")
        #expect(reported.map { $0.derivation?.rule } == [nil, .X9])
        let verified = try ledger.verifyExit(on: "2025-07-10")
        #expect(verified.map { $0.derivation?.rule } == [nil, .X2, .C2])
        for derived in (reported + verified).filter({ $0.derivation != nil }) {
            #expect(derived.derivation?.cause.isEmpty == false)
        }
    }

    @Test func typeNamesAreStable() {
        #expect(TalentEvent.typeNames.count == 44)
        #expect(TalentEvent.typeNames.contains("RetirementWithdrawn"))
        #expect(TalentEvent.typeNames.contains("ExitReportWithdrawn"))
        #expect(TalentEvent.typeNames.contains("EvaluationCorrected"))
        #expect(TalentEvent.typeNames.contains("ExitSituationReported"))
        #expect(TalentEvent.typeNames.contains("ExitSituationVerified"))
        #expect(TalentEvent.typeNames.contains("TalentEvaluated"))
        #expect(TalentEvent.typeNames.contains("EntitlementsChanged"))
    }

    /// A state encodes to the same text in every process (the talents' rows keep it, and a check compares
    /// it with a fresh derivation's): a campaign record's objection sets encode sorted, not in the
    /// order a `Set` happens to hold them, and decode back to the same sets.
    @Test func aCampaignRecordEncodesItsObjectionsSorted() throws {
        var record = CampaignRecord.empty
        let ids = (0..<40).map { "objection-\($0)" }
        record.openObjections = Set(ids.shuffled())
        record.answeredObjections = Set(ids.reversed())
        record.grade = .excellent
        let data = try JSONEncoder().encode(record)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["openObjections"] as? [String] == ids.sorted())
        #expect(object["answeredObjections"] as? [String] == ids.sorted())
        #expect(object["grade"] as? String == Grade.excellent.rawValue)
        #expect(object["publicity"] == nil, "nothing is written for what the record does not hold")
        #expect(try JSONDecoder().decode(CampaignRecord.self, from: data) == record)
    }
}
