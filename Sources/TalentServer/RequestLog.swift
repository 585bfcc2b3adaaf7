import Foundation
import Hummingbird
import Logging

/// Logs each request as Hummingbird's `LogRequestsMiddleware` does (method and target), once answered,
/// with its status and the time it took, but with the
/// values of the query parameters left out unless the API documents them and they carry no person: what
/// a person typed to find someone (`q`, a name or an id) is personal data (SEC1), a token pasted into a
/// query (`?access_token=`) is a secret, and a server's log is read by whoever runs the host. The line is
/// written before the route refuses a parameter it does not take, so an unknown one is left out too. A run of
/// eleven digits or more, in the path or a shown value, is a phone or an id number typed where an id goes
/// (`/v1/talents/220102198001011234`, `?unit=13700001111`): shown as `***` too. So is a bearer token
/// (`tl_…`) pasted anywhere in the target, a documented parameter's value or the path included. Whatever
/// the line shows has its control characters percent-encoded: a value decoded to be looked at must not
/// start a line of its own (`?on=x%0A… error …` forged a line of the server's).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    init(_ level: Logger.Level) {
        self.level = level
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // Written once answered, with the status and the time taken: an access log's line (a load tester's
        // finding: a line a request without them told an operator nothing of what happened).
        let start = ContinuousClock.now
        func log(_ status: HTTPResponse.Status) {
            let taken = (ContinuousClock.now - start).components
            // Tenths of a millisecond, written without Foundation's formatter (every request writes one).
            let tenths = taken.seconds * 10_000 + taken.attoseconds / 100_000_000_000_000
            context.logger.log(
                level: level, "Request",
                metadata: [
                    "hb.request.path": .string(Self.loggable(path: request.uri.path, query: request.uri.query)),
                    "hb.request.method": .string(request.method.rawValue),
                    "hb.response.status": .stringConvertible(status.code),
                    "duration_ms": .string("\(tenths / 10).\(tenths % 10)"),
                ])
        }
        do {
            let response = try await next(request, context)
            log(response.status)
            return response
        } catch {
            // Answered by the error's own status where it has one (a problem's), else as a server's failure.
            log((error as? any HTTPResponseError)?.status ?? .internalServerError)
            throw error
        }
    }

    /// A request's target as the log shows it: the path, and the query with the values of the unlogged
    /// parameters as `***`.
    static func loggable(path: String, query: String?) -> String {
        let target = target(path: path, query: query)
        // Every request is logged: a target of fewer than eleven digit bytes (each percent-encoded digit is
        // one at least, `%3X`) that holds no token's prefix, even percent-encoded, has nothing to mask and is
        // shown as sent. Otherwise it is read once with its percent-encoding undone.
        let digitBytes = target.utf8.count { (0x30...0x39).contains($0) }
        guard digitBytes >= 11 || target.contains("tl_") || target.contains("%") else { return target }
        let decoded = target.removingPercentEncoding ?? target
        guard digitBytes >= 11 || decoded.contains("tl_") else { return target }
        return escapingControls(maskingLongNumbers(maskingTokens(decoded)))
    }

    /// `text` (decoded) with every bearer token (`tl_` and the base64url of its random bytes,
    /// ``BearerToken``) as `tl_***`. Sixteen characters after the prefix are enough to tell a token from an
    /// id that happens to start so.
    static func maskingTokens(_ text: String) -> String {
        guard text.contains("tl_") else { return text }
        let isTokenCharacter = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_") }
        var masked = ""
        var rest = Substring(text)
        while let start = rest.range(of: "tl_") {
            masked += rest[..<start.lowerBound]
            let body = rest[start.upperBound...].prefix(while: isTokenCharacter)
            masked += body.count >= 16 ? "tl_***" : "tl_" + body
            rest = rest[body.endIndex...]
        }
        return masked + rest
    }

    /// `text` with its control and format characters (a line feed, a NUL, a direction override) as the
    /// percent-encoding of their UTF-8 bytes.
    static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isEscaped) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            guard isEscaped(scalar) else {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            for byte in String(scalar).utf8 { escaped += String(format: "%%%02X", byte) }
        }
        return escaped
    }

    private static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    static func target(path: String, query: String?) -> String {
        guard let query, !query.isEmpty else { return path }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = String(pair.prefix { $0 != "=" })
            guard loggedParameters.contains(name.removingPercentEncoding ?? name) else {
                // A pair without "=" is all value (a token pasted bare): none of it is shown.
                return pair.contains("=") ? name + "=***" : "***"
            }
            return String(pair)
        }
        return path + "?" + pairs.joined(separator: "&")
    }

    /// `text` (decoded) with every run of eleven ASCII digits or more (a mobile number has eleven, an id
    /// number seventeen and its check character) as `***`, the spaces, hyphens and dots a number is written
    /// with (`138-0013-8000`) inside the run; register and unit ids hold shorter runs.
    static func maskingLongNumbers(_ text: String) -> String {
        guard text.utf8.count(where: { (0x30...0x39).contains($0) }) >= 11 else { return text }
        let characters = Array(text)
        func isDigit(_ index: Int) -> Bool {
            index < characters.count && characters[index].isASCII && characters[index].isNumber
        }
        var masked = ""
        var run = ""
        var digits = 0
        func endRun() {
            masked += digits >= 11 ? "***" : run
            (run, digits) = ("", 0)
        }
        for index in characters.indices {
            if isDigit(index) {
                run.append(characters[index])
                digits += 1
            } else if digits > 0, " -.".contains(characters[index]), isDigit(index + 1) {
                run.append(characters[index])
            } else {
                endRun()
                masked.append(characters[index])
            }
        }
        endRun()
        return masked
    }
}

/// The query parameters whose values the request log shows: the documented ones, but for the search.
private let loggedParameters: Set<String> = Set(
    DocumentedOperations.served.operations.values.flatMap { methods in methods.values.flatMap { $0 } }
).subtracting(["q"])
