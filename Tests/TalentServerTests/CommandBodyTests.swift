import Foundation
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import TalentServer

/// How the commands route reads a body: flat (`type` beside the command's fields), read where it lies as
/// the domain's tagged command, strictly.
@Suite("A command's body")
struct CommandBodyTests {
    /// `command`'s body as a client writes it: the domain's tagged value (`{"grade": {…}}`) flattened,
    /// its one unlabelled value under the name the API gives it.
    static func body(of command: TalentCommand, effectiveOn day: String = "2025-06-02") throws -> Data {
        let tagged = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(command)) as? [String: Any])
        let (type, fields) = try #require(tagged.first)
        var body = try #require(fields as? [String: Any])
        let named = ["evaluate": "evaluation", "correctEvaluation": "evaluation", "rehire": "terms"]
        if let name = named[type], let value = body.removeValue(forKey: "_0") { body[name] = value }
        body["type"] = type
        body["effectiveOn"] = day
        return try JSONSerialization.data(withJSONObject: body)
    }

    @Test func everyCommandReadsFromItsFlatBodyAsTheCommandItWas() throws {
        let day = try Day("2025-06-02")
        let terms = RehireTerms(agreementReference: "r-1", sameField: true)
        let evaluation = Evaluation(
            talentId: TalentID("t-1"), tier: .C, unit: UnitID("unit-1"), professionalField: "光学",
            evaluatingDocument: "吉人才字〔2024〕4号", certificateDate: day)
        var commands: [TalentCommand] = [
            .rehire(terms), .correctEvaluation(evaluation, reason: "更正"), .recordFlexibleAgreementExpired,
        ]
        for value in 0..<(RandomCommands.kinds * 8) {
            commands.append(RandomCommands.command(value, step: value, state: Talent(), on: day))
        }
        for command in commands {
            let (read, effectiveOn, _, text) = try CommandsController.command(from: try Self.body(of: command))
            #expect(read == command)
            #expect(effectiveOn == day)
            #expect(text == (try TalentCommandHandler.canonicalText(of: command)), "\(command)")
        }
    }

    static func refusal(_ body: String) -> InvalidInput? {
        do {
            _ = try CommandsController.command(from: Data(body.utf8))
            return nil
        } catch {
            return error as? InvalidInput
        }
    }

    /// A rule's refusal names the field by its path in the domain's command; the API names it as the body
    /// does: under the value holding an evaluation's facts, a correction's own reason at the top, a plain
    /// command's fields bare, and a field that is no command's (the day) as it was.
    @Test func aRefusedFieldIsNamedAsTheBodyNamesIt() throws {
        let correction = TalentCommand.correctEvaluation(
            Evaluation(
                talentId: TalentID("t-1"), tier: .C, unit: UnitID("u-1"), professionalField: "光学",
                evaluatingDocument: "d", certificateDate: try Day("2025-01-01")),
            reason: "更正")
        let body = try Self.body(of: correction)
        let text = try TalentCommandHandler.canonicalText(of: correction)
        #expect(
            CommandsController.member("correctEvaluation.certificateDate", of: text, body: body)
                == "evaluation.certificateDate")
        #expect(CommandsController.member("correctEvaluation.reason", of: text, body: body) == "reason")
        #expect(CommandsController.member("effectiveOn", of: text, body: body) == "effectiveOn")
        let lost = TalentCommand.recordLostContact(since: try Day("2025-01-01"))
        #expect(
            CommandsController.member(
                "recordLostContact.since", of: try TalentCommandHandler.canonicalText(of: lost),
                body: try Self.body(of: lost)) == "since")
    }

    @Test func aMemberNamedTwiceIsRefusedWhereverItIs() throws {
        // Foundation's two readers take different ones of the two: neither is taken.
        let top = Self.refusal(
            #"{"type": "recordLostContact", "since": "2025-01-01", "since": "2025-02-01"}"#)
        #expect(top?.field == "since")
        #expect(top?.reason.contains("twice") == true)
        let nested = Self.refusal(
            #"""
            {"type": "evaluate", "evaluation": {"talentId": "t-1", "tier": "C", "unit": "u-1", \#
            "professionalField": "光学", "evaluatingDocument": "d", "certificateDate": "2025-01-01", \#
            "tier": "A"}}
            """#)
        #expect(nested?.field == "evaluation.tier")
        // Written with an escape, a name is still the same name.
        #expect(
            Self.refusal(#"{"type": "recordLostContact", "since": "2025-01-01", "\u0073ince": "x"}"#)?.field == "since")
        // The other JSON routes read their bodies the same way.
        struct Profile: Codable { var name: String }
        #expect(throws: InvalidInput("name", "named twice in its object: give each member once")) {
            try RequestBody.decode(Profile.self, from: Data(#"{"name": "张三", "name": "李四"}"#.utf8))
        }
        #expect(try RequestBody.decode(Profile.self, from: Data(#"{"name": "张三"}"#.utf8)).name == "张三")
    }

    @Test func aBodyNotInUTF8IsRefused() throws {
        let text = #"{"type": "recordLostContact", "since": "2025-01-01"}"#
        let utf16 = try #require(text.data(using: .utf16LittleEndian))
        #expect(throws: InvalidInput.self) { try CommandsController.command(from: utf16) }
        #expect(
            try CommandsController.command(from: Data(text.utf8)).0 == .recordLostContact(since: try Day("2025-01-01")))
    }
}
