import Hummingbird
import Logging
import TalentApplication

/// A register whose database cannot answer, said to a browser as a page in words (503 with `Retry-After`)
/// rather than as the API's problem document: whoever meets it on the console reads Chinese, not JSON. The
/// session's person may not be known (asking who they are needs the database), so the page draws no
/// navigation.
struct ConsoleAvailabilityMiddleware<Context: RequestContext>: RouterMiddleware {
    let views: ConsoleViews
    /// Where an unavailable database is said, once in a while rather than for every request.
    let outages: OutageLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch  where Availability.isDatabaseUnavailable(error) {
            let reason = Availability.reason(error)
            outages.record(error, path: request.uri.path, logger: context.logger)
            var response = views.page(
                "error", ["title": "请稍后再试", "message": ConsoleVocabulary.unavailable(reason)],
                status: .serviceUnavailable)
            response.headers[.retryAfter] = String(Availability.retryAfterSeconds)
            return response
        }
    }
}
