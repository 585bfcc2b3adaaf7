import EventStore

extension TalentRegister {
    /// Runs `attempt` (a transaction that reads a stream, decides and appends with the version it read)
    /// again from a fresh read when another request appended to the stream meanwhile: the step is then
    /// decided on what that request recorded, so that of two racing the second is answered as it would
    /// be a moment later (a rule's refusal, say), not with the conflict. A retry under an idempotency key
    /// that another request was recording at the same time (``ConcurrentRepeat``) is read again too, and
    /// then answered from what that one recorded. After `attempts`, the conflict is thrown.
    static func retryingConflicts<T>(attempts: Int = 3, _ attempt: () async throws -> T) async throws -> T {
        var tried = 1
        while true {
            do {
                return try await attempt()
            } catch is VersionConflict where tried < attempts {
                tried += 1
            } catch is ConcurrentRepeat where tried < attempts {
                tried += 1
            }
        }
    }
}
