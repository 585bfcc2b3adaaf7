import EventStore
import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// The register's questions about talents, for a caller with a bearer token: `GET /v1/talents`,
/// `GET /v1/talents/{id}` (as of a day, as known at a time) and `GET /v1/talents/{id}/timeline`.
/// Jurisdiction and masking are the application layer's (``RegisterQueries``); this maps HTTP onto it.
struct TalentsController: Sendable {
    let register: TalentRegister

    func addRoutes(to group: RouterGroup<TalentRequestContext>) {
        group.get(use: list)
        group.get(":talentID", use: show)
        group.get(":talentID/timeline", use: timeline)
        group.get(":talentID/events", use: events)
    }

    /// A stored event as the store keeps it: version, position, both times, the payload, the metadata
    /// and the chained hash (hex), for auditors and the provincial office.
    struct RawEvent: Encodable {
        var version: Int64
        var position: Int64
        var type: String
        var schemaVersion: Int
        var effectiveDate: String
        /// To the microsecond: given back as `knownAt`, it shows the register right after this event.
        var recordedAt: String
        var commandID: String
        var hash: String
        var data: String
        var metadata: String
    }

    struct RawEvents: ResponseEncodable {
        var talent: String
        var events: [RawEvent]
    }

    @Sendable func events(_ request: Request, context: TalentRequestContext) async throws -> RawEvents {
        let caller = try context.caller()
        let id = TalentID(try context.parameters.require("talentID"))
        let events = try await register.queries.rawEvents(of: id, by: caller).map { event in
            RawEvent(
                version: event.version, position: event.position, type: event.type,
                schemaVersion: event.schemaVersion, effectiveDate: event.effectiveDate,
                recordedAt: RecordingTime.text(event.recordedAt),
                commandID: event.commandID.uuidString.lowercased(),
                hash: event.hash.hexString,
                data: String(decoding: event.data, as: UTF8.self),
                metadata: String(decoding: event.metadataJSON, as: UTF8.self))
        }
        return RawEvents(talent: id.rawValue, events: events)
    }

    /// A page of talents, its rows written as a talent's answer writes its row (``TalentDetail``): a page
    /// holds up to 500 of them.
    struct TalentPage: ResponseGenerator {
        var items: [TalentListing]
        var nextCursor: String?

        func response(from request: Request, context: some RequestContext) throws -> Response {
            var page = JSONObject()
            page.add("items", array: items.map(\.json))
            page.add("nextCursor", string: nextCursor)
            return .json(page.text)
        }
    }

    @Sendable func list(_ request: Request, context: TalentRequestContext) async throws -> TalentPage {
        let caller = try context.caller()
        let query = request.uri.queryParameters
        var filter = TalentFilter()
        filter.unit = try Parameters.text(query, "unit")
        filter.organization = try Parameters.text(query, "organization")
        filter.tier = try Parameters.value(query, "tier") { Tier(rawValue: $0) }
        filter.status = try Parameters.value(query, "status") { Talent.Status(rawValue: $0) }
        filter.classified = try Parameters.value(query, "classified") { Bool($0) }
        filter.card = try Parameters.value(query, "card") { TrackedCard(rawValue: $0) }
        filter.cardStatus = try Parameters.value(query, "cardStatus") { CardState(rawValue: $0) }
        guard (filter.card == nil) == (filter.cardStatus == nil) else {
            throw InvalidInput("cardStatus", "card and cardStatus go together")
        }
        filter.campaign = try Parameters.value(query, "campaign") {
            QueryText.wholeNumber($0).flatMap { (1900...9999).contains($0) ? $0 : nil }
        }
        let campaigns = register.policy.campaigns.campaignYears
        if let campaign = filter.campaign, !campaigns.contains(campaign) {
            throw InvalidInput(
                "campaign",
                "no campaign \(campaign) in the policy (its campaigns: \(campaigns.map(String.init).joined(separator: ", ")))"
            )
        }
        filter.workItem = try Parameters.value(query, "workItem") { WorkItem(rawValue: $0) }
        filter.progress = try Parameters.value(query, "progress") { RosterEntry.progressValues.contains($0) ? $0 : nil }
        guard filter.workItem != nil || (filter.campaign == nil && filter.progress == nil) else {
            throw InvalidInput("workItem", "campaign and progress narrow a work item: name it")
        }
        // As a form sends it: `+` is a space.
        filter.text = try Parameters.text(query, "q").map { QueryText.formValue(of: "q", in: request.uri.query) ?? $0 }
        let limit = try Parameters.pageLimit(query)
        let page = try await register.queries.talents(
            filter, after: try Parameters.text(query, "cursor"), limit: limit, by: caller)
        return TalentPage(items: page.items, nextCursor: page.nextCursor)
    }

