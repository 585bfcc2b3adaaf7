import Foundation
import Postgres
import Testing

@Suite("Decoding PostgreSQL's text output")
struct TextDecodingTests {
    @Test func byteaHexDecodesEitherCase() throws {
        #expect(try Data(postgresText: #"\x"#) == Data())
        #expect(try Data(postgresText: #"\x00ff10Ab"#) == Data([0x00, 0xFF, 0x10, 0xAB]))
    }

    @Test(arguments: [#"x00"#, #"\x0"#, #"\x0g"#, #"\xzz"#, "", #"\"#, #"00ff"#])
    func malformedByteaIsADecodingError(_ text: String) {
        #expect(throws: PostgresError.self) { try Data(postgresText: text) }
    }
}
