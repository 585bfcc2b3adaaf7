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

    /// A string literal as written reads back as the same text, whatever it holds: quotes, backslashes,
    /// line breaks, other control characters, Chinese and characters outside the BMP.
    @Test func aQuotedStringReadsBackAsTheSameText() throws {
        for text in [
            "plain", "", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab", "bell\u{7}nul\u{0}esc\u{1B}\u{1F}",
            "张三的\"异议\"", "😀 and \u{7F}", "{\"state\": {\"id\": \"A-1\", \"note\": \"\\n\"}}",
        ] {
            let quoted = JSONText.quoted(text)
            let read = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
            #expect(read == [text], "\(quoted)")
        }
        #expect(JSONText.quoted("a\u{1}") == "\"a\\u0001\"")
    }
}
