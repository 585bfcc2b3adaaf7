import Foundation
import PropertyBased
import Testing

@testable import TalentDomain

/// The payload reader must answer exactly as Foundation's `JSONDecoder` does, values and errors alike:
/// every document here is read by both.
@Suite("Reading event payloads")
struct PayloadDecoderTests {
    struct Sample: Codable, Hashable {
        enum Kind: String, Codable { case issued, suspended }
        struct Inner: Codable, Hashable {
            var rule: String
            var amount: Int?
        }
        var text: String
        var number: Int
        var big: Int64
        var ratio: Double
        var flag: Bool
        var kind: Kind
        var day: Day
        var note: String?
        var inner: Inner?
        var list: [Inner]
        var byName: [String: Int]
        var byYear: [Int: String]
        var nested: [[Int]]
    }

    static func bothRead<T: Decodable & Equatable>(_ type: T.Type, _ json: String) throws -> T {
        let data = Data(json.utf8)
        let ours = try PayloadDecoder().decode(T.self, from: data)
        let foundation = try JSONDecoder().decode(T.self, from: data)
        #expect(ours == foundation, "\(json)")
        return ours
    }

    /// The error Foundation throws, as its case and coding path; ours must be the same.
    static func errorShape(_ read: () throws -> Any) -> String {
        do {
            _ = try read()
            return "no error"
        } catch let DecodingError.keyNotFound(key, context) {
            return "keyNotFound \(key.stringValue) at \(context.codingPath.map(\.stringValue))"
        } catch let DecodingError.typeMismatch(_, context) {
            return "typeMismatch at \(context.codingPath.map(\.stringValue))"
        } catch let DecodingError.valueNotFound(_, context) {
            return "valueNotFound at \(context.codingPath.map(\.stringValue))"
        } catch DecodingError.dataCorrupted {
            return "dataCorrupted"
        } catch {
            return "other: \(error)"
        }
    }

    static func expectSameError<T: Decodable>(_ type: T.Type, _ json: String) {
        let data = Data(json.utf8)
        let ours = errorShape { try PayloadDecoder().decode(T.self, from: data) }
        let foundation = errorShape { try JSONDecoder().decode(T.self, from: data) }
        #expect(ours != "no error", "\(json)")
        #expect(ours == foundation, "\(json)")
    }

    @Test func aPayloadAsStoredReadsAsFoundationReadsIt() throws {
        // jsonb's text form: a space after each colon and comma, keys ordered by length.
        let json = """
            {"day": "2024-03-01", "big": -9223372036854775808, "flag": true, "kind": "suspended", "list": \
            [{"rule": "E1"}, {"rule": "E4", "amount": 300000}], "note": null, "text": "吉人才字〔2024〕4号", \
            "inner": {"rule": "X9", "amount": null}, "ratio": 0.25, "byName": {"a": 1, "b": -2}, \
            "byYear": {"2025": "x", "2026": "y"}, "nested": [[], [1, 2], [3]], "number": 0}
            """
        let sample = try Self.bothRead(Sample.self, json)
        #expect(sample.list[1].amount == 300_000)
        #expect(sample.text == "吉人才字〔2024〕4号")
        #expect(sample.byYear[2026] == "y")
        #expect(sample.note == nil)
        #expect(sample.inner == Sample.Inner(rule: "X9", amount: nil))
    }

    @Test func escapesReadAsTheirCharacters() throws {
        let text = try Self.bothRead(
            String.self, #"" \"quoted\" back\\slash \/ \b\f\n\r\t \u00e9\u4eba \ud83d\ude00 end""#)
        #expect(text == " \"quoted\" back\\slash / \u{8}\u{c}\n\r\t é人 😀 end")
        // A member whose name is written with escapes is found by its name.
        #expect(try Self.bothRead([String: Int].self, #"{"\u0061b": 1}"#) == ["ab": 1])
        #expect(try Self.bothRead(Sample.Inner.self, #"{"r\u0075le": "E2"}"#).rule == "E2")
    }

    @Test func numbersReadAsFoundationReadsThem() throws {
        #expect(try Self.bothRead([Int].self, "[0, -0, 12, -34, 9223372036854775807]") == [0, 0, 12, -34, .max])
        #expect(try Self.bothRead([Double].self, "[1.5, -2e3, 0.125E+2, 7]") == [1.5, -2000, 12.5, 7])
        #expect(try Self.bothRead(Int.self, "1.0") == 1)
        #expect(try Self.bothRead(UInt8.self, "255") == 255)
        Self.expectSameError(Int.self, "1.5")
        Self.expectSameError(Int.self, "9223372036854775808")
        Self.expectSameError(UInt8.self, "256")
        Self.expectSameError(UInt.self, "-1")
    }

    @Test func malformedDocumentsAreRefused() {
        // Which error depends on how far a reader got (Foundation checks the top value's type before it
        // has read a malformed number), so only the refusal is compared.
        for json in [
            "", " ", "{", "[1, 2", #"{"a" 1}"#, "[1,]", #"{"a": tru}"#, "nul", "01", "-", "1.", "1e", "+1",
            #""unterminated"#, "\"tab\there\"", #"{"a": 1} x"#, #"{a: 1}"#, "[1] [2]", #""\x""#, #""\u12""#,
            #""\ud800""#, #""\udc00""#,
        ] {
            #expect(throws: DecodingError.self, "\(json)") {
                try PayloadDecoder().decode(String.self, from: Data(json.utf8))
            }
            #expect(throws: DecodingError.self, "\(json)") {
                try JSONDecoder().decode(String.self, from: Data(json.utf8))
            }
        }
        // Foundation passes over a comma before an object's end; RFC 8259 (and jsonb) has none.
        #expect(throws: DecodingError.self) {
            try PayloadDecoder().decode([String: Int].self, from: Data(#"{"a": 1,}"#.utf8))
        }
    }

