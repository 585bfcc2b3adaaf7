import EventStore
import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// `POST /v1/talents/{id}/commands`: every command of the register in one route, the body discriminated
/// by `type` (the command's name: `grade`, `startPublicity`, `retire`, …) with the command's fields beside
/// it, the business day `effectiveOn` (default: today in China) and an optional `reason`.
///
/// `If-Match` pins the talent's version (412 when it moved; `*` pins none, but the talent must be in the
/// register); `Idempotency-Key` makes the command id, so a retry is answered as the first time and records
/// nothing; `?dryRun=true` decides, appends and rolls back, answering with what would be recorded. A rule's
/// refusal is 422 with its rule ID.
struct CommandsController: Sendable {
    let register: TalentRegister
    func addRoutes(to talents: RouterGroup<TalentRequestContext>) {
        talents.post(":talentID/commands", use: handle)
    }

    /// What a command recorded, written by hand as a talent's answer is (``TalentsController/TalentDetail``):
    /// the talent's version, each event with its rule and cause, and the state after it.
    struct Answer: ResponseGenerator {
        var outcome: TalentCommandHandler.Outcome

        var json: String {
            var answer = JSONObject()
            answer.add("talent", string: outcome.talent.rawValue)
            answer.add("version", integer: outcome.version)
            answer.add("dryRun", bool: outcome.dryRun)
            answer.add("replayed", bool: outcome.replayed)
            answer.add(
                "events",
                array: outcome.events.map { stored in
                    var event = JSONObject()
                    event.add("version", integer: stored.version)
                    event.add("type", string: stored.event.typeName)
                    event.add("effectiveDate", day: stored.effectiveDate)
                    event.add("rule", string: stored.event.derivation?.rule.rawValue)
                    event.add("cause", string: stored.event.derivation?.cause)
                    return event.text
                })
            answer.add("state", outcome.stateJSON ?? CurrentState.json(outcome.state))
            return answer.text
        }

        func response(from request: Request, context: some RequestContext) throws -> Response {
            // A dry run kept nothing: the version it would reach is no ETag to give back (If-Match would
            // be refused), so it carries none. A command that changed nothing created nothing either (a
            // retry of one that recorded events is answered as the first time was).
            if outcome.dryRun { return .json(json, status: .ok) }
            var headers: HTTPFields = [.eTag: "\"\(outcome.version)\""]
            guard !outcome.events.isEmpty else { return .json(json, status: .ok, headers: headers) }
            // RFC 9110 §15.3.2: what the command created is a new version of the talent (whose register
            // id appears in addresses as it is).
            headers[.location] = "/v1/talents/\(outcome.talent.rawValue)"
            return .json(json, status: .created, headers: headers)
        }
    }

