import Foundation
import Hummingbird
import Logging

/// Logs each request as Hummingbird's `LogRequestsMiddleware` does (method and target), but with the
/// values of the query parameters left out unless the API documents them and they carry no person: what
/// a person typed to find someone (`q`, a name or an id) is personal data (SEC1), a token pasted into a
/// query (`?access_token=`) is a secret, and a server's log is read by whoever runs the host. The line is
/// written before the route refuses a parameter it does not take, so an unknown one is left out too.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    init(_ level: Logger.Level) {
        self.level = level
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        context.logger.log(
            level: level, "Request",
            metadata: [
                "hb.request.path": .string(Self.loggable(path: request.uri.path, query: request.uri.query)),
                "hb.request.method": .string(request.method.rawValue),
            ])
        return try await next(request, context)
    }

    /// A request's target as the log shows it: the path, and the query with the values of the unlogged
    /// parameters as `***`.
    static func loggable(path: String, query: String?) -> String {
        guard let query, !query.isEmpty else { return path }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = String(pair.prefix { $0 != "=" })
            guard loggedParameters.contains(name.removingPercentEncoding ?? name) else {
                // A pair without "=" is all value (a token pasted bare): none of it is shown.
                return pair.contains("=") ? name + "=***" : "***"
            }
            return String(pair)
        }
        return path + "?" + pairs.joined(separator: "&")
    }
}

/// The query parameters whose values the request log shows: the documented ones, but for the search.
private let loggedParameters: Set<String> = Set(
    DocumentedOperations.served.operations.values.flatMap { methods in methods.values.flatMap { $0 } }
).subtracting(["q"])
