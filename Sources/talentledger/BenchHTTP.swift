import EventStore
import Foundation
import Logging
import NIOPosix
import ReadModels
import TalentApplication
import TalentDomain
import TalentServer

/// The bench's HTTP phase: the server in this process over the bench data, loaded by `wrk` (Debian's,
/// a second process) with 16 keep-alive connections. Each figure is a ratio to a baseline of the same
/// run: a talent read to the cheapest authenticated route (`GET /v1/me`), commands to the event store's
/// own single-append rate.
struct BenchHTTP {
    let store: EventStore
    let policy: Policy
    /// Talents of the rebuild set (`R…`, read) and of the import (`I…`, one command each).
    let readTalents: Int
    let commandTalents: Int
    let seconds: Int
    let connections = 16

    /// One wrk run's answer.
    struct Load {
        var requestsPerSecond: Double
        var p50Milliseconds: Double
        var p95Milliseconds: Double?
        var p99Milliseconds: Double
        var failures: Int
    }

    func measure(into report: inout BenchReport, singleAppendRate: Double) async throws {
        guard let wrk = Self.find("wrk") else {
            throw CLIFailure("the HTTP phase needs wrk (Debian package wrk): run `make deps` or apt-get install wrk")
        }
        let register = try await prepare()
        let bureau = try await register.issueAccount(
            name: "bench bureau", role: .hrBureau, organization: Self.city, by: .system
        ).token
        let office = try await register.issueAccount(
            name: "bench office", role: .provinceOffice, organization: Self.province, by: .system
        ).token
        // One unit's officer, whose talents come after the campaign phase's in register-id order.
        let officer = try await register.issueAccount(
            name: "bench unit officer", role: .unitOfficer,
            organization: BenchWorkload.unitID(BenchWorkload.units - 1).rawValue, by: .system
        ).token
        var logger = Logger(label: "talentledger.bench.http")
        logger.logLevel = .warning
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        // The server as `serve` runs it: with the read-model projector beside it, which meets every
        // command's events (and passes over the rows the command wrote).
        let app = buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), register: register,
            services: [register.projectorService()], onServerRunning: { port in portContinuation.yield(port) },
            logger: logger)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CLIFailure("the bench server did not start") }
        let base = "http://127.0.0.1:\(port)"
        let scripts = try ScratchFolder()

        Bench.say("HTTP: \(connections) clients × \(seconds) s per route with wrk against \(base)")
        let me = try await run(wrk, base, try scripts.write("me.lua", Self.fixedScript(token: bureau, path: "/v1/me")))
        let talent = try await run(
            wrk, base, try scripts.write("talent.lua", Self.readScript(token: bureau, talents: readTalents, query: "")))
        let asOf = try await run(
            wrk, base,
            try scripts.write(
                "asof.lua", Self.readScript(token: bureau, talents: readTalents, query: "?asOf=2025-12-17")))
        let list = try await run(
            wrk, base, try scripts.write("list.lua", Self.fixedScript(token: officer, path: "/v1/talents?limit=100")))
        // The console as the same bureau: its session cookie from signing in, then its pages.
        let cookie = try await Self.consoleCookie(base: base, token: bureau)
        let overview = try await run(
            wrk, base, try scripts.write("overview.lua", Self.fixedScript(cookie: cookie, path: "/console/overview")))
        let page = try await run(
            wrk, base,
            try scripts.write(
                "page.lua", Self.readScript(cookie: cookie, prefix: "/console/talents/R", talents: readTalents)))
        let commands = try await run(
            wrk, base, try scripts.write("commands.lua", Self.commandScript(token: office, talents: commandTalents)),
            warmUp: false)
        server.cancel()
        _ = try? await server.value

        for (key, load) in [
            ("me", me), ("talent", talent), ("talent_as_of", asOf), ("unit_list", list), ("command", commands),
            ("console_overview", overview), ("console_talent", page),
        ] {
            report.figures["http_\(key)_per_second"] = load.requestsPerSecond
            report.figures["http_\(key)_p50_ms"] = load.p50Milliseconds
            report.figures["http_\(key)_p99_ms"] = load.p99Milliseconds
            report.figures["http_\(key)_failures"] = Double(load.failures)
            guard load.failures == 0 else {
                throw CLIFailure(
                    "HTTP phase: \(load.failures) requests of \(key) failed (not 2xx); see the server's log")
            }
        }
        let readRatio = talent.requestsPerSecond / me.requestsPerSecond
        report.add(
            BenchLine(
                measure: "GET /v1/talents/{id}, \(connections) clients",
                ours: BenchFormat.rate(talent.requestsPerSecond, "/s"),
                baseline: BenchFormat.rate(me.requestsPerSecond, "/s") + " GET /v1/me", ratioKey: "http_talent_ratio",
                ratio: readRatio, aim: "≥ 0.50", meetsAim: readRatio >= 0.5))
        report.add(
            BenchLine(
                measure: "GET /v1/talents/{id} p99", ours: BenchFormat.milliseconds(talent.p99Milliseconds),
                baseline: BenchFormat.milliseconds(me.p99Milliseconds) + " /v1/me", ratioKey: "http_talent_p99_ratio",
                ratio: me.p99Milliseconds / talent.p99Milliseconds, aim: "p99 < 10 ms",
                meetsAim: talent.p99Milliseconds < 10))
        report.add(
            BenchLine(
                measure: "GET /v1/talents/{id}?asOf= p99", ours: BenchFormat.milliseconds(asOf.p99Milliseconds),
                baseline: BenchFormat.milliseconds(me.p99Milliseconds) + " /v1/me",
                ratioKey: "http_talent_as_of_p99_ratio",
                ratio: me.p99Milliseconds / asOf.p99Milliseconds, aim: "p99 < 10 ms",
                meetsAim: asOf.p99Milliseconds < 10))
        report.add(
            BenchLine(
                measure: "GET /v1/talents?limit=100, a unit's officer",
                ours: BenchFormat.rate(list.requestsPerSecond, "/s"),
                baseline: BenchFormat.rate(me.requestsPerSecond, "/s") + " GET /v1/me",
                ratioKey: "http_unit_list_ratio",
                ratio: list.requestsPerSecond / me.requestsPerSecond, aim: "-", meetsAim: true))
        for (name, key, load) in [
            ("console overview", "http_console_overview", overview),
            ("console talent page", "http_console_talent", page),
        ] {
            let ratio = load.requestsPerSecond / talent.requestsPerSecond
            report.add(
                BenchLine(
                    measure: "GET \(name), \(connections) clients",
                    ours: BenchFormat.rate(load.requestsPerSecond, "/s"),
                    baseline: BenchFormat.rate(talent.requestsPerSecond, "/s") + " GET /v1/talents/{id}",
                    ratioKey: key + "_ratio", ratio: ratio, aim: "≥ 0.30", meetsAim: ratio >= 0.3))
            let p95 = load.p95Milliseconds ?? load.p99Milliseconds
            let baselineP95 = talent.p95Milliseconds ?? talent.p99Milliseconds
            report.figures[key + "_p95_ms"] = p95
            report.add(
                BenchLine(
                    measure: "GET \(name) p95", ours: BenchFormat.milliseconds(p95),
                    baseline: BenchFormat.milliseconds(baselineP95) + " /v1/talents/{id}",
                    ratioKey: key + "_p95_ratio", ratio: baselineP95 / p95, aim: "p95 < 100 ms", meetsAim: p95 < 100))
        }
        let commandRatio = commands.requestsPerSecond / singleAppendRate
        report.add(
            BenchLine(
                measure: "POST …/commands, \(connections) clients",
                ours: BenchFormat.rate(commands.requestsPerSecond, "/s"),
                baseline: BenchFormat.rate(singleAppendRate, "/s") + " append, 1 writer",
                ratioKey: "http_command_ratio",
                ratio: commandRatio, aim: "≥ 0.50", meetsAim: commandRatio >= 0.5))
        report.notes.append(
            "HTTP: the server in the bench process with its read-model projector (as `serve` runs), loaded by wrk (2 threads, \(connections) keep-alive connections, "
                + "\(seconds) s per route, each read route loaded \(Self.warmUpSeconds) s untimed first); reads as an hr-bureau (jurisdiction and masking applied) of random talents "
                + "of the rebuild set; a unit officer's first page of talents; commands as the province office, one recordLostContact (one event) per talent"
        )
    }

    static let province = "bench-prov"
    static let city = "bench-city"

    /// The O1 tree the bench talents' units (`bench-unit-0` … `-96`) belong to, registered and projected
    /// with everything not yet projected (the import's talents).
    func prepare() async throws -> TalentRegister {
        try await BenchWorkload.registerCity(
            office: (Self.province, "省人社厅"), city: Self.city,
            units: (0..<BenchWorkload.units).map(BenchWorkload.unitID),
            in: store)
        let register = TalentRegister(store: store, policy: policy)
        Bench.say("HTTP: projecting the organizations and the imported talents")
        try await register.catchUpProjections(timeout: .seconds(600))
        try await Bench.settle(store, before: "the HTTP phase")
        return register
    }

    /// How long a read route is loaded, untimed, before its timed run.
    static let warmUpSeconds = 2

    /// Runs wrk once and reads its summary; a read route (`warmUp`) is first loaded untimed. wrk corrects
    /// its latencies for coordinated omission: a request that waits a second, once, for caches that a
    /// server in service has long filled (the pool's connections, an overview's figures) would count as
    /// the hundreds of requests a steady client would have sent meanwhile, and the percentiles would
    /// measure the start rather than the route. Commands are never repeated: each talent takes one.
    /// A warm-up that saw no request finish (the first ones outlasted it on a loaded machine) is not a
    /// failure: it is not measured.
    func run(_ wrk: String, _ base: String, _ script: String, warmUp: Bool = true) async throws -> Load {
        if warmUp {
            let (status, text) = try await launch(wrk, base, script, seconds: Self.warmUpSeconds)
            guard status == 0 else { throw CLIFailure("wrk failed (\(status)): \(text.prefix(500))") }
        }
        return try await run(wrk, base, script, seconds: seconds)
    }

    /// Runs wrk for `seconds` and reads its summary.
    func run(_ wrk: String, _ base: String, _ script: String, seconds: Int) async throws -> Load {
        let (status, text) = try await launch(wrk, base, script, seconds: seconds)
        guard status == 0, let load = Self.parse(text) else {
            throw CLIFailure("wrk failed (\(status)): \(text.prefix(500))")
        }
        return load
    }

    /// Runs wrk for `seconds`: its exit status and everything it printed.
    ///
    /// It is waited for on a thread of NIO's pool for blocking work. Waited for on one of Swift
    /// concurrency's threads (as many as processors: two here), it took that thread from the server it
    /// measured for the whole run, and the routes with the most work in Swift (a command, the console's
    /// talent page) read slower than the same server gives them.
    private func launch(_ wrk: String, _ base: String, _ script: String, seconds: Int) async throws
        -> (Int32, String)
    {
        let arguments = [
            "-t2", "-c\(connections)", "-d\(seconds)s", "--timeout", "10s", "--latency", "-s", script, base,
        ]
        return try await NIOThreadPool.singleton.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: wrk)
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
    }

    /// wrk's summary: requests/s, the 50% and 99% latencies, and the non-2xx/3xx and socket errors.
    static func parse(_ text: String) -> Load? {
        var load = Load(requestsPerSecond: 0, p50Milliseconds: 0, p95Milliseconds: nil, p99Milliseconds: 0, failures: 0)
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Requests/sec:"), let value = words.last.flatMap(Double.init) {
                load.requestsPerSecond = value
            } else if words.first == "50%", let value = words.last.flatMap(milliseconds) {
                load.p50Milliseconds = value
            } else if words.first == "p95", words.count == 2, let microseconds = Double(words[1]) {
                load.p95Milliseconds = microseconds / 1000
            } else if words.first == "99%", let value = words.last.flatMap(milliseconds) {
                load.p99Milliseconds = value
            } else if line.hasPrefix("Non-2xx or 3xx responses:"), let value = words.last.flatMap(Int.init) {
                load.failures += value
            } else if line.hasPrefix("Socket errors:") {
                // "Socket errors: connect 0, read 0, write 0, timeout 3"
                load.failures += words.compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }
                    .reduce(0, +)
            }
        }
        return load.requestsPerSecond > 0 ? load : nil
    }

    /// A wrk latency ("850.00us", "1.23ms", "1.02s") in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * factor }
        }
        return nil
    }

    static func fixedScript(token: String? = nil, cookie: String? = nil, path: String) -> String {
        """
        wrk.path = "\(path)"
        \(credentials(token: token, cookie: cookie))
        \(percentile95)
        """
    }

    /// Makes wrk print the 95th percentile latency (its summary stops at 90 and 99).
    static let percentile95 = """
        done = function(summary, latency, requests)
          io.write(string.format("p95 %d\\n", latency:percentile(95)))
        end
        """

    static func credentials(token: String?, cookie: String?) -> String {
        if let cookie { return "wrk.headers[\"Cookie\"] = \"\(cookie)\"" }
        return "wrk.headers[\"Authorization\"] = \"Bearer \(token ?? "")\""
    }

    /// Random talents of the rebuild set (`R0000000` …), under `prefix`.
    static func readScript(
        token: String? = nil, cookie: String? = nil, prefix: String = "/v1/talents/R", talents: Int, query: String = ""
    ) -> String {
        """
        \(credentials(token: token, cookie: cookie))
        math.randomseed(os.time())
        request = function()
          return wrk.format("GET", string.format("\(prefix)%07d\(query)", math.random(0, \(talents - 1))))
        end
        \(percentile95)
        """
    }

    /// Signs in to the console with `token` (a form post, as a browser would) and answers the session's
    /// cookie (`name=value`).
    static func consoleCookie(base: String, token: String) async throws -> String {
        let body = "token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)"
        // A blocking exchange over a plain socket: on NIO's pool for blocking work, not on one of the
        // server's threads.
        let answer = try await NIOThreadPool.singleton.runIfActive {
            try HTTPExchange.post(base: base, path: "/console/sign-in", form: body)
        }
        guard let cookie = answer.headers["set-cookie"]?.split(separator: ";").first else {
            throw CLIFailure("the console answered its sign-in without a session cookie (\(answer.status))")
        }
        return String(cookie)
    }

    /// Each request a talent of the import (`I0000000` …) of its own: the threads take turns. A run that
    /// outlasts the import (a small `--import-talents`) goes round again with a command a talent takes any
    /// number of times in any order (W1's basic information, one event), so that it never meets a
    /// refusal; a full run's commands are all the first kind.
    static func commandScript(token: String, talents: Int) -> String {
        """
        local threads = {}
        function setup(thread)
          thread:set("first", #threads)
          table.insert(threads, thread)
        end
        local sent = 0
        local first_pass = '{"type": "recordLostContact", "since": "2025-01-01", "effectiveOn": "2025-02-01"}'
        local later_pass = '{"type": "collectBasicInfo", "campaign": 2025, "effectiveOn": "2026-01-05", '
          .. '"info": {"industry": "教育", "professionalField": "光学", "education": "博士", '
          .. '"professionalTitle": "教授", "declaredSituations": []}}'
        local headers = {["Authorization"] = "Bearer \(token)", ["Content-Type"] = "application/json"}
        request = function()
          local index = first + sent * 2
          sent = sent + 1
          local body = index < \(talents) and first_pass or later_pass
          return wrk.format("POST", string.format("/v1/talents/I%07d/commands", index % \(talents)), headers, body)
        end
        """
    }

    static func find(_ program: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A folder of its own under the system's temporary folder, removed when dropped.
final class ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("talentledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the folder; answers its path.
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// One HTTP/1.1 request to the bench's own server on loopback, over a plain socket: the bench needs the
/// console's session cookie from a sign-in's redirect, which a client that follows redirects would hide.
enum HTTPExchange {
    struct Answer: Sendable {
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
    }

    static func post(base: String, path: String, form: String) throws -> Answer {
        guard let url = URL(string: base), let port = url.port else { throw CLIFailure("not a loopback URL: \(base)") }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CLIFailure("cannot open a socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw CLIFailure("cannot connect to \(base)") }
        let body = Array(form.utf8)
        let request =
            Array(
                """
                POST \(path) HTTP/1.1\r
                Host: 127.0.0.1:\(port)\r
                Content-Type: application/x-www-form-urlencoded\r
                Content-Length: \(body.count)\r
                Connection: close\r
                \r

                """.utf8) + body
        guard request.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw CLIFailure("cannot send the sign-in to \(base)")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer.prefix(count)
        }
        let text = String(decoding: received, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { throw CLIFailure("no HTTP answer from \(base)") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Answer(status: status, headers: headers)
    }
}
