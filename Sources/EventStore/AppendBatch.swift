import Foundation
import Postgres

/// What `append_event` and `append_batch` take and answer: one round trip carries every stream and event
/// of an append.
struct AppendBatch {
    /// The streams in the order they are locked (and answered): a fixed order keeps two multi-stream
    /// appends from deadlocking.
    let appends: [StreamAppend]

    init(_ appends: [StreamAppend]) throws {
        try StreamAppend.check(appends)
        self.appends = appends.sorted { $0.streamID < $1.streamID }
    }

    /// True for one event on one stream: most appends, which `append_event` takes with the event's fields
    /// as parameters.
    var isSingleEvent: Bool { appends.count == 1 && appends[0].events.count == 1 }

    /// The call that appends them: `append_event` for a single event (the cheaper call), else
    /// `append_batch` with the batch as a document.
    func query(commandID: UUID) -> PostgresQuery {
        guard isSingleEvent else { return "SELECT append_batch(\(commandID), \(json)::jsonb)" }
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 64, interpolationCount: 9)
        sql.appendLiteral("SELECT ")
        appendEventCall(commandID: commandID, to: &sql)
        return PostgresQuery(stringInterpolation: sql)
    }

    /// Writes the `append_event` call of a single-event batch, so that several can share one statement.
    func appendEventCall(commandID: UUID, to sql: inout PostgresQuery.StringInterpolation) {
        let append = appends[0]
        let event = append.events[0]
        sql.appendLiteral("append_event(")
        sql.appendInterpolation(commandID)
        sql.appendLiteral(", ")
        sql.appendInterpolation(append.streamID)
        sql.appendLiteral(", ")
        sql.appendInterpolation(append.streamType)
        sql.appendLiteral(", ")
        sql.appendInterpolation(append.expected.databaseValue)
        sql.appendLiteral(", ")
        sql.appendInterpolation(event.type)
        sql.appendLiteral(", ")
        sql.appendInterpolation(event.schemaVersion)
        sql.appendLiteral(", ")
        sql.appendInterpolation(String(decoding: event.data, as: UTF8.self))
        sql.appendLiteral("::jsonb, ")
        sql.appendInterpolation(event.metadata.jsonText)
        sql.appendLiteral("::jsonb, ")
        sql.appendInterpolation(event.effectiveDate)
        sql.appendLiteral("::date)")
    }

    /// The batch as `append_batch` reads it.
    private var json: PostgresJSON {
        var text = "["
        text.reserveCapacity(appends.reduce(2) { $0 + 128 + $1.events.reduce(0) { $0 + 256 + $1.data.count } })
        for (index, append) in appends.enumerated() {
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

    /// What the batch recorded, from the answer of `append_event` or `append_batch`.
    func recorded(from answer: String, commandID: UUID) throws -> AppendResult {
        AppendResult(commandID: commandID, events: try appended(from: answer), replayed: false)
    }

    /// Reads the answer of `append_event` or `append_batch`: the transaction id, then a line per event in
    /// the batch's order (version, position, recorded time, hash).
    func appended(from answer: String) throws -> [AppendResult.Appended] {
        // Split as bytes (both separators are ASCII): splitting Characters cost more than the rest of an
        // append's client-side work.
        func text(_ field: Substring.UTF8View) -> String { String(Substring(field)) }
        var lines = answer.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).makeIterator()
        guard let first = lines.next() else { throw AppendAnswerUnreadable(answer: answer) }
        let transactionID = try UInt64(postgresText: text(first))
        var appended: [AppendResult.Appended] = []
        appended.reserveCapacity(appends.reduce(0) { $0 + $1.events.count })
        for append in appends {
            for _ in append.events {
                guard let line = lines.next() else { throw AppendAnswerUnreadable(answer: answer) }
                let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                guard fields.count == 4 else { throw AppendAnswerUnreadable(answer: answer) }
                appended.append(
                    AppendResult.Appended(
                        streamID: append.streamID, version: try Int64(postgresText: text(fields[0])),
                        position: try Int64(postgresText: text(fields[1])),
                        recordedAt: try Date(postgresText: text(fields[2])), transactionID: transactionID,
                        hash: try Data(postgresText: text(fields[3]))))
            }
        }
        return appended
    }
}

/// `append_event` or `append_batch` answered in a form this build does not read (a schema from another
/// version).
struct AppendAnswerUnreadable: Error, CustomStringConvertible {
    var answer: String
    var description: String { "the append answered in an unexpected form: \(answer.prefix(200))" }
}