    /// A talent: its current row (names as the caller may see them) and its state on `asOf`, as the
    /// register knew it at `knownAt`; with neither date, the state is the text the talent's row keeps.
    @Sendable func show(_ request: Request, context: TalentRequestContext) async throws -> TalentDetail {
        let caller = try context.caller()
        let id = TalentID(try context.parameters.require("talentID"))
        let query = request.uri.queryParameters
        let asOf = try Parameters.day(query, "asOf", within: register.limits)
        let knownAt = try Parameters.knownAt(query)
        guard asOf != nil || knownAt != nil else {
            let (listing, stateJSON) = try await register.queries.currentDetail(of: id, by: caller)
            return TalentDetail(talent: listing, stateJSON: stateJSON, eTagVersion: listing.version)
        }
        let (listing, state) = try await register.queries.detail(of: id, asOf: asOf, knownAt: knownAt, by: caller)
        return TalentDetail(
            talent: listing, asOf: asOf?.description, knownAt: try Parameters.text(query, "knownAt"),
            stateJSON: CurrentState.json(state))
    }

    /// The answer of `GET /v1/talents/{id}`, written by hand (``TalentListing/json``, ``CurrentState``):
    /// `JSONEncoder` had been the largest part of the server's work on an as-of read, and the current
    /// state is text already.
    struct TalentDetail: ResponseGenerator {
        var talent: TalentListing
        var asOf: String?
        var knownAt: String?
        var stateJSON: String
        /// The current answer's version, its `ETag` (what a command's `If-Match` gives back); an answer as
        /// of a day or as known at a time has none.
        var eTagVersion: Int64?

        func response(from request: Request, context: some RequestContext) throws -> Response {
            var members = JSONObject()
            members.add("talent", talent.json)
            members.add("asOf", string: asOf)
            members.add("knownAt", string: knownAt)
            members.add("state", stateJSON)
            return .json(members.text, headers: eTagVersion.map { [.eTag: "\"\($0)\""] } ?? [:])
        }
    }

    /// One step of a talent's explained history.
    struct Step: Encodable {
        var version: Int64
        var type: String
        var effectiveDate: String
        /// The day the situation occurred, where the fact names one (X9).
        var occurredOn: String?
        /// To the microsecond: given back as `knownAt`, it shows the register right after this step.
        var recordedAt: String
        var actor: String?
        var role: String?
        var rule: String?
        var cause: String?
        /// What the person who recorded it said of it.
        var reason: String?
        /// What the fact holds beyond its type; its free texts only for a caller who sees the talent in full.
        var particulars: String?
        var tierAfter: String?
        var statusAfter: String
        /// The tier and status on the step's day right after it, with every fact known now.
        var tierOnItsDay: String?
        var statusOnItsDay: String
    }

    struct Timeline: ResponseEncodable {
        var talent: String
        var steps: [Step]
    }

    @Sendable func timeline(_ request: Request, context: TalentRequestContext) async throws -> Timeline {
        let caller = try context.caller()
        let id = TalentID(try context.parameters.require("talentID"))
        let (entries, _) = try await register.queries.timeline(of: id, by: caller)
        let steps = entries.map { entry in
            Step(
                version: entry.version, type: entry.type, effectiveDate: entry.effectiveDate.description,
                occurredOn: entry.occurredOn?.description, recordedAt: RecordingTime.text(entry.recordedAt),
                actor: entry.actor,
                role: entry.role, rule: entry.ruleID,
                cause: entry.cause, reason: entry.reason,
                particulars: entry.particulars,
                tierAfter: entry.stateAfter.tier?.rawValue, statusAfter: entry.stateAfter.status.rawValue,
                tierOnItsDay: entry.stateOnItsDay.tier?.rawValue, statusOnItsDay: entry.stateOnItsDay.status.rawValue)
        }
        return Timeline(talent: id.rawValue, steps: steps)
    }
}

