import Hummingbird

/// Marks every answer `Cache-Control: no-store` unless its route says otherwise (the console's
/// stylesheet): answers are the caller's own view of the register (personal data in full for some roles,
/// documents with names, a refusal listing talents), and a shared or browser cache must not keep them for
/// whoever uses the machine or the proxy next. It sits outside the problem details, so errors carry it too.
struct NoStoreMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
