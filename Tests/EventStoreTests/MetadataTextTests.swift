import Foundation
import Testing

@testable import EventStore

@Suite("The metadata document as written")
struct MetadataTextTests {
    /// The store writes metadata with a hand-written encoder (it is on every append's path); it must say
    /// exactly what `JSONEncoder` says of the type, every member included, so that nothing set is lost.
    @Test func theHandWrittenDocumentHoldsEveryMemberAsJSONEncoderWould() throws {
        let metadata = EventMetadata(
            actor: "a\"1", role: "unit-officer", organization: "u-1", ruleID: "X9", cause: "c\n", reason: "r\u{1}",
            evidence: ["e1", "e2"], correlationID: "corr", causationID: "cause-id", requestDigest: "digest")
        let written = try JSONSerialization.jsonObject(with: Data(metadata.jsonText.utf8)) as? NSDictionary
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(metadata)) as? NSDictionary
        #expect(written == encoded)
        #expect(written?.count == 10)
        #expect(try JSONDecoder().decode(EventMetadata.self, from: Data(metadata.jsonText.utf8)) == metadata)
        #expect(EventMetadata().jsonText == "{}")
    }
}
