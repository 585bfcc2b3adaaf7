import EventStore
import ReadModels
import TalentDomain

/// Walks over whole units and jurisdictions a page at a time, for the campaign's work (readiness, the
/// documents, the overdue list, the late-unit jobs): memory stays that of one page however many talents.
extension TalentRegister {
    /// Every row of the current view matching `filter` within `scope`, a page at a time, in register-id
    /// order (for the campaign's work over whole units and jurisdictions; no masking: callers decide).
    /// From the first row after `cursor` (a register id), and no further page once `done` says so.
    func forEachPage(
        _ filter: TalentFilter, scope: OrganizationScope, after start: String? = nil,
        until done: () -> Bool = { false },
        _ body: ([TalentListing]) async throws -> Void
    ) async throws {
        var cursor = start
        repeat {
            let page = try await queries.talents.page(filter, scope: scope, after: cursor, limit: Self.pageSize)
            try await body(page)
            cursor = page.count == Self.pageSize ? page.last?.id.rawValue : nil
        } while cursor != nil && !done()
    }

    static let pageSize = 500

    /// Every talent matching `filter` within `scope` with its state as the register knows it now, in
    /// register-id order, a page at a time: memory stays that of one page however many there are. A
    /// page's streams are read in one query and folded here (as ``TalentReplay`` folds one).
    /// With `asOf`, each state is the talent's on that day (its facts effective by then, as known now).
    func forEachTalent(
        _ filter: TalentFilter, scope: OrganizationScope, asOf: Day? = nil, after cursor: String? = nil,
        until done: () -> Bool = { false }, _ body: (TalentListing, Talent) async throws -> Void
    ) async throws {
        try await forEachTalent(filter, scope: scope, asOf: asOf, after: cursor, until: done) { listing, state, _ in
            if let state { try await body(listing, state) }
        }
    }

    /// The same, with the version of the talent's stream its state was folded from, and every talent: one
    /// with no fact by `asOf` (not yet in the register on that day) comes with no state.
    ///
    /// A talent whose row keeps the state of its whole stream, every fact of it effective by `asOf`, is
    /// taken as the row keeps it (the fold of that history, as the commands and the jobs take it); only the
    /// others' streams are read and folded. A province's documents folded 720,000 events otherwise, and a
    /// unit's readiness every event of its talents on each look (a province-scale test).
    func forEachTalent(
        _ filter: TalentFilter, scope: OrganizationScope, asOf: Day? = nil, after cursor: String? = nil,
        until done: () -> Bool = { false }, _ body: (TalentListing, Talent?, Int64) async throws -> Void
    ) async throws {
        try await forEachPage(filter, scope: scope, after: cursor, until: done) { page in
            let (kept, recorded) = try await store.withConnection { connection in
                let kept = try await KeptRow.current(page.map(\.id), on: connection).filter { _, row in
                    asOf.map { row.lastDay <= $0 } ?? true
                }
                let folded = page.map(\.id).filter { kept[$0] == nil }.map(TalentStream.id)
                return (kept, folded.isEmpty ? [] : try await connection.readStreams(folded))
            }
            let streams = Dictionary(grouping: recorded, by: \.streamID)
            for listing in page {
                if let row = kept[listing.id] {
                    try await body(listing, row.state, row.version)
                    continue
                }
                guard let events = streams[TalentStream.id(listing.id)], !events.isEmpty else { continue }
                var history = try events.map(StoredTalentEvent.init)
                if let asOf { history.removeAll { $0.effectiveDate > asOf } }
                try await body(listing, history.isEmpty ? nil : history.foldedState(), events.last?.version ?? 0)
            }
        }
    }
}
