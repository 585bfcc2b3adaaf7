import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import TalentApplication

/// The request context of every route: Hummingbird's core context and the ``Caller`` a bearer token
/// stands for (hummingbird-auth's `AuthRequestContext`).
public struct TalentRequestContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
    }

    /// The caller of a route that reads or records in the register: 401 when no valid token came with the
    /// request, 403 for the monitor, whose token reads the metrics alone (an empty list would make a
    /// scraper's token misused look like an empty register).
    public func caller() throws -> Caller {
        let caller = try bearer()
        guard caller.role != .monitor else { throw Access.monitorReadsMetricsOnly }
        return caller
    }

    /// Whoever the token stands for, the monitor too (`/v1/me`, `/metrics`); 401 without a valid token.
    public func bearer() throws -> Caller {
        guard let identity else { throw HTTPError(.unauthorized, message: "a valid bearer token is required") }
        return identity
    }
}

/// Reads `Authorization: Bearer …` and asks the register whose token it is; an unknown or revoked
/// token leaves the request without a caller (and the route answers 401).
struct BearerAuthenticator: AuthenticatorMiddleware {
    typealias Context = TalentRequestContext
    let register: TalentRegister
    /// `/metrics`'s: a scraper's token lately verified is taken while the database does not answer, so
    /// that the scrape reports the outage (``TalentRegister/metricsCaller(bearing:)``).
    var forMetrics = false

    func authenticate(request: Request, context: Context) async throws -> Caller? {
        guard let token = Self.token(in: request.headers) else { return nil }
        let verified =
            forMetrics ? try await register.metricsCaller(bearing: token) : try await register.caller(bearing: token)
        guard let caller = verified else {
            // Said in the log (never the token), as the console's sign-in says it, and counted in /metrics.
            context.logger.info("a bearer token no active account bears was refused")
            return nil
        }
        return caller
    }

    /// The token of an `Authorization: Bearer …` header, its scheme in any case (RFC 9110 §11.1: a scheme's
    /// name is case-insensitive; hummingbird-auth's `bearer` takes `Bearer` only).
    static func token(in headers: HTTPFields) -> String? {
        guard let authorization = headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
