import EventStore
import Foundation
import TalentDomain

/// A talent's history explained: every fact with when it took effect, when and by whom it was
/// recorded, the rule and cause of derived facts, and what the register said after it.
public struct TimelineEntry: Sendable, Hashable {
    public var version: Int64
    public var type: String
    public var effectiveDate: Day
    /// The day the situation behind the fact occurred, where it names one (an exit situation's report,
    /// its verification, the exit): X9's month counts from it.
    public var occurredOn: Day?
    public var recordedAt: Date
    public var actor: String?
    public var role: String?
    /// The organization the recorder acted for (its unit, bureau or department); nil for the province's
    /// roles and the system.
    public var organization: String? = nil
    public var ruleID: String?
    public var cause: String?
    /// What the person who recorded it said of it (the command's reason, 说明).
    public var reason: String?
    /// The state after this fact, as known once it was recorded (facts in business-time order): for a
    /// fact recorded late, the talent as it then stood today, not on the fact's day.
    public var stateAfter: Talent
    /// The state on the fact's day right after it, with every fact known now (what the talent's history
    /// drawn in business time shows from this fact to the next): a correction recorded today of a 2020
    /// evaluation leaves the talent of 2020, not today's.
    public var stateOnItsDay: Talent
    /// The fact itself, for what it says beyond its type (a verification's finding, a decision's outcome).
    public var event: TalentEvent? = nil
    /// What the fact says beyond its type as its reader may read it: its free texts (a finding, a
    /// responsible person) to whoever sees the talent in full alone (SEC2). Set by the register for the
    /// reader (`RegisterQueries.said`), so that no client decides it for itself; nil until then.
    public var particulars: String? = nil
}

extension TalentReplay {
    /// Every event of the talent in recording order, each with the state it led to; with `knownAt`, only
    /// those recorded by then, their states as known then (a fact recorded later, dated before one of them,
    /// changes none of their days).
    public func timeline(of talent: TalentID, knownAt: Date? = nil) async throws -> [TimelineEntry] {
        let events = try await events(of: talent)
        guard let knownAt else { return try Self.timeline(of: events) }
        return try Self.timeline(of: events.filter { $0.recordedAt <= knownAt })
    }

    /// The timeline of a talent's events, read in recording order.
    public static func timeline(of events: [StoredTalentEvent]) throws -> [TimelineEntry] {
        // Every fact known now, in business order: the state each one leaves on its day. Recorded in the order
        // they took effect (most histories), that is the running fold's state below, and is not folded again.
        let inBusinessOrder = zip(events, events.dropFirst()).allSatisfy { $0.effectiveDate <= $1.effectiveDate }
        var onItsDay: [Talent] = []
        if !inBusinessOrder {
            onItsDay = Array(repeating: .initial, count: events.count)
            var now = Talent.initial
            for index in Talent.businessOrder(Array(events.indices), effectiveDate: { events[$0].effectiveDate }) {
                now = evolve(now, events[index].event)
                onItsDay[index] = now
            }
        }
        // One running fold, as the rows' snapshots keep it: refolded only after a fact recorded late.
        var fold = TalentRows.Fold()
        return try events.indices.map { index in
            let stored = events[index]
            fold.add(events[index...index], known: events[...index])
            let metadata = try stored.metadata
            let rule = stored.event.derivation?.rule ?? stored.event.governingRule(leaving: fold.state)
            return TimelineEntry(
                version: stored.version,
                type: stored.event.typeName,
                effectiveDate: stored.effectiveDate,
                occurredOn: stored.event.situationOccurredOn,
                recordedAt: stored.recordedAt,
                actor: metadata.actor,
                role: metadata.role,
                organization: metadata.organization,
                ruleID: metadata.ruleID ?? rule?.rawValue,
                cause: metadata.cause ?? stored.event.derivation?.cause,
                reason: metadata.reason,
                stateAfter: fold.state,
                stateOnItsDay: inBusinessOrder ? fold.state : onItsDay[index],
                event: stored.event
            )
        }
    }
}
