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
    public func catchUp() async throws -> Int { try await subscription.catchUp() }

    /// Runs until cancelled, waking on every append.
    public func run() async throws { try await subscription.run() }

    /// Projects one batch on the subscription's connection and transaction.
    ///
    /// With `lockingStreams`, the touched streams' heads are share-locked (in a fixed order) before their
    /// rows are rewritten: an append to one of them (which takes the head FOR UPDATE and rewrites the same
    /// rows at command time) then waits for this batch or this batch waits for it and reads its events, so
    /// neither overwrites the other's newer rows. `check` derives in a snapshot and needs no lock.
    static func apply(
        _ events: [RecordedEvent], decoded: DecodedBatch? = nil, policy: Policy, lockingStreams: Bool = true,
        on store: StoreConnection
    ) async throws {
        try await TalentProjection.writeOrganizations(
            events.filter { $0.streamType == OrganizationStream.type }, on: store.connection)
        let talentEvents = events.filter { $0.streamType == TalentStream.type }
        guard !talentEvents.isEmpty else { return }
        let byStream = Dictionary(grouping: talentEvents, by: \.streamID)
        // A stream the batch holds whole (versions 1…head) needs no second read.
        let streamIDs = Array(byStream.keys)
        let heads = try await store.versions(of: streamIDs, lockingForShare: lockingStreams)
        var streams: [TalentID: [StoredTalentEvent]] = [:]
        // Streams to decode here: those the batch holds only part of (read whole), and whole ones no
        // preparation decoded.
        var undecoded: [(TalentID, [RecordedEvent])] = []
        for (streamID, batchEvents) in byStream {
            guard let talent = TalentStream.talentID(fromStreamID: streamID) else { continue }
            let versions = batchEvents.map(\.version).sorted()
            let whole =
                versions.first == 1 && versions.last == heads[streamID] && versions.count == versions.last.map(Int.init)
            if !whole {
                undecoded.append((talent, try await store.readStream(streamID)))
            } else if let events = decoded?.streams[streamID] {
                streams[talent] = events
            } else {
                undecoded.append((talent, batchEvents))
            }
        }
        for (talent, events) in try await undecoded.concurrentMap({ talent, events in
            (talent, try events.map(StoredTalentEvent.init))
        }) {
            streams[talent] = events
        }
        try await TalentProjection.write(streams, policy: policy, on: store.connection)
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
        let decoded = try await candidates.concurrentMap { ($0.streamID, try StoredTalentEvent($0)) }
        // In batch order; TalentRows orders each stream by version.
        streams = Dictionary(grouping: decoded, by: { $0.0 }).mapValues { $0.map { $0.1 } }
    }
}
