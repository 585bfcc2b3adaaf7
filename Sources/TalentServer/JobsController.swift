import Foundation
import Hummingbird
import TalentApplication
import TalentDomain

/// The provincial office's batch jobs over HTTP: `POST /v1/jobs/suspend-late-units` (S3) and
/// `POST /v1/jobs/restore` (S4), each with `campaign`, `on`, `dryRun` and `steps`; the answer is the
/// job's report: the counts of its steps, and the steps `steps` asks for (every one, each with why, by
/// default). A job run twice records nothing the second time.
struct JobsController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.post("jobs/suspend-late-units", use: suspend)
        v1.post("jobs/restore", use: restore)
    }

    struct Body: Codable {
        var campaign: Int
        var on: Day
        var dryRun: Bool?
        var steps: JobReport.Listing?
    }

    @Sendable func suspend(_ request: Request, context: TalentRequestContext) async throws -> JobReport {
        let caller = try context.caller()
        let body = try await Self.body(request, by: caller, limits: register.limits)
        return try await register.suspendLateUnits(
            campaign: body.campaign, on: body.on, dryRun: body.dryRun ?? false, by: caller, logger: context.logger
        ).listing(body.steps ?? .all)
    }

    @Sendable func restore(_ request: Request, context: TalentRequestContext) async throws -> JobReport {
        let caller = try context.caller()
        let body = try await Self.body(request, by: caller, limits: register.limits)
        return try await register.restoreMadeUpUnits(
            campaign: body.campaign, on: body.on, dryRun: body.dryRun ?? false, by: caller, logger: context.logger
        ).listing(body.steps ?? .all)
    }

    /// The job's request, read once `caller` is found to run jobs: who may not is told so first (as the
    /// register tells it before it reads anything).
    static func body(_ request: Request, by caller: Caller, limits: RegisterLimits) async throws -> Body {
        try TalentRegister.requireJobRunner(caller)
        let body = try RequestBody.decode(Body.self, from: try await RequestBody.collect(request))
        guard limits.years.contains(body.campaign) else {
            throw InvalidInput("campaign", "a campaign year such as 2025")
        }
        return body
    }
}

extension JobReport: ResponseEncodable {}

/// `GET /v1/campaigns/{year}/overdue?on=&cursor=&limit=`: the talents of the caller's jurisdiction with
/// something overdue (X9, D3, W5, P1), with `limit` or `cursor` a keyset page at a time as
/// `GET /v1/talents` pages, and the departments whose contact form is missing (O3).
struct OverdueController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.get("campaigns/:year/overdue", use: list)
    }

    @Sendable func list(_ request: Request, context: TalentRequestContext) async throws -> OverdueReport {
        let caller = try context.caller()
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let query = request.uri.queryParameters
        let on = try Parameters.day(query, "on", within: register.limits) ?? register.today()
        // Paged once a client asks for pages (`limit` or `cursor`); the whole list otherwise, as it was
        // answered before pages came: a client that knows no `nextCursor` would miss the talents past 100.
        let cursor = try Parameters.text(query, "cursor")
        let paged = cursor != nil || query["limit"] != nil
        return try await register.overdueReport(
            campaign: year, on: on, by: caller, after: cursor, limit: paged ? try Parameters.pageLimit(query) : nil)
    }
}

extension OverdueReport: ResponseEncodable {}
