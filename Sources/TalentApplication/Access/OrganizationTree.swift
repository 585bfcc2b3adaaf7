import ReadModels

/// The O1 tree (条块结合) as a value: every organization with the authority it reports to, so that
/// "is this unit under that bureau" is answered without the database.
public struct OrganizationTree: Sendable, Hashable {
    public let organizations: [String: Organization]

    public init(_ organizations: [Organization]) {
        self.organizations = Dictionary(organizations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> Organization? { organizations[id] }

    /// The organization and every authority above it, nearest first (at most 16 levels, as the view).
    public func chain(of id: String) -> [Organization] {
        var chain: [Organization] = []
        var next = organizations[id]
        while let organization = next, chain.count < 16 {
            chain.append(organization)
            next = organization.parentID.flatMap { organizations[$0] }
        }
        return chain
    }

    /// Whether `id` is `root` or lies under it.
    public func isWithin(_ id: String, _ root: String) -> Bool {
        chain(of: id).contains { $0.id == root }
    }

    /// The level of a unit's chain `caller` reviews at (O1): its organization; for a province office account
    /// issued with none (as the province's accounts may be), the provincial office at the top of every
    /// chain. Nil for a caller that reviews at no level.
    public func reviewingLevel(of caller: Caller) -> String? {
        caller.organization
            ?? (caller.role == .provinceOffice
                ? organizations.values.first { $0.kind == .provincialOffice }?.id : nil)
    }

    /// The employer units `text` names, by full or short name, brackets and spaces as any input method
    /// writes them: a clerk knows the unit a talent moved to by its name, not by the register's id.
    public func employerUnits(named text: String) -> [Organization] {
        let folded = Self.folded(text)
        return organizations.values.filter {
            $0.kind.isEmployerUnit && (Self.folded($0.name) == folded || Self.folded($0.shortName) == folded)
        }.sorted { $0.id < $1.id }
    }

    /// Up to `limit` employer units whose name holds `text`, or whose short name `text` holds: what a
    /// clerk may have meant by a name that is none.
    public func employerUnits(resembling text: String, limit: Int) -> [Organization] {
        let folded = Self.folded(text)
        guard !folded.isEmpty else { return [] }
        return organizations.values.filter { unit in
            let shortName = Self.folded(unit.shortName)
            return unit.kind.isEmployerUnit
                && (Self.folded(unit.name).contains(folded) || (!shortName.isEmpty && folded.contains(shortName)))
        }.sorted { $0.id < $1.id }.prefix(limit).map { $0 }
    }

    /// A name without its spaces, with half-width brackets as the full-width ones names are registered with.
    static func folded(_ name: String) -> String {
        String(
            name.filter { !$0.isWhitespace }.map { character -> Character in
                switch character {
                case "(": "（"
                case ")": "）"
                default: character
                }
            })
    }

    /// Every organization in `root`'s subtree, itself included.
    public func subtree(of root: String) -> [Organization] {
        organizations.values.filter { isWithin($0.id, root) }.sorted { $0.id < $1.id }
    }
}
