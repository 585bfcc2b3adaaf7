import Foundation

extension Array where Element: Sendable {
    /// Maps in a few chunks on the cooperative pool's threads. Decoding a batch's events and folding its
    /// streams is CPU work the projection would otherwise do on one core while the database waits.
    public func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) throws -> T) async throws -> [T] {
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / 32))
        guard workers > 1 else { return try map(transform) }
        let chunkSize = (count + workers - 1) / workers
        return try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
            for start in stride(from: 0, to: count, by: chunkSize) {
                let chunk = Array(self[start..<Swift.min(start + chunkSize, count)])
                group.addTask { (start, try chunk.map(transform)) }
            }
            var parts: [(Int, [T])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
