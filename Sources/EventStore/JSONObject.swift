/// A JSON object written member by member, for the documents the register writes by hand rather than
/// through `JSONEncoder` (an event's metadata, a talent's kept state, the API's answers about talents):
/// members in the order added, an absent value left out as `encodeIfPresent` leaves it.
public struct JSONObject: Sendable {
    // Appended to in place, without the temporary strings `+` would make: every event appended carries a
    // metadata document, and every row a rebuild writes a kept state of a hundred members.
    private var body = "{"
    private var empty = true

    public init() {}

    /// A member whose value is JSON text already (an object, a number); nil leaves it out.
    public mutating func add(_ name: String, _ json: String?) {
        guard let json else { return }
        open(name)
        body.append(json)
    }

    public mutating func add(_ name: String, string value: String?) {
        guard let value else { return }
        open(name)
        JSONText.append(quoted: value, to: &body)
    }

    public mutating func add(_ name: String, bool value: Bool?) {
        guard let value else { return }
        open(name)
        body.append(value ? "true" : "false")
    }

    public mutating func add(_ name: String, integer value: (some BinaryInteger)?) {
        guard let value else { return }
        open(name)
        body.append(String(value))
    }

    /// An array of JSON texts.
    public mutating func add(_ name: String, array items: [String]) {
        open(name)
        body.append("[")
        body.append(items.joined(separator: ","))
        body.append("]")
    }

    public mutating func add(_ name: String, strings items: [String]) { add(name, array: items.map(JSONText.quoted)) }

    public var text: String { body + "}" }

    private mutating func open(_ name: String) {
        if !empty { body.append(",") }
        empty = false
        // A name may come from a caller (an objection's id): escaped as any text is.
        JSONText.append(quoted: name, to: &body)
        body.append(":")
    }
}
