import EventStore
import Foundation
import TalentDomain

/// A unit's evaluation work (F1) as a stream of its own (`unit-evaluation-work-<unit>`): the province's
/// suspensions and their lifting. Read by id where an evaluation names the unit; no read model keeps it.
public enum UnitEvaluationWorkStream {
    public static let type = "unit-evaluation-work"

    public static func id(unit: String) -> String { "unit-evaluation-work-\(unit)" }

    /// The stored event of `event` (its payload is the event itself, as JSON).
    public static func newEvent(_ event: UnitEvaluationWorkEvent, metadata: EventMetadata) throws -> NewEvent {
        try NewEvent(
            type: event.typeName, payload: event, metadata: metadata, effectiveDate: event.effectiveDate.description)
    }

    /// The evaluation work of each of `units` as recorded (a unit never suspended has no stream, and is
    /// answered with none), on a connection of the caller's.
    public static func work(of units: [String], on store: StoreConnection) async throws -> [String: UnitEvaluationWork]
    {
        let byStream = Dictionary(grouping: try await store.readStreams(units.map(id(unit:))), by: \.streamID)
        return Dictionary(
            uniqueKeysWithValues: try units.map { unit in (unit, try fold(unit: unit, byStream[id(unit: unit)] ?? [])) }
        )
    }

    /// One unit's evaluation work and its stream's version (0 for none), to decide on in the caller's
    /// transaction.
    public static func read(unit: String, upToVersion: Int64? = nil, on store: StoreConnection) async throws -> (
        work: UnitEvaluationWork, version: Int64
    ) {
        let recorded = try await store.readStream(id(unit: unit), upToVersion: upToVersion)
        return (try fold(unit: unit, recorded), recorded.last?.version ?? 0)
    }

    /// `recorded`, one unit's stream in version order (as the store reads it), folded.
    static func fold(unit: String, _ recorded: [RecordedEvent]) throws -> UnitEvaluationWork {
        UnitEvaluationWork.fold(
            unit: unit, try recorded.map { try JSONDecoder().decode(UnitEvaluationWorkEvent.self, from: $0.data) })
    }

    /// The append of what `command` decides on the unit's work as `read` left it (nil when it decides nothing).
    public static func append(
        _ command: UnitEvaluationWorkCommand, to read: (work: UnitEvaluationWork, version: Int64), on date: Day,
        metadata: EventMetadata
    ) throws -> StreamAppend? {
        let events = try read.work.decide(command, on: date)
        guard !events.isEmpty else { return nil }
        return StreamAppend(
            streamID: id(unit: read.work.unit), streamType: type,
            expected: read.version == 0 ? .noStream : .exact(read.version),
            events: try events.map { try newEvent($0, metadata: metadata) })
    }
}
