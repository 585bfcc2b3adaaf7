/// Publicity and objection settings (policy/publicity.json).
public struct PublicityPolicy: Sendable, Hashable, Codable {
    /// P1: at least this many working days (不少于5个工作日).
    public let minimumWorkingDays: Int
    /// P1: the grades that are publicized (优秀).
    public let publicizedGrades: [Grade]
    /// P3 ASSUMPTION: a result with an unanswered objection cannot be finalized.
    public let unresolvedObjectionBlocksFinalization: Bool

    public init(minimumWorkingDays: Int, publicizedGrades: [Grade], unresolvedObjectionBlocksFinalization: Bool) {
        self.minimumWorkingDays = minimumWorkingDays
        self.publicizedGrades = publicizedGrades
        self.unresolvedObjectionBlocksFinalization = unresolvedObjectionBlocksFinalization
    }

    func validate() throws(PolicyError) {
        guard (1...PolicyBounds.months.upperBound).contains(minimumWorkingDays) else {
            throw .invalid(document: "publicity.json", field: "minimumWorkingDays", reason: "must be at least 1")
        }
    }
}
