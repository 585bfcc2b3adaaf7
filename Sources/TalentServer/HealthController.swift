import Hummingbird
import TalentApplication

/// `GET /health` (readiness): 200 when the database answers and no stream is set aside (a lag alone does
/// not fail it), 503 when the database does not answer, the projector set streams aside (how many: the
/// probe answers without a token, so it names no talent), the embedded cluster's disk is low on room, or
/// the server is draining before it stops (``ReadinessDrain``). `GET /health/live` (liveness): 200 while the
/// process serves. See `TalentRegister.health` for what a probe runs.
struct HealthController<Context: RequestContext>: Sendable {
    let register: TalentRegister
    /// The disk whose room the probe reports (the embedded cluster's), if any.
    let disk: DiskRoom.Watch?
    /// The server's drain: while it lasts, the probe answers `draining` (503).
    let drain: ReadinessDrain?

    func addRoutes(to group: RouterGroup<Context>) {
        group.get(use: readiness)
        group.get("live", use: liveness)
    }

    @Sendable func readiness(_ request: Request, context: Context) async throws -> EditedResponse<Health> {
        var health = await register.health(disk: disk, logger: context.logger)
        if drain?.isDraining == true { health.status = .draining }
        return EditedResponse(status: health.status == .ok ? .ok : .serviceUnavailable, response: health)
    }

    struct Alive: ResponseEncodable {
        var status = "alive"
    }

    @Sendable func liveness(_ request: Request, context: Context) async throws -> Alive {
        Alive()
    }
}

extension Health: ResponseEncodable {}
