import EventStore
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import TalentApplication
import TalentDomain

/// An RFC 9457 problem document (`application/problem+json`).
public struct ProblemDetails: HTTPResponseError, Encodable, Sendable {
    /// A stable URI naming the kind of problem.
    public var type: String
    public var title: String
    public var status: HTTPResponse.Status
    public var detail: String?
    /// The RULES.md ID when a rule of the notice refused the request.
    public var rule: String?
    /// The request's field (a query parameter, a member of the body) the problem is about.
    public var field: String?
    /// The talent's current version, when a pinned one (If-Match) was stale.
    public var currentVersion: Int64?
    /// Every bad line of a refused file (an evaluation list), with its number.
    public var lines: [LineProblem]?
    /// Every talent that keeps a unit's submission from going up, with the rule and what it lacks (S1).
    public var blockers: [SubmissionBlocker]?
    /// The methods the path has, for a 405 (its `Allow` header, not a member of the document).
    public var allow: [String]?

    public struct LineProblem: Encodable, Sendable {
        public var line: Int
        public var reason: String
        /// The same in Chinese, as the console shows it.
        public var reasonInChinese: String
        /// The row as a spreadsheet counts it, where a line break inside a cell before it makes it differ.
        public var row: Int?
        /// The register id the line gives.
        public var talent: String?
    }

    public init(
        type: String, title: String, status: HTTPResponse.Status, detail: String? = nil, rule: String? = nil,
        field: String? = nil, currentVersion: Int64? = nil, lines: [LineProblem]? = nil,
        blockers: [SubmissionBlocker]? = nil, allow: [String]? = nil
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.rule = rule
        self.field = field
        self.currentVersion = currentVersion
        self.lines = lines
        self.blockers = blockers
        self.allow = allow
    }

    /// A 400 about a field of the request (a query parameter, a member of the body, personal data).
    static func invalidInput(_ detail: String, field: String?) -> ProblemDetails {
        ProblemDetails(
            type: "https://talentledger.example/problems/invalid-input", title: "Bad Request", status: .badRequest,
            detail: detail, field: field)
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, rule, field, currentVersion, lines, blockers
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encodeIfPresent(rule, forKey: .rule)
        try container.encodeIfPresent(field, forKey: .field)
        try container.encodeIfPresent(currentVersion, forKey: .currentVersion)
        try container.encodeIfPresent(lines, forKey: .lines)
        try container.encodeIfPresent(blockers, forKey: .blockers)
    }

    /// A 400 for what the HTTP parser could not read: no HTTP request, or one that ended before its body.
    static func malformedRequest(_ error: HTTPParserError) -> ProblemDetails {
        ProblemDetails(
            type: "https://talentledger.example/problems/400", title: "Bad Request", status: .badRequest,
            detail: error == .invalidEOFState
                ? "the request ended before its body did" : "the request could not be read as HTTP")
    }

