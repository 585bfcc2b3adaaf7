/// Who issues a command: recorded in every event's metadata.
public struct Actor: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// 用人单位 HR officer
        case unitOfficer
        /// County or city HR bureau, provincial supervising department
        case reviewer
        /// 省人社厅
        case provincialOffice
        case auditor
        /// Batch jobs and imports run by the system on the office's behalf.
        case system
    }

    public var id: String
    public var role: Role
    public var organization: String

    public init(id: String, role: Role, organization: String) {
        self.id = id
        self.role = role
        self.organization = organization
    }

    public static let system = Actor(id: "talentledger", role: .system, organization: "province")
}
