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

    /// Every organization in `root`'s subtree, itself included.
    public func subtree(of root: String) -> [Organization] {
        organizations.values.filter { isWithin($0.id, root) }.sorted { $0.id < $1.id }
    }
}
