import Foundation
import Postgres

/// The JSON document `append_events` takes: one round trip carries every stream and event of an append.
enum AppendBatch {
    static func json(_ appends: [StreamAppend]) throws -> PostgresJSON {
        try StreamAppend.check(appends)
        var text = "["
        // Streams are locked in this order: a fixed order keeps two multi-stream appends from deadlocking.
        for (index, append) in appends.sorted(by: { $0.streamID < $1.streamID }).enumerated() {
            if index > 0 { text += "," }
            text += #"{"stream_id":"# + JSONText.quoted(append.streamID)
            text += #","stream_type":"# + JSONText.quoted(append.streamType)
            text += #","expected":"# + (append.expected.databaseValue.map { String($0) } ?? "null")
            text += #","events":["#
            for (eventIndex, event) in append.events.enumerated() {
                if eventIndex > 0 { text += "," }
                text += #"{"event_type":"# + JSONText.quoted(event.type)
                text += #","schema_version":"# + String(event.schemaVersion)
                text += #","effective_date":"# + JSONText.quoted(event.effectiveDate)
                text += #","metadata":"# + event.metadata.jsonText
                text += #","data":"# + String(decoding: event.data, as: UTF8.self)
                text += "}"
            }
            text += "]}"
        }
        text += "]"
        return PostgresJSON(text: text)
    }
}
