import ReadModels
import TalentDomain

/// Who may see and do what in the register: a pure policy over the caller's role and its place in the
/// O1 tree. Every client (HTTP, console, CLI, jobs) asks it through ``TalentRegister``.
///
/// - A unit officer answers for the talents its unit reports for (O2) and records their facts.
/// - An HR bureau or a supervising department reads its part of the tree.
/// - The provincial office and the system read and do everything; the auditor reads everything and
///   does nothing.
/// - The monitor reads the server's metrics and nothing of the register.
///
/// What lies outside a caller's jurisdiction is answered as if it did not exist (no existence leak).
public struct Access: Sendable {
    public let tree: OrganizationTree

    public init(tree: OrganizationTree) {
        self.tree = tree
    }

    /// What an access question comes to.
    public enum Decision: Sendable, Hashable {
        case allowed
        /// In the caller's jurisdiction, but its role may not do this: who does it instead.
        case forbidden(Forbidden)
        /// Outside the caller's jurisdiction: answered as "no such thing".
        case outOfJurisdiction
    }

    /// The part of the register the caller reads; nil when it reads nothing (an account whose
    /// organization is missing or of the wrong kind for its role).
    public func scope(of caller: Caller) -> OrganizationScope? {
        switch caller.role {
        case .provinceOffice, .auditor, .system:
            return .province
        case .monitor:
            return nil
        case .unitOfficer, .hrBureau, .supervisingDepartment:
            guard let id = caller.organization, let organization = tree[id],
                Self.role(caller.role, fits: organization.kind)
            else { return nil }
            // A unit officer answers for its own unit only, not for units registered under it.
            return caller.role == .unitOfficer ? .units([id]) : .subtrees([id])
        }
    }

    /// The part of `organization`'s subtree the caller reads: the whole subtree, or for a unit officer its
    /// own unit alone (units registered under it are not its to answer for); nil when the caller may not
    /// read `organization` at all.
    public func scope(of caller: Caller, within organization: String) -> OrganizationScope? {
        guard mayRead(organization: organization, caller: caller), let scope = scope(of: caller) else { return nil }
        if case .units = scope { return .units([organization]) }
        return .subtrees([organization])
    }

    /// Whether an organization of `kind` can hold an account of `role`.
    public static func role(_ role: Caller.Role, fits kind: Organization.Kind) -> Bool {
        switch role {
        case .unitOfficer: kind.isEmployerUnit
        case .hrBureau: kind == .cityBureau || kind == .countyBureau
        case .supervisingDepartment: kind == .provincialDepartment
        case .provinceOffice: kind == .provincialOffice
        case .auditor, .system, .monitor: true
        }
    }

    /// Whether the caller may read the talent whose answering unit (O2) is `unit`.
    public func mayRead(talentAnsweredBy unit: String?, caller: Caller) -> Bool {
        guard let scope = scope(of: caller) else { return false }
        guard let unit else { return scope == .province }
        return scope.covers(unit, in: tree)
    }

    /// Whether the caller may read an organization (its figures, its roster).
    public func mayRead(organization id: String, caller: Caller) -> Bool {
        guard tree[id] != nil else { return false }
        return mayRead(talentAnsweredBy: id, caller: caller)
    }

    /// What the monitor is told of anything but the metrics.
    public static let monitorReadsMetricsOnly = Forbidden("运行监控账户只读取服务器的运行指标（/metrics），不读取登记簿")

    /// Whether the caller may read the server's metrics (`GET /metrics`): request counts by route and
    /// status, refusals by rule, the projector's lag. No talent's data, but the register's traffic and
    /// the shape of its work, which are nobody's outside those who run it.
    public static func mayReadMetrics(_ caller: Caller) -> Bool {
        [.monitor, .provinceOffice, .system].contains(caller.role)
    }

    /// Whether the caller may read a talent's raw events and verify the hash chains.
    public static func mayAudit(_ caller: Caller) -> Bool {
        [.auditor, .provinceOffice, .system].contains(caller.role)
    }

    /// Whether the caller's role records any fact of a talent (``roleMayIssue(_:caller:)`` forbids every
    /// command to the others): a page that offers commands asks this once before asking of each.
    public static func recordsFacts(_ caller: Caller) -> Bool {
        [.provinceOffice, .system, .unitOfficer].contains(caller.role)
    }