/// Query parameters read strictly: a parameter given twice, empty, too long or not of its kind is a
/// 400 that names it.
enum Parameters {
    static func text(_ query: Parameters.Query, _ name: String) throws -> String? {
        let values = query[values: Substring(name)]
        guard !values.isEmpty else { return nil }
        // Each way to get it wrong said as such: a number's parameter (limit) named twice is not asked for text.
        guard values.count == 1, let value = values.first.map(String.init) else {
            throw InvalidInput(name, "given \(values.count) times: give it once")
        }
        guard !value.isEmpty else { throw InvalidInput(name, "empty: give a value, or leave the parameter out") }
        guard QueryText.isAcceptable(value) else {
            throw InvalidInput(
                name, "1 to \(QueryText.maximumLength) characters of UTF-8 text, no control characters")
        }
        return value
    }

    /// A campaign's year in a path (`/v1/campaigns/{year}/…`), within the register's years.
    static func campaignYear(_ context: TalentRequestContext, limits: RegisterLimits) throws -> Int {
        guard let year = QueryText.wholeNumber(try context.parameters.require("year")), limits.years.contains(year)
        else {
            throw InvalidInput("year", "a campaign year such as 2025")
        }
        return year
    }

    static func value<T>(_ query: Parameters.Query, _ name: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = try text(query, name) else { return nil }
        guard let value = parse(text) else { throw InvalidInput(name, "'\(text)' is not a valid value") }
        return value
    }

    /// A day `YYYY-MM-DD` (one that exists) among the days the register holds (`limits`, LIMITS): a day
    /// past them (9999-12-31) is no day any fact can have, and an answer for it is a typo's.
    static func day(_ query: Parameters.Query, _ name: String, within limits: RegisterLimits) throws -> Day? {
        guard let day = try value(query, name, { try? Day($0) }) else { return nil }
        if let problem = limits.outsideDays(day) { throw InvalidInput(name, problem) }
        return day
    }

    /// `limit`: 1 to the longest page, 100 when not given.
    static func pageLimit(_ query: Parameters.Query) throws -> Int {
        let sizes = 1...RegisterQueries.maximumPageSize
        guard let text = try text(query, "limit") else { return 100 }
        guard let limit = QueryText.wholeNumber(text), sizes.contains(limit) else {
            throw InvalidInput("limit", "'\(text)' is no page size: a whole number from 1 to \(sizes.upperBound)")
        }
        return limit
    }

    /// How far the database's clock may run ahead of this server's (seconds).
    static let clockAllowance: TimeInterval = 60

    /// `knownAt`: a recording time no later than now. What the register will know later it does not know
    /// yet, and an answer for a time ahead would change as it is recorded: a mirror keeping it would keep
    /// a guess. Recording times are the database's clock, and a client gives back what an answer said (to
    /// the microsecond: that instant); a time given to the whole second is known at that second's end, as
    /// the console and the command line take it (``RecordingTime/span(_:rfc3339Only:)``).
    /// ``clockAllowance`` spares it the difference between that clock and this server's.
    static func knownAt(_ query: Parameters.Query, now: Date = Date()) throws -> Date? {
        guard let (start, length) = try value(query, "knownAt", { RecordingTime.span($0, rfc3339Only: true) }) else {
            return nil
        }
        guard
            let knownAt = RecordingTime.knownAt(
                from: start, lasting: length, now: now.addingTimeInterval(clockAllowance))
        else {
            throw InvalidInput(
                "knownAt",
                "a recording time no later than now (\(RecordingTime.text(now))): what is recorded later is not known "
                    + "yet; leave it out for what the register knows now")
        }
        return knownAt
    }

    typealias Query = Hummingbird.Parameters
}
