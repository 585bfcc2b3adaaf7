import Foundation
import Hummingbird
import TalentApplication
import TalentDomain

/// A unit's talent evaluation work (F1): `GET /v1/organizations/{id}/evaluation-work` for whoever may read
/// the unit; `POST …/evaluation-work/suspend` and `…/resume` for the province office.
struct EvaluationWorkController: Sendable {
    let register: TalentRegister

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.get("organizations/:organizationID/evaluation-work", use: show)
        v1.post("organizations/:organizationID/evaluation-work/suspend", use: suspend)
        v1.post("organizations/:organizationID/evaluation-work/resume", use: resume)
    }

    struct Suspension: Encodable {
        var from: String
        /// A free text: for whoever sees the unit's talents in full (SEC2).
        var finding: String?
        /// The talent whose fraud finding took the measure: named to the province office and the auditor,
        /// whose work the finding is (a level or the unit reads the suspension, not whose finding it was),
        /// where they may see that talent (T4).
        var talent: String?
        var resumedOn: String?
        /// A free text as the finding is: for whoever sees the unit's talents in full.
        var resumeReason: String?
    }

    struct Answer: ResponseEncodable {
        var unit: String
        /// Whether the work is suspended now (a suspension not lifted).
        var suspended: Bool
        var suspensions: [Suspension]
        /// A step's answer: whether it recorded anything (a suspension while one holds records nothing).
        var recorded: Bool?
    }

    func answer(_ reading: EvaluationWorkReading, recorded: Bool? = nil) -> Answer {
        Answer(
            unit: reading.work.unit, suspended: reading.current != nil,
            suspensions: reading.work.suspensions.map {
                Suspension(
                    from: $0.from.description, finding: reading.finding(of: $0),
                    talent: reading.talent(of: $0)?.rawValue, resumedOn: $0.resumedOn?.description,
                    resumeReason: reading.resumeReason(of: $0))
            }, recorded: recorded)
    }

    @Sendable func show(_ request: Request, context: TalentRequestContext) async throws -> Answer {
        let caller = try context.caller()
        let unit = try context.parameters.require("organizationID")
        return answer(try await register.evaluationWork(of: unit, by: caller))
    }

    struct SuspendBody: Codable {
        var finding: String
        var effectiveOn: Day?
    }

    struct ResumeBody: Codable {
        var reason: String
        var effectiveOn: Day?
    }

    @Sendable func suspend(_ request: Request, context: TalentRequestContext) async throws -> Answer {
        try await change(request, context, SuspendBody.self) {
            (.suspend(finding: $0.finding, talent: nil), $0.effectiveOn)
        }
    }

    @Sendable func resume(_ request: Request, context: TalentRequestContext) async throws -> Answer {
        try await change(request, context, ResumeBody.self) { (.resume(reason: $0.reason), $0.effectiveOn) }
    }

    /// A step's request: its body, the command it asks and its day (today when none), recorded under the
    /// caller's idempotency key.
    func change<Body: Codable>(
        _ request: Request, _ context: TalentRequestContext, _ body: Body.Type,
        _ command: (Body) -> (UnitEvaluationWorkCommand, Day?)
    ) async throws -> Answer {
        let caller = try context.caller()
        let (asked, day) = command(try RequestBody.decode(Body.self, from: try await RequestBody.collect(request)))
        let (work, recorded) = try await register.changeEvaluationWork(
            of: try context.parameters.require("organizationID"), asked, on: day ?? register.today(), by: caller,
            commandID: try IdempotencyKey.commandID(of: request, caller: caller))
        return answer(work, recorded: recorded)
    }
}
