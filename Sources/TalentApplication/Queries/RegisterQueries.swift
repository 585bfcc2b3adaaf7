import EventStore
import Foundation
import ReadModels
import TalentDomain

/// A page of a keyset-paged list: the next page starts after `nextCursor` (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

extension Page: Equatable where Item: Equatable {}

/// The register's questions as a caller asks them: each answer covers only the caller's jurisdiction
/// and shows personal data only as the caller may see it (SEC1, SEC2). Outside the jurisdiction is
/// ``NotFound``, exactly as what does not exist.
public struct RegisterQueries: Sendable {
    /// The longest page a caller gets.
    public static let maximumPageSize = 500

    let talents: any TalentReading
    let history: any TalentHistoryReading
    let organizations: any OrganizationReading
    let rosters: any RosterReading
    let snapshots: any SnapshotReading
    /// The campaigns the policy names, by year: a roster of another year is not found.
    let campaigns: Set<Int>
    let trees: OrganizationTreeCache

    /// `treeLifetime`: how long the O1 tree read for access checks is kept before it is read again.
    public init(
        talents: any TalentReading, history: any TalentHistoryReading, organizations: any OrganizationReading,
        rosters: any RosterReading, snapshots: any SnapshotReading, campaigns: Set<Int>,
        treeLifetime: Duration = .seconds(1)
    ) {
        self.talents = talents
        self.history = history
        self.organizations = organizations
        self.rosters = rosters
        self.snapshots = snapshots
        self.campaigns = campaigns
        trees = OrganizationTreeCache(lifetime: treeLifetime)
    }

    /// The access policy over today's O1 tree (as read at most `treeLifetime` ago, or just now when
    /// `fresh`).
    public func access(fresh: Bool = false) async throws -> Access {
        Access(tree: try await trees.tree(fresh: fresh) { OrganizationTree(try await organizations.all()) })
    }

    /// A page of the talents the caller may see, matching `filter`, after `cursor`. A unit or an
    /// organization the filter names that does not exist, or lies outside the jurisdiction, is
    /// ``NotFound``: an empty page would read as a unit without talents (a mirror would drop its copies).
    public func talents(_ filter: TalentFilter, after cursor: String? = nil, limit: Int = 100, by caller: Caller)
        async throws -> Page<TalentListing>
    {
        let access = try await access()
        try Self.checkPlaces(of: filter, access: access, caller: caller)
        guard let (filter, scope) = narrowed(filter, for: caller, access: access) else {
            return Page(items: [], nextCursor: nil)
        }
        let size = min(max(1, limit), Self.maximumPageSize)
        // One row more than the page, to know whether another page follows: a full last page names no
        // next one (a client would otherwise ask for an empty page to learn it had them all).
        let rows = try await talents.page(filter, scope: scope, after: cursor, limit: size + 1)
        let shown = rows.prefix(size)
        // A row the caller may see only in counts never reaches a page (the filter already left such rows
        // out; this holds whatever the read side returns).
        return Page(
            items: shown.compactMap { row in
                let visibility = access.visibility(of: row, caller: caller)
                return visibility == .countsOnly ? nil : Self.masked(row, visibility)
            },
            nextCursor: rows.count > size ? shown.last?.id.rawValue : nil)
    }

    /// How many talents the caller's filtered list holds: exactly those its pages list. Classified talents
    /// the caller may not see are not counted: a count beside the rows, filtered by tier, unit, status or
    /// card, would single them out (the figures count them in totals alone).
    public func count(_ filter: TalentFilter, by caller: Caller) async throws -> Int {
        let access = try await access()
        try Self.checkPlaces(of: filter, access: access, caller: caller)
        guard let (filter, scope) = narrowed(filter, for: caller, access: access) else { return 0 }
        return try await talents.count(filter, scope: scope)
    }

