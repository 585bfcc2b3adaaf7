import Hummingbird
import TalentApplication

/// `GET /health`: whether the database answers. It runs one trivial statement, never a count of the
/// events: probes come every few seconds and must stay cheap whatever the store's size.
struct HealthController<Context: RequestContext>: Sendable {
    let register: TalentRegister

    struct Health: ResponseEncodable {
        var status: String
        var database: String
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get(use: health)
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> EditedResponse<Health> {
        guard await register.isDatabaseReachable(logger: context.logger) else {
            return EditedResponse(
                status: .serviceUnavailable, response: Health(status: "unavailable", database: "unreachable"))
        }
        return EditedResponse(status: .ok, response: Health(status: "ok", database: "reachable"))
    }
}
