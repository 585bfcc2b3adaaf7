import EventStore
import Foundation
import TalentDomain

/// A card or credential whose status the register tracks over time, named as the API and
/// `card_history.card` name it (the state's `entitlements` members).
public enum TrackedCard: String, Sendable, Hashable, CaseIterable, Codable {
    /// 吉享卡 (E1)
    case jixiangCard
    /// 吉健卡 (E2)
    case jijianCard
    /// 人才码 (E3)
    case talentCode
    /// 电子证书 (E3)
    case certificate

    /// The status shown for this card.
    func status(in entitlements: Entitlements) -> CardState {
        switch self {
        case .jixiangCard: CardState(entitlements.jixiangCard)
        case .jijianCard: CardState(entitlements.jijianCard)
        case .talentCode: CardState(entitlements.talentCode)
        case .certificate: CardState(entitlements.certificate)
        }
    }
}

/// A card's or a credential's status as the read models show it (`card_history.status`, the card
/// columns of `talents`).
public enum CardState: String, Sendable, Hashable, CaseIterable, Codable {
    case none
    case active
    case suspended
    case takenBack
    case cancelled

    public init(_ status: CardStatus) {
        switch status {
        case .none: self = .none
        case .active: self = .active
        case .suspended: self = .suspended
        case .takenBack: self = .takenBack
        }
    }

    init(_ credential: Credential) {
        switch credential.status {
        case .none: self = .none
        case .valid: self = .active
        case .cancelled: self = .cancelled
        }
    }
}

/// Everything the projections hold for one talent, computed from the talent's whole stream.
///
/// Rows are a function of the stream alone, so the incremental projection, a rebuild and a check all
/// produce the same rows, and a fact recorded late simply yields the rows it implies.
struct TalentRows: Sendable {
    var talent: TalentID
    var state: Talent
    /// `state` as the API answers it (``CurrentState``), encoded here, where the rows of a batch are
    /// derived concurrently.
    var stateJSON: String
    var version: Int64
    /// The last business day of the stream up to ``version`` (nil for none): kept in the row, a command on
    /// the kept state reads it there instead of looking over the stream's events.
    var lastDay: Day?
    var lastPosition: Int64
    var tierHistory: [BitemporalRow<TierHolding>]
    var cardHistory: [BitemporalRow<CardStatusValue>]
    var roster: [RosterRow]
    /// The version of the first event of the last append (one recording time): the rows before it are
    /// those of the stream up to the version before.
    var lastAppendFrom: Int64
    /// Whether the last append left the tier history, and the card history, as the appends before had
    /// them: its snapshot holds the intervals of the one before, so `Intervals.bitemporal` closed and
    /// opened nothing.
    var lastAppendKept: (tiers: Bool, cards: Bool)

    /// A tier held at a unit: a move between units starts a new interval.
    struct TierHolding: Hashable, Sendable {
        var tier: Tier
        var unit: UnitID?
    }

    struct CardStatusValue: Hashable, Sendable {
        var card: TrackedCard
        var status: CardState
    }

    struct RosterRow: Hashable, Sendable {
        var campaign: Int
        var item: WorkItem
        var progress: String
        /// The tier the campaign's work is on: the one its grade was given at, else the one held now (as the
        /// campaign's Attachment 4 has it), so that a past campaign's roster does not show a tier a result
        /// or a later decision left.
        var tier: Tier?
    }

    init(talent: TalentID, events: [StoredTalentEvent], policy: Policy) {
        var appends = Appends(talent: talent)
        appends.add(events)
        self.init(appends, policy: policy)
    }

