import TalentDomain

/// One generated talent: its events in the order the domain decided them, and who acted for each.
struct DemoHistory: Sendable, Hashable {
    var talent: TalentID
    /// Synthetic, for the profile table only; never in an event.
    var name: String
    var events: [TalentEvent]
    /// The organization acting for each event: the talent's unit, or the provincial office.
    var actingOrganizations: [String]
    /// Commands the domain refused (skipped: the history they would make is invalid).
    var refused: Int
}

/// Runs a talent's life through the domain: an agenda of dated actions, taken in date order, each
/// decided by `decide` on the state folded so far; what the domain decides schedules what follows (a
/// report its verification, a grade its publicity). Actions dated after the horizon never happen, so
/// work of the last campaign is left pending the way a real register would show it.
struct DemoTalentSimulation {
    enum Action: Hashable {
        case command(TalentCommand)
        /// The province acts (verification, D3 decision, fraud, service suspension).
        case provincial(TalentCommand)
        /// M3: evaluated again, the tier decided from the state at that time.
        case reevaluate
        /// Campaign work of `year` opens: W1–W3 are scheduled for what applies to the talent then.
        case openCampaign(Int)
    }

    struct Entry {
        var day: Day
        var order: Int
        var action: Action
    }

    let policy: Policy
    let horizon: Day
    let twist: DemoScenario?
    let otherUnits: [UnitID]
    var random: SplitMix64
    var state = Talent.initial
    var events: [TalentEvent] = []
    var acting: [String] = []
    var refused = 0
    private var agenda: [Entry] = []
    private var order = 0

    init(policy: Policy, horizon: Day, twist: DemoScenario?, otherUnits: [UnitID], random: SplitMix64) {
        self.policy = policy
        self.horizon = horizon
        self.twist = twist
        self.otherUnits = otherUnits
        self.random = random
    }

    mutating func schedule(_ action: Action, on day: Day) {
        guard day <= horizon else { return }
        order += 1
        agenda.append(Entry(day: day, order: order, action: action))
    }

    /// Takes every action in (day, scheduling order) order until the agenda is empty.
    mutating func run() {
        while let next = agenda.indices.min(by: {
            (agenda[$0].day, agenda[$0].order) < (agenda[$1].day, agenda[$1].order)
        }) {
            let entry = agenda.remove(at: next)
            perform(entry.action, on: entry.day)
        }
    }

    mutating func perform(_ action: Action, on day: Day) {
        switch action {
        case .command(let command):
            attempt(command, on: day, by: state.unit?.rawValue ?? DemoOrganizations.provincialOffice.id)
        case .provincial(let command):
            attempt(command, on: day, by: DemoOrganizations.provincialOffice.id)
        case .reevaluate:
            guard let evaluation = reevaluation(on: day) else { return }
            attempt(.evaluate(evaluation), on: day, by: DemoOrganizations.provincialOffice.id)
        case .openCampaign(let year):
            openCampaign(year, on: day)
        }
    }

    mutating func attempt(_ command: TalentCommand, on day: Day, by organization: String) {
        let decided: [TalentEvent]
        do {
            decided = try decide(command, state, policy, day)
        } catch {
            refused += 1
            return
        }
        events += decided
        acting += Array(repeating: organization, count: decided.count)
        state = Talent.fold(decided, from: state)
        for event in decided { react(to: event, on: day) }
    }

    /// M3: a higher tier while under management, the former tier after an exit that allows it.
    mutating func reevaluation(on day: Day) -> Evaluation? {
        guard let id = state.id, let tier = state.tier else { return nil }
        let raised: Tier = Tier.allCases.last { $0 < tier } ?? tier
        return Evaluation(
            talentId: id, tier: state.hasExited ? tier : raised, unit: state.unit ?? random.pick(otherUnits),
            professionalField: state.professionalField ?? DemoVocabulary.fields[0],
            evaluatingDocument: DemoVocabulary.document(on: day, random: &random), certificateDate: day,
            evaluatedOn: day)
    }

    mutating func openCampaign(_ year: Int, on day: Day) {
        guard let campaign = try? policy.campaign(year: year) else { return }
        let items = campaign.workItems(for: state, on: day)
        if items.contains(.basicInfoCollection), random.chance(0.8) {
            let info = BasicInfo(
                industry: random.pick(DemoVocabulary.industries),
                professionalField: state.professionalField ?? random.pick(DemoVocabulary.fields),
                education: random.pick(DemoVocabulary.educations),
                professionalTitle: random.pick(DemoVocabulary.titles),
                declaredSituations: state.pendingReports.map(\.rule) + state.pendingExitReports.map(\.reason.rule))
            schedule(.command(.collectBasicInfo(campaign: year, info: info)), on: day.adding(days: random.int(0...12)))
        }
        if items.contains(.midTermSurvey), twist == .weakSurvey || random.chance(0.5) {
            schedule(
                .command(.submitMidTermSurvey(campaign: year, items: DemoVocabulary.survey(random: &random))),
                on: day.adding(days: random.int(0...10)))
        }
        // Campaign work runs into the next spring (S2); by the horizon much of it is still pending.
        if items.contains(.endTermAssessment), twist?.isEndTerm == true || random.chance(0.6) {
            schedule(
                .command(.registerEndTerm(campaign: year)),
                on: day.adding(days: random.int(0...(twist == nil ? 12 : 3))))
        }
    }
}