    /// Whether the caller may issue `command` on a talent whose answering unit is `unit` (for an
    /// evaluation: the unit it names).
    public func mayIssue(_ command: TalentCommand, onTalentAnsweredBy unit: String?, caller: Caller) -> Decision {
        guard mayRead(talentAnsweredBy: unit, caller: caller) else { return .outOfJurisdiction }
        return Self.roleMayIssue(command, caller: caller)
    }

    /// Whether `caller`'s role issues `command` at all, wherever the talent: `.allowed` or `.forbidden`
    /// with who does it instead.
    public static func roleMayIssue(_ command: TalentCommand, caller: Caller) -> Decision {
        switch caller.role {
        case .provinceOffice, .system:
            return .allowed
        case .unitOfficer:
            if let forbidden = Self.provincialWork(command) { return .forbidden(forbidden) }
            return .allowed
        case .hrBureau, .supervisingDepartment:
            return .forbidden(Forbidden("\(caller.role.chineseName)负责审核和查阅，人才的情况由其所在单位记录"))
        case .auditor:
            return .forbidden(Forbidden("审计人员只查阅和核验，不记录任何事项"))
        case .monitor:
            return .forbidden(Self.monitorReadsMetricsOnly)
        }
    }

    /// Why `command` is the provincial office's to issue, with the rule that says so where one does; nil
    /// when a unit records it.
    static func provincialWork(_ command: TalentCommand) -> Forbidden? {
        switch command {
        case .evaluate: Forbidden("人才认定由省人社厅办理")
        case .correctEvaluation: Forbidden("更正认定记录由省人社厅办理")
        case .verifyExitSituation: Forbidden("退出情形由省人社厅核实（X9）", rule: .X9)
        case .decideRecommendation: Forbidden("对单位提出的降级或退出管理建议，由省人社厅作出决定（D3）", rule: .D3)
        case .findFraud: Forbidden("弄虚作假问题由省人社厅抽查认定（F1）", rule: .F1)
        case .suspendServices: Forbidden("暂停服务由省人社厅办理（S3）", rule: .S3)
        case .restoreServices: Forbidden("恢复服务由省人社厅办理（S4）", rule: .S4)
        case .payHousingSubsidyInstalment: Forbidden("安家补贴分期发放由省人社厅办理（E4）", rule: .E4)
        default: nil
        }
    }

    /// How much of a talent's personal data the caller sees (SEC1, SEC2): in full only the talent's own
    /// unit officer and the provincial office (and the system); a classified talent (T4) is seen by
    /// nobody else at all, except in counts.
    public func visibility(ofTalentAnsweredBy unit: String?, classified: Bool, caller: Caller) -> Visibility {
        switch caller.role {
        case .provinceOffice, .system:
            return .full
        case .unitOfficer where unit != nil && caller.organization == unit:
            return .full
        default:
            return classified ? .countsOnly : .masked
        }
    }
}

extension Access {
    /// Whether the caller's figures of `organization` (default: its own jurisdiction) count classified
    /// talents (T4) apart: in totals alone, in no breakdown by tier, card, exit or progress, which would tell
    /// one classified talent apart from the talents the caller may list.
    public func countsClassifiedApart(of organization: String? = nil, caller: Caller) -> Bool {
        visibility(ofTalentAnsweredBy: organization ?? caller.organization, classified: true, caller: caller)
            == .countsOnly
    }

    /// The one unit whose classified talents the caller sees (a unit officer's own, ``visibility(ofTalentAnsweredBy:classified:caller:)``):
    /// a classified talent answered by any other is counted apart, also in figures of a day when it was the
    /// caller's. Nil when the caller sees them everywhere or nowhere (``countsClassifiedApart(of:caller:)``).
    public func classifiedSeenOnlyIn(caller: Caller) -> String? {
        guard let own = caller.organization,
            visibility(ofTalentAnsweredBy: own, classified: true, caller: caller) == .full,
            visibility(ofTalentAnsweredBy: nil, classified: true, caller: caller) == .countsOnly
        else { return nil }
        return own
    }
}

/// How much of a talent a caller sees.
public enum Visibility: Sendable, Hashable {
    /// Everything, personal data in full.
    case full
    /// Personal data masked (张*, 220102********1234, 138****5678).
    case masked
    /// Not shown at all: present in counts only (T4).
    case countsOnly
}

extension OrganizationScope {
    /// Whether the organization `id` lies in this scope: the whole province, one of its subtrees, or
    /// exactly one of its units.
    func covers(_ id: String, in tree: OrganizationTree) -> Bool {
        switch self {
        case .province: true
        case .subtrees(let roots): roots.contains { tree.isWithin(id, $0) }
        case .units(let units): units.contains(id)
        }
    }
}
