import Foundation
import Synchronization

/// A one-line progress bar on standard error, redrawn at most ten times a second.
final class ProgressBar: Sendable {
    let label: String
    private let lastDraw = Mutex<ContinuousClock.Instant?>(nil)

    init(label: String) {
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        let now = ContinuousClock.now
        let due = lastDraw.withLock { last -> Bool in
            guard last.map({ now - $0 >= .milliseconds(100) }) ?? true || done >= total else { return false }
            last = now
            return true
        }
        guard due else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total) (\(Int(fraction * 100))%)".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