    @Test func aMissingKeyAWrongTypeAndANullAreTheSameErrors() {
        Self.expectSameError(Sample.Inner.self, #"{"amount": 1}"#)
        Self.expectSameError(Sample.Inner.self, #"{"rule": 1}"#)
        Self.expectSameError(Sample.Inner.self, #"{"rule": null}"#)
        Self.expectSameError(Sample.Inner.self, #"{"rule": "E1", "amount": "12"}"#)
        Self.expectSameError([Sample.Inner].self, #"[{"rule": "E1"}, {"rule": 2}]"#)
        Self.expectSameError(Sample.Kind.self, #""retired""#)
        Self.expectSameError(Day.self, #""2026-02-30""#)
        Self.expectSameError(Bool.self, "1")
        Self.expectSameError(String.self, "null")
        Self.expectSameError([Int].self, #"{"a": 1}"#)
        Self.expectSameError([String: Int].self, "[1]")
    }

    /// A type that reads part of itself through super decoders and a nested container of an array.
    struct Layered: Decodable, Equatable {
        var base: Int
        var missing: Bool
        var skipped: Int
        var rest: [Int]

        enum CodingKeys: String, CodingKey { case base, missing, list }

        init(base: Int, missing: Bool, skipped: Int, rest: [Int]) {
            (self.base, self.missing, self.skipped, self.rest) = (base, missing, skipped, rest)
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            base = try container.superDecoder(forKey: .base).singleValueContainer().decode(Int.self)
            missing = try container.superDecoder(forKey: .missing).singleValueContainer().decodeNil()
            var list = try container.nestedUnkeyedContainer(forKey: .list)
            // A nested container refused leaves the array where it was.
            skipped = (try? list.nestedContainer(keyedBy: CodingKeys.self)) == nil ? list.currentIndex : -1
            var rest: [Int] = []
            while !list.isAtEnd { rest.append(try list.decode(Int.self)) }
            self.rest = rest
            _ = try container.superDecoder()
        }
    }

    @Test func superDecodersAndARefusedNestedContainerBehaveAsFoundationsDo() throws {
        let layered = try Self.bothRead(Layered.self, #"{"base": 7, "list": [1, 2, 3]}"#)
        #expect(layered == Layered(base: 7, missing: true, skipped: 0, rest: [1, 2, 3]))
    }

    @Test func otherValuesReadAsFoundationsDefaultStrategiesReadThem() throws {
        #expect(try Self.bothRead(Data.self, #""AQID""#) == Data([1, 2, 3]))
        #expect(try Self.bothRead(URL.self, #""https://example.org/a?b=c""#).host == "example.org")
        #expect(try Self.bothRead(Decimal.self, "1.25") == Decimal(string: "1.25"))
        // jsonb keeps a numeric's scale: 12.000 is the integer 12, exactly, beyond Double's integers too.
        #expect(try Self.bothRead([Int].self, "[12.000, 9007199254740993.0]") == [12, 9_007_199_254_740_993])
        // The first of a repeated name (jsonb keeps one).
        #expect(try Self.bothRead([String: Int].self, #"{"a": 1}"#) == ["a": 1])
        #expect(
            try PayloadDecoder().decode(Sample.Inner.self, from: Data(#"{"rule": "a", "rule": "b"}"#.utf8)).rule
                == (try JSONDecoder().decode(Sample.Inner.self, from: Data(#"{"rule": "a", "rule": "b"}"#.utf8))).rule)
        Self.expectSameError(Data.self, #""not base64!""#)
        Self.expectSameError(Double.self, "0." + String(repeating: "0", count: 400) + "1")
        Self.expectSameError(Float.self, "1.4e-46")
        Self.expectSameError(Int.self, "1.5e300")
        Self.expectSameError(Sample.self, #"{"inner": null}"#)
        Self.expectSameError(Sample.Inner.self, "null")
        Self.expectSameError([[Int]].self, "[null]")
        Self.expectSameError([String: Int].self, #"{"\x": 1, "a": 2}"#)
    }

    @Test func anyValueJSONEncoderWritesReadsBackTheSame() async {
        let characters: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "人", "〔", "😀"]
        let texts = Gen.int(in: 0...(characters.count - 1)).array(of: 0...12).map { String($0.map { characters[$0] }) }
        await propertyCheck(
            count: 300, input: texts, Gen.int(in: Int.min...Int.max), Gen.int(in: -1_000_000...1_000_000),
            texts.array(of: 0...4)
        ) { text, number, small, keys in
            let sample = Sample(
                text: text, number: number, big: Int64(small) * 1_000_003, ratio: Double(small) / 64,
                flag: small % 2 == 0,
                kind: small % 3 == 0 ? .issued : .suspended,
                day: try Day(year: 2000 + abs(small % 100), month: 1, day: 31),
                note: small % 5 == 0 ? nil : text, inner: small % 7 == 0 ? nil : .init(rule: text, amount: number),
                list: keys.map { .init(rule: $0, amount: nil) },
                byName: Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: max),
                byYear: Dictionary(uniqueKeysWithValues: keys.enumerated().map { (2020 + $0, $1) }),
                nested: keys.map { key in key.unicodeScalars.map { Int($0.value) } })
            for formatting in [JSONEncoder.OutputFormatting.sortedKeys, .prettyPrinted] {
                let encoder = JSONEncoder()
                encoder.outputFormatting = formatting
                let data = try encoder.encode(sample)
                #expect(try PayloadDecoder().decode(Sample.self, from: data) == sample)
            }
        }
    }
}
