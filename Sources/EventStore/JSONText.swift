/// JSON text written by hand for the documents an append (and a command's read-model rows) sends:
/// Foundation's `JSONEncoder` costs a single-event append more than the rest of its client-side work
/// together.
public enum JSONText {
    /// A JSON string literal.
    public static func quoted(_ value: String) -> String {
        var text = ""
        append(quoted: value, to: &text)
        return text
    }

    /// `value` as a JSON string literal, appended to `text` in place.
    public static func append(quoted value: String, to text: inout String) {
        // Most values (ids, types, dates) need no escaping: checking the bytes is cheaper than rebuilding.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text.append("\"")
            text.append(value)
            text.append("\"")
            return
        }
        // Escaped byte by byte: what needs escaping is ASCII, and every other byte (a multibyte character's
        // too) is copied as it is. A kept state (about 1 KB, quotes throughout) is quoted with each command.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + value.utf8.count / 4 + 2)
        bytes.append(UInt8(ascii: "\""))
        let backslash = UInt8(ascii: "\\")
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), backslash:
                bytes.append(backslash)
                bytes.append(byte)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                bytes.append(backslash)
                bytes.append(
                    byte == UInt8(ascii: "\n")
                        ? UInt8(ascii: "n") : byte == UInt8(ascii: "\r") ? UInt8(ascii: "r") : UInt8(ascii: "t"))
            case ..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        text.append(String(decoding: bytes, as: UTF8.self))
    }

    static let hexDigits = Array("0123456789abcdef".utf8)
}

extension EventMetadata {
    /// The metadata document: the keys `JSONEncoder` would write for this type, absent values left out.
    public var jsonText: String {
        var document = JSONObject()
        document.add("actor", string: actor)
        document.add("causationID", string: causationID)
        document.add("cause", string: cause)
        document.add("correlationID", string: correlationID)
        if let evidence { document.add("evidence", strings: evidence) }
        document.add("organization", string: organization)
        document.add("reason", string: reason)
        document.add("requestDigest", string: requestDigest)
        document.add("role", string: role)
        document.add("ruleID", string: ruleID)
        return document.text
    }
}
