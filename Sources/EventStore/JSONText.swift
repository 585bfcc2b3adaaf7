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
        var text = "{"
        text.reserveCapacity(192)
        func member(_ key: String, _ json: String?) {
            guard let json else { return }
            if text.utf8.count > 1 { text += "," }
            text += "\"" + key + "\":" + json
        }
        member("actor", actor.map(JSONText.quoted))
        member("causationID", causationID.map(JSONText.quoted))
        member("cause", cause.map(JSONText.quoted))
        member("correlationID", correlationID.map(JSONText.quoted))
        member("evidence", evidence.map { "[" + $0.map(JSONText.quoted).joined(separator: ",") + "]" })
        member("organization", organization.map(JSONText.quoted))
        member("reason", reason.map(JSONText.quoted))
        member("requestDigest", requestDigest.map(JSONText.quoted))
        member("role", role.map(JSONText.quoted))
        member("ruleID", ruleID.map(JSONText.quoted))
        return text + "}"
    }
}
