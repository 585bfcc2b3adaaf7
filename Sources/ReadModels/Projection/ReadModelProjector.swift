import EventStore
import Foundation
import Logging
import Postgres
import TalentDomain

/// Keeps the read models in step with the store through a subscription: each batch rewrites the rows
/// of the talents and organizations it touches, and commits with the subscription's checkpoint.
public struct ReadModelProjector: Sendable {
    public let store: EventStore
    public let policy: Policy
    public let subscription: Subscription

    public init(
        store: EventStore, policy: Policy, batchSize: Int = 2000, pollInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "talentledger.projector")
    ) {
        self.store = store
        self.policy = policy
        let policy = policy
        subscription = Subscription(
            name: TalentProjection.subscriptionName, store: store, batchSize: batchSize, pollInterval: pollInterval,
            logger: logger
        ) { events in
            try await DecodedBatch(events)
        } handler: { events, decoded, store in
            try await Self.apply(events, decoded: decoded, policy: policy, on: store)
        }
    }

    /// Handles everything committed so far; returns the number of events handled.
    @discardableResult
    public func catchUp(timeout: Duration = .seconds(30)) async throws -> Int {
        try await subscription.catchUp(timeout: timeout)
    }

    /// Runs until cancelled, waking on every append.
    public func run() async throws { try await subscription.run() }

    /// Projects one batch on the subscription's connection and transaction.
    ///
    /// With `lockingStreams` (the live projector), talents whose rows already show the batch's events
    /// (written by their commands) are passed over, and the other touched streams' heads are share-locked
    /// (in a fixed order) before their rows are rewritten: an append to one of them (which takes the head
    /// FOR UPDATE and rewrites the same rows at command time) then waits for this batch or this batch
    /// waits for it and reads its events, so neither overwrites the other's newer rows. A rebuild and
    /// `check` derive in a snapshot into tables of their own and need neither.
    ///
    /// A stream whose events cannot be applied (undecodable, or rows a table cannot hold) is set aside in
    /// ``ProjectionQuarantine`` with its error, and the batch goes on without it: one bad event never
    /// stops the read side.
    static func apply(
        _ events: [RecordedEvent], decoded: DecodedBatch? = nil, policy: Policy, lockingStreams: Bool = true,
        on store: StoreConnection
    ) async throws {
        let connection = store.connection
        let setAside = try await ProjectionQuarantine.quarantined(
            among: Array(Set(events.map(\.streamID))), on: connection)
        let events = setAside.isEmpty ? events : events.filter { !setAside.contains($0.streamID) }
        for event in events where event.streamType == OrganizationStream.type {
            try await settingAside(event.streamID, version: event.version, on: connection) {
                try await TalentProjection.writeOrganizations([event], on: connection)
            }
        }
        for event in events where event.streamType == AccountStream.type {
            try await settingAside(event.streamID, version: event.version, on: connection) {
                try await AccountProjection.write([event], on: connection)
            }
        }
        for streamID in Set(events.filter { $0.streamType == SubmissionStream.type }.map(\.streamID)) {
            let version = events.last { $0.streamID == streamID }?.version ?? 0
            try await settingAside(streamID, version: version, on: connection) {
                try await SubmissionProjection.write([streamID], policy: policy, on: store)
            }
        }
        let talentEvents = events.filter { $0.streamType == TalentStream.type }
        guard !talentEvents.isEmpty else { return }
        var byStream = Dictionary(grouping: talentEvents, by: \.streamID)
        // Live, commands have written most talents' rows already; a derivation from scratch (a rebuild, a
        // check) writes tables nothing else writes, so no row there is ever ahead of it.
        if lockingStreams { byStream = try await TalentProjection.behind(byStream, on: connection) }
        guard !byStream.isEmpty else { return }
        // A stream the batch holds whole (versions 1…head) needs no second read.
        let streamIDs = Array(byStream.keys)
        let heads = try await store.versions(of: streamIDs, lockingForShare: lockingStreams)
        var streams: [TalentID: [StoredTalentEvent]] = [:]
        // Streams to decode here: those the batch holds only part of (read whole, all in one statement),
        // and whole ones no preparation decoded.
        var undecoded: [(TalentID, [RecordedEvent])] = []
        var partial: [String] = []
        for (streamID, batchEvents) in byStream {
            guard let talent = TalentStream.talentID(fromStreamID: streamID) else { continue }
            let versions = batchEvents.map(\.version).sorted()
            let whole =
                versions.first == 1 && versions.last == heads[streamID] && versions.count == versions.last.map(Int.init)
            if !whole {
                partial.append(streamID)
            } else if let events = decoded?.streams[streamID] {
                streams[talent] = events
            } else {
                undecoded.append((talent, batchEvents))
            }
        }
        for (streamID, events) in Dictionary(grouping: try await store.readStreams(partial), by: \.streamID) {
            guard let talent = TalentStream.talentID(fromStreamID: streamID) else { continue }
            undecoded.append((talent, events))
        }
        let results = try await undecoded.concurrentMap { talent, events in
            (talent, events, Result { try events.map(StoredTalentEvent.init) })
        }
        for (talent, events, result) in results {
            switch result {
            case .success(let stored): streams[talent] = stored
            case .failure(let error):
                // The first event that does not decode names the version.
                let version = events.first { (try? StoredTalentEvent($0)) == nil }?.version ?? events.last?.version ?? 0
                try await ProjectionQuarantine.setAside(
                    TalentStream.id(talent), version: version, error: error, on: connection)
            }
        }
        try await connection.execute("SAVEPOINT projection_batch")
        do {
            try await TalentProjection.write(streams, policy: policy, on: connection)
            try await connection.execute("RELEASE SAVEPOINT projection_batch")
        } catch  where ProjectionQuarantine.isAboutTheData(error) {
            // Some stream's rows cannot be written: write each on its own to find which.
            try await connection.execute("ROLLBACK TO SAVEPOINT projection_batch")
            for (talent, events) in streams.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try await settingAside(TalentStream.id(talent), version: events.last?.version ?? 0, on: connection) {
                    try await TalentProjection.write([talent: events], policy: policy, on: connection)
                }
            }
        }
    }

    /// Runs `write` under a savepoint; when it fails for the data's sake, its writes are undone and the
    /// stream is set aside with the error. Any other error (the connection, the transaction) is thrown.
    static func settingAside(
        _ streamID: String, version: Int64, on connection: Connection, _ write: () async throws -> Void
    ) async throws {
        try await connection.execute("SAVEPOINT projection_stream")
        do {
            try await write()
            try await connection.execute("RELEASE SAVEPOINT projection_stream")
        } catch  where ProjectionQuarantine.isAboutTheData(error) || error is DecodingError {
            try await connection.execute("ROLLBACK TO SAVEPOINT projection_stream")
            try await ProjectionQuarantine.setAside(streamID, version: version, error: error, on: connection)
        }
    }
}

/// A batch's talent events decoded, by stream, in the batch's order: the part of projecting a batch that
/// needs no database, done for the next batch while this one is written.
struct DecodedBatch: Sendable {
    var streams: [String: [StoredTalentEvent]]

    /// Decodes the streams the batch may hold whole (those it holds from version 1): the others are read
    /// whole and decoded when the batch is projected.
    init(_ events: [RecordedEvent]) async throws {
        let fromTheStart = Set(events.filter { $0.streamType == TalentStream.type && $0.version == 1 }.map(\.streamID))
        let candidates = events.filter { $0.streamType == TalentStream.type && fromTheStart.contains($0.streamID) }
        let decoded = try await candidates.concurrentMap { ($0.streamID, try? StoredTalentEvent($0)) }
        // A stream with an event that does not decode is left out: projecting the batch decodes it again
        // and sets it aside with the error.
        let failed = Set(decoded.filter { $0.1 == nil }.map(\.0))
        // In batch order; TalentRows orders each stream by version.
        streams = Dictionary(grouping: decoded.filter { !failed.contains($0.0) }, by: { $0.0 }).mapValues {
            $0.compactMap(\.1)
        }
    }
}
