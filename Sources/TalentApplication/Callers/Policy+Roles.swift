import TalentDomain

extension Policy {
    /// Checks the roles the policy names by their API identifiers (`earlierDaysRecordedBy`, S2), which the
    /// domain cannot: a misspelt one would load and silently leave its role without the right.
    public func validateRoles() throws(PolicyError) {
        let unknown = campaigns.earlierDaysRecordedBy.filter { name in
            Caller.Role(rawValue: name).map { $0 == .system } ?? true
        }
        guard unknown.isEmpty else {
            let known = Caller.Role.allCases.filter { $0 != .system }.map(\.rawValue).joined(separator: ", ")
            throw .invalid(
                document: "campaigns.json", field: "earlierDaysRecordedBy",
                reason: "no role \(unknown.joined(separator: ", ")) (the roles are \(known))")
        }
    }
}
