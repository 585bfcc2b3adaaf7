import EventStore
import Foundation
import Postgres
import TalentDomain

extension DemoProvince {
    /// What a load wrote.
    public struct Summary: Sendable, Hashable {
        public var organizations: Int
        public var talents: Int
        public var events: Int
        /// Events by type name (talent events only).
        public var eventsByType: [String: Int]
        /// Commands the domain refused while the histories were generated (skipped).
        public var refusedCommands: Int
        public var seconds: Double
    }

    /// How far a load has come, for a progress line.
    public enum Progress: Sendable, Hashable {
        case organizations(Int)
        case talents(written: Int, of: Int, events: Int)
        case projecting
        case projected(events: Int)
    }

    /// The stream that says the register holds the demo province (``isLoaded(in:)``): what a demonstration
    /// clock (`serve --today`) asks before it dates every step on a day that is not today.
    public static let markerStream = "demo-province"

    /// Whether `store` holds the demo province: its marker, or, loaded by a release before the marker was
    /// written, its provincial office registered by the demo itself (an upgraded demo register goes on
    /// being served with its demonstration clock).
    public static func isLoaded(in store: EventStore) async throws -> Bool {
        guard try await store.version(of: markerStream) == 0 else { return true }
        let office = OrganizationStream.id(DemoOrganizations.provincialOffice.id)
        let first = try await store.withConnection { try await $0.readStream(office, upToVersion: 1) }.first
        return try first.map { try $0.metadata.actor == "demo" } ?? false
    }

    func marker(_ metadata: EventMetadata) throws -> StreamAppend {
        struct Loaded: Encodable {
            var seed: UInt64
            var talents: Int
        }
        return StreamAppend(
            streamID: Self.markerStream, streamType: "demo", expected: .noStream,
            events: [
                try NewEvent(
                    type: "DemoProvinceLoaded", payload: Loaded(seed: seed, talents: talents), metadata: metadata,
                    effectiveDate: "2016-01-01")
            ])
    }

    /// Writes the province through the store's bulk append path (organizations first, then talents in
    /// chunks, each chunk one command and one transaction with the talents' synthetic profiles), then
    /// brings the read models up to date. Fails with a version conflict if any of its streams exists.
    public func load(
        into store: EventStore, policy: Policy, chunkSize: Int = 500,
        progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Summary {
        let clock = ContinuousClock()
        let started = clock.now
        let metadata = EventMetadata(actor: "demo", role: "system")
        let organizations = organizations()
        var orgMetadata = metadata
        orgMetadata.organization = DemoOrganizations.provincialOffice.id
        let registrations = try organizations.map {
            try OrganizationStream.registration($0, on: "2016-01-01", metadata: orgMetadata)
        }
        let size = max(1, chunkSize)
        // One transaction: a load that fails half-way leaves the store as it was (and `--if-empty` can run
        // it again), never a half-written province.
        var summary = try await store.withTransaction { transaction in
            try await transaction.appendBulk(registrations + [try marker(metadata)], commandID: .timeOrdered())
            progress(.organizations(organizations.count))
            var summary = Summary(
                organizations: organizations.count, talents: 0, events: 0, eventsByType: [:], refusedCommands: 0,
                seconds: 0)
            for start in stride(from: 0, to: talents, by: size) {
                let chunk = histories(policy: policy, range: start..<min(start + size, talents))
                let appends = try chunk.filter { !$0.events.isEmpty }.map { history in
                    StreamAppend(
                        streamID: TalentStream.id(history.talent), streamType: TalentStream.type, expected: .noStream,
                        events: try zip(history.events, history.actingOrganizations).map { event, organization in
                            var eventMetadata = metadata
                            eventMetadata.organization = organization
                            return try TalentStream.newEvent(event, metadata: eventMetadata)
                        })
                }
                let ids = chunk.map(\.talent.rawValue)
                let names = chunk.map(\.name)
                try await transaction.appendBulk(appends, commandID: .timeOrdered())
                try await TalentProfiles.upsert(ids: ids, names: names, on: transaction.connection)
                for history in chunk {
                    summary.talents += 1
                    summary.events += history.events.count
                    summary.refusedCommands += history.refused
                    for event in history.events { summary.eventsByType[event.typeName, default: 0] += 1 }
                }
                progress(.talents(written: summary.talents, of: talents, events: summary.events))
            }
            return summary
        }
        store.announcer.announce()
        progress(.projecting)
        let projected = try await ReadModelProjector(store: store, policy: policy).catchUp()
        // The planner's statistics of the tables just filled, now rather than at autovacuum's next round
        // (up to a minute, in which a page of 500 talents took 0.2 s instead of 0.01: a province-scale test).
        try await store.withConnection { try await $0.connection.executeScript("ANALYZE") }
        progress(.projected(events: projected))
        summary.seconds = (clock.now - started) / .seconds(1)
        return summary
    }
}
