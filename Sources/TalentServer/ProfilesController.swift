import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// A talent's personal data (SEC1): `PUT /v1/talents/{id}/profile` replaces it (name, national id number
/// with its check digit, phone), `DELETE` erases it while the history stays. For the talent's own unit
/// officer and the provincial office; others who see the talent get 403, the rest 404.
/// `GET …/profile/changes` lists who kept or erased it and when (fields, never values), for auditors and the
/// provincial office.
struct ProfilesController: Sendable {
    let register: TalentRegister

    func addRoutes(to talents: RouterGroup<TalentRequestContext>) {
        talents.put(":talentID/profile", use: replace)
        talents.delete(":talentID/profile", use: erase)
        talents.get(":talentID/profile/changes", use: changes)
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
