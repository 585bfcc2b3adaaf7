import Foundation
import TalentDomain

/// A talent's current state as the API answers it, kept in the talent's row (`talents.state_json`): a read
/// of the current state then costs the row alone, not a read, a decoding and a fold of the whole stream.
///
/// Keys are sorted, and `CampaignRecord` encodes its sets sorted, so that a state encodes to the same
/// text in every process: `projections check` compares the kept text with a fresh derivation's.
public enum CurrentState {
    /// The state's JSON text.
    public static func json(_ state: Talent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // As the server's answers encode dates (a talent's state holds days, which encode as text).
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(state), as: UTF8.self)
    }
}
