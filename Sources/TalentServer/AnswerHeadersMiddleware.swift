import Hummingbird

/// The headers every answer carries unless its route says otherwise.
///
/// - `Cache-Control: no-store` (the console's stylesheet keeps its own): answers are the caller's own view
///   of the register (personal data in full for some roles, documents with names, a refusal listing
///   talents), and a shared or browser cache must not keep them for whoever uses the machine or the proxy
///   next.
/// - `X-Content-Type-Options: nosniff`: a problem document echoes what the client sent (a path's id, say),
///   and a browser must read it as the JSON it says it is, never guess HTML in it.
/// - `X-Frame-Options: DENY`: no page of another site frames the console (its pages also say
///   `frame-ancestors 'none'`, which browsers before CSP 2 do not read).
///
/// It sits outside the problem details, so errors carry them too.
struct AnswerHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        for field in AnswerHeaders.defaults where response.headers[field.name] == nil {
            response.headers[field.name] = field.value
        }
        return response
    }
}

/// The headers of ``AnswerHeadersMiddleware``, for an answer written outside the router too (a request the
/// HTTP parser refused).
enum AnswerHeaders {
    static let defaults: HTTPFields = [
        .cacheControl: "no-store", .xContentTypeOptions: "nosniff", .init("X-Frame-Options")!: "DENY",
    ]
}
