import Foundation
import Hummingbird
import Logging

/// Logs each request as Hummingbird's `LogRequestsMiddleware` does (method and target), but with the
/// values of the query parameters that carry what a person typed to find someone (`q`, a name or an id)
/// left out: names are personal data (SEC1), and a server's log is read by whoever runs the host.
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
            return unloggedParameters.contains(name.removingPercentEncoding ?? name) ? name + "=***" : String(pair)
        }
        return path + "?" + pairs.joined(separator: "&")
    }
}

/// The query parameters whose values the request log leaves out.
private let unloggedParameters: Set<String> = ["q"]
