import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// What an auditor asks: `POST /v1/audit/verify` walks every hash chain (auditors and the provincial
/// office); `GET /v1/audit/snapshot?asOf=&knownAt=&organization=` shows who held which tier and card on a
/// day, as the register knew it at a time, for a unit, a subtree or the province (the caller's
/// jurisdiction at most, names masked as everywhere).
struct AuditController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.post("audit/verify", use: verify)
        v1.get("audit/snapshot", use: snapshot)
    }

    struct Snapshot: ResponseEncodable {
        var asOf: String
        var knownAt: String?
        var organization: String?
        /// Every talent the snapshot holds, classified ones the caller may not see included.
        var total: Int
        var items: [SnapshotEntry]
        var nextCursor: String?
    }

    @Sendable func snapshot(_ request: Request, context: TalentRequestContext) async throws -> Snapshot {
        let caller = try context.caller()
        let query = request.uri.queryParameters
        let asOf = try Parameters.day(query, "asOf", within: register.limits) ?? register.today()
        let knownAt = try Parameters.knownAt(query)
        let organization = try Parameters.text(query, "organization")
        let (page, total) = try await register.queries.snapshot(
            on: asOf, knownAt: knownAt, organization: organization, after: try Parameters.text(query, "cursor"),
            limit: try Parameters.pageLimit(query), by: caller)
        return Snapshot(
            asOf: asOf.description, knownAt: try Parameters.text(query, "knownAt"), organization: organization,
            total: total, items: page.items, nextCursor: page.nextCursor)
    }

    struct Verification: ResponseEncodable {
        struct Finding: Encodable {
            var stream: String
            var version: Int64
            var problem: String
        }

        var intact: Bool
        var streamsChecked: Int
        var eventsChecked: Int
        var findings: [Finding]
    }

    @Sendable func verify(_ request: Request, context: TalentRequestContext) async throws -> Verification {
        let report = try await register.verify(by: try context.caller())
        return Verification(
            intact: report.isIntact, streamsChecked: report.streamsChecked, eventsChecked: report.eventsChecked,
            findings: report.findings.map {
                .init(stream: $0.streamID, version: $0.version, problem: $0.problem.rawValue)
            })
    }
}