    /// The unit and the organization a filter names: each one the caller may read (else ``NotFound``), and
    /// the unit an employer unit (else ``InvalidInput``: a bureau as `unit` answers for no talent itself,
    /// and an empty page would read as one without talents below it).
    static func checkPlaces(of filter: TalentFilter, access: Access, caller: Caller) throws {
        for (kind, id) in [("unit", filter.unit), ("organization", filter.organization)] {
            if let id, !access.mayRead(organization: id, caller: caller) { throw NotFound("\(kind) \(id)") }
        }
        if let unit = filter.unit, let kind = access.tree[unit]?.kind, !kind.isEmployerUnit {
            throw InvalidInput(
                "unit", "\(unit) is no employer unit: organization=\(unit) lists the talents of the units below it")
        }
        // Both given, a unit outside the organization: the question is wrong, not its answer empty.
        if let unit = filter.unit, let organization = filter.organization,
            !access.tree.chain(of: unit).contains(where: { $0.id == organization })
        {
            throw InvalidInput("unit", "\(unit) is not below organization \(organization)")
        }
    }

    /// One talent's current row, as the caller may see it.
    public func talent(_ id: TalentID, by caller: Caller) async throws -> TalentListing {
        let (listing, visibility) = try await visible(id, by: caller)
        return Self.masked(listing, visibility)
    }

    /// The talent's state on business day `asOf`, as the register knew it at `knownAt`.
    public func state(of id: TalentID, asOf: Day? = nil, knownAt: Date? = nil, by caller: Caller) async throws
        -> Talent
    {
        try await detail(of: id, asOf: asOf, knownAt: knownAt, by: caller).state
    }

    /// The talent's current row, as the caller may see it, and its state on `asOf` as the register knew
    /// it at `knownAt`: one access check and one read of the row for both (what a talent's page shows).
    ///
    /// The stream is read only once the row says the caller may see the talent: read beside the row, a
    /// talent outside the jurisdiction answered its 404 later the longer its history up to `asOf` was,
    /// which told when its facts happened.
    public func detail(of id: TalentID, asOf: Day? = nil, knownAt: Date? = nil, by caller: Caller) async throws
        -> (listing: TalentListing, state: Talent)
    {
        let (listing, visibility) = try await visible(id, by: caller)
        guard let state = try await history.state(of: id, asOf: asOf, knownAt: knownAt) else {
            // The talent is in the register now: say what the question found, not that it does not exist.
            throw NotYetInRegister(talent: id, asOf: asOf, knownAt: knownAt)
        }
        return (Self.masked(listing, visibility), state)
    }

    /// The talent's current row, as the caller may see it, and its current state (every fact known, in
    /// business order: what ``detail(of:asOf:knownAt:by:)`` folds with neither date) as the JSON text its
    /// row keeps (``CurrentState``), so that the stream is neither read nor folded. A row from before
    /// rows kept their state, which the projector has not been over yet, is answered by folding.
    public func currentDetail(of id: TalentID, by caller: Caller) async throws
        -> (listing: TalentListing, stateJSON: String)
    {
        let access = try await access()
        let (found, kept) = try await talents.listingWithState(of: id)
        let (listing, visibility) = try Self.visible(found, id, by: caller, access: access)
        if let kept { return (Self.masked(listing, visibility), kept) }
        guard let state = try await history.state(of: id, asOf: nil, knownAt: nil) else {
            throw NotYetInRegister(talent: id, asOf: Day?.none, knownAt: nil)
        }
        return (Self.masked(listing, visibility), CurrentState.json(state))
    }

    /// What a talent's page shows, behind one access check and one read of its row: the row (names as
    /// the caller may see them) and how much of it the caller sees, the explained timeline, and the state on `asOf` as known at `knownAt`
    /// (today's is the timeline's last: every fact known, folded in business order).
    public func page(of id: TalentID, asOf: Day? = nil, knownAt: Date? = nil, by caller: Caller) async throws
        -> (listing: TalentListing, visibility: Visibility, timeline: [TimelineEntry], state: Talent)
    {
        // The history is read once the row says the caller may see it (as in `detail`).
        let (listing, visibility) = try await visible(id, by: caller)
        // As known at `knownAt`, each fact's states are those known then (not what a fact recorded later
        // made of its day).
        let timeline = Self.said(try await history.timeline(of: id, knownAt: knownAt), visibility)
        if asOf == nil, knownAt == nil, let last = timeline.last {
            return (Self.masked(listing, visibility), visibility, timeline, last.stateAfter)
        }
        guard let state = try await history.state(of: id, asOf: asOf, knownAt: knownAt) else {
            throw NotYetInRegister(talent: id, asOf: asOf, knownAt: knownAt)
        }
        return (Self.masked(listing, visibility), visibility, timeline, state)
    }