    init(_ appends: Appends, policy: Policy) {
        talent = appends.talent
        version = appends.known.last?.version ?? 0
        // The fold is in business order: its last day is the latest.
        lastDay = appends.fold.lastDay
        lastPosition = appends.known.map(\.position).max() ?? 0
        lastAppendFrom = appends.lastAppendFrom
        lastAppendKept = (Self.lastKept(appends.tierSnapshots), Self.lastKept(appends.cardSnapshots))
        tierHistory = Intervals.bitemporal(appends.tierSnapshots)
        cardHistory = Intervals.bitemporal(appends.cardSnapshots)
        // The last snapshot's fold is the talent's state: every fact known, in business order.
        state = appends.fold.state
        stateJSON = CurrentState.json(state)
        roster = Self.roster(for: state, policy: policy)
    }

    /// The rows of a talent whose last append left its tier and card histories as they were, from the state
    /// it left (see ``TalentProjection/appendedRows(keptState:of:lastDay:adding:policy:over:commandID:)``):
    /// the histories are not derived (and not written), the talent's row and roster follow from the state.
    init(
        talent: TalentID, keptState state: Talent, version: Int64, lastDay: Day, appendedFrom: Int64, policy: Policy
    ) {
        self.talent = talent
        self.state = state
        self.version = version
        self.lastDay = lastDay
        lastPosition = TalentProjection.Provisional.position
        lastAppendFrom = appendedFrom
        lastAppendKept = (true, true)
        tierHistory = []
        cardHistory = []
        stateJSON = CurrentState.json(state)
        roster = Self.roster(for: state, policy: policy)
    }

    /// The tier a state holds, and where: what the tier history records for it.
    static func holding(_ state: Talent) -> TierHolding? {
        state.isUnderManagement ? state.tier.map { TierHolding(tier: $0, unit: state.unit) } : nil
    }

    /// Each card's status in a state, in `TrackedCard.allCases` order: what the card history records.
    static func cards(_ state: Talent) -> [CardStatusValue?] {
        TrackedCard.allCases.map { card in
            let status = card.status(in: state.entitlements)
            return status == .none ? nil : CardStatusValue(card: card, status: status)
        }
    }

    /// A talent's stream folded one append at a time, with the snapshot each append leaves: the rows of a
    /// stream are derived from it, and a command folds the history it decides on once, then adds its own
    /// append.
    ///
    /// One snapshot per append (events of one append share their recording time), each the fold of every
    /// event known then, in business order. An append whose facts all took effect on or after the last one
    /// folded (almost every append) extends the running fold; a fact recorded late changes the order, and
    /// the snapshot is folded afresh.
    struct Appends: Sendable {
        let talent: TalentID
        var fold = Fold()
        /// Every event added, in version order.
        private(set) var known: [StoredTalentEvent] = []
        private(set) var tierSnapshots: [(knownFrom: Date, intervals: [Interval<TierHolding>])] = []
        private(set) var cardSnapshots: [(knownFrom: Date, intervals: [Interval<CardStatusValue>])] = []
        /// The version of the first event of the last append.
        private(set) var lastAppendFrom: Int64 = 0

        init(talent: TalentID) {
            self.talent = talent
        }

        /// Adds `events`, which follow every event added so far in version order.
        mutating func add(_ events: [StoredTalentEvent]) {
            var index = known.count
            // The first add (a whole stream, mostly) takes the events' storage as it is, without a copy.
            if known.isEmpty { known = events.inVersionOrder } else { known += events.inVersionOrder }
            while index < known.count {
                lastAppendFrom = known[index].version
                var end = index
                while end + 1 < known.count, known[end + 1].recordedAt == known[index].recordedAt { end += 1 }
                fold.add(known[index...end], known: known[...end])
                tierSnapshots.append((known[index].recordedAt, Intervals.from(fold.tierSteps)))
                cardSnapshots.append((known[index].recordedAt, fold.cardSteps.flatMap { Intervals.from($0) }))
                index = end + 1
            }
        }
    }

    /// Whether the last snapshot holds the intervals of the one before it.
    static func lastKept<Value>(_ snapshots: [(knownFrom: Date, intervals: [Interval<Value>])]) -> Bool {
        guard snapshots.count >= 2 else { return false }
        return Set(snapshots[snapshots.count - 1].intervals) == Set(snapshots[snapshots.count - 2].intervals)
    }

