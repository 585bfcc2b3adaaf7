import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// A campaign's submissions up the chain of authority (O1, S1–S4): `GET /v1/campaigns/{year}/submissions`
/// (every unit of the caller's jurisdiction with where its submission stands, and the figures submitted),
/// `GET …/submissions/{unit}` (its readiness: every talent that blocks it and why), `POST …/{unit}` (the
/// unit submits; 422 with every blocking talent while any is not ready) and `POST …/{unit}/review` (the
/// level it waits at accepts it or returns it with a reason).
struct SubmissionsController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.get("campaigns/:year/submissions", use: list)
        v1.get("campaigns/:year/submissions/:unit", use: show)
        v1.post("campaigns/:year/submissions/:unit", use: submit)
        v1.post("campaigns/:year/submissions/:unit/review", use: review)
    }

    struct Overview: ResponseEncodable {
        var campaign: Int
        var on: String
        var units: [SubmissionOverview]
        var figures: SubmissionFigures
        /// S3: whether the window had closed by `on` in a campaign run in this register; where not, no unit
        /// is late.
        var latenessJudged: Bool
    }

    @Sendable func list(_ request: Request, context: TalentRequestContext) async throws -> Overview {
        let caller = try context.caller()
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let query = request.uri.queryParameters
        let on = try Parameters.day(query, "on", within: register.limits) ?? register.today()
        let (units, figures, latenessJudged) = try await register.submissions(
            campaign: year, organization: try Parameters.text(query, "organization"), on: on, by: caller)
        return Overview(
            campaign: year, on: on.description, units: units, figures: figures, latenessJudged: latenessJudged)
    }

    struct Detail: ResponseEncodable {
        var campaign: Int
        var readiness: SubmissionReadiness
        var ready: Bool
        /// The submission step by step, effective by `on`.
        var steps: [SubmissionStep]
    }

    @Sendable func show(_ request: Request, context: TalentRequestContext) async throws -> Detail {
        let caller = try context.caller()
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let on = try Parameters.day(request.uri.queryParameters, "on", within: register.limits) ?? register.today()
        let unit = try context.parameters.require("unit")
        let readiness = try await register.readiness(campaign: year, unit: unit, on: on, by: caller)
        let steps = try await register.submissionSteps(campaign: year, unit: unit, on: on, by: caller)
        return Detail(campaign: year, readiness: readiness, ready: readiness.ready, steps: steps)
    }

    struct SubmitBody: Codable {
        var effectiveOn: Day?
        var latenessReason: String?
    }

    @Sendable func submit(_ request: Request, context: TalentRequestContext) async throws -> EditedResponse<
        SubmissionRow
    > {
        let caller = try context.caller()
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let body = try RequestBody.decode(SubmitBody.self, from: try await RequestBody.collect(request))
        let row = try await register.submit(
            campaign: year, unit: try context.parameters.require("unit"), latenessReason: body.latenessReason,
            on: body.effectiveOn ?? register.today(), by: caller,
            commandID: try IdempotencyKey.commandID(of: request, caller: caller), logger: context.logger)
        return EditedResponse(status: .created, response: row)
    }

    struct ReviewBody: Codable {
        enum Decision: String, Codable { case accept, `return` }
        var decision: Decision
        var reason: String?
        var effectiveOn: Day?
    }

    @Sendable func review(_ request: Request, context: TalentRequestContext) async throws -> SubmissionRow {
        let caller = try context.caller()
        // A role that never reviews is told so before what it sent is read.
        try TalentRegister.requireReviewer(caller)
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let body = try RequestBody.decode(ReviewBody.self, from: try await RequestBody.collect(request))
        let decision: SubmissionDecision
        do {
            decision = try SubmissionDecision(returning: body.decision == .return, reason: body.reason)
        } catch SubmissionDecision.Problem.reasonWithAcceptance {
            throw InvalidInput("reason", "only a return gives a reason: send decision return, or leave reason out")
        } catch SubmissionDecision.Problem.returnWithoutReason {
            throw InvalidInput("reason", "a returned submission says why")
        }
        return try await register.review(
            campaign: year, unit: try context.parameters.require("unit"), decision,
            on: body.effectiveOn ?? register.today(), by: caller,
            commandID: try IdempotencyKey.commandID(of: request, caller: caller), logger: context.logger)
    }

}

extension SubmissionRow: ResponseEncodable {}

