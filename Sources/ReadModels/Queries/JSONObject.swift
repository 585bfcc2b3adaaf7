import EventStore
import TalentDomain

/// A JSON object written member by member, for the answers the register writes by hand rather than
/// through `JSONEncoder` (a talent's kept state, its row in an answer): members in the order added, an
/// absent value left out as `encodeIfPresent` leaves it, days as `YYYY-MM-DD` as `Day` encodes itself.
public struct JSONObject: Sendable {
    private var body = ""

    public init() {}

    /// A member whose value is JSON text already (an object, a number); nil leaves it out.
    public mutating func add(_ name: String, _ json: String?) {
        guard let json else { return }
        if !body.isEmpty { body += "," }
        body += "\"" + name + "\":" + json
    }

    public mutating func add(_ name: String, string value: String?) { add(name, value.map(JSONText.quoted)) }
    public mutating func add(_ name: String, day value: Day?) { add(name, value.map { "\"" + $0.description + "\"" }) }
    public mutating func add(_ name: String, bool value: Bool?) { add(name, value.map { $0 ? "true" : "false" }) }
    public mutating func add(_ name: String, integer value: Int64?) { add(name, value.map { String($0) }) }
    /// An array of JSON texts.
    public mutating func add(_ name: String, array items: [String]) {
        add(name, "[" + items.joined(separator: ",") + "]")
    }
    public mutating func add(_ name: String, strings items: [String]) { add(name, array: items.map(JSONText.quoted)) }

    public var text: String { "{" + body + "}" }
}
