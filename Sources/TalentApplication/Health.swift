import ReadModels

/// The register's health, as a readiness probe reports it.
public struct Health: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Everything answers and every stream is projected.
        case ok
        /// The database answers, but refuses every write (read-only), or the projector set streams aside
        /// (their views are behind), or the disk under the embedded cluster is low on room (writes will soon
        /// be refused).
        case degraded
        /// The database does not answer (in time).
        case unavailable
        /// The server was asked to stop and serves its last requests: send new clients elsewhere.
        case draining
    }

    public enum Database: String, Sendable, Hashable, Codable {
        case reachable
        /// It answers, and refuses every write: a standby (after a failover, say) or a read-only default.
        case readOnly
        case unreachable
    }

    public var status: Status
    public var database: Database
    /// How many streams the projector set aside. The probe answers anyone, so it names none: which
    /// streams and why is for the operator (`talentledger projections quarantined`), since a stream's
    /// id is a talent's register id and its error may quote the talent's facts.
    public var quarantinedStreams: Int
    /// Committed events the read models have yet to show (counted up to 10,000); nil when unknown.
    public var projectionLag: Int?
    /// The room left under the embedded cluster's data; nil for a database elsewhere (or unknown).
    public var disk: DiskRoom?
}
