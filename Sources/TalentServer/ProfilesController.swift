import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// A talent's personal data (SEC1): `PUT /v1/talents/{id}/profile` replaces it (name, national id number
/// with its check digit, phone), `DELETE` erases it while the history stays. For the talent's own unit
/// officer and the provincial office; others who see the talent get 403, the rest 404.
/// `GET …/profile/changes` lists who kept or erased it and when (fields, never values), for auditors and the
/// provincial office; `GET /v1/profile-changes` lists every talent's, in order, a page at a time.
struct ProfilesController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.put("talents/:talentID/profile", use: replace)
        v1.delete("talents/:talentID/profile", use: erase)
        v1.get("talents/:talentID/profile/changes", use: changes)
        v1.get("profile-changes", use: feed)
    }

    struct Feed: ResponseEncodable {
        struct Change: Encodable {
            var sequence: Int64
            var talent: String
            var action: String
            var fields: [String]
            var by: String
            var at: String
        }

        var items: [Change]
        var nextCursor: String?
    }

    @Sendable func feed(_ request: Request, context: TalentRequestContext) async throws -> Feed {
        let caller = try context.caller()
        let query = request.uri.queryParameters
        let page = try await register.profileChanges(
            after: try Parameters.text(query, "cursor"), limit: try Parameters.pageLimit(query), by: caller,
            logger: context.logger)
        return Feed(
            items: page.items.map {
                Feed.Change(
                    sequence: $0.sequence, talent: $0.talent, action: $0.action.rawValue, fields: $0.fields, by: $0.by,
                    at: RecordingTime.text($0.at))
            },
            nextCursor: page.nextCursor)
    }

    struct Changes: ResponseEncodable {
        struct Change: Encodable {
            var action: String
            var fields: [String]
            var by: String
            var at: String
        }

        var talent: String
        var changes: [Change]
    }

    @Sendable func changes(_ request: Request, context: TalentRequestContext) async throws -> Changes {
        let caller = try context.caller()
        let talent = TalentID(try context.parameters.require("talentID"))
        let changes = try await register.profileChanges(of: talent, by: caller, logger: context.logger)
        return Changes(
            talent: talent.rawValue,
            changes: changes.map {
                Changes.Change(action: $0.action.rawValue, fields: $0.fields, by: $0.by, at: RecordingTime.text($0.at))
            })
    }

    @Sendable func replace(_ request: Request, context: TalentRequestContext) async throws -> TalentListing {
        let caller = try context.caller()
        let talent = TalentID(try context.parameters.require("talentID"))
        let data = try RequestBody.decode(PersonalData.self, from: try await RequestBody.collect(request))
        return try await register.replaceProfile(data, of: talent, by: caller, logger: context.logger)
    }

    @Sendable func erase(_ request: Request, context: TalentRequestContext) async throws -> HTTPResponse.Status {
        let caller = try context.caller()
        let talent = TalentID(try context.parameters.require("talentID"))
        try await register.eraseProfile(of: talent, by: caller, logger: context.logger)
        return .noContent
    }
}

extension TalentListing: ResponseEncodable {}
