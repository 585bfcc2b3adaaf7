import CLibPQ
import Foundation

/// Where and how to connect.
///
/// Either a `postgres://` URL (validated by libpq's own parser, so what libpq accepts is exactly what
/// this accepts) or a Unix socket directory, as the embedded cluster uses.
public struct ConnectionConfiguration: Sendable, CustomStringConvertible {
    enum Target: Sendable {
        case url(String)
        case socket(directory: String, port: Int)
    }

    var target: Target
    public var database: String?
    public var user: String?
    /// Seconds libpq waits for a server before giving up; a URL's own `connect_timeout` wins.
    public var connectTimeoutSeconds: Int
    public var applicationName: String
    /// Server settings for every session opened with this configuration (`statement_timeout`,
    /// `lock_timeout`, …), sent as libpq's `options`: a bound on what a session may wait for.
    public var settings: [String: String] = [:]
    /// The longest one wait for the server's answer may take before the connection is given up (its socket
    /// shut down, the call failing as ``PostgresError/Kind/noAnswer``): the bound when the server stops
    /// answering altogether (a frozen host, a partitioned network), which its own `statement_timeout` cannot
    /// give. Nil: no bound of the client's.
    public var answerDeadline: Duration?

    /// The application name of this process's sessions (`talentledger pid 1234`): whoever reads
    /// `pg_stat_activity` sees which process holds a session, and the embedded cluster's owner sees whether
    /// another process still uses it before it stops it.
    public static let processApplicationName = runApplicationNamePrefix + "\(getpid())"
    /// What every run's application name starts with, before its process id.
    static let runApplicationNamePrefix = "talentledger pid "

