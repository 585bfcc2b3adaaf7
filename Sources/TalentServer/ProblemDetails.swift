import Foundation
import Hummingbird

/// An RFC 9457 problem document (`application/problem+json`).
public struct ProblemDetails: HTTPResponseError, Encodable, Sendable {
    /// A stable URI naming the kind of problem.
    public var type: String
    public var title: String
    public var status: HTTPResponse.Status
    public var detail: String?
    /// The RULES.md ID when a rule of the notice refused the request.
    public var rule: String?

    public init(type: String, title: String, status: HTTPResponse.Status, detail: String? = nil, rule: String? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.rule = rule
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, rule
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encodeIfPresent(rule, forKey: .rule)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(self)
        return Response(
            status: status,
            headers: [.contentType: "application/problem+json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

/// Turns every error into problem details: HTTP errors keep their status; anything unexpected becomes a
/// 500 whose detail is logged, not sent.
struct ProblemDetailsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as ProblemDetails {
            throw problem
        } catch let error as HTTPError {
            throw ProblemDetails(
                type: "https://talentledger.example/problems/\(error.status.code)",
                title: error.status.reasonPhrase,
                status: error.status,
                detail: error.body ?? (error.status == .notFound ? "no such resource: \(request.uri.path)" : nil)
            )
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw ProblemDetails(
                type: "https://talentledger.example/problems/internal",
                title: "Internal Server Error",
                status: .internalServerError,
                detail: "the server failed to answer; the incident is logged"
            )
        }
    }
}
