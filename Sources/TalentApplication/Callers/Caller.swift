/// Who asks the register for something: recorded in every event it causes, and the subject of every
/// access decision.
public struct Caller: Sendable, Hashable, Codable {
    /// What a caller is, with the identifiers the API and `users add` use.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// 用人单位 HR officer: records facts about the unit's talents and reads them.
        case unitOfficer = "unit-officer"
        /// County or city HR bureau (县/市人社局): reads its part of the O1 tree, reviews submissions.
        case hrBureau = "hr-bureau"
        /// Provincial supervising department (省直主管部门): reads its units, reviews submissions.
        case supervisingDepartment = "supervising-dept"
        /// 省人社厅: the whole register, verification of exits, D3 decisions, imports and jobs.
        case provinceOffice = "province-office"
        /// Reads everything, the raw events and their verification; writes nothing.
        case auditor
        /// Batch jobs and imports run by the system on the office's behalf.
        case system
        /// 运行监控: a metrics scraper (Prometheus). Reads the server's metrics (`GET /metrics`) and
        /// nothing of the register: no talent, organization or submission, no console.
        case monitor

        /// The role in words, as refusals and the console name it.
        public var chineseName: String {
            switch self {
            case .unitOfficer: "用人单位经办人"
            case .hrBureau: "人社部门"
            case .supervisingDepartment: "省级主管部门"
            case .provinceOffice: "省人社厅"
            case .auditor: "审计"
            case .system: "系统"
            case .monitor: "运行监控"
            }
        }
    }

    /// The account's id (a user, or the job's name).
    public var id: String
    public var role: Role
    /// The organization the caller acts for (its unit, bureau or department); nil for roles that cover
    /// the whole province.
    public var organization: String?

    public init(id: String, role: Role, organization: String? = nil) {
        self.id = id
        self.role = role
        self.organization = organization
    }

    /// The system acting for the provincial office (jobs, imports, the operator's CLI).
    public static let system = Caller(id: "talentledger", role: .system)
}
