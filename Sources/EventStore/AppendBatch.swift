import Foundation
import Postgres

/// The JSON document `append_events` takes: one round trip carries every stream and event of an append.
enum AppendBatch {
    static let metadataEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ appends: [StreamAppend]) throws -> PostgresJSON {
        guard !appends.isEmpty else { throw InvalidAppend(message: "an append needs at least one stream") }
        var seen = Set<String>()
        var text = "["
        // Streams are locked in this order: a fixed order keeps two multi-stream appends from deadlocking.
        for (index, append) in appends.sorted(by: { $0.streamID < $1.streamID }).enumerated() {
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
            if index > 0 { text += "," }
            text += #"{"stream_id":"# + quoted(append.streamID)
            text += #","stream_type":"# + quoted(append.streamType)
            text += #","expected":"# + (append.expected.databaseValue.map { String($0) } ?? "null")
            text += #","events":["#
            for (eventIndex, event) in append.events.enumerated() {
                guard !event.type.isEmpty, event.schemaVersion > 0 else {
                    throw InvalidAppend(message: "an event needs a type and a positive schema version")
                }
                guard event.hasValidEffectiveDate else {
                    throw InvalidAppend(
                        message: "effective date '\(event.effectiveDate)' is not a calendar day YYYY-MM-DD")
                }
                guard event.data.first == UInt8(ascii: "{") else {
                    throw InvalidAppend(message: "the data of a \(event.type) event must be a JSON object")
                }
                if eventIndex > 0 { text += "," }
                text += #"{"event_type":"# + quoted(event.type)
                text += #","schema_version":"# + String(event.schemaVersion)
                text += #","effective_date":"# + quoted(event.effectiveDate)
                text += #","metadata":"# + String(decoding: try metadataEncoder.encode(event.metadata), as: UTF8.self)
                text += #","data":"# + String(decoding: event.data, as: UTF8.self)
                text += "}"
            }
            text += "]}"
        }
        text += "]"
        return PostgresJSON(text: text)
    }

    /// A JSON string literal.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += String(format: "\\u%04x", control.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
