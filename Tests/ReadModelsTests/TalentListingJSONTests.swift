import Foundation
import Testing

@testable import ReadModels
@testable import TalentDomain

/// A talent's row as an answer writes it by hand (`TalentListing.json`) is what `JSONEncoder` writes of it,
/// value for value.
@Suite("A talent's row as JSON")
struct TalentListingJSONTests {
    static func filled() throws -> TalentListing {
        let members: [String: Any] = [
            "id": "T0000001", "name": "欧阳\"娜娜\" \\ /", "nationalId": "220102199003071234",
            "phone": "13812345678", "tier": "B", "status": "underManagement", "unit": "unit-1",
            "reportingUnit": "unit-2", "professionalField": "材料\n科学", "classified": true,
            "jixiangCard": "suspended", "jijianCard": "active", "talentCode": "takenBack",
            "periodStart": "2021-03-02", "periodEnd": "2026-03-01", "version": 42,
        ]
        return try JSONDecoder().decode(TalentListing.self, from: JSONSerialization.data(withJSONObject: members))
    }

    @Test func aRowWithEveryMemberFilledReadsAsJSONEncoderWritesIt() throws {
        let listing = try Self.filled()
        // Every optional holds a value: a member added later fails here until `filled` sets it, and then
        // the comparison until `json` writes it.
        #expect(CurrentStateTests.absentMembers(of: listing).isEmpty)
        try Self.expectSameAsJSONEncoder(listing)
    }

    @Test func aRowWithNothingOptionalLeavesThoseMembersOut() throws {
        var listing = try Self.filled()
        (listing.name, listing.nationalID, listing.phone, listing.tier) = (nil, nil, nil, nil)
        (listing.unit, listing.reportingUnit, listing.professionalField) = (nil, nil, nil)
        (listing.periodStart, listing.periodEnd) = (nil, nil)
        try Self.expectSameAsJSONEncoder(listing)
        #expect(!listing.json.contains("\"name\""))
    }

    static func expectSameAsJSONEncoder(_ listing: TalentListing) throws {
        let written = try CurrentStateTests.object(Data(listing.json.utf8))
        #expect(written == (try CurrentStateTests.object(JSONEncoder().encode(listing))))
        #expect(try JSONDecoder().decode(TalentListing.self, from: Data(listing.json.utf8)) == listing)
    }
}
