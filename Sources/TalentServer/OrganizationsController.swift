import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// The O1 tree and its figures, and campaign rosters, for a caller with a bearer token:
/// `GET /v1/organizations`, `GET /v1/organizations/{id}` (optionally `?asOf=`) and
/// `GET /v1/campaigns/{year}/roster`.
struct OrganizationsController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.get("organizations", use: list)
        v1.get("organizations/:organizationID", use: show)
        v1.get("campaigns/:year/roster", use: roster)
    }

    /// An organization as the API answers it: its authority named `parentId`, as every answer names an
    /// id (the recorded event keeps its own member names).
    struct OrganizationAnswer: Encodable {
        var organization: Organization

        enum CodingKeys: String, CodingKey {
            case id, name, shortName, kind, parentId, region
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(organization.id, forKey: .id)
            try container.encode(organization.name, forKey: .name)
            try container.encode(organization.shortName, forKey: .shortName)
            try container.encode(organization.kind, forKey: .kind)
            try container.encodeIfPresent(organization.parentID, forKey: .parentId)
            try container.encodeIfPresent(organization.region, forKey: .region)
        }
    }

    struct Organizations: ResponseEncodable {
        var items: [OrganizationAnswer]
    }

    @Sendable func list(_ request: Request, context: TalentRequestContext) async throws -> Organizations {
        Organizations(
            items: try await register.queries.organizations(by: try context.caller()).map(OrganizationAnswer.init))
    }

    struct OrganizationDetail: ResponseEncodable {
        /// The organization and every authority above it, nearest first (O1).
        var chain: [OrganizationAnswer]
        var asOf: String?
        var figures: OrganizationDirectory.Figures
    }

    @Sendable func show(_ request: Request, context: TalentRequestContext) async throws -> OrganizationDetail {
        let caller = try context.caller()
        let id = try context.parameters.require("organizationID")
        let asOf = try Parameters.day(request.uri.queryParameters, "asOf", within: register.limits)
        let (chain, figures) = try await register.queries.organization(id, asOf: asOf, by: caller)
        return OrganizationDetail(
            chain: chain.map(OrganizationAnswer.init), asOf: asOf?.description, figures: figures)
    }

    struct Roster: ResponseEncodable {
        var campaign: Int
        var items: [RosterEntry]
        var nextCursor: String?
        /// T4: the classified talents of the whole roster that no page lists for this caller.
        var classifiedNotListed: Int
    }

    @Sendable func roster(_ request: Request, context: TalentRequestContext) async throws -> Roster {
        let caller = try context.caller()
        let year = try Parameters.campaignYear(context, limits: register.limits)
        let query = request.uri.queryParameters
        let limit = try Parameters.pageLimit(query)
        let organization = try Parameters.text(query, "organization")
        let page = try await register.queries.roster(
            campaign: year, organization: organization,
            after: try Parameters.text(query, "cursor"), limit: limit, by: caller)
        let classifiedNotListed = try await register.queries.rosterClassifiedApart(
            campaign: year, organization: organization, by: caller)
        return Roster(
            campaign: year, items: page.items, nextCursor: page.nextCursor, classifiedNotListed: classifiedNotListed)
    }
}
