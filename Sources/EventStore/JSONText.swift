/// JSON text written by hand for the documents an append (and a command's read-model rows) sends:
/// Foundation's `JSONEncoder` costs a single-event append more than the rest of its client-side work
/// together.
public enum JSONText {
    /// A JSON string literal.
    public static func quoted(_ value: String) -> String {
        // Most values (ids, types, dates) need no escaping: checking the bytes is cheaper than rebuilding.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + value + "\""
        }
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
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