    @Sendable func handle(_ request: Request, context: TalentRequestContext) async throws -> Answer {
        let caller = try context.caller()
        let talent = TalentID(try context.parameters.require("talentID"))
        let body = try await RequestBody.collect(request)
        let (command, effectiveOn, reason, commandText) = try Self.command(from: body)
        let dryRun = try Parameters.value(request.uri.queryParameters, "dryRun") { Bool($0) } ?? false
        let expected: Int64?
        switch request.headers[.ifMatch] {
        case nil: expected = nil
        case "*":
            // RFC 9110 §13.1.1: `If-Match: *` matches any current representation, so it pins no version; the
            // talent must be in the register (412 otherwise, as for any precondition that fails). A role that
            // may not issue the command anywhere is told so first, as without the header, before the talent is
            // looked up (a security tester's finding: the auditor was told of a talent's absence, 412). One
            // the caller may not see is, to it, not in the register: 412 too, as for none.
            expected = nil
            if case .forbidden(let forbidden) = Access.roleMayIssue(command, caller: caller) { throw forbidden }
            do { _ = try await register.queries.talent(talent, by: caller) } catch is NotFound {
                throw ProblemDetails(
                    type: "https://talentledger.example/problems/precondition-failed", title: "Precondition Failed",
                    status: .preconditionFailed,
                    detail:
                        "If-Match: * asks for a talent in the register: no \(QueryText.echo("talent \(talent)"))")
            }
        case let pin?:
            guard let version = Int64(pin.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))), version >= 0
            else { throw InvalidInput("If-Match", "the talent's version as its ETag gave it, or *") }
            expected = version
        }
        let commandID = try IdempotencyKey.commandID(of: request, caller: caller)
        do {
            let outcome = try await register.handle(
                command, for: talent, on: effectiveOn ?? register.today(), by: caller, commandID: commandID ?? UUID(),
                expectedVersion: expected, reason: reason, dryRun: dryRun, commandText: commandText,
                logger: context.logger)
            return Answer(outcome: outcome)
        } catch let refusal as Refusal {
            // The field, and the reason that begins with it (`recordLostContact.since：…`), as the body names it.
            guard let field = refusal.field else { throw refusal }
            let member = Self.member(field, of: commandText, body: body)
            let reason =
                refusal.reason.hasPrefix(field + "：") ? member + refusal.reason.dropFirst(field.count) : refusal.reason
            throw Refusal(refusal.rule, reason, field: member)
        }
    }

    /// The command a body names: `{"type": "grade", "campaign": 2025, …}` becomes the domain's command
    /// (`type` and the fields, with `evaluation` or `terms` for the commands whose facts form one whole),
    /// with the business day, the reason and the command's canonical text (its request digest's).
    static func command(from body: Data) throws -> (TalentCommand, Day?, String?, Data) {
        var object = try RequestBody.object(of: body, expecting: "a JSON object in UTF-8 with a `type`")
        guard let type = object.removeValue(forKey: "type") as? String, !type.isEmpty else {
            throw InvalidInput("type", "the command's name, such as grade or startPublicity")
        }
        var effectiveOn: Day?
        if let value = object.removeValue(forKey: "effectiveOn") {
            guard let text = value as? String, let day = try? Day(text) else {
                throw InvalidInput("effectiveOn", "a day YYYY-MM-DD")
            }
            effectiveOn = day
        }
        var reason: String?
        if let value = object["reason"] {
            guard let text = value as? String else { throw InvalidInput("reason", "text") }
            reason = text
            // The commands that carry a reason of their own (a verification's, a suspension's, a
            // correction's) keep it as theirs too; for the others it is only the event's reason.
            if !Self.commandsWithReason.contains(type) { object.removeValue(forKey: "reason") }
        }
        // The domain's commands whose facts are one value: the API names that value.
        let unwrapped = unwrappedMembers[type]
        if let unwrapped, let value = object.removeValue(forKey: unwrapped) { object["_0"] = value }
        do {
            // The body read as the domain's tagged command (`{"grade": {…}}`) where it lies; the members the
            // route read (`type`, `effectiveOn`, an event's `reason`) are no fields of any command, so the
            // decoder passes over them.
            let command = try RequestBody.decoded(
                TalentCommand.self, from: body, wrappedAs: type,
                naming: unwrapped.map { MemberAlias(key: "_0", member: $0) })
            // The decoder passes over members it does not know; a misspelt optional field would then be
            // silently dropped, so whatever the command does not carry back is refused.
            let text = try TalentCommandHandler.canonicalText(of: command)
            let carried = try JSONSerialization.jsonObject(with: text)
            if let unknown = RequestBody.unknownMember(
                of: object, carried: (carried as? [String: Any])?[type], at: [], unwrapped: unwrapped)
            {
                throw InvalidInput(unknown, "not a field of \(type)")
            }
            return (command, effectiveOn, reason, text)
        } catch let error as InvalidInput {
            throw error
        } catch let error as DecodingError {
            // The command's name is the wrapper's key: below it, the body's own members.
            throw RequestBody.invalidInput(error, droppingFirst: 1, unwrapped: unwrapped)
                ?? InvalidInput("type", "no command \(type)")
        }
    }

    /// The member that holds the facts of the domain's commands whose facts are one value.
    static let unwrappedMembers = ["evaluate": "evaluation", "correctEvaluation": "evaluation", "rehire": "terms"]

    /// A rule's refused field as the body names it, as a 400 names one: the domain names a command's field by
    /// its path in the command (`recordLostContact.since`, `evaluate.certificateDate`), the body by its
    /// members (`since`, `evaluation.certificateDate`; a correction's `reason` stays at the top). `commandText`
    /// is the command's canonical text, `{"<type>": {…}}`.
    static func member(_ field: String, of commandText: Data, body: Data) -> String {
        guard let type = (try? JSONSerialization.jsonObject(with: commandText) as? [String: Any])?.keys.first,
            field.hasPrefix(type + ".")
        else { return field }
        let path = String(field.dropFirst(type.count + 1))
        guard let unwrapped = unwrappedMembers[type] else { return path }
        let topLevel = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]).map { Set($0.keys) } ?? []
        let first = String(path.prefix { $0 != "." })
        return topLevel.contains(first) && first != unwrapped ? path : "\(unwrapped).\(path)"
    }

    /// The commands whose own facts include a `reason`.
    static let commandsWithReason: Set<String> = [
        "verifyExitSituation", "suspendServices", "restoreServices", "correctEvaluation",
    ]
}
