import Foundation

/// A parsed document: its bytes and its values in document order. An object's or array's token is
/// followed by its members' (an object's as key, value, key, value …); `end` is the index just past the
/// value's last token, so a reader skips a value in one step.
final class PayloadDocument: Sendable {
    enum Kind: UInt8, Sendable { case object, array, string, escapedString, number, `true`, `false`, null }

    struct Token: Sendable {
        var kind: Kind
        /// Bytes of a string's contents (without quotes) or a number's text.
        var start: Int32
        var length: Int32
        /// Index of the token after this value and everything inside it.
        var end: Int32
        /// Members of an object or elements of an array.
        var count: Int32
    }

    let bytes: [UInt8]
    let tokens: [Token]

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 8 + 4)
        var parser = Parser(bytes: bytes)
        try parser.skipSpace()
        try parser.value(into: &tokens, depth: 0)
        try parser.skipSpace()
        guard parser.offset == bytes.count else { throw parser.corrupted("unexpected text after the document") }
        self.bytes = bytes
        self.tokens = tokens
    }

    struct Parser {
        let bytes: [UInt8]
        var offset = 0

        static let maximumDepth = 512

        func corrupted(_ what: String) -> DecodingError { PayloadDocument.corrupted("\(what) at byte \(offset)") }

        mutating func skipSpace() throws {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x0A, 0x0D, 0x09: offset += 1
                default: return
                }
            }
        }

        mutating func value(into tokens: inout [Token], depth: Int) throws {
            guard depth < Self.maximumDepth else { throw corrupted("nesting too deep") }
            guard offset < bytes.count else { throw corrupted("unexpected end") }
            switch bytes[offset] {
            case UInt8(ascii: "{"): try object(into: &tokens, depth: depth)
            case UInt8(ascii: "["): try array(into: &tokens, depth: depth)
            case UInt8(ascii: "\""): try string(into: &tokens)
            case UInt8(ascii: "t"): try literal("true", .true, into: &tokens)
            case UInt8(ascii: "f"): try literal("false", .false, into: &tokens)
            case UInt8(ascii: "n"): try literal("null", .null, into: &tokens)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number(into: &tokens)
            default: throw corrupted("unexpected character")
            }
        }

        mutating func literal(_ text: StaticString, _ kind: Kind, into tokens: inout [Token]) throws {
            let count = text.utf8CodeUnitCount
            guard offset + count <= bytes.count else { throw corrupted("unexpected end") }
            for index in 0..<count where bytes[offset + index] != text.utf8Start[index] {
                throw corrupted("unexpected character")
            }
            tokens.append(
                Token(kind: kind, start: Int32(offset), length: Int32(count), end: Int32(tokens.count + 1), count: 0))
            offset += count
        }

        mutating func object(into tokens: inout [Token], depth: Int) throws {
            try container(.object, closing: UInt8(ascii: "}"), into: &tokens) { parser, tokens in
                guard parser.offset < parser.bytes.count, parser.bytes[parser.offset] == UInt8(ascii: "\"") else {
                    throw parser.corrupted("expected a member's name")
                }
                try parser.string(into: &tokens)
                try parser.skipSpace()
                guard parser.offset < parser.bytes.count, parser.bytes[parser.offset] == UInt8(ascii: ":") else {
                    throw parser.corrupted("expected ':'")
                }
                parser.offset += 1
                try parser.skipSpace()
                try parser.value(into: &tokens, depth: depth + 1)
            }
        }

        mutating func array(into tokens: inout [Token], depth: Int) throws {
            try container(.array, closing: UInt8(ascii: "]"), into: &tokens) { parser, tokens in
                try parser.value(into: &tokens, depth: depth + 1)
            }
        }

        /// An object or an array: its token, then each `element` (a member, an element) up to `closer`,
        /// separated by commas.
        mutating func container(
            _ kind: Kind, closing closer: UInt8, into tokens: inout [Token],
            element: (inout Parser, inout [Token]) throws -> Void
        ) throws {
            let index = tokens.count
            tokens.append(Token(kind: kind, start: Int32(offset), length: 0, end: 0, count: 0))
            offset += 1
            var count: Int32 = 0
            try skipSpace()
            if offset < bytes.count, bytes[offset] == closer {
                offset += 1
            } else {
                while true {
                    try skipSpace()
                    try element(&self, &tokens)
                    count += 1
                    try skipSpace()
                    guard offset < bytes.count else { throw corrupted("unexpected end") }
                    if bytes[offset] == UInt8(ascii: ",") {
                        offset += 1
                        continue
                    }
                    guard bytes[offset] == closer else { throw corrupted("expected ',' or the end") }
                    offset += 1
                    break
                }
            }
            tokens[index].end = Int32(tokens.count)
            tokens[index].count = count
        }

        mutating func string(into tokens: inout [Token]) throws {
            offset += 1
            let start = offset
            var escaped = false
            while true {
                guard offset < bytes.count else { throw corrupted("unterminated string") }
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    try escape()
                    continue
                }
                guard byte >= 0x20 else { throw corrupted("control character in a string") }
                offset += 1
            }
            tokens.append(
                Token(
                    kind: escaped ? .escapedString : .string, start: Int32(start), length: Int32(offset - start),
                    end: Int32(tokens.count + 1), count: 0))
            offset += 1
        }

        /// Checks the escape at `offset` (a backslash) and steps over it: every escape is read again, with
        /// its surrogate pairs, when its string is decoded.
        mutating func escape() throws {
            guard offset + 1 < bytes.count else { throw corrupted("unterminated string") }
            switch bytes[offset + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                offset += 2
            case UInt8(ascii: "u"):
                guard offset + 6 <= bytes.count,
                    bytes[offset + 2..<offset + 6].allSatisfy({ PayloadDocument.hexValue($0) != nil })
                else { throw corrupted("a bad \\u escape") }
                offset += 6
            default: throw corrupted("an unknown escape")
            }
        }

        mutating func number(into tokens: inout [Token]) throws {
            let start = offset
            if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            func digits(_ parser: inout Parser) -> Int {
                let from = parser.offset
                while parser.offset < parser.bytes.count,
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.offset])
                {
                    parser.offset += 1
                }
                return parser.offset - from
            }
            let integer = digits(&self)
            guard integer > 0 else { throw corrupted("a number without digits") }
            if integer > 1, bytes[offset - integer] == UInt8(ascii: "0") {
                throw corrupted("a number with a leading zero")
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                guard digits(&self) > 0 else { throw corrupted("a fraction without digits") }
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
                offset += 1
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                    offset += 1
                }
                guard digits(&self) > 0 else { throw corrupted("an exponent without digits") }
            }
            tokens.append(
                Token(
                    kind: .number, start: Int32(start), length: Int32(offset - start), end: Int32(tokens.count + 1),
                    count: 0))
        }
    }

    // MARK: Reading values

    /// The value token of the member named `name` in the object at `object`; the first one when a name
    /// repeats, as `JSONDecoder` answers (`jsonb` never repeats one). A name compares by its bytes: `jsonb`
    /// gives back the names as written. One written with escapes (rare) compares by its decoded text; its
    /// escapes were checked when the document was parsed.
    func member(_ name: String, of object: Int) -> Int? {
        var name = name
        return name.withUTF8 { key in
            bytes.withUnsafeBufferPointer { buffer in
                var index = object + 1
                let end = Int(tokens[object].end)
                while index < end {
                    let token = tokens[index]
                    if token.kind == .escapedString {
                        if (try? string(at: index))?.utf8.elementsEqual(key) == true { return index + 1 }
                    } else if Int(token.length) == key.count,
                        key.isEmpty || memcmp(buffer.baseAddress! + Int(token.start), key.baseAddress!, key.count) == 0
                    {
                        return index + 1
                    }
                    index = Int(tokens[index + 1].end)
                }
                return nil
            }
        }
    }

    static func corrupted(_ what: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON: \(what)"))
    }

    /// A document holding only `null`: what a missing key's super decoder reads.
    static let null: PayloadDocument = {
        do { return try PayloadDocument(Data("null".utf8)) } catch { fatalError("null is JSON: \(error)") }
    }()

    func string(at index: Int) throws -> String {
        let token = tokens[index]
        let range = Int(token.start)..<Int(token.start + token.length)
        guard token.kind == .escapedString else {
            return String(decoding: bytes[range], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var offset = range.lowerBound
        let corrupted = Self.corrupted
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= range.upperBound else { throw corrupted("a short \\u escape") }
            return try bytes[at..<at + 4].reduce(0) { value, byte in
                guard let digit = Self.hexValue(byte) else { throw corrupted("a bad \\u escape") }
                return value << 4 | digit
            }
        }
        while offset < range.upperBound {
            let byte = bytes[offset]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                offset += 1
                continue
            }
            guard offset + 1 < range.upperBound else { throw corrupted("a lone backslash") }
            let escape = bytes[offset + 1]
            offset += 2
            switch escape {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(offset)
                offset += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard offset + 6 <= range.upperBound, bytes[offset] == UInt8(ascii: "\\"),
                        bytes[offset + 1] == UInt8(ascii: "u")
                    else { throw corrupted("a lone high surrogate") }
                    let low = try hex4(offset + 2)
                    guard (0xDC00...0xDFFF).contains(low) else { throw corrupted("a high surrogate without its low") }
                    offset += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw corrupted("a lone low surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw corrupted("a bad \\u escape") }
                UTF8.encode(unicode) { out.append($0) }
            default: throw corrupted("an unknown escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func numberText(at index: Int) -> Substring {
        let token = tokens[index]
        return Substring(decoding: bytes[Int(token.start)..<Int(token.start + token.length)], as: UTF8.self)
    }

    /// An integer without fraction or exponent, read from its bytes; nil when it has either or overflows.
    func integer(at index: Int) -> Int? {
        let token = tokens[index]
        var offset = Int(token.start)
        let end = offset + Int(token.length)
        let negative = bytes[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }
        var value = 0
        while offset < end {
            let digit = bytes[offset] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? times.subtractingReportingOverflow(Int(digit)) : times.addingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            offset += 1
        }
        return value
    }
}

extension PayloadDocument {
    /// The value of a hexadecimal digit (either case), nil for any other byte.
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
