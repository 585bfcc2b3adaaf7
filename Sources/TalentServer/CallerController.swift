import Hummingbird
import TalentApplication

/// `GET /v1/me`: whom the bearer token stands for (account id, role, organization), so that a client
/// (the console, a script) can tell what it may do before it asks. Reads nothing but the token.
struct CallerController: Sendable {
    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.get("me", use: me)
    }

    @Sendable func me(_ request: Request, context: TalentRequestContext) async throws -> Caller {
        try context.bearer()
    }
}

extension Caller: ResponseEncodable {}
