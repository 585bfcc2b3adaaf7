import Foundation
import Hummingbird
import TalentApplication
import Yams

/// The operations `openapi.yaml` documents: for each path (its parameters unnamed, `/v1/talents/{}`),
/// each method and the query parameters it takes. The document is the contract of the routes served
/// (`OpenAPITests` holds them equal), so what a route takes is declared once, there.
struct DocumentedOperations: Sendable {
    /// Path → method (`GET`) → the names of its query parameters.
    var operations: [String: [String: Set<String>]]

    /// The compiled-in document's. It is read when the server builds its router; `OpenAPITests` reads
    /// it too, so a document that does not read never ships.
    static let served: DocumentedOperations = {
        do {
            return try DocumentedOperations(document: openAPIDocument)
        } catch {
            preconditionFailure("the compiled-in openapi.yaml does not read: \(error)")
        }
    }()

    /// What of an OpenAPI document the contract needs; the decoder passes over the rest.
    struct Document: Decodable {
        struct Parameter: Decodable {
            var name: String?
            var location: String?
            var reference: String?

            enum CodingKeys: String, CodingKey {
                case name
                case location = "in"
                case reference = "$ref"
            }
        }

        struct Operation: Decodable {
            var parameters: [Parameter]?
        }

        struct PathItem: Decodable {
            var get, put, post, delete, patch: Operation?
            /// Parameters every operation of the path takes.
            var parameters: [Parameter]?

            var operations: [(method: String, operation: Operation)] {
                [("GET", get), ("PUT", put), ("POST", post), ("DELETE", delete), ("PATCH", patch)].compactMap {
                    method, operation in operation.map { (method, $0) }
                }
            }
        }

        struct Components: Decodable {
            var parameters: [String: Parameter]?
        }

        var paths: [String: PathItem]
        var components: Components?
    }

    /// A parameter the contract cannot read: left out, it would make the route refuse what the document
    /// says it takes.
    struct UnreadableParameter: Error, CustomStringConvertible {
        var path: String
        var method: String
        var problem: String
        var description: String { "\(method) \(path): \(problem)" }
    }

    /// Reads `document` (YAML) as an OpenAPI document, `$ref`s to `#/components/parameters/…` followed.
    init(document: String) throws {
        let read = try YAMLDecoder().decode(Document.self, from: document)
        let shared = read.components?.parameters ?? [:]
        var operations: [String: [String: Set<String>]] = [:]
        for (path, item) in read.paths {
            for (method, operation) in item.operations {
                var query: Set<String> = []
                for declared in (item.parameters ?? []) + (operation.parameters ?? []) {
                    let parameter = try Self.resolved(declared, in: shared, at: path, method: method)
                    guard parameter.location == "query" else { continue }
                    guard let name = parameter.name else {
                        throw UnreadableParameter(
                            path: path, method: method, problem: "a query parameter without a name")
                    }
                    query.insert(name)
                }
                operations[Self.normalized(path), default: [:]][method] = query
            }
        }
        self.operations = operations
    }

    static func resolved(
        _ parameter: Document.Parameter, in shared: [String: Document.Parameter], at path: String, method: String
    ) throws -> Document.Parameter {
        guard let reference = parameter.reference else { return parameter }
        let prefix = "#/components/parameters/"
        guard reference.hasPrefix(prefix), let found = shared[String(reference.dropFirst(prefix.count))] else {
            throw UnreadableParameter(path: path, method: method, problem: "no parameter \(reference)")
        }
        return found
    }

    /// A route's path with its parameters unnamed: `/v1/talents/{talentId}` and the router's
    /// `/v1/talents/{talentID}` are both `/v1/talents/{}`.
    static func normalized(_ path: String) -> String {
        "/"
            + path.split(separator: "/").map { $0.hasPrefix("{") || $0.hasPrefix(":") ? "{}" : String($0) }
            .joined(separator: "/")
    }

    /// The query parameters `method` on the route `endpoint` (as the router names it) takes; nil for a
    /// route the document does not describe (the console's).
    func queryParameters(of endpoint: String, method: HTTPRequest.Method) -> Set<String>? {
        // HEAD is GET without the body: it takes GET's parameters.
        operations[Self.normalized(endpoint)]?[(method == .head ? .get : method).rawValue]
    }

    /// The methods documented for a request's path (its segments matched against each documented path's,
    /// a parameter matching any), with HEAD beside GET, sorted; empty when no documented path matches.
    func methods(at requestPath: String) -> [String] {
        let segments = requestPath.split(separator: "/")
        var methods: Set<String> = []
        for (path, operations) in operations {
            let template = path.split(separator: "/")
            guard template.count == segments.count,
                zip(template, segments).allSatisfy({ $0 == "{}" || $0 == $1 })
            else { continue }
            methods.formUnion(operations.keys)
        }
        if methods.contains(HTTPRequest.Method.get.rawValue) { methods.insert(HTTPRequest.Method.head.rawValue) }
        return methods.sorted()
    }
}

/// Holds the API's routes to the contract before they run: a query parameter a `/v1` route does not take
/// is a 400 naming it (a misspelt `dryrun` must not append for real), a documented path asked with a
/// method it does not have is a 405 with `Allow`, and a `/v1` route's path parameters reach it
/// percent-decoded (RFC 3986: `JL00000%31` is `JL000001`), once for every route.
struct RouteContractMiddleware<Context: RequestContext>: RouterMiddleware {
    let operations = DocumentedOperations.served

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // The router sets the endpoint's path before a route's middleware run; without one, no route has
        // this path and method.
        guard let endpoint = context.endpointPath else {
            let allowed = operations.methods(at: request.uri.path)
            guard allowed.isEmpty else {
                throw ProblemDetails(
                    type: "https://talentledger.example/problems/method-not-allowed", title: "Method Not Allowed",
                    status: .methodNotAllowed,
                    detail:
                        "\(request.method.rawValue) is not a method of this path: \(allowed.joined(separator: ", "))",
                    allow: allowed)
            }
            return try await next(request, context)
        }
        // The API's routes only: a probe of /health or a scrape of /metrics is not refused for a cache-buster,
        // and the console reads its own parameters.
        guard endpoint.hasPrefix("/v1/"),
            let accepted = operations.queryParameters(of: endpoint, method: request.method)
        else { return try await next(request, context) }
        // An empty name is no parameter (a stray `&`, as in `?limit=37&`).
        for (name, _) in request.uri.queryParameters where !name.isEmpty && !accepted.contains(String(name)) {
            throw InvalidInput(
                QueryText.echo(String(name)),
                accepted.isEmpty
                    ? "this route takes no query parameter"
                    : "not a parameter of this route (\(accepted.sorted().joined(separator: ", ")))")
        }
        var context = context
        var decoded = Parameters.Query()
        for (name, value) in context.parameters {
            // Named as openapi.yaml names it (`talentId`; the router's `talentID`).
            let field = name.hasSuffix("ID") ? name.dropLast(2) + "Id" : String(name)
            guard let text = value.removingPercentEncoding else {
                throw InvalidInput(field, "not a valid percent-encoded path segment")
            }
            // No id of the register holds one (and no PostgreSQL text holds a NUL): refused here, before any
            // route looks it up, the same for every id.
            guard !QueryText.holdsControlCharacter(text) else {
                throw InvalidInput(field, "no id holds a control character")
            }
            decoded.append(key: name, value: text[...])
        }
        context.coreContext.parameters = decoded
        return try await next(request, context)
    }
}
