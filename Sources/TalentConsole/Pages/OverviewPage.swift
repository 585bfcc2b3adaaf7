import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// 概览: the caller's part of the register at a glance: talents by tier and card status, and the
/// current campaign by unit (submissions by state, late units, work items done).
extension ConsoleController {
    /// The organization whose figures a caller's overview shows: its own, or the province's.
    func root(of caller: Caller) async throws -> Organization {
        let access = try await register.queries.access()
        if let own = caller.organization, let organization = access.tree[own] { return organization }
        guard let office = access.tree.organizations.values.first(where: { $0.kind == .provincialOffice }) else {
            throw NotFound("the provincial office")
        }
        return office
    }

    /// How many units the overview lists by name; the campaign page has them all.
    static var overviewUnits: Int { 20 }

    /// The jurisdiction an overview's figures are of: the role and the organization, which callers that
    /// share them share the figures of.
    static func overviewKey(of caller: Caller) -> String { "\(caller.role.rawValue)|\(caller.organization ?? "")" }

    /// The figures of the caller's jurisdiction as the overview shows them, counted and drawn once for every
    /// viewer of it (through the overview cache): drawing them per request cost more than the rest of the
    /// page.
    func overviewFigures(of caller: Caller) async throws -> String {
        return try await overviews.value(for: Self.overviewKey(of: caller)) {
            [self] in
            let root = try await root(of: caller)
            let year = register.policy.campaigns.defaultYear
            let today = register.today()
            let startOfYear = try Day(year: today.year, month: 1, day: 1)
            // Each aggregate reads the jurisdiction whole on its own connection: counted side by side, the
            // first view of a jurisdiction waits for the slowest of them rather than for their sum.
            async let figures = register.queries.organization(root.id, by: caller).figures
            async let units = register.submissions(campaign: year, on: today, by: caller).units
            async let progress = register.queries.progressByUnit(campaign: year, by: caller)
            async let changes = register.queries.changes(from: startOfYear, through: today, by: caller)
            var values = drawn(
                root: root, figures: try await figures, year: year, today: today, units: try await units,
                progress: try await progress, changes: try await changes, countedAt: register.now())
            // The exits, downgrades and work items of classified talents a caller sees in counts only are not
            // in its figures (T4): the same unit reads otherwise to the province, which the page says.
            values["classifiedApart"] = try await register.queries.access().countsClassifiedApart(caller: caller)
            return fragment("overview-figures", values)
        }
    }

    /// The overview's values: charts, the units furthest behind in their work items first, the late ones.
    func drawn(
        root: Organization, figures: OrganizationDirectory.Figures, year: Int, today: Day,
        units: [SubmissionOverview], progress: [String: (done: Int, total: Int)],
        changes: (exitsByReason: [String: Int], downgrades: Int), countedAt: Date
    ) -> [String: Any] {
        let tiers = Tier.allCases.map { (label: "\($0.rawValue)类", value: figures.byTier[$0.rawValue] ?? 0) }
        let cards = ConsoleVocabulary.cards.prefix(3).map { card, name -> [String: Any] in
            let counts = figures.byCardStatus[card.rawValue] ?? [:]
            let items = CardState.allCases.filter { counts[$0.rawValue] != nil }.map {
                (label: ConsoleVocabulary.card($0), value: counts[$0.rawValue] ?? 0)
            }
            return ["name": name, "chart": Charts.bars(items, title: "\(name)状态")]
        }
        let counts = Dictionary(grouping: units, by: \.state).mapValues(\.count)
        let states = SubmissionState.allCases.map { (label: $0.chineseName, value: counts[$0] ?? 0) }
        let campaign = try? register.policy.campaign(year: year)
        // The units furthest behind first: what a level looks at; the campaign page lists them all.
        let behind = units.compactMap { unit in
            progress[unit.unit].map { (unit: unit, done: $0, share: Double($0.done) / Double(max(1, $0.total))) }
        }.sorted { ($0.share, $0.unit.unit) < ($1.share, $1.unit.unit) }
        let rows = behind.prefix(Self.overviewUnits).map { entry -> [String: Any] in
            [
                "id": entry.unit.unit, "name": entry.unit.unitName,
                "state": entry.unit.chineseState(in: campaign),
                "late": entry.unit.state == .late,
                "progress": Charts.progress(
                    done: entry.done.done, total: entry.done.total, label: "\(entry.unit.unitName)工作事项完成情况"),
            ]
        }
        let late = units.filter { $0.state == .late }
        let exits = changes.exitsByReason.sorted { $0.value > $1.value }.map { reason, count in
            (label: ExitReason(rawValue: reason).map(\.chineseName) ?? "其他", value: count)
        }
        // Absent when there are none: the page says nothing of them then.
        let classified: Int? = figures.classified > 0 ? figures.classified : nil
        return [
            "organization": root.name, "total": figures.total, "year": year,
            "classified": classified as Any,
            "today": today.description, "countedAt": BusinessDay.clockText(countedAt, seconds: true),
            "recountSeconds": Int(overviews.lifetime.components.seconds),
            "tiers": Charts.bars(tiers, title: "管理期内人才按层次"), "cards": cards,
            "submissions": Charts.bars(states, title: "\(year)年度各单位报送情况"),
            "late": late.prefix(Self.overviewUnits).map { ["id": $0.unit, "name": $0.unitName] },
            "hasLate": !late.isEmpty, "lateCount": late.count, "moreLate": late.count > Self.overviewUnits,
            "unitCount": behind.count, "moreUnits": behind.count > Self.overviewUnits,
            "units": Array(rows), "hasUnits": !rows.isEmpty, "thisYear": today.year,
            "exitCount": changes.exitsByReason.values.reduce(0, +), "downgrades": changes.downgrades,
            "exits": exits.isEmpty ? "" : Charts.bars(exits, title: "\(today.year)年退出管理按原因（人次）"),
        ]
    }

    @Sendable func overview(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            render("overview", person, ["title": "概览", "figures": try await overviewFigures(of: person.caller)])
        }
    }
}
