import Foundation
import Synchronization

/// One line of the benchmark's table: a figure of ours next to its baseline from the same run.
struct BenchLine: Sendable {
    var measure: String
    var ours: String
    var baseline: String
    /// The JSON key of the ratio (always contains "ratio").
    var ratioKey: String
    var ratio: Double
    var aim: String
    var meetsAim: Bool
}

/// Everything a run measured: the table, the raw figures for the JSON, and where it ran.
struct BenchReport: Sendable {
    var lines: [BenchLine] = []
    /// Raw figures (rates, latencies, sizes), each under its own key.
    var figures: [String: Double] = [:]
    var sizes: [String: Int] = [:]
    var machine: [String: String] = [:]
    var notes: [String] = []

    mutating func add(_ line: BenchLine) {
        lines.append(line)
        figures[line.ratioKey] = line.ratio
    }

    var table: String {
        let header = ["measure", "TalentLedger", "baseline (same run)", "ratio", "aim", ""]
        let rows =
            [header]
            + lines.map { line in
                [
                    line.measure, line.ours, line.baseline, Self.shown(line.ratio), line.aim,
                    line.meetsAim ? "met" : "NOT met",
                ]
            }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        func render(_ row: [String]) -> String {
            "| "
                + row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
        return ([render(header), rule] + rows.dropFirst().map(render)).joined(separator: "\n")
    }

    /// A ratio as the table shows it: three decimals, cut rather than rounded, so that a ratio just under
    /// its aim never reads as the aim itself next to "NOT met" (0.6995 shows as 0.699, not 0.700).
    static func shown(_ ratio: Double) -> String {
        String(format: "%.3f", (ratio * 1000).rounded(.down) / 1000)
    }

    func json(command: String) throws -> Data {
        var object: [String: Any] = [:]
        for (key, value) in figures { object[key] = value.isFinite ? (value * 10000).rounded() / 10000 : 0 }
        object["sizes"] = sizes
        object["machine"] = machine
        object["command"] = command
        object["notes"] = notes
        object["generated_at"] = ISO8601DateFormatter().string(from: Date())
        object["aims_met"] = lines.allSatisfy(\.meetsAim)
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}

enum BenchFormat {
    static func rate(_ perSecond: Double, _ unit: String) -> String {
        perSecond >= 100 ? "\(Int(perSecond.rounded())) \(unit)" : String(format: "%.1f %@", perSecond, unit)
    }

    static func milliseconds(_ value: Double) -> String { String(format: "%.3f ms", value) }

    static func mebibytes(_ bytes: Int) -> String { String(format: "%.0f MiB", Double(bytes) / 1_048_576) }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The `fraction` percentile (nearest rank) of `values`.
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// The process's memory as Linux reports it in /proc/self/status.
enum ProcessMemory {
    /// Resident set size now, in bytes (0 where /proc is missing).
    static var residentBytes: Int { field("VmRSS") }
    /// The peak resident set size since the process started (it cannot be reset), in bytes.
    static var highWaterBytes: Int { field("VmHWM") }

    static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let number = line.dropFirst(name.count + 1).filter(\.isNumber)
            return (Int(number) ?? 0) * 1024
        }
        return 0
    }
}

/// Samples the resident set size in the background and keeps the peak: the peak of one phase, where
/// VmHWM only knows the peak of the whole process.
final class MemorySampler: Sendable {
    private let peak = Mutex(0)
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let half = Mutex<Int?>(nil)

    func start(every interval: Duration = .milliseconds(20)) {
        peak.withLock { $0 = ProcessMemory.residentBytes }
        let running = Task.detached { [self] in
            while !Task.isCancelled {
                let now = ProcessMemory.residentBytes
                self.peak.withLock { $0 = max($0, now) }
                try? await Task.sleep(for: interval)
            }
        }
        task.withLock { $0 = running }
    }

    /// The peak so far (the sampler keeps running).
    var peakBytes: Int {
        let now = ProcessMemory.residentBytes
        return peak.withLock { peak in
            peak = max(peak, now)
            return peak
        }
    }

    /// Remembers the peak so far the first time it is called (half-way through a phase).
    func markHalf() {
        let now = peakBytes
        half.withLock { half in
            if half == nil { half = now }
        }
    }

    var halfPeakBytes: Int? { half.withLock { $0 } }

    func stop() -> Int {
        task.withLock { $0?.cancel() }
        return peakBytes
    }
}

enum BenchMachine {
    static func describe() -> [String: String] {
        var machine: [String: String] = [:]
        machine["cpus"] = String(ProcessInfo.processInfo.activeProcessorCount)
        machine["memory"] = String(format: "%.1f GiB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)
        let type = (try? String(contentsOfFile: "/proc/sys/kernel/ostype", encoding: .utf8)) ?? "Linux"
        let release = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "?"
        machine["kernel"] =
            type.trimmingCharacters(in: .whitespacesAndNewlines) + " "
            + release.trimmingCharacters(in: .whitespacesAndNewlines)
        if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        {
            machine["cpu_model"] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return machine
    }
}
