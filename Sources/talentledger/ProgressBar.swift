import Foundation
import Synchronization

/// A one-line progress bar on standard error, redrawn at most ten times a second. When standard error
/// is not a terminal (a log file, a pipe, cron's mail, the journal) `\r` frames would pile up on one line:
/// a plain line is written there every ``logInterval`` (a job of a minute under a timer said nothing until
/// it ended), and the last count once the work is done.
final class ProgressBar: Sendable {
    let label: String
    /// Whether frames are drawn (`\r`) or only the last count is written (a plain line).
    let isTerminal: Bool
    /// Off a terminal, how often a plain line says how far the work has come.
    let logInterval: Duration
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())

    private struct State {
        var lastDraw: ContinuousClock.Instant?
        /// The last count drawn (or, off a terminal, heard): the same count is not drawn twice.
        var last: (done: Int, total: Int)?
        var drawn = false
        var finished = false
        /// Off a terminal: the last count written.
        var logged: (done: Int, total: Int)?
    }

    init(
        label: String, isTerminal: Bool = isatty(STDERR_FILENO) != 0, logInterval: Duration = .seconds(30),
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.isTerminal = isTerminal
        self.logInterval = logInterval
        self.write = write
    }

    func update(_ done: Int, _ total: Int) {
        let now = ContinuousClock.now
        let isTerminal = isTerminal
        let interval = logInterval
        let due = state.withLock { state -> Bool in
            if let last = state.last, last == (done, total) { return false }
            guard isTerminal else {
                state.last = (done, total)
                // The interval runs from the first count heard, then from the last line written.
                let since = state.lastDraw ?? now
                state.lastDraw = since
                guard now - since >= interval, done < total else { return false }
                state.lastDraw = now
                state.logged = (done, total)
                return true
            }
            guard state.lastDraw.map({ now - $0 >= .milliseconds(100) }) ?? true || done >= total else { return false }
            state.lastDraw = now
            state.last = (done, total)
            state.drawn = true
            return true
        }
        guard due else { return }
        write(isTerminal ? "\r" + line(done, total, bar: true) : line(done, total, bar: false) + "\n")
    }

    /// Ends the bar's line (on a terminal) or writes the last count heard (elsewhere); once.
    func finish() {
        let (drawn, last, logged) = state.withLock {
            state -> (Bool, (done: Int, total: Int)?, (done: Int, total: Int)?) in
            defer { state.finished = true }
            return state.finished ? (false, nil, nil) : (state.drawn, state.last, state.logged)
        }
        if isTerminal {
            if drawn { write("\n") }
        } else if let last, logged.map({ $0 != last }) ?? true {
            write(line(last.done, last.total, bar: false) + "\n")
        }
    }

    private func line(_ done: Int, _ total: Int, bar: Bool) -> String {
        // A total counted at the start can be passed (a rebuild while events are appended): what was done
        // is then the total, never "43268/43256".
        let total = max(total, done)
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let drawing =
            bar
            ? " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]" : ""
        return "\(label)\(drawing) \(done)/\(total) (\(Int(fraction * 100))%)"
    }
}