    /// A fold of a talent's events in business order, with the tier and card steps each event left.
    struct Fold: Sendable {
        var state = Talent.initial
        var tierSteps: [(day: Day, value: TierHolding?)] = []
        /// One list of steps per card, in `TrackedCard.allCases` order.
        var cardSteps = [[(day: Day, value: CardStatusValue?)]](repeating: [], count: TrackedCard.allCases.count)
        /// The effective day of the last event folded, the latest so far (the fold is in business order).
        var lastDay: Day?

        /// Whether these events, next in version order, come after every event folded in business order
        /// too (effective days never decreasing), so that adding them equals folding everything afresh.
        func isExtended(by events: ArraySlice<StoredTalentEvent>) -> Bool {
            var previous = lastDay
            for stored in events {
                if let previous, stored.effectiveDate < previous { return false }
                previous = stored.effectiveDate
            }
            return true
        }

        /// Adds `events`, the last of `known` (every event so far, in version order): extending the fold
        /// when they come after everything folded in business order, else folding all of `known` afresh
        /// (a fact recorded late takes its place in business order).
        mutating func add(_ events: ArraySlice<StoredTalentEvent>, known: ArraySlice<StoredTalentEvent>) {
            if isExtended(by: events) {
                for stored in events { add(stored) }
            } else {
                self = Fold()
                for stored in Array(known).inEffectiveOrder() { add(stored) }
            }
        }

        mutating func add(_ stored: StoredTalentEvent) {
            state = evolve(state, stored.event)
            tierSteps.append((stored.effectiveDate, TalentRows.holding(state)))
            for (index, card) in TalentRows.cards(state).enumerated() {
                cardSteps[index].append((stored.effectiveDate, card))
            }
            lastDay = stored.effectiveDate
        }
    }

    /// The campaigns' work items (W1–W3) for this talent and how far each has come, for every campaign of
    /// the policy: a unit's make-up of one campaign overlaps the next one's collection, and each must
    /// cover every talent in its scope (§6(3) "不出现遗漏"). A campaign added to the policy has its rows
    /// once the read models are rebuilt (``ProjectionMaintenance/campaignsWithoutRoster(policy:)``).
    static func roster(for state: Talent, policy: Policy) -> [RosterRow] {
        let years = Set(state.campaigns.keys).union(policy.campaigns.campaignYears).sorted()
        return years.flatMap { year -> [RosterRow] in
            guard let campaign = try? policy.campaigns.campaign(year: year),
                let endOfYear = try? Day(year: year, month: 12, day: 31)
            else { return [] }
            let record = state.campaign(year)
            // In scope now, or worked on in that campaign: a talent whose end-term result was confirmed
            // (and whose period was renewed, M4) stays on the roster with the result.
            let items = campaign.work(of: state, on: endOfYear)
            return items.sorted { $0.rawValue < $1.rawValue }.map { item in
                RosterRow(
                    campaign: year, item: item, progress: progress(of: item, in: record),
                    tier: record.gradedTier ?? state.tier)
            }
        }
    }

    static func progress(of item: WorkItem, in record: CampaignRecord) -> String {
        switch item {
        case .basicInfoCollection:
            return record.basicInfo == nil ? "pending" : "collected"
        case .midTermSurvey:
            // W5: a weak judgement whose follow-up is still owed shows so on the roster.
            if record.judgedWeakOn != nil { return record.weakFollowUp == nil ? "follow_up_owed" : "judged_weak" }
            return record.survey == nil ? "pending" : "submitted"
        case .endTermAssessment:
            if let grade = record.grade {
                return record.confirmedOn == nil ? "graded_\(grade.rawValue)" : "confirmed_\(grade.rawValue)"
            }
            if record.pendingInvestigation != nil { return "pending_investigation" }
            return record.endTermRegisteredOn == nil ? "pending" : "registered"
        }
    }
}
