import Foundation
import Postgres

extension StreamAppend {
    /// Checks what an append (single or bulk) would write before anything is sent: a caller's mistake is
    /// an ``InvalidAppend``, never half an append.
    static func check(_ appends: [StreamAppend]) throws {
        guard !appends.isEmpty else { throw InvalidAppend(message: "an append needs at least one stream") }
        var seen = Set<String>()
        for append in appends {
            guard !append.streamID.isEmpty, !append.streamType.isEmpty else {
                throw InvalidAppend(message: "stream id and stream type must not be empty")
            }
            guard seen.insert(append.streamID).inserted else {
                throw InvalidAppend(message: "stream \(append.streamID) appears twice in one append")
            }
            guard !append.events.isEmpty else {
                throw InvalidAppend(message: "no events to append to stream \(append.streamID)")
            }
            if case .exact(let version) = append.expected, version < 0 {
                throw InvalidAppend(message: "expected version \(version) of stream \(append.streamID) is negative")
            }
            for (ordinal, event) in append.events.enumerated() {
                // Only written when an event is refused: appends check every event.
                var what: String { "event \(ordinal + 1) of stream \(append.streamID)" }
                guard !event.type.isEmpty, event.schemaVersion > 0 else {
                    throw InvalidAppend(message: "\(what) needs a type and a positive schema version")
                }
                guard event.hasValidEffectiveDate else {
                    throw InvalidAppend(
                        message:
                            "the effective date '\(event.effectiveDate)' of \(what) is not a calendar day YYYY-MM-DD")
                }
                guard event.data.first == UInt8(ascii: "{") else {
                    throw InvalidAppend(message: "the data of \(what) (\(event.type)) must be a JSON object")
                }
            }
        }
    }
}

extension PostgresError {
    /// What an append's server error means to the caller: a version conflict (TL409), a repeated bulk
    /// command id (TL410), the same command id appended at the same time elsewhere (TL411, or a unique
    /// violation on its opening event) or a malformed value (class 22) — or the error itself.
    func appendError(for appends: [StreamAppend], commandID: UUID) -> Error {
        switch sqlState {
        case "TL409": VersionConflict(detail: detail, appends: appends) ?? self
        case "TL411": ConcurrentRepeat(commandID: commandID)
        case "23505" where constraint == "events_command_opening": ConcurrentRepeat(commandID: commandID)
        case "TL410": InvalidAppend(message: message)
        case let state? where state.hasPrefix("22"): InvalidAppend(message: "invalid event: \(message)")
        default: self
        }
    }
}

/// The metadata documents of a bulk append's events, each distinct value written once (the events of a
/// load mostly share theirs).
struct MetadataTexts {
    private var last: (metadata: EventMetadata, text: String)?
    private var texts: [EventMetadata: String] = [:]

    mutating func text(for metadata: EventMetadata) -> String {
        // Consecutive events mostly share their metadata: comparing with the last one spares the hashing.
        if let last, last.metadata == metadata { return last.text }
        let text = texts[metadata] ?? metadata.jsonText
        texts[metadata] = text
        last = (metadata, text)
        return text
    }
}
