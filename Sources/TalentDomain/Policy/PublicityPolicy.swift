/// Publicity and objection settings (policy/publicity.json); how long a publicity runs is each campaign's
/// (campaigns.json, P1).
public struct PublicityPolicy: Sendable, Hashable, Codable {
    /// P1: the grades that are publicized (优秀).
    public let publicizedGrades: [Grade]
    /// P3 ASSUMPTION: a result with an unanswered objection cannot be finalized.
    public let unresolvedObjectionBlocksFinalization: Bool

    public init(publicizedGrades: [Grade], unresolvedObjectionBlocksFinalization: Bool) {
        self.publicizedGrades = publicizedGrades
        self.unresolvedObjectionBlocksFinalization = unresolvedObjectionBlocksFinalization
    }

    func validate() throws(PolicyError) {
        guard !publicizedGrades.isEmpty else {
            throw .invalid(document: "publicity.json", field: "publicizedGrades", reason: "name at least one grade")
        }
    }
}
