import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import TalentApplication
import TalentConsole

/// The HTTP face of TalentLedger: routes, problem details and, as the API grows, authentication. It
/// calls the application layer (``TalentRegister``); it runs no SQL and holds no business rules.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// People reach the server over HTTPS (directly or through a proxy that terminates TLS): the
    /// console's session cookie carries `Secure`. Off by default, since the quick start and an office's
    /// plain-HTTP address would lose their sessions.
    public var secureCookies: Bool
    /// How long a connection may send nothing, mid-request or between requests, before it is closed: a
    /// client that stalls (or never finishes a body the server holds meanwhile, up to a command's 1 MiB)
    /// would otherwise keep its connection and its memory without end. A client that keeps sending, an
    /// evaluation list over a slow line, is not idle.
    public var idleTimeout: Duration
    /// The disk whose room `GET /health` reports: the embedded cluster's data folder (nil for a database
    /// elsewhere, whose disk this process cannot see).
    public var disk: DiskRoom.Watch?
    /// The drain whose time `GET /health` answers `draining` in (``ReadinessDrain``), if the server has one.
    public var drain: ReadinessDrain?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, idleTimeout: Duration = .seconds(30),
        disk: DiskRoom.Watch? = nil, drain: ReadinessDrain? = nil
    ) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.idleTimeout = idleTimeout
        self.disk = disk
        self.drain = drain
    }
}

/// Builds the application: the router with its middleware, bound to the configured address, with the
/// background `services` (the read-model projector) run beside it and stopped by graceful shutdown.
/// `onServerRunning` is told the port listened on (the one the system chose, for port 0).
public func buildApplication(
    configuration: ServerConfiguration,
    register: TalentRegister,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    services: [any Service] = [],
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in },
    logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(
            register: register, metrics: metrics, secureCookies: configuration.secureCookies, disk: configuration.disk,
            drain: configuration.drain),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [MalformedRequestHandler()],
                idleTimeout: TimeAmount(configuration.idleTimeout))),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "talentledger"
        ),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// The routes, separate from the server so tests can drive them with `app.test(.router)`. `metrics` is
/// the registry `/metrics` shows (the one the process's metrics system was bootstrapped with);
/// `secureCookies` as ``ServerConfiguration/secureCookies``. `evaluationListRowsWait` bounds how long an
/// imported list's answer waits for its talents' rows (a test on a cluster whose other databases hold
/// transactions open waits longer); `disk` and `drain` as ``ServerConfiguration`` says them.
public func buildRouter(
    register: TalentRegister, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    secureCookies: Bool = false, evaluationListRowsWait: Duration = EvaluationListsController.defaultRowsWait,
    disk: DiskRoom.Watch? = nil, drain: ReadinessDrain? = nil
) -> Router<TalentRequestContext> {
    // HEAD answers as GET does, without the body (RFC 9110 §9.3.2): a link checker or `curl -I` is not a 405.
    let router = Router(context: TalentRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Metrics outside problem details: a request is counted and timed under the status it was answered
    // with (inside, every error of the register's would be a 500 without a duration).
    router.add(middleware: RequestMetricsMiddleware(registry: metrics))
    // No answer is kept by a cache, sniffed for another type or framed, a problem document included (a
    // readiness refusal lists talents); the console's stylesheet says its own caching (an hour).
    router.add(middleware: AnswerHeadersMiddleware())
    // The request log outside problem details too: each line says the status the request was answered with.
    router.add(middleware: RequestLogMiddleware(.info))
    router.add(middleware: ProblemDetailsMiddleware(outages: register.outages))
    // Every documented route held to openapi.yaml: unknown query parameters (400), a wrong method (405),
    // path parameters percent-decoded (400 for one holding a control character).
    router.add(middleware: RouteContractMiddleware())
    HealthController(register: register, disk: disk, drain: drain).addRoutes(to: router.group("health"))
    MetricsController(register: register, registry: metrics).addRoutes(
        to: router.group("metrics").add(middleware: BearerAuthenticator(register: register, forMetrics: true)))
    router.get("v1/openapi.yaml") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: openAPIDocument)))
    }
    // Every route under /v1 is asked by a caller: a bearer token names it (401 without one). The router
    // matches first: a path it does not know is 404 (a known path's wrong method 405), token or not.
    let v1 = router.group("v1").add(middleware: BearerAuthenticator(register: register))
    CallerController().addRoutes(to: v1)
    TalentsController(register: register).addRoutes(to: v1.group("talents"))
    CommandsController(register: register).addRoutes(to: v1.group("talents"))
    ProfilesController(register: register).addRoutes(to: v1)
    OrganizationsController(register: register).addRoutes(to: v1)
    EvaluationWorkController(register: register).addRoutes(to: v1)
    AuditController(register: register).addRoutes(to: v1)
    EvaluationListsController(register: register, rowsWait: evaluationListRowsWait).addRoutes(to: v1)
    SubmissionsController(register: register).addRoutes(to: v1)
    FormsController(register: register).addRoutes(to: v1)
    ContactFormsController(register: register).addRoutes(to: v1)
    JobsController(register: register).addRoutes(to: v1)
    OverdueController(register: register).addRoutes(to: v1)
    // The staff console: the same register for people in a browser, signed in by a session cookie.
    ConsoleController<TalentRequestContext>(register: register, secureCookies: secureCookies)
        .addRoutes(to: router.group("console"))
    return router
}

/// The API's contract, `openapi.yaml` at the top of the repository, compiled in.
public var openAPIDocument: String { embeddedOpenAPIDocument }
