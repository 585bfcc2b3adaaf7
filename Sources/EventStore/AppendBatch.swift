import Foundation
import Postgres

/// What `append_batch` takes and answers: one round trip carries every stream and event of an append.
struct AppendBatch {
    /// The streams in the order they are locked (and answered): a fixed order keeps two multi-stream
    /// appends from deadlocking.
    let appends: [StreamAppend]
    let json: PostgresJSON

    init(_ appends: [StreamAppend]) throws {
        try StreamAppend.check(appends)
        self.appends = appends.sorted { $0.streamID < $1.streamID }
        var text = "["
        text.reserveCapacity(self.appends.reduce(2) { $0 + 128 + $1.events.reduce(0) { $0 + 256 + $1.data.count } })
        for (index, append) in self.appends.enumerated() {
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
        json = PostgresJSON(text: text)
    }

    /// Reads `append_batch`'s answer: the transaction id, then a line per event in the batch's order
    /// (version, position, recorded time, hash).
    func appended(from answer: String) throws -> [AppendResult.Appended] {
        var lines = answer.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        let transactionID = try UInt64(postgresText: String(lines.next() ?? ""))
        var appended: [AppendResult.Appended] = []
        for append in appends {
            for _ in append.events {
                let fields = (lines.next() ?? "").split(separator: "\t").map(String.init)
                guard fields.count == 4 else { throw AppendAnswerUnreadable(answer: answer) }
                appended.append(
                    AppendResult.Appended(
                        streamID: append.streamID, version: try Int64(postgresText: fields[0]),
                        position: try Int64(postgresText: fields[1]), recordedAt: try Date(postgresText: fields[2]),
                        transactionID: transactionID, hash: try Data(postgresText: fields[3])))
            }
        }
        return appended
    }
}

/// `append_batch` answered in a form this build does not read (a schema from another version).
struct AppendAnswerUnreadable: Error, CustomStringConvertible {
    var answer: String
    var description: String { "append_batch answered in an unexpected form: \(answer.prefix(200))" }
}
