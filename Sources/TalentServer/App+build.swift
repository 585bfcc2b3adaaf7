import EventStore
import Hummingbird
import Logging

/// The HTTP face of TalentLedger: routes, problem details and, as the API grows, authentication and
/// jurisdiction checks. It calls the application layer; it holds no business rules.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// Builds the application: the router with its middleware, bound to the configured address.
public func buildApplication(
    configuration: ServerConfiguration,
    store: EventStore,
    logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(store: store),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "talentledger"
        ),
        logger: logger
    )
}

/// The routes, separate from the server so tests can drive them with `app.test(.router)`.
public func buildRouter(store: EventStore) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: ProblemDetailsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    HealthController(store: store).addRoutes(to: router.group("health"))
    return router
}
