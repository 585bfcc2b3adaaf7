import Foundation
import Postgres

/// The JSON document `append_events` takes: one round trip carries every stream and event of an append.
enum AppendBatch {
    static func json(_ appends: [StreamAppend]) throws -> PostgresJSON {
        try StreamAppend.check(appends)
        var metadataTexts = MetadataTexts()
        var text = "["
        // Streams are locked in this order: a fixed order keeps two multi-stream appends from deadlocking.
        for (index, append) in appends.sorted(by: { $0.streamID < $1.streamID }).enumerated() {
            if index > 0 { text += "," }
            text += #"{"stream_id":"# + quoted(append.streamID)
            text += #","stream_type":"# + quoted(append.streamType)
            text += #","expected":"# + (append.expected.databaseValue.map { String($0) } ?? "null")
            text += #","events":["#
            for (eventIndex, event) in append.events.enumerated() {
                if eventIndex > 0 { text += "," }
                text += #"{"event_type":"# + quoted(event.type)
                text += #","schema_version":"# + String(event.schemaVersion)
                text += #","effective_date":"# + quoted(event.effectiveDate)
                text += #","metadata":"# + (try metadataTexts.text(for: event.metadata))
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
