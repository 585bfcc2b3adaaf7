import Foundation
import Synchronization

/// The callers of `/metrics` verified lately, by their token's hash: while the database does not answer,
/// a scraper's token verified within ``remembered`` is taken without it, so that the scrape reports the
/// outage (`talentledger_database_up 0`) rather than failing with it. Nothing else is answered without
/// the database, and a revocation made before the outage holds (its token was refused then, so not kept).
public final class MetricsCallers: Sendable {
    /// How long a verification is taken for during an outage.
    public static let remembered: Duration = .seconds(600)
    /// How long the database is given to verify a token before the scrape takes a remembered one: a
    /// scraper waits 10 s by default, and the probe of the health gauges follows.
    public static let verificationBound: Duration = .seconds(3)

    private let verified = Mutex<[String: (caller: Caller, at: ContinuousClock.Instant)]>([:])

    public init() {}

    func remember(_ caller: Caller, hash: String) {
        verified.withLock { verified in
            let now = ContinuousClock.now
            verified = verified.filter { now - $0.value.at < Self.remembered }
            verified[hash] = (caller, now)
        }
    }

    /// A token the database refused (revoked since, say): not taken during an outage either.
    func forget(hash: String) {
        _ = verified.withLock { $0.removeValue(forKey: hash) }
    }

    func recall(hash: String) -> Caller? {
        verified.withLock { verified in
            verified[hash].flatMap { ContinuousClock.now - $0.at < Self.remembered ? $0.caller : nil }
        }
    }
}

extension TalentRegister {
    /// The caller of a `/metrics` scrape: as ``caller(bearing:)`` verifies it, within
    /// ``MetricsCallers/verificationBound``; while the database does not answer (or not in time), the
    /// caller its token was lately verified as, when it may read the metrics.
    public func metricsCaller(bearing token: String) async throws -> Caller? {
        let hash = BearerToken.hash(token)
        let register = self
        do {
            // Raced with the bound by hand: a task group would wait for a verification stuck in a database
            // that does not answer, which no cancellation reaches. The verification ends in its own time.
            let caller: Caller? = try await withCheckedThrowingContinuation { continuation in
                let first = FirstAnswer(continuation)
                Task {
                    do { first.answer(.success(try await register.caller(bearing: token))) } catch {
                        first.answer(.failure(error))
                    }
                }
                Task {
                    try? await Task.sleep(for: MetricsCallers.verificationBound)
                    first.answer(.failure(MetricsVerificationTimedOut()))
                }
            }
            if let caller, Access.mayReadMetrics(caller) {
                metricsCallers.remember(caller, hash: hash)
            } else {
                metricsCallers.forget(hash: hash)
            }
            return caller
        } catch let error where error is MetricsVerificationTimedOut || Availability.isDatabaseUnavailable(error) {
            guard let caller = metricsCallers.recall(hash: hash) else { throw error }
            return caller
        }
    }
}

/// The database did not verify a scraper's token in time.
struct MetricsVerificationTimedOut: Error, CustomStringConvertible {
    var description: String { "the database did not verify the token within \(MetricsCallers.verificationBound)" }
}

/// A continuation resumed by the first of two racing answers; the other is dropped.
private final class FirstAnswer: Sendable {
    let continuation: CheckedContinuation<Caller?, any Error>
    let answered = Mutex(false)

    init(_ continuation: CheckedContinuation<Caller?, any Error>) {
        self.continuation = continuation
    }

    func answer(_ result: Result<Caller?, any Error>) {
        let first = answered.withLock { answered in
            defer { answered = true }
            return !answered
        }
        if first { continuation.resume(with: result) }
    }
}
