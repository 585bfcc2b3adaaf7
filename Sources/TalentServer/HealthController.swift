import EventStore
import Hummingbird

/// `GET /health`: whether the database answers, and how many events it holds.
struct HealthController<Context: RequestContext>: Sendable {
    let store: EventStore

    struct Health: ResponseEncodable {
        var status: String
        var database: String
        var events: Int?
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get(use: health)
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> EditedResponse<Health> {
        do {
            let events = try await store.eventCount()
            return EditedResponse(status: .ok, response: Health(status: "ok", database: "reachable", events: events))
        } catch {
            context.logger.warning("health check: database unreachable", metadata: ["error": "\(error)"])
            return EditedResponse(
                status: .serviceUnavailable,
                response: Health(status: "unavailable", database: "unreachable", events: nil)
            )
        }
    }
}
