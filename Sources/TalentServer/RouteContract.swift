import Foundation
import Hummingbird
import TalentApplication

/// The operations `openapi.yaml` documents: for each path (its parameters unnamed, `/v1/talents/{}`),
/// each method and the query parameters it takes. The document is the contract of the routes served
/// (`OpenAPITests` holds them equal), so what a route takes is declared once, there.
struct DocumentedOperations: Sendable {
    /// Path → method (`GET`) → the names of its query parameters.
    var operations: [String: [String: Set<String>]]

    /// The compiled-in document's.
    static let served = DocumentedOperations(document: openAPIDocument)

    /// Reads the document as it is written (flow mappings such as `- {name: asOf, in: query, …}`,
    /// references to `#/components/parameters/…`, and block mappings `- name: …` / `in: …`).
    init(document: String) {
        var components: [String: (name: String, location: String)] = [:]
        var references: [(path: String, method: String, reference: String)] = []
        var operations: [String: [String: Set<String>]] = [:]
        var section = ""
        var path: String?
        var method: String?
        var pendingName: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" "), !line.isEmpty {
                section = String(line)
                continue
            }
            if section == "paths:" {
                if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                    path = Self.normalized(String(line.dropFirst(2).dropLast()))
                    method = nil
                } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
                    let verb = ["get", "post", "put", "delete", "patch"].first(where: { line == "    \($0):" })
                {
                    method = verb.uppercased()
                    operations[path, default: [:]][verb.uppercased()] = []
                } else if let path, let method {
                    let item = line.drop(while: { $0 == " " })
                    if let reference = Self.value(of: "$ref", in: item), reference.hasPrefix("#/components/parameters/")
                    {
                        references.append((path, method, String(reference.dropFirst("#/components/parameters/".count))))
                    } else if Self.value(of: "in", in: item) == "query", let name = Self.value(of: "name", in: item) {
                        operations[path]?[method]?.insert(name)
                    } else if item.hasPrefix("- name:") {
                        pendingName = Self.value(of: "name", in: item.dropFirst(2))
                    } else if item.hasPrefix("in:") {
                        if item == "in: query", let pendingName { operations[path]?[method]?.insert(pendingName) }
                        pendingName = nil
                    }
                }
            } else if section == "components:", line.hasPrefix("    "), !line.hasPrefix("     "),
                let colon = line.firstIndex(of: ":"), let name = Self.value(of: "name", in: line[colon...]),
                let location = Self.value(of: "in", in: line[colon...])
            {
                components[line[..<colon].trimmingCharacters(in: .whitespaces)] = (name, location)
            }
        }
        for (path, method, reference) in references where components[reference]?.location == "query" {
            if let name = components[reference]?.name { operations[path]?[method]?.insert(name) }
        }
        self.operations = operations
    }

    /// `key`'s value in a line of YAML (`key: value` in a flow or block mapping), unquoted.
    static func value(of key: String, in line: Substring) -> String? {
        var rest = line[...]
        while let range = rest.range(of: "\(key): ") {
            let before = rest[..<range.lowerBound].last
            rest = rest[range.upperBound...]
            guard before == nil || before == "{" || before == " " || before == "-" else { continue }
            let text = rest.prefix(while: { $0 != "," && $0 != "}" }).trimmingCharacters(in: .whitespaces)
            return text.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
        return nil
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
        operations[Self.normalized(endpoint)]?[method.rawValue]
    }

    /// The methods documented for a request's path (its segments matched against each documented path's,
    /// a parameter matching any), sorted; empty when no documented path matches.
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
                ProblemDetails.echo(String(name)),
                accepted.isEmpty
                    ? "this route takes no query parameter"
                    : "not a parameter of this route (\(accepted.sorted().joined(separator: ", ")))")
        }
        var context = context
        var decoded = Parameters.Query()
        for (name, value) in context.parameters {
            guard let text = value.removingPercentEncoding else {
                throw InvalidInput(String(name), "not a valid percent-encoded path segment")
            }
            decoded.append(key: name, value: text[...])
        }
        context.coreContext.parameters = decoded
        return try await next(request, context)
    }
}