/// A campaign's documents (S1) as downloads, desensitized (SEC1), each with its Chinese file name (RFC 5987
/// `filename*`) and the content type of its kind. `{document}` is `1` (Attachment 1, .xlsx), `4`
/// (Attachment 4, .xlsx), `5` (the work report, .docx) or `package` (the three in the .zip named as the
/// policy says, for offline delivery, SEC3).
///
/// - `GET /v1/campaigns/{year}/submissions/{unit}/forms/{document}`: one unit's own;
/// - `GET /v1/campaigns/{year}/forms/{document}?organization=`: a county or city bureau's or a provincial
///   department's units merged, with a summary sheet per unit; without `organization`, the caller's own
///   organization, or the province for the provincial office and the auditor.
struct FormsController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.get("campaigns/:year/submissions/:unit/forms/:document", use: unitDocument)
        v1.get("campaigns/:year/forms/:document", use: mergedDocument)
    }

    @Sendable func unitDocument(_ request: Request, context: TalentRequestContext) async throws -> Response {
        try await download(.unit(try context.parameters.require("unit")), request, context)
    }

    @Sendable func mergedDocument(_ request: Request, context: TalentRequestContext) async throws -> Response {
        let caller = try context.caller()
        let scope: ExportScope
        if let organization = try Parameters.value(request.uri.queryParameters, "organization", { $0 }) {
            scope = .organization(organization)
        } else if caller.role != .unitOfficer, let own = ExportScope.own(of: caller) {
            scope = own
        } else {
            throw InvalidInput(
                "organization", "the county or city bureau or provincial department whose units' forms to merge")
        }
        return try await download(scope, request, context)
    }

    func download(_ scope: ExportScope, _ request: Request, _ context: TalentRequestContext) async throws -> Response {
        let caller = try context.caller()
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let wanted = try CampaignDocument.named(try context.parameters.require("document"))
        let on = try Parameters.day(request.uri.queryParameters, "on", within: register.limits) ?? register.today()
        let download = try await register.campaignDownload(year, scope: scope, document: wanted, on: on, by: caller)
        return Response(
            status: .ok, headers: [.contentType: download.contentType, .contentDisposition: download.disposition],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: download.data)))
    }
}

/// O3's contact forms: `GET /v1/campaigns/{year}/contact-forms` (each provincial supervising department of
/// the caller's jurisdiction: sent when, late or not) and `POST …/contact-forms/{department}` (the
/// department, or the province office for it, sends it: `reference`, `effectiveOn`).
struct ContactFormsController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.get("campaigns/:year/contact-forms", use: list)
        v1.post("campaigns/:year/contact-forms/:department", use: send)
    }

    struct Line: Encodable {
        var department: String
        var sentOn: String?
        var reference: String?
        var late: Bool
    }

    struct Lines: ResponseEncodable {
        var campaign: Int
        var items: [Line]
    }

    @Sendable func list(_ request: Request, context: TalentRequestContext) async throws -> Lines {
        let caller = try context.caller()
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let on = try Parameters.day(request.uri.queryParameters, "on", within: register.limits) ?? register.today()
        let forms = try await register.contactForms(campaign: year, on: on, by: caller)
        return Lines(
            campaign: year,
            items: forms.map {
                Line(
                    department: $0.form.department, sentOn: $0.form.sentOn?.description, reference: $0.form.reference,
                    late: $0.late)
            })
    }

    struct Body: Codable {
        var reference: String
        var effectiveOn: Day?
    }

    @Sendable func send(_ request: Request, context: TalentRequestContext) async throws -> EditedResponse<Lines> {
        let caller = try context.caller()
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let body = try RequestBody.decode(Body.self, from: try await RequestBody.collect(request))
        // The document says `minLength: 1`: an empty reference is a malformed body, not a rule's refusal.
        guard !body.reference.isBlank else {
            throw InvalidInput("reference", "the contact form's reference (文号), not empty")
        }
        let on = body.effectiveOn ?? register.today()
        let form = try await register.sendContactForm(
            campaign: year, department: try context.parameters.require("department"), reference: body.reference,
            on: on, by: caller, commandID: try IdempotencyKey.commandID(of: request, caller: caller))
        let late = form.isLate(in: try register.policy.campaign(year: year), on: on)
        return EditedResponse(
            status: .created,
            response: Lines(
                campaign: year,
                items: [
                    Line(
                        department: form.department, sentOn: form.sentOn?.description, reference: form.reference,
                        late: late)
                ]))
    }
}
