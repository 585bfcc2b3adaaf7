// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 and X9 are the register's own spelling.

import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import TalentServer
import Testing

/// SEC2 over HTTP on the demo province: for a caller of every role and kind of organization, every read
/// route and list filter shows exactly the talents of the caller's part of the O1 tree, as a direct SQL
/// question about the read model counts them, and nothing beyond it.
@Suite("Role × jurisdiction matrix on the demo province")
struct JurisdictionMatrixTests {
    struct Account {
        var role: Caller.Role
        var organization: String?
        var token: String
    }

    /// The list filters the matrix runs, each with the SQL condition on `talents t` it stands for.
    static let filters: [(query: String, condition: PostgresQuery.Fragment)] = [
        ("", "true"),
        ("tier=C", "t.tier = 'C'"),
        ("status=underManagement", "t.status = 'underManagement'"),
        ("card=jixiangCard&cardStatus=active", "t.jixiang_card = 'active'"),
        ("classified=true", "t.classified"),
        (
            "campaign=2025&workItem=endTermAssessment",
            "EXISTS (SELECT 1 FROM campaign_roster r WHERE r.talent_id = t.talent_id AND r.campaign = 2025 AND r.work_item = 'endTermAssessment')"
        ),
    ]

    @Test func SEC2_everyReadRouteAndFilterStaysWithinTheCallersSubtree() async throws {
        let policy = try PolicyDirectory.load()
        let configuration = try await TestDatabase.fresh("jurisdiction_matrix")
        let store = EventStore(pool: ConnectionPool(configuration: configuration, maximumConnections: 4))
        let province = DemoProvince(seed: 2025, talents: 300)
        _ = try await province.load(into: store, policy: policy, chunkSize: 150)
        let register = TalentRegister(store: store, policy: policy)
        try await register.catchUpProjections()
        let organizations = province.organizations()

        // One caller of each role for each kind of organization that can hold it, a few units among them.
        var callers: [Account] = []
        for role in [Caller.Role.provinceOffice, .hrBureau, .supervisingDepartment, .unitOfficer] {
            let fitting = organizations.filter { Access.role(role, fits: $0.kind) }
            for organization in fitting.prefix(role == .unitOfficer ? 6 : 3) {
                let token = try await register.issueAccount(
                    name: "\(role.rawValue) \(organization.id)", role: role, organization: organization.id, by: .system
                ).token
                callers.append(Account(role: role, organization: organization.id, token: token))
            }
        }
        callers.append(
            Account(
                role: .auditor, organization: nil,
                token: try await register.issueAccount(name: "auditor", role: .auditor, organization: nil, by: .system)
                    .token))
        let app = Application(router: buildRouter(register: register))
        try await app.test(.router) { [callers] client in
            var sizes: [Caller.Role: [Int]] = [:]
            for caller in callers {
                let label = "\(caller.role.rawValue) \(caller.organization ?? "-")"
                let seesClassified = [.provinceOffice, .unitOfficer].contains(caller.role)
                for filter in Self.filters {
                    let expected = try await Self.expected(caller, filter.condition, seesClassified, on: store)
                    let listed = try await Self.listAll(client, "/v1/talents?limit=37&" + filter.query, caller)
                    #expect(listed == expected, "\(label) ?\(filter.query)")
                }
                // A talent of the caller's part answers; one beyond it is 404, on every talent route.
                let inside = try await Self.expected(caller, "true", seesClassified, on: store)
                sizes[caller.role, default: []].append(inside.count)
                let outside = try await Self.expected(
                    Account(role: .provinceOffice, organization: nil, token: ""), "true", true, on: store
                ).subtracting(inside).sorted()
                for id in [inside.sorted().first, outside.first].compactMap({ $0 }) {
                    for route in ["", "/timeline"] {
                        let (status, _, _) = try await send(
                            client, .get, "/v1/talents/\(id)\(route)", token: caller.token)
                        #expect(status == (inside.contains(id) ? .ok : .notFound), "\(label) \(id)\(route)")
                    }
                }
                // Organizations: the list holds only the caller's part, and a figure's total is the direct
                // count of the talents under management there (classified ones counted).
                let (_, tree, _) = try await send(client, .get, "/v1/organizations", token: caller.token)
                let shown = Set((tree["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
                let reachable = try await Self.organizations(within: caller, on: store)
                #expect(shown == reachable, "\(label) organizations")
                for organization in organizations.map(\.id).filter({ !reachable.contains($0) }).prefix(2) {
                    let (status, _, _) = try await send(
                        client, .get, "/v1/organizations/\(organization)", token: caller.token)
                    #expect(status == .notFound, "\(label) organization \(organization)")
                    let (roster, _, _) = try await send(
                        client, .get, "/v1/campaigns/2025/roster?organization=\(organization)", token: caller.token)
                    #expect(roster == .notFound, "\(label) roster of \(organization)")
                }
                if let own = caller.organization {
                    let (_, detail, _) = try await send(client, .get, "/v1/organizations/\(own)", token: caller.token)
                    let total = (detail["figures"] as? [String: Any])?["total"] as? Int
                    #expect(total == (try await Self.underManagement(in: own, on: store)), "\(label) figures")
                }
                // The roster and the snapshot page only through the caller's part too.
                let roster = try await Self.listAll(client, "/v1/campaigns/2025/roster?limit=41", caller, key: "talent")
                #expect(roster.isSubset(of: inside), "\(label) roster")
                let snapshot = try await Self.listAll(client, "/v1/audit/snapshot?limit=41", caller, key: "talent")
                #expect(
                    snapshot.isSubset(of: inside.union(try await Self.heldToday(by: caller, on: store))),
                    "\(label) snapshot")
            }
            // The matrix means something only if the parts differ: the province sees all 300, and the
            // bureaus, departments and units each see some but not all.
            #expect(sizes[.provinceOffice]?.allSatisfy { $0 == 300 } == true)
            for role in [Caller.Role.hrBureau, .supervisingDepartment, .unitOfficer] {
                #expect(sizes[role]?.contains { $0 > 0 && $0 < 300 } == true, "\(role.rawValue): \(sizes[role] ?? [])")
            }
        }
        await store.close()
    }

    /// Every id a paged route lists for the caller, following `nextCursor`.
    static func listAll(_ client: some TestClientProtocol, _ uri: String, _ caller: Account, key: String = "id")
        async throws -> Set<String>
    {
        var ids: Set<String> = []
        var cursor: String?
        repeat {
            let (status, page, _) = try await send(
                client, .get, uri + (cursor.map { "&cursor=\($0)" } ?? ""), token: caller.token)
            #expect(status == .ok, "\(uri)")
            let items = page["items"] as? [[String: Any]] ?? []
            ids.formUnion(items.compactMap { $0[key] as? String })
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        return ids
    }

    /// The talents the caller's part of the tree answers for (O2), matching `condition`, by direct SQL.
    static func expected(
        _ caller: Account, _ condition: PostgresQuery.Fragment, _ seesClassified: Bool, on store: EventStore
    ) async throws -> Set<String> {
        try await store.withConnection { store in
            Set(
                try await store.connection.query(
                    """
                    SELECT t.talent_id FROM talents t
                    WHERE (\(condition)) AND (\(seesClassified) OR NOT t.classified)
                      AND (\(caller.organization)::text IS NULL OR coalesce(t.reporting_unit_id, t.unit_id) IN (
                          SELECT organization_id FROM organization_chain WHERE authority_id = \(caller.organization)::text))
                      AND (\(caller.role == .unitOfficer) = false
                          OR coalesce(t.reporting_unit_id, t.unit_id) = \(caller.organization)::text)
                    """
                ).map { try $0.decode(String.self, at: 0) })
        }
    }

    /// Talents whose unit on today's business day lies in the caller's part (what a snapshot scopes by).
    static func heldToday(by caller: Account, on store: EventStore) async throws -> Set<String> {
        try await store.withConnection { store in
            Set(
                try await store.connection.query(
                    """
                    SELECT h.talent_id FROM talent_tier_history h
                    WHERE h.known_to IS NULL AND h.valid_from <= current_date
                      AND (h.valid_to IS NULL OR h.valid_to > current_date)
                      AND (\(caller.organization)::text IS NULL OR h.unit_id IN (
                          SELECT organization_id FROM organization_chain WHERE authority_id = \(caller.organization)::text))
                    """
                ).map { try $0.decode(String.self, at: 0) })
        }
    }

    /// The organizations in the caller's part of the tree (a unit officer: its own unit).
    static func organizations(within caller: Account, on store: EventStore) async throws -> Set<String> {
        guard let organization = caller.organization else {
            return try await store.withConnection { store in
                Set(
                    try await store.connection.query("SELECT organization_id FROM organizations").map {
                        try $0.decode(String.self, at: 0)
                    })
            }
        }
        if caller.role == .unitOfficer { return [organization] }
        return try await store.withConnection { store in
            Set(
                try await store.connection.query(
                    "SELECT organization_id FROM organization_chain WHERE authority_id = \(organization)"
                ).map { try $0.decode(String.self, at: 0) })
        }
    }

    /// Talents under management whose answering unit lies under `organization`, by direct SQL.
    static func underManagement(in organization: String, on store: EventStore) async throws -> Int {
        try await store.withConnection { store in
            try await store.connection.query(
                """
                SELECT count(*) FROM talents t
                WHERE t.status IN ('underManagement', 'pendingInvestigation')
                  AND coalesce(t.reporting_unit_id, t.unit_id) IN (
                      SELECT organization_id FROM organization_chain WHERE authority_id = \(organization))
                """
            ).first?.decode(Int.self, at: 0) ?? -1
        }
    }
}