    /// The talent's explained timeline, with how much of the talent the caller sees (the free texts of its
    /// facts only in full, SEC2).
    public func timeline(of id: TalentID, by caller: Caller) async throws
        -> (entries: [TimelineEntry], visibility: Visibility)
    {
        let (_, visibility) = try await visible(id, by: caller)
        return (Self.said(try await history.timeline(of: id, knownAt: nil), visibility), visibility)
    }

    /// The timeline as a caller who sees the talent `visibility` reads it: what the recorder said of each
    /// fact (a free text, which may name people) and the facts' own free texts only in full (SEC2), decided
    /// here for every client (``TimelineEntry/particulars``).
    public static func said(_ timeline: consuming [TimelineEntry], _ visibility: Visibility) -> [TimelineEntry] {
        // In place, in the array the caller hands over: an entry holds two states of the talent, which a
        // copy of each would retain and release member by member.
        var said = consume timeline
        for index in said.indices {
            said[index].particulars = said[index].event?.particulars(withTexts: visibility == .full)
            if visibility != .full { said[index].reason = nil }
        }
        return said
    }

    /// The talent's raw events with versions and hashes: for auditors and the provincial office.
    public func rawEvents(of id: TalentID, by caller: Caller) async throws -> [RecordedEvent] {
        _ = try await visible(id, by: caller)
        guard Access.mayAudit(caller) else { throw Forbidden("原始记录仅供审计人员和省人社厅查阅") }
        return try await history.rawEvents(of: id)
    }

    /// The organizations of the caller's jurisdiction, each with its chain up to the provincial office.
    public func organizations(by caller: Caller) async throws -> [Organization] {
        let access = try await access()
        return access.tree.organizations.values.filter { access.mayRead(organization: $0.id, caller: caller) }
            .sorted { $0.id < $1.id }
    }

    /// An organization of the caller's jurisdiction: its chain (itself first) and its figures.
    public func organization(_ id: String, asOf: Day? = nil, by caller: Caller) async throws
        -> (chain: [Organization], figures: OrganizationDirectory.Figures)
    {
        let access = try await access()
        guard let scope = access.scope(of: caller, within: id) else { throw NotFound("organization \(id)") }
        let figures = try await organizations.figures(
            scope: scope, asOf: asOf, classifiedApart: access.countsClassifiedApart(of: id, caller: caller),
            classifiedSeenOnlyIn: access.classifiedSeenOnlyIn(caller: caller))
        return (access.tree.chain(of: id), figures)
    }

    /// A campaign's roster for an organization's subtree (default: the caller's jurisdiction);
    /// ``NotFound`` for a year the policy names no campaign for, as on every route of a campaign.
    public func roster(
        campaign: Int, organization: String? = nil, after cursor: String? = nil, limit: Int = 100, by caller: Caller
    ) async throws -> Page<RosterEntry> {
        guard campaigns.contains(campaign) else { throw NotFound("campaign \(campaign)") }
        let access = try await access()
        guard let scope = try scope(of: caller, organization: organization, access: access) else {
            return Page(items: [], nextCursor: nil)
        }
        return try await visiblePage(limit: limit, after: cursor, access: access, caller: caller) { after, size in
            try await rosters.roster(campaign: campaign, scope: scope, after: after, limit: size)
        }
    }