    /// Parses and validates a `postgres://` or `postgresql://` URL.
    public init(
        url: String, connectTimeoutSeconds: Int = 5,
        applicationName: String = ConnectionConfiguration.processApplicationName
    ) throws {
        // Not repeated: a value of another form (`host=… password=…`, `postgres:/user:secret@…`) is not
        // a URL whose password could be told apart and hidden.
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw PostgresError(
                .invalidConfiguration,
                "database URL must start with postgres:// or postgresql:// (the value given is not repeated: it may hold a password)"
            )
        }
        // libpq ends the user's part at its first "@": a password's own "@" would make the rest of the
        // password a host name, which its error message then prints.
        let authority = url.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" && $0 != "?" }
        guard authority.filter({ $0 == "@" }).count <= 1 else {
            throw PostgresError(
                .invalidConfiguration,
                "malformed database URL \(Self.redact(url)): the user's part holds \"@\" more than once; write an \"@\" of the password as %40"
            )
        }
        // A "/" or "?" of a password not encoded ends libpq's authority before the "@": the rest of the
        // password would be read as a host, a port and a database, which its messages print.
        if let userPart = Self.userPart(of: url), userPart.contains(where: { $0 == "/" || $0 == "?" }) {
            throw PostgresError(
                .invalidConfiguration,
                "malformed database URL \(Self.redact(url)): the user's part holds \"/\" or \"?\"; write a \"/\" of "
                    + "the password as %2F and a \"?\" as %3F"
            )
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "unknown reason"
            if let errorMessage { PQfreemem(errorMessage) }
            // libpq quotes what it could not read (the whole URL, or a percent-encoded password): the
            // quotes' contents are not repeated.
            throw PostgresError(
                .invalidConfiguration,
                "malformed database URL \(Self.redact(url)): \(Self.unquoted(reason.trimmingTrailingWhitespace()))"
            )
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "port", let value = option.pointee.val {
                let port = String(cString: value)
                guard port.split(separator: ",").allSatisfy({ Int($0).map { (1...65535).contains($0) } ?? false })
                else {
                    // The value is not repeated: it may be the start of a password holding a "/" or "?" not
                    // encoded, which ends libpq's authority early (`user:pass/word@host` reads as host `user`,
                    // port `pass`).
                    throw PostgresError(
                        .invalidConfiguration,
                        "malformed database URL \(Self.redact(url)): the port is not a number from 1 to 65535 "
                            + "(not repeated: a password holding \"/\" or \"?\" is read as a port unless they are "
                            + "written %2F and %3F)"
                    )
                }
            }
            option += 1
        }
        self.target = .url(url)
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.applicationName = applicationName
    }

    /// Connects through the Unix socket in `directory` (the embedded cluster has no TCP port).
    public init(
        socketDirectory directory: String,
        port: Int = 5432,
        database: String,
        user: String,
        connectTimeoutSeconds: Int = 5,
        applicationName: String = ConnectionConfiguration.processApplicationName
    ) {
        self.target = .socket(directory: directory, port: port)
        self.database = database
        self.user = user
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.applicationName = applicationName
    }

    /// The same server, another database (used to create and use per-suite test databases).
    public func with(database: String) -> ConnectionConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// The same target with these server settings added (and a shorter connect timeout, and a bound on a
    /// wait for an answer, if given).
    public func with(
        settings: [String: String], connectTimeoutSeconds: Int? = nil, answerDeadline: Duration? = nil
    ) -> ConnectionConfiguration {
        var copy = self
        copy.settings.merge(settings) { _, new in new }
        if let connectTimeoutSeconds { copy.connectTimeoutSeconds = connectTimeoutSeconds }
        if let answerDeadline { copy.answerDeadline = answerDeadline }
        return copy
    }

    /// Keyword/value pairs for `PQconnectdbParams`. Defaults come first so that a URL (expanded from
    /// `dbname`) or an explicit setting after them overrides them.
    var keywordValues: [(String, String)] {
        var pairs: [(String, String)] = [
            ("connect_timeout", String(connectTimeoutSeconds)),
            ("application_name", applicationName),
            ("client_encoding", "UTF8"),
        ]
        if !settings.isEmpty {
            // libpq splits `options` at spaces; a backslash keeps one in a value.
            func escaped(_ text: String) -> String {
                text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: " ", with: "\\ ")
            }
            pairs.append(
                (
                    "options",
                    settings.sorted { $0.key < $1.key }.map { "-c \(escaped($0.key))=\(escaped($0.value))" }
                        .joined(separator: " ")
                ))
        }
        switch target {
        case .url(let url):
            pairs.append(("dbname", url))
            if let database { pairs.append(("dbname", database)) }
            if let user { pairs.append(("user", user)) }
        case .socket(let directory, let port):
            pairs.append(("host", directory))
            pairs.append(("port", String(port)))
            if let database { pairs.append(("dbname", database)) }
            if let user { pairs.append(("user", user)) }
        }
        return pairs
    }

    /// The target as a client program (`pg_dump`, `pg_restore`) takes it: a connection string without
    /// the password, which is given apart (as `PGPASSWORD`, so that it is on no command line).
    var programConnection: (conninfo: String, password: String?) {
        var pairs: [(String, String)] = []
        var password: String?
        switch target {
        case .url(let url):
            var errorMessage: UnsafeMutablePointer<CChar>?
            if let options = PQconninfoParse(url, &errorMessage) {
                defer { PQconninfoFree(options) }
                var option = options
                while let keyword = option.pointee.keyword {
                    if let value = option.pointee.val {
                        let (key, text) = (String(cString: keyword), String(cString: value))
                        if key == "password" { password = text } else { pairs.append((key, text)) }
                    }
                    option += 1
                }
            }
            if let errorMessage { PQfreemem(errorMessage) }
        case .socket(let directory, let port):
            pairs += [("host", directory), ("port", String(port))]
        }
        // What this configuration sets itself wins over the URL's.
        let own = [("dbname", database), ("user", user), ("application_name", applicationName)].compactMap { pair in
            pair.1.map { (pair.0, $0) }
        }
        pairs.removeAll { pair in pair.1.isEmpty || own.contains { $0.0 == pair.0 } }
        pairs += own
        func quoted(_ value: String) -> String {
            "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return (pairs.map { "\($0.0)=\(quoted($0.1))" }.joined(separator: " "), password)
    }

    /// The target without any password, for logs and errors.
    public var description: String {
        switch target {
        case .url(let url):
            return Self.redact(url) + (database.map { " database \($0)" } ?? "")
        case .socket(let directory, let port):
            return "socket \(directory) port \(port) database \(database ?? "?") user \(user ?? "?")"
        }
    }

    /// The user's part of a URL (`user:password`, between the scheme and the "@"), nil without one. It
    /// ends at the last "@" before the query: a password may hold "@", "/" or "?" not encoded, and libpq then
    /// reads the authority otherwise than meant. A "@" in the query (`?application_name=a@b`, a "?" and a
    /// "=" before it) is not the user's.
    static func userPart(of url: String) -> Substring? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        guard let first = rest.firstIndex(of: "@"),
            !(rest[..<first].firstIndex(of: "?").map { rest[$0..<first].contains("=") } ?? false)
        else { return nil }
        let query = rest[first...].firstIndex(of: "?") ?? rest.endIndex
        return rest[..<query].lastIndex(of: "@").map { rest[..<$0] }
    }

    /// Replaces the passwords of a URL with `***` — the user's (`user:password@`) and any `password` or
    /// `sslpassword` parameter of its query — so secrets never reach a log line.
    static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        // libpq ends the authority at the first slash or question mark: a password holding one is encoded.
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = String(rest[..<authorityEnd])
        var tail = String(rest[authorityEnd...])
        if let userPart = userPart(of: url) {
            let at = userPart.endIndex
            if let colon = userPart.firstIndex(of: ":") {
                authority = rest[..<colon] + ":***"
                tail = String(rest[at...])
                if let end = tail.dropFirst().firstIndex(where: { $0 == "/" || $0 == "?" }) {
                    authority += tail[..<end]
                    tail = String(tail[end...])
                } else {
                    authority += tail
                    tail = ""
                }
            }
        }
        if let question = tail.firstIndex(of: "?") {
            let pairs = tail[tail.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
            let query = pairs.map { pair -> String in
                let key = String(pair.prefix { $0 != "=" })
                let name = (key.removingPercentEncoding ?? key).lowercased()
                return name == "password" || name == "sslpassword" ? key + "=***" : String(pair)
            }
            tail = tail[...question] + query.joined(separator: "&")
        }
        return String(url[..<schemeEnd.upperBound]) + authority + tail
    }

    /// `message` with the contents of its double quotes replaced by `***`.
    static func unquoted(_ message: String) -> String {
        message.split(separator: "\"", omittingEmptySubsequences: false).enumerated().map { index, part in
            index % 2 == 1 ? "***" : String(part)
        }.joined(separator: "\"")
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
