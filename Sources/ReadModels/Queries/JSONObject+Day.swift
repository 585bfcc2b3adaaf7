import EventStore
import TalentDomain

extension JSONObject {
    /// A day as `Day` encodes itself: `YYYY-MM-DD`.
    public mutating func add(_ name: String, day value: Day?) { add(name, string: value?.description) }
}
