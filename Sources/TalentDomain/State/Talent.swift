/// The state of one talent, folded from the talent's events by `evolve`.
public struct Talent: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case notEvaluated
        case underManagement
        /// Under investigation with no conclusion; the end-term grade waits (G2).
        case pendingInvestigation
        case exited
        /// Exited on retirement at tier B, kept on the contact list (联系名单, X10).
        case contactList
    }

    public struct RehireAgreement: Sendable, Hashable, Codable {
        public var reference: String
        public var sameField: Bool
        /// As ``TalentRehired/inProvince``.
        public var inProvince: Bool?
        public var validUntil: Day?
        /// The day the rehire took effect: its end is not before it (nil in a state kept by an earlier
        /// release).
        public var since: Day?

        /// The agreement's terms as a rehire's command gives them (one recorded before `inProvince` was
        /// asked counts as in the province).
        public var terms: RehireTerms {
            RehireTerms(
                agreementReference: reference, sameField: sameField, inProvince: inProvince ?? true,
                validUntil: validUntil)
        }
    }

    public struct Recommendation: Sendable, Hashable, Codable {
        public var outcome: RecommendationOutcome
        public var recommendedOn: Day
        public var situations: [ReportableSituation]
    }

    public struct ExitRecord: Sendable, Hashable, Codable {
        public var reason: ExitReason
        public var on: Day
        public var reapplication: Reapplication
    }

    /// X9: an exit situation the unit reported, awaiting the province's verification.
    public struct ExitReport: Sendable, Hashable, Codable {
        public var reason: ExitReason
        public var occurredOn: Day
        public var reportedOn: Day
        /// None for a situation that occurred before the notice (X9 holds only new ones to the month).
        public var reportDue: Day?
        public var withinDeadline: Bool
    }

    public struct DowngradeRecord: Sendable, Hashable, Codable {
        public var from: Tier
        public var to: Tier
        public var on: Day
        public var reapplication: Reapplication
    }

    public var id: TalentID?
    public var tier: Tier?
    public var status: Status
    public var unit: UnitID?
    /// O2: the unit that verifies and reports for the talent. It follows a move within the province to
    /// another unit; after a move into a government body or 参公 unit, out of the province, or a
    /// resignation with no new unit, the original unit keeps reporting.
    public var reportingUnit: UnitID?
    public var professionalField: String?
    public var period: ManagementPeriod?
    /// The start of the period the talent came under management with, kept over a new evaluation while
    /// under management (M3): a campaign's basic-info collection (W1) holds every talent managed in its
    /// year, one evaluated again since too. Nil before the first evaluation (and in a state kept by an
    /// earlier release).
    public var managedSince: Day?
    public var evaluationCount: Int
    /// The day the last evaluation took effect (what an evaluation correction is dated on).
    public var evaluatedOn: Day?
    /// The tier and unit the last evaluation named (M2): a correction of that record names them, whatever
    /// the talent's tier and unit since (nil in a state kept by an earlier release).
    public var evaluatedTier: Tier?
    public var evaluatedUnit: UnitID?
    /// T3: the agreement end the last evaluation's record names (as corrected): a renewal since moves
    /// ``flexibleAgreementEnd`` and not this.
    public var evaluatedAgreementEnd: Day?
    /// T3: a flexibly introduced talent's agreement end; nil for a regular talent.
    public var flexibleAgreementEnd: Day?
    /// T4 (涉密人员).
    public var isClassified: Bool
    public var isRetired: Bool
    /// X1/X2: the day the retirement took effect, which a retirement found untrue is withdrawn from.
    public var retiredOn: Day?
    /// X8, X10: the day a talent on the contact list died (recorded after its exit): it leaves the list, and
    /// is never evaluated again (C3).
    public var diedOn: Day?
    /// F1: the day fraud was found and the talent's qualification revoked (撤销人才资格): no evaluation
    /// after it (C3), whether the talent was under management then or had exited for another reason.
    public var qualificationRevokedOn: Day?
    public var rehire: RehireAgreement?
    /// X3 exemption: posted by a provincial group to an out-of-province branch.
    public var postedToBranch: Bool
    public var campaigns: [Int: CampaignRecord]
    /// D1/D2 situations awaiting the unit's D3 report.
    public var pendingReports: [ReportableSituation]
    public var openRecommendation: Recommendation?
    /// X9: reported exit situations the province has not verified yet; management continues meanwhile.
    public var pendingExitReports: [ExitReport]
    public var entitlements: Entitlements
    public var exit: ExitRecord?
    /// Every exit of the talent, oldest first, kept over new evaluations (C3): what a period's figures
    /// count (an exit before a re-evaluation is still one), and what an evaluation's correction is checked
    /// against.
    public var exits: [ExitRecord]
    /// The last downgrade, whose bar on a higher tier (C3) stands until its day, whatever evaluation comes
    /// between: the last of ``downgrades``, kept as the member of the state the API has always answered.
    public var lastDowngrade: DowngradeRecord?
    /// Every downgrade (G4, D3) of the talent, oldest first, kept over new evaluations: what a period's
    /// figures count (two in one year are two, one before a re-evaluation is still one).
    public var downgrades: [DowngradeRecord]
    public var lostContactSince: Day?
    /// X8: the day contact was last restored. A loss of contact is recorded since a later day only: one
    /// since an earlier day would fold into the loss already ended, and rewrite its start as of those days.
    public var contactRestoredOn: Day?
    public var investigation: String?
    /// G2: the day the grade was held for the investigation; its conclusion follows it.
    public var investigationStartedOn: Day?
    /// S3: the day of the last suspension while a card is still suspended (two cards suspended on two days:
    /// the later); a restoration (S4) is not dated before it. Nil once no card is suspended.
    public var servicesSuspendedOn: Day?

    public init() {
        id = nil
        tier = nil
        status = .notEvaluated
        unit = nil
        reportingUnit = nil
        professionalField = nil
        period = nil
        managedSince = nil
        evaluationCount = 0
        evaluatedOn = nil
        evaluatedTier = nil
        evaluatedUnit = nil
        evaluatedAgreementEnd = nil
        flexibleAgreementEnd = nil
        isClassified = false
        isRetired = false
        retiredOn = nil
        diedOn = nil
        qualificationRevokedOn = nil
        rehire = nil
        postedToBranch = false
        campaigns = [:]
        pendingReports = []
        openRecommendation = nil
        pendingExitReports = []
        entitlements = .none
        exit = nil
        exits = []
        lastDowngrade = nil
        downgrades = []
        lostContactSince = nil
        contactRestoredOn = nil
        investigation = nil
        investigationStartedOn = nil
        servicesSuspendedOn = nil
    }

    public static let initial = Talent()

    public var isUnderManagement: Bool { status == .underManagement || status == .pendingInvestigation }
    public var hasExited: Bool { status == .exited || status == .contactList }
    public var isFlexible: Bool { flexibleAgreementEnd != nil }
    public var isRehired: Bool { rehire != nil }

    /// O2: the unit that answers for the talent: the reporting unit after a move, else the unit.
    public var answeringUnit: UnitID? { reportingUnit ?? unit }
    /// §5(3)4 (W4): a talent who ought to exit at once gets no survey or assessment, already while the
    /// reported situation awaits the province's verification.
    public var hasReportedExitSituation: Bool { !pendingExitReports.isEmpty }

    /// X9: the report of `reason` waiting for the province's verification, if one does (one at a time).
    public func pendingExitReport(_ reason: ExitReason) -> ExitReport? {
        pendingExitReports.first { $0.reason == reason }
    }

    /// W3: the campaign (other than `year`, when given) the talent's current management period is registered
    /// with for its end-term assessment, if any. A period ends in one end-term assessment ("期末考核：管理期届满的高层次人才"),
    /// so two campaigns at once (2025's make-up beside 2026's window) do not both take it. The period counts
    /// from the day it was recorded (its evaluation's business day, or its renewal's), not its start: a
    /// re-evaluation's certificate may predate a registration of the period before.
    public func endTermRegistration(otherThan year: Int? = nil) -> Int? {
        guard let period else { return nil }
        let recorded = max(period.start, evaluatedOn ?? period.start)
        return campaigns.keys.sorted().first { other in
            other != year && campaigns[other]?.endTermRegisteredOn.map { $0 >= recorded } == true
        }
    }

    public func campaign(_ year: Int) -> CampaignRecord { campaigns[year] ?? .empty }

    /// Open items that block or await a decision.
    public var hasOpenObjections: Bool { campaigns.values.contains { !$0.openObjections.isEmpty } }
    public var isPublicityRunning: Bool { campaigns.values.contains { $0.isPublicityRunning } }
}
