import Postgres

/// Which talents a question covers: every one in the province, or those whose reporting unit (O2) lies
/// in one of the given subtrees of the O1 tree (an organization and every organization under it).
///
/// The read side applies a scope in SQL so that pages, counts and filters never see past it; which
/// scope a caller gets is the application layer's decision.
public enum OrganizationScope: Sendable, Hashable {
    case province
    case subtrees([String])
    /// Exactly these units, not what lies under them (a unit officer's own unit).
    case units([String])

    /// The subtree roots as a query parameter: nil when the scope is not by subtree.
    var roots: [String]? {
        if case .subtrees(let roots) = self { return roots }
        return nil
    }

    /// The units as a query parameter: nil when the scope is not by unit.
    var units: [String]? {
        if case .units(let units) = self { return units }
        return nil
    }

    /// The condition that `answering` (an SQL expression naming an organization) lies in the scope.
    func condition(on answering: StaticString) -> PostgresQuery.Fragment {
        // One unit (a unit officer's own) as an equality, not `= ANY`: then the index of answering units
        // (`talents_answering`) serves the unit's talents in register-id order, and a page stops at its end.
        if case .units(let units) = self, units.count == 1 {
            return "\(sql: answering) = \(units[0])::text"
        }
        return """
            (\(roots)::text[] IS NULL OR \(sql: answering) IN (
                SELECT organization_id FROM organization_chain WHERE authority_id = ANY(\(roots)::text[])))
            AND (\(units)::text[] IS NULL OR \(sql: answering) = ANY(\(units)::text[]))
            """
    }
}