    /// The classified talents (T4) of `campaign`'s roster in the caller's jurisdiction (or `organization`'s
    /// subtree) that the roster leaves out for a caller who sees them in counts only; 0 for one who sees them.
    public func rosterClassifiedApart(campaign: Int, organization: String? = nil, by caller: Caller) async throws
        -> Int
    {
        guard campaigns.contains(campaign) else { throw NotFound("campaign \(campaign)") }
        let access = try await access()
        guard access.countsClassifiedApart(of: organization, caller: caller),
            let scope = try scope(of: caller, organization: organization, access: access)
        else { return 0 }
        return try await rosters.classifiedCount(campaign: campaign, scope: scope)
    }

    /// Exits (by reason) and downgrades of the caller's jurisdiction that took effect between `from` and
    /// `through` (counts: nothing masked; classified talents left out where the caller counts them apart).
    public func changes(from: Day, through: Day, by caller: Caller) async throws
        -> (exitsByReason: [String: Int], downgrades: Int)
    {
        let access = try await access()
        guard let scope = access.scope(of: caller) else { return ([:], 0) }
        return try await organizations.changes(
            scope: scope, from: from, through: through, classifiedApart: access.countsClassifiedApart(caller: caller))
    }

    /// For each unit of the caller's jurisdiction: how many talents under management it answers for.
    public func talentsByUnit(by caller: Caller) async throws -> [String: Int] {
        let access = try await access()
        guard let scope = access.scope(of: caller) else { return [:] }
        return try await talents.countsByUnit(scope: scope)
    }

    /// For each unit of the caller's jurisdiction (or of `organization`'s subtree): how many of its
    /// talents' work items of `campaign` are done, of how many (counts: nothing masked; classified talents
    /// left out where the caller counts them apart).
    public func progressByUnit(campaign: Int, organization: String? = nil, by caller: Caller) async throws
        -> [String: (done: Int, total: Int)]
    {
        let access = try await access()
        guard let scope = try scope(of: caller, organization: organization, access: access) else { return [:] }
        return try await rosters.progressByUnit(
            campaign: campaign, scope: scope,
            classifiedApart: access.countsClassifiedApart(of: organization, caller: caller))
    }

    /// A snapshot of the register on `day` as known at `knownAt`, for an organization's subtree
    /// (default: the caller's jurisdiction): who held which tier and card. Classified talents the
    /// caller may not see count in `total` but are left out of the pages.
    public func snapshot(
        on day: Day, knownAt: Date? = nil, organization: String? = nil, after cursor: String? = nil,
        limit: Int = 100, by caller: Caller
    ) async throws -> (page: Page<SnapshotEntry>, total: Int) {
        let access = try await access()
        guard let scope = try scope(of: caller, organization: organization, access: access) else {
            return (Page(items: [], nextCursor: nil), 0)
        }
        let total = try await snapshots.count(on: day, knownAt: knownAt, scope: scope)
        let page = try await visiblePage(limit: limit, after: cursor, access: access, caller: caller) { after, size in
            try await snapshots.page(on: day, knownAt: knownAt, scope: scope, after: after, limit: size)
        }
        return (page, total)
    }

    /// What a question about `organization`'s subtree covers: as much of that subtree as the caller reads
    /// (``NotFound`` outside the caller's jurisdiction), or with none the caller's whole jurisdiction; nil
    /// when it reads nothing.
    func scope(of caller: Caller, organization: String?, access: Access) throws -> OrganizationScope? {
        guard let scope = access.scope(of: caller) else { return nil }
        guard let organization else { return scope }
        guard let within = access.scope(of: caller, within: organization) else {
            throw NotFound("organization \(organization)")
        }
        return within
    }