    /// The document as sent: members in a stable order, slashes unescaped.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try encoded()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if status == .serviceUnavailable { headers[.retryAfter] = String(Availability.retryAfterSeconds) }
        if let allow { headers[.allow] = allow.joined(separator: ", ") }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every error into problem details: HTTP errors keep their status; anything unexpected becomes a
/// 500 whose detail is logged, not sent. It answers with the problem rather than throwing it, so that
/// the metrics middleware around it counts and times the request under the status it was answered with.
struct ProblemDetailsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where an unavailable database is said, once in a while rather than for every request.
    let outages: OutageLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try problem(for: error, request: request, context: context)
                .response(from: request, context: context)
        }
    }

    func problem(for error: any Error, request: Request, context: Context) -> ProblemDetails {
        switch error {
        case let problem as ProblemDetails:
            return problem
        case let error as NotFound:
            return ProblemDetails(
                type: "https://talentledger.example/problems/not-found", title: "Not Found", status: .notFound,
                detail: NotFound(QueryText.echo(error.subject)).description)
        case let error as NotYetInRegister:
            return ProblemDetails(
                type: "https://talentledger.example/problems/not-yet-in-register", title: "Not Found",
                status: .notFound, detail: error.description)
        case let error as Forbidden:
            return ProblemDetails(
                type: "https://talentledger.example/problems/forbidden", title: "Forbidden", status: .forbidden,
                detail: error.reason, rule: error.rule?.rawValue)
        case let error as InvalidInput:
            return .invalidInput(error.description, field: error.field)
        case let error as InvalidPersonalData:
            return .invalidInput(error.description, field: error.field)
        case let error as NationalIDInUse:
            return ProblemDetails(
                type: "https://talentledger.example/problems/national-id-in-use", title: "Conflict",
                status: .conflict, detail: error.description, field: error.field)
        case let error as StaleVersion:
            return ProblemDetails(
                type: "https://talentledger.example/problems/stale-version", title: "Precondition Failed",
                status: .preconditionFailed, detail: error.description, currentVersion: error.current)
        case let error as SubmissionNotReady:
            return ProblemDetails(
                type: "https://talentledger.example/problems/submission-not-ready", title: "Not ready to submit",
                status: .unprocessableContent, detail: error.description, rule: "S1", blockers: error.blockers)
        case let error as CommandIDReused:
            return ProblemDetails(
                type: "https://talentledger.example/problems/idempotency-key-reused", title: "Unprocessable Content",
                status: .unprocessableContent, detail: error.description, field: "Idempotency-Key")
        case let refusal as Refusal:
            return ProblemDetails(
                type: "https://talentledger.example/problems/refused-by-rule", title: "Refused by a rule of the notice",
                status: .unprocessableContent, detail: refusal.reason, rule: refusal.rule.rawValue, field: refusal.field
            )
        case _ where Availability.isDatabaseUnavailable(error):
            outages.record(error, path: request.uri.path, logger: context.logger)
            return ProblemDetails(
                type: "https://talentledger.example/problems/unavailable", title: "Service Unavailable",
                status: .serviceUnavailable, detail: Availability.reason(error).description)
        case let busy as DocumentsBusy:
            context.logger.info("documents busy", metadata: ["path": "\(request.uri.path)"])
            return ProblemDetails(
                type: "https://talentledger.example/problems/documents-busy", title: "Service Unavailable",
                status: .serviceUnavailable, detail: busy.description)
        case let error as NIOTooManyBytesError:
            return ProblemDetails(
                type: "https://talentledger.example/problems/content-too-large", title: "Content Too Large",
                status: .contentTooLarge,
                detail: "the body is larger than the route takes"
                    + (error.maxBytes.map { " (\($0) bytes at most)" } ?? ""))
        case let conflict where conflict is VersionConflict || conflict is ConcurrentRepeat:
            // Another request changed the same record at the same moment, again and again (or recorded the
            // same idempotency key while this one did): the client may try once more.
            context.logger.info("conflict", metadata: ["conflict": "\(conflict)", "path": "\(request.uri.path)"])
            return ProblemDetails(
                type: "https://talentledger.example/problems/conflict", title: "Conflict", status: .conflict,
                detail: "the record was changed by another request at the same time; send the request again")
        case let error as HTTPParserError:
            // The client sent what is no HTTP request, or went away in the middle of its body (an upload
            // broken off): its mistake, said as one, not an error of the server's (a 500 in the metrics).
            context.logger.debug("malformed request", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return .malformedRequest(error)
        case let error as IOError where [ECONNRESET, EPIPE, ETIMEDOUT].contains(error.errnoCode):
            // The client's connection broke while its request was read (reset in the middle of its body): its
            // going away, not an error of the server's. Nobody reads this answer.
            context.logger.debug(
                "connection broke while the request was read",
                metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return ProblemDetails(
                type: "https://talentledger.example/problems/400", title: "Bad Request", status: .badRequest,
                detail: "the connection broke before the request was read")
        case is CancellationError:
            // The client went away (or the server is stopping): nobody reads the answer, nothing is wrong.
            context.logger.debug("request cancelled", metadata: ["path": "\(request.uri.path)"])
            return ProblemDetails(
                type: "https://talentledger.example/problems/unavailable", title: "Service Unavailable",
                status: .serviceUnavailable, detail: "the request was cancelled before it was answered")
        case let error as HTTPError:
            // Named as the register's own problems of the same kind are (a talent not found and a path not
            // found are both `not-found`), so that a client tells them by one type.
            let kinds: [Int: String] = [
                400: "invalid-input", 401: "unauthorized", 403: "forbidden", 404: "not-found",
                405: "method-not-allowed", 413: "content-too-large",
            ]
            return ProblemDetails(
                type: "https://talentledger.example/problems/\(kinds[error.status.code] ?? String(error.status.code))",
                title: error.status.reasonPhrase,
                status: error.status,
                detail: error.body
                    ?? (error.status == .notFound ? "no such resource: \(QueryText.echo(request.uri.path))" : nil)
            )
        default:
            context.logger.error("unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return ProblemDetails(
                type: "https://talentledger.example/problems/internal",
                title: "Internal Server Error",
                status: .internalServerError,
                detail: "the server failed to answer; the incident is logged"
            )
        }
    }
}
