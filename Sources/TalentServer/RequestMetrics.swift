import Dispatch
import Hummingbird
import Metrics
import Prometheus
import Synchronization

/// Counts and times each request under the route and the status it was answered with, and keeps the
/// requests in progress, with the metric names of Hummingbird's `MetricsMiddleware` (`hb_requests`,
/// `http_server_request_duration`, `hb_request_errors`, `http_server_active_requests`). Hummingbird's
/// records an answer once its body is written, in a closure the body runs: when the client has gone
/// before the answer's head could be written (a reset mid-body, a client that timed out), the body never
/// runs, and the request stayed "active" for good and was never counted (a soak test's resets left
/// hundreds). Here the answer is recorded when its body is let go of, written or not.
///
/// `hb_request_errors` counts the requests answered with a client's or the server's error (400 and up):
/// nearly every error becomes its answer (a problem document) inside this middleware, so an error thrown
/// past it, the only thing Hummingbird's counts, is rare.
///
/// The metrics go to `registry`, the one `/metrics` shows, rather than to the process's metrics system:
/// a test's server counts into its own.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: RequestMetrics

    init(registry: PrometheusCollectorRegistry) {
        metrics = RequestMetrics(factory: PrometheusMetricsFactory(registry: registry))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = DispatchTime.now().uptimeNanoseconds
        let active = metrics.active(request.method)
        active.increment()
        do {
            var response = try await next(request, context)
            let answer = AnsweredRequest(
                metrics: metrics.answered(
                    route: context.endpointPath ?? "Unknown", method: request.method, status: response.status),
                active: active, started: started)
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                try await body.write(writer)
                withExtendedLifetime(answer) {}
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let answered = metrics.answered(
                route: context.endpointPath ?? "NotFound", method: request.method, status: status)
            answered.count.increment()
            answered.errors?.increment()
            answered.duration.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - started)
            active.decrement()
            throw error
        }
    }
}

/// A request answered: recorded when the answer's body is let go of, after it was written or when it
/// could not be (the server drops an answer whose head it cannot write without running its body).
private final class AnsweredRequest: Sendable {
    let metrics: RequestMetrics.Answered
    let active: Metrics.Meter
    let started: UInt64

    init(metrics: RequestMetrics.Answered, active: Metrics.Meter, started: UInt64) {
        self.metrics = metrics
        self.active = active
        self.started = started
    }

    deinit {
        active.decrement()
        metrics.duration.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - started)
        metrics.count.increment()
        metrics.errors?.increment()
    }
}

/// The request metrics by method and by route, method and status, made once each: the factory's own
/// lookup takes its registry's lock and builds the labels every time.
final class RequestMetrics: Sendable {
    struct Answered: Sendable {
        let count: Metrics.Counter
        let duration: Metrics.Timer
        /// For an error's status (400 and up) only: a success has no error series.
        let errors: Metrics.Counter?
    }

    private struct Route: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: HTTPResponse.Status
    }

    private let factory: any MetricsFactory
    private let actives = Mutex<[HTTPRequest.Method: Metrics.Meter]>([:])
    private let routes = Mutex<[Route: Answered]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func active(_ method: HTTPRequest.Method) -> Metrics.Meter {
        actives.withLock { actives in
            if let meter = actives[method] { return meter }
            let meter = Metrics.Meter(
                label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)],
                factory: factory)
            actives[method] = meter
            return meter
        }
    }

    func answered(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status) -> Answered {
        let key = Route(route: route, method: method, status: status)
        return routes.withLock { routes in
            if let answered = routes[key] { return answered }
            let dimensions = [
                ("http.route", route), ("http.request.method", method.rawValue),
                ("http.response.status_code", String(status.code)),
            ]
            let answered = Answered(
                count: Metrics.Counter(label: "hb.requests", dimensions: dimensions, factory: factory),
                duration: Metrics.Timer(
                    label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds,
                    factory: factory),
                errors: status.code < 400
                    ? nil
                    : Metrics.Counter(
                        label: "hb.request.errors",
                        dimensions: [
                            ("http.route", route), ("http.request.method", method.rawValue),
                            ("error.type", String(status.code)),
                        ],
                        factory: factory))
            routes[key] = answered
            return answered
        }
    }
}