    /// A page of rows about talents as the caller may see them: names masked where it sees them masked,
    /// and the talents it may see only in counts (T4) left out of the page itself, so that pages stay full
    /// and the cursor moves past them. A next page is named only when a row the caller sees follows.
    func visiblePage<Row: TalentRow>(
        limit: Int, after cursor: String?, access: Access, caller: Caller,
        fetch: (_ after: String?, _ size: Int) async throws -> [Row]
    ) async throws -> Page<Row> {
        let size = min(max(1, limit), Self.maximumPageSize)
        var items: [Row] = []
        var after = cursor
        while true {
            let rows = try await fetch(after, size + 1)
            for var row in rows {
                let visibility = access.visibility(
                    ofTalentAnsweredBy: row.answeringUnit, classified: row.classified, caller: caller)
                if visibility != .countsOnly, items.count == size { return Page(items: items, nextCursor: after) }
                after = row.talent.rawValue
                switch visibility {
                case .full: items.append(row)
                case .masked:
                    row.name = row.name.map(Masking.name)
                    items.append(row)
                case .countsOnly: continue
                }
            }
            if rows.count <= size { return Page(items: items, nextCursor: nil) }
        }
    }

    /// The caller's filter narrowed to what it may see: its jurisdiction as the scope, no name search
    /// for those who see names masked, no classified talents for those who may not see them, the search
    /// in names' composed form. Nil when the caller sees nothing.
    func narrowed(_ filter: TalentFilter, for caller: Caller, access: Access) -> (TalentFilter, OrganizationScope)? {
        guard let scope = access.scope(of: caller) else { return nil }
        var filter = filter
        filter.searchNames = access.maySearchNames(caller)
        // Names are kept composed (NFC): a search typed decomposed finds them.
        filter.text = filter.text?.precomposedStringWithCanonicalMapping
        if !access.maySeeClassified(caller) {
            // The caller's own unit's classified talents are visible to its officer; nobody else's are.
            if filter.classified == true { return nil }
            filter.classified = false
        }
        return (filter, scope)
    }

    /// The talent's current row and how much of it the caller sees; ``NotFound`` when none of it.
    func visible(_ id: TalentID, by caller: Caller, access given: Access? = nil) async throws
        -> (TalentListing, Visibility)
    {
        let access: Access
        if let given { access = given } else { access = try await self.access() }
        return try Self.visible(try await talents.listing(of: id), id, by: caller, access: access)
    }

    /// The talent's row and how much of it the caller sees; ``NotFound`` when it is not the caller's to
    /// see, exactly as when it does not exist.
    static func visible(_ listing: TalentListing?, _ id: TalentID, by caller: Caller, access: Access) throws
        -> (TalentListing, Visibility)
    {
        guard let listing, access.mayRead(talentAnsweredBy: listing.answeringUnit, caller: caller) else {
            throw NotFound("talent \(id)")
        }
        let visibility = access.visibility(of: listing, caller: caller)
        guard visibility != .countsOnly else { throw NotFound("talent \(id)") }
        return (listing, visibility)
    }

    static func masked(_ listing: TalentListing, _ visibility: Visibility) -> TalentListing {
        guard visibility != .full else { return listing }
        var listing = listing
        listing.name = listing.name.map(Masking.name)
        listing.nationalID = listing.nationalID.map(Masking.nationalID)
        listing.phone = listing.phone.map(Masking.phone)
        return listing
    }
}

extension Access {
    /// How much of the listed talent the caller sees.
    func visibility(of listing: TalentListing, caller: Caller) -> Visibility {
        visibility(ofTalentAnsweredBy: listing.answeringUnit, classified: listing.classified, caller: caller)
    }

    /// Whether a text search may match names: only for callers who see them in full somewhere.
    public func maySearchNames(_ caller: Caller) -> Bool {
        [.provinceOffice, .system, .unitOfficer].contains(caller.role)
    }

    /// Whether the caller may see classified talents of its jurisdiction (T4): the provincial office,
    /// the system, and a unit officer (whose jurisdiction is its own unit).
    func maySeeClassified(_ caller: Caller) -> Bool {
        [.provinceOffice, .system, .unitOfficer].contains(caller.role)
    }
}

/// A row about one talent that a page shows as the caller may see it.
protocol TalentRow {
    var talent: TalentID { get }
    var name: String? { get set }
    var answeringUnit: String? { get }
    var classified: Bool { get }
}

extension RosterEntry: TalentRow {}
extension SnapshotEntry: TalentRow {}
