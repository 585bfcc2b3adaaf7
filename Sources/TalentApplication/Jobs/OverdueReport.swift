import Foundation
import ReadModels
import TalentDomain

/// One talent's overdue items, with the unit that answers for it (O2).
public struct OverdueTalent: Sendable, Hashable, Codable {
    public var talent: TalentID
    public var unit: String?
    public var items: [OverdueItem]
}

/// What is overdue in a campaign on a day: the talents with something overdue and the provincial
/// departments whose contact form (O3 联系表) had not come by its deadline.
public struct OverdueReport: Sendable, Hashable, Encodable {
    public var campaign: Int
    public var on: Day
    public var talents: [OverdueTalent]
    public var contactFormsMissing: [String]
    /// Classified talents (T4) of the caller's jurisdiction with something overdue, whom the caller sees in
    /// counts only and the report does not list (0 for a caller who sees them): the same on every page.
    public var classifiedNotListed: Int
    /// Where the next page starts (the last talent of this one), when talents past it have something
    /// overdue too.
    public var nextCursor: String?
}

extension TalentRegister {
    /// The caller's ``OverdueReport``: ``overdue(campaign:on:by:after:limit:)`` and the contact forms still
    /// missing after their deadline (the same on every page). Reads only.
    public func overdueReport(
        campaign year: Int, on date: Day, by caller: Caller, after cursor: String? = nil, limit: Int? = nil
    ) async throws -> OverdueReport {
        // What is overdue on a day to come is not yet so: a report made ahead would list what may still be
        // done in time, as a job or a document of that day is refused.
        try requireRegisterDayHasCome(date, doing: "what is overdue is read")
        let (talents, more) = try await overdue(campaign: year, on: date, by: caller, after: cursor, limit: limit)
        let forms = try await contactForms(campaign: year, on: date, by: caller)
        return OverdueReport(
            campaign: year, on: date, talents: talents,
            contactFormsMissing: forms.filter { $0.late && $0.form.sentOn == nil }.map(\.form.department),
            classifiedNotListed: try await classifiedOverdue(campaign: year, on: date, by: caller),
            nextCursor: more ? talents.last?.talent.rawValue : nil)
    }

    /// The unit that answered for a talent as `state` (its state on a day) has it (else as its row has it),
    /// and how much of the talent the caller saw then; nil when the talent was outside its jurisdiction.
    static func seen(_ listing: TalentListing, on state: Talent, by caller: Caller, access: Access)
        -> (unit: String?, visibility: Visibility)?
    {
        let unit = state.answeringUnit?.rawValue ?? listing.answeringUnit
        guard access.mayRead(talentAnsweredBy: unit, caller: caller) else { return nil }
        return (unit, access.visibility(ofTalentAnsweredBy: unit, classified: state.isClassified, caller: caller))
    }

    /// `date` as the overdue list's filter reads it: today is the latest day (no fact is recorded ahead
    /// of it); an earlier one may have facts after it, which closed what was overdue then.
    func overdueDay(_ date: Day) -> OverdueDay { date >= today() ? .latest : .past(date) }

    /// How many classified talents (T4) of the caller's jurisdiction have something overdue on `date` that
    /// the caller sees in counts only, so that its list's total is told apart from the province's.
    func classifiedOverdue(campaign year: Int, on date: Day, by caller: Caller) async throws -> Int {
        let access = try await queries.access()
        guard access.countsClassifiedApart(caller: caller), let scope = access.scope(of: caller) else { return 0 }
        let campaign = try campaign(year)
        var count = 0
        try await forEachTalent(
            TalentFilter(classified: true, mayBeOverdueOn: overdueDay(date)), scope: scope, asOf: date
        ) {
            listing, state in
            guard Self.seen(listing, on: state, by: caller, access: access)?.visibility == .countsOnly else { return }
            if !state.overdue(on: date, campaign: campaign, management: policy.management).isEmpty { count += 1 }
        }
        return count
    }

    /// The talents of the caller's jurisdiction with something overdue on `date` (X9, D3, W5; see
    /// `Talent.overdue(on:campaign:management:)`), in register-id order, from the first after `cursor` (a
    /// register id) and at most `limit` of them (every one without), with whether more past them have
    /// something overdue. Reads only.
    public func overdue(
        campaign year: Int, on date: Day, by caller: Caller, after cursor: String?, limit: Int?
    ) async throws -> (talents: [OverdueTalent], more: Bool) {
        let access = try await queries.access()
        guard let scope = access.scope(of: caller) else { return ([], false) }
        let campaign = try campaign(year)
        var found: [OverdueTalent] = []
        // One talent past the page says whether there is a next one; the walk stops at the end of the
        // register's page that found it.
        let limit = limit.map { min(max($0, 1), RegisterQueries.maximumPageSize) }
        let enough = limit.map { $0 + 1 } ?? .max
        // Only talents whose rows say something may be overdue are folded: on a register of 300,000 that
        // is the difference between a second and a minute.
        // Each talent as it stood on `date`: a fact that took effect later is not overdue yet.
        func look(_ listing: TalentListing, _ state: Talent) {
            // The unit that answered for the talent on `date` (O2), whose jurisdiction the talent was then in:
            // one moved since is listed for the levels of its unit of then (a re-check tester's finding).
            // A classified talent appears to others in counts only (T4).
            guard let (unit, visibility) = Self.seen(listing, on: state, by: caller, access: access),
                visibility != .countsOnly
            else { return }
            let items = state.overdue(on: date, campaign: campaign, management: policy.management)
            if !items.isEmpty {
                found.append(OverdueTalent(talent: listing.id, unit: unit, items: items))
            }
        }
        try await forEachTalent(
            TalentFilter(mayBeOverdueOn: overdueDay(date)), scope: scope, asOf: date, after: cursor,
            until: { found.count >= enough }, look)
        guard let limit, found.count > limit else { return (found, false) }
        return (Array(found.prefix(limit)), true)
    }
}
