import Hummingbird
import Prometheus
import TalentApplication

/// `GET /metrics`: the process's metrics as Prometheus text. Requests by route and status with their
/// latencies come from ``RequestMetricsMiddleware``, into this registry; the register's appends and
/// refusals by rule and the pool's waits come through the metrics system the server bootstraps with it; the register's gauges (database up, projection lag, streams set aside by the projector) are
/// read when scraped. Only a caller that runs the server reads them (``Access/mayReadMetrics(_:)``: a
/// `monitor` account is the scraper's), as any other read is checked: they tell the register's traffic.
struct MetricsController: Sendable {
    typealias Context = TalentRequestContext
    let register: TalentRegister
    let registry: PrometheusCollectorRegistry

    func addRoutes(to group: RouterGroup<Context>) {
        group.get(use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        guard Access.mayReadMetrics(try context.bearer()) else {
            throw Forbidden("运行指标由运行监控账户（monitor）和省人社厅读取")
        }
        let health = await register.health(logger: context.logger)
        func gauge(_ name: String, unit: String, _ help: String) -> Gauge {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "talentledger", metricName: name, unitName: unit, helpText: help))
        }
        gauge("database_up", unit: "", "1 when the database answers a probe within a second")
            .set(health.database == .reachable ? 1.0 : 0.0)
        gauge(
            "projection_quarantined", unit: "streams",
            "Streams the read-model projector set aside because their events cannot be applied"
        ).set(Double(health.quarantinedStreams))
        if let lag = health.projectionLag {
            gauge(
                "projection_lag", unit: "events",
                "Committed events the read models have yet to show (counted up to 10000)"
            )
            .set(Double(lag))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
