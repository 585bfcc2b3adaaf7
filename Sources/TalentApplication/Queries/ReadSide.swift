import EventStore
import Foundation
import ReadModels
import TalentDomain

/// The questions the read side answers, for any part of the register: the application layer decides
/// which part a caller may ask about, and what of the answer it may see.

/// Lists of talents from the current view.
public protocol TalentReading: Sendable {
    func page(_ filter: TalentFilter, scope: OrganizationScope, after cursor: String?, limit: Int) async throws
        -> [TalentListing]
    func count(_ filter: TalentFilter, scope: OrganizationScope) async throws -> Int
    func countsByUnit(scope: OrganizationScope) async throws -> [String: Int]
    func answering(_ units: [String]) async throws -> [(unit: String, talent: TalentID)]
    func held(by units: [String], on day: Day) async throws -> [(unit: String, talent: TalentID)]
    func units(of talents: [TalentID], on day: Day) async throws -> [TalentID: String]
    func suspendedAfter(_ day: Day) async throws -> [TalentID]
    func listing(of talent: TalentID) async throws -> TalentListing?
    func listingWithState(of talent: TalentID) async throws -> (listing: TalentListing?, stateJSON: String?)
}

/// One talent's history from its stream: bitemporal state, explained timeline, raw events.
public protocol TalentHistoryReading: Sendable {
    func state(of talent: TalentID, asOf: Day?, knownAt: Date?) async throws -> Talent?
    func timeline(of talent: TalentID, knownAt: Date?) async throws -> [TimelineEntry]
    func rawEvents(of talent: TalentID) async throws -> [RecordedEvent]
}

/// The O1 tree and the figures of its parts.
public protocol OrganizationReading: Sendable {
    func all() async throws -> [Organization]
    func figures(scope: OrganizationScope, asOf: Day?, classifiedApart: Bool, classifiedSeenOnlyIn: String?)
        async throws
        -> OrganizationDirectory.Figures
    func changes(scope: OrganizationScope, from: Day, through: Day, classifiedApart: Bool) async throws
        -> (exitsByReason: [String: Int], downgrades: Int)
}

/// Campaign rosters (W1–W3 per talent).
public protocol RosterReading: Sendable {
    func roster(campaign: Int, scope: OrganizationScope, after cursor: String?, limit: Int) async throws
        -> [RosterEntry]
    func progressByUnit(campaign: Int, scope: OrganizationScope, classifiedApart: Bool) async throws
        -> [String: (done: Int, total: Int)]
    func classifiedCount(campaign: Int, scope: OrganizationScope) async throws -> Int
}

/// Snapshots of the register on a day, as known at a time (from the bitemporal history).
public protocol SnapshotReading: Sendable {
    func page(on day: Day, knownAt: Date?, scope: OrganizationScope, after cursor: String?, limit: Int) async throws
        -> [SnapshotEntry]
    func count(on day: Day, knownAt: Date?, scope: OrganizationScope) async throws -> Int
}

extension TalentDirectory: TalentReading {}
extension RegisterSnapshots: SnapshotReading {}
extension OrganizationDirectory: OrganizationReading {}
extension CampaignRosterQueries: RosterReading {}

extension TalentReplay: TalentHistoryReading {
    public func rawEvents(of talent: TalentID) async throws -> [RecordedEvent] {
        try await store.readStream(TalentStream.id(talent))
    }
}
