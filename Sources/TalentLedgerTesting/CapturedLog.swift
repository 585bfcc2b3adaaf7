import Foundation
import Logging

/// Keeps every record logged through it, for tests that check what reached a log.
public final class CapturedLog: LogHandler, @unchecked Sendable {
    public struct Record: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    private var stored: [Record] = []
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init() {}

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        lock.withLock { stored.append(Record(level: event.level, message: "\(event.message)", metadata: merged)) }
    }

    public var records: [Record] { lock.withLock { stored } }

    /// A logger that writes here.
    public var logger: Logger { Logger(label: "captured") { _ in self } }
}
