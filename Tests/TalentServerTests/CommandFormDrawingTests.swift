// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like G6 are the register's own spelling.

import Foundation
import ReadModels
import TalentApplication
import TalentDomain
import Testing

@testable import TalentConsole

/// Which command forms a talent's page draws as its campaign work goes on and its situations are reported,
/// and the campaign year a form starts at: decided on the talent's state, the policy and the day alone.
@Suite("The command forms a talent's state and day draw")
struct CommandFormDrawingTests {
    /// A talent's history under test, decided and folded as the register does.
    struct History {
        let policy: Policy
        var events: [TalentEvent] = []
        var state: Talent { Talent.fold(events) }

        mutating func run(_ command: TalentCommand, on day: String) throws {
            events += try decide(command, state, policy, try Day(day))
        }

        /// The forms of the talent's management the page draws on `day` (every form, before the caller's
        /// access is asked); the province's evaluation forms, drawn for nearly every talent, are asked of
        /// apart (``evaluationForms(on:)``).
        func drawn(on day: String) throws -> Set<String> {
            try forms(on: day).subtracting(evaluationForms(on: day))
        }

        /// The re-evaluation's and the correction's forms the page draws on `day`.
        func evaluationForms(on day: String) throws -> Set<String> {
            try forms(on: day).filter { type in CommandForms.all.contains { $0.type == type && $0.sample.isEvaluation }
            }
        }

        func forms(on day: String) throws -> Set<String> {
            let occasion = FormOccasion(
                for: state, policy: policy, today: try Day(day), evaluation: TalentEvaluated.standing(in: events))
            return Set(CommandForms.all.filter { $0.isDrawn(for: state, on: occasion) }.map(\.type))
        }

        /// The labels of the options the form of `type` offers in its field `name` on `day`, its "请选择" aside.
        func options(of type: String, _ name: String, on day: String) throws -> [String] {
            let form = try #require(CommandForms.all.first { $0.type == type })
            let drawn = form.drawn(for: state, on: FormOccasion(for: state, policy: policy, today: try Day(day)))
            guard case .choice(let options) = drawn.fields.first(where: { $0.name == name })?.input else { return [] }
            return options.map(\.label).filter { $0 != CommandForms.unchosen.label }
        }

        /// The form of `type` as the page draws it on `day`, not yet posted.
        func drawnForm(_ type: String, on day: String) throws -> DrawnCommandForm {
            let form = try #require(CommandForms.all.first { $0.type == type })
            return form.drawn(
                for: state,
                on: FormOccasion(
                    for: state, policy: policy, today: try Day(day), evaluation: TalentEvaluated.standing(in: events)))
        }

        /// The year the form of `type` starts at on `day`.
        func campaignYear(of type: String, on day: String) throws -> String? {
            let form = try #require(CommandForms.all.first { $0.type == type })
            let drawn = form.drawn(for: state, on: FormOccasion(for: state, policy: policy, today: try Day(day)))
            return drawn.fields.first { $0.name == "campaign" }?.value
        }
    }

    /// Every instalment of the talent's housing subsidy paid on the day it fell due (E4): an exited talent's
    /// page then draws no form to record one paid before the exit (C2).
    static func paidInFull(_ history: inout History) throws {
        for instalment in history.state.entitlements.housingSubsidy.unpaidInstalments(
            under: history.policy.entitlements)
        {
            try history.run(.payHousingSubsidyInstalment(number: instalment.number), on: instalment.due.description)
        }
    }

    static func evaluated(_ tier: Tier, certificate: String, policy: Policy? = nil) throws -> History {
        var history = History(policy: try policy ?? PolicyDirectory.load())
        try history.run(
            .evaluate(
                Evaluation(
                    talentId: TalentID("T-1"), tier: tier, unit: UnitID("unit-a"), professionalField: "光学",
                    evaluatingDocument: "吉人社字〔2020〕1号", certificateDate: try Day(certificate))),
            on: certificate)
        return history
    }

    /// X10, C2, P3, F1: once exited, a talent's page draws no form but these: a talent on the contact list
    /// keeps the death's, which ends its medical service, a talent with a result the objection's, and every
    /// living talent whose qualification stands the fraud finding's, which revokes it (C3).
    @Test func X10_C2_P3_F1_anExitedTalentsPageDrawsTheDeathOnTheListTheObjectionsAndAFraudFinding() throws {
        var history = try Self.evaluated(.B, certificate: "2021-06-01")
        try Self.paidInFull(&history)
        try history.run(.retire(occurredOn: try Day("2025-07-01"), rehire: nil), on: "2025-07-01")
        try history.run(
            .verifyExitSituation(reason: .retiredNotRehired, confirmed: true, finding: "退休"), on: "2025-07-15")
        #expect(history.state.status == .contactList)
        #expect(try history.drawn(on: "2026-01-05") == ["recordDeath", "findFraud"])
        var exited = try Self.evaluated(.C, certificate: "2021-06-01")
        try Self.paidInFull(&exited)
        try exited.run(.retire(occurredOn: try Day("2025-07-01"), rehire: nil), on: "2025-07-01")
        try exited.run(
            .verifyExitSituation(reason: .retiredNotRehired, confirmed: true, finding: "退休"), on: "2025-07-15")
        #expect(try exited.drawn(on: "2026-01-05") == ["findFraud"])
        try exited.run(.findFraud(finding: "材料伪造", measures: [.revokeQualification]), on: "2026-01-05")
        #expect(try exited.drawn(on: "2026-01-06").isEmpty)
        // P3: a talent who exited on its result may still object to it, and have its answer.
        var failed = try Self.evaluated(.C, certificate: "2020-06-01")
        try Self.paidInFull(&failed)
        for (command, day) in [
            (TalentCommand.registerEndTerm(campaign: 2025), "2026-03-02"),
            (.grade(campaign: 2025, grade: .unqualified, decidedCollectively: true), "2026-03-03"),
            (.notifyResult(campaign: 2025), "2026-03-04"), (.finalizeResult(campaign: 2025), "2026-03-05"),
        ] {
            try failed.run(command, on: day)
        }
        #expect(failed.state.hasExited)
        #expect(try failed.drawn(on: "2026-03-06") == ["fileObjection", "findFraud"])
        try failed.run(.fileObjection(campaign: 2025, objectionId: "Y-9", summary: "有异议"), on: "2026-03-06")
        #expect(try failed.drawn(on: "2026-03-07") == ["fileObjection", "answerObjection", "findFraud"])
        // C3: the record of each may be corrected; a retired talent may be evaluated again, one who exited
        // unqualified only after its waiting years.
        #expect(try history.evaluationForms(on: "2026-01-05") == ["evaluate", "correctEvaluation"])
        #expect(try failed.evaluationForms(on: "2026-03-07") == ["correctEvaluation"])
        let allowedFrom = try #require(failed.state.exit?.reapplication.allowedFrom)
        #expect(try failed.evaluationForms(on: allowedFrom.description) == ["evaluate", "correctEvaluation"])
    }

    /// W3, G1, G6, P1, P3: the end-term assessment's forms follow its record. Registration once; a grade once
    /// registered; publicity for an excellent result, ended once its working days have run; the notice once,
    /// the objections while the result is open, the final result once the talent was told of it and its
    /// publicity ended; once the result is final (G6 refuses every change) an objection to it alone (P3).
    @Test func W3_G1_G6_P1_P3_theAssessmentsFormsFollowItsRecordAndStopOnceTheResultIsFinal() throws {
        var history = try Self.evaluated(.C, certificate: "2020-06-01")
        let assessment: Set = [
            "registerEndTerm", "grade", "markGradePending", "startPublicity", "endPublicity", "fileObjection",
            "answerObjection", "notifyResult", "finalizeResult",
        ]
        #expect(try history.drawn(on: "2026-03-02").intersection(assessment) == ["registerEndTerm"])
        try history.run(.registerEndTerm(campaign: 2025), on: "2026-03-02")
        #expect(try history.drawn(on: "2026-03-02").intersection(assessment) == ["grade", "markGradePending"])
        try history.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-03-03")
        // Not final before its publicity has ended and the talent was told of it (P1, G6).
        #expect(
            try history.drawn(on: "2026-03-03").intersection(assessment)
                == ["grade", "markGradePending", "startPublicity", "fileObjection", "notifyResult"])
        try history.run(.startPublicity(campaign: 2025), on: "2026-03-04")
        try history.run(.fileObjection(campaign: 2025, objectionId: "Y-1", summary: "对等次有异议"), on: "2026-03-05")
        // The publicity ends once its five working days have run (P1), not before.
        // The answer offers the objections waiting for it, not a number typed again.
        #expect(try history.options(of: "answerObjection", "objectionId", on: "2026-03-05") == ["Y-1（2025年度）"])
        let publicized = try history.drawn(on: "2026-03-05")
        #expect(publicized.contains("answerObjection") && !publicized.contains("startPublicity"))
        #expect(!publicized.contains("endPublicity"))
        #expect(try history.drawn(on: "2026-03-10").contains("endPublicity"))
        try history.run(.answerObjection(campaign: 2025, objectionId: "Y-1", response: "经核实，维持原等次"), on: "2026-03-06")
        try history.run(.endPublicity(campaign: 2025), on: "2026-03-16")
        #expect(try !history.drawn(on: "2026-03-16").contains("finalizeResult"))
        try history.run(.notifyResult(campaign: 2025), on: "2026-03-16")
        #expect(
            try history.drawn(on: "2026-03-16").intersection(assessment) == [
                "grade", "markGradePending", "fileObjection", "finalizeResult",
            ])
        try history.run(.finalizeResult(campaign: 2025), on: "2026-03-17")
        // Final, the result takes no change, but an objection to it still (P3), and then its answer.
        #expect(try history.drawn(on: "2026-03-17").intersection(assessment) == ["fileObjection"])
        try history.run(.fileObjection(campaign: 2025, objectionId: "Y-2", summary: "对结果有异议"), on: "2026-03-18")
        #expect(try history.drawn(on: "2026-03-18").intersection(assessment) == ["fileObjection", "answerObjection"])
    }

    /// W2, W3: a campaign form starts at the latest campaign that can take it from the talent, not at the year
    /// before today's: with a 2026 campaign in the policy, a talent whose period started in 2021 is 2026's
    /// end-term assessment (2025's takes periods started by 2020).
    @Test func W3_aCampaignFormStartsAtTheLatestCampaignThatTakesTheTalent() throws {
        let policyFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "policy-2026-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: policyFolder) }
        try FileManager.default.copyItem(at: PolicyDirectory.defaultLocation(), to: policyFolder)
        let campaigns = policyFolder.appendingPathComponent("campaigns.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: campaigns)) as? [String: Any])
        var years = try #require(json["years"] as? [[String: Any]])
        var next = years[0]
        next["year"] = 2026
        years.append(next)
        json["years"] = years
        try JSONSerialization.data(withJSONObject: json).write(to: campaigns)

        let history = try Self.evaluated(
            .C, certificate: "2021-06-01", policy: try PolicyDirectory.load(from: policyFolder))
        #expect(try history.campaignYear(of: "registerEndTerm", on: "2026-12-06") == "2026")
        #expect(try history.campaignYear(of: "collectBasicInfo", on: "2026-12-06") == "2026")
        // A period registered with one campaign is not offered to the other (W3: one end-term assessment).
        var both = try Self.evaluated(.C, certificate: "2020-06-01", policy: history.policy)
        #expect(try both.drawn(on: "2026-12-06").contains("registerEndTerm"))
        try both.run(.registerEndTerm(campaign: 2025), on: "2026-12-06")
        #expect(try !both.drawn(on: "2026-12-06").contains("registerEndTerm"))
        // Under the checked-in policy, 2025's end-term assessment does not take the talent: no form to draw.
        let checkedIn = try Self.evaluated(.C, certificate: "2021-06-01")
        #expect(try !checkedIn.drawn(on: "2026-12-06").contains("registerEndTerm"))
        #expect(try checkedIn.campaignYear(of: "collectBasicInfo", on: "2026-12-06") == "2025")
    }

    /// LIMITS: a form's year field takes the years of the register's days, as the policy sets them (it
    /// said 2000 to 2099 whatever the policy).
    @Test func LIMITS_aYearFieldTakesTheRegistersYears() throws {
        let policyFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "policy-limits-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: policyFolder) }
        try FileManager.default.copyItem(at: PolicyDirectory.defaultLocation(), to: policyFolder)
        let management = policyFolder.appendingPathComponent("management.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: management)) as? [String: Any])
        var limits = try #require(json["registerLimits"] as? [String: Any])
        (limits["earliestDay"], limits["latestDay"]) = ("1990-01-01", "2060-12-31")
        json["registerLimits"] = limits
        try JSONSerialization.data(withJSONObject: json).write(to: management)
        let policy = try PolicyDirectory.load(from: policyFolder)
        #expect(policy.management.registerLimits.years == 1990...2060)
        let history = try Self.evaluated(.C, certificate: "2021-06-01", policy: policy)
        let form = try history.drawnForm("collectBasicInfo", on: "2026-01-05")
        let html = form.html(talent: "T-1", version: 1, csrf: "c", requestKey: "k")
        #expect(html.contains(#"type="number" value="2025" min="1990" max="2060" required"#), "\(html)")
        // A year is a whole number as written: "+2025" is none, whatever `Int` reads.
        #expect(throws: InvalidInput.self) {
            try CommandForms.year(FormFields(values: ["campaign": "+2025"]), "campaign")
        }
        #expect(try CommandForms.year(FormFields(values: ["campaign": "2025"]), "campaign") == 2025)
    }

    /// X4, X9: a flexible agreement's expiry is drawn once its last day has passed, and not again while its
    /// report waits for the province.
    @Test func X4_X9_anAgreementsExpiryIsDrawnOnceItsLastDayHasPassed() throws {
        var history = History(policy: try PolicyDirectory.load())
        try history.run(
            .evaluate(
                Evaluation(
                    talentId: TalentID("T-1"), tier: .C, unit: UnitID("unit-a"), professionalField: "光学",
                    evaluatingDocument: "吉人社字〔2025〕1号", certificateDate: try Day("2025-06-01"),
                    flexibleAgreementEnd: try Day("2026-06-30"))),
            on: "2025-06-01")
        #expect(try !history.drawn(on: "2026-06-30").contains("recordFlexibleAgreementExpired"))
        #expect(try history.drawn(on: "2026-07-01").contains("recordFlexibleAgreementExpired"))
        try history.run(.recordFlexibleAgreementExpired, on: "2026-07-02")
        #expect(try !history.drawn(on: "2026-07-02").contains("recordFlexibleAgreementExpired"))
    }

    /// X8, X9: the six months' report is drawn once the months out of contact have passed, and a situation's
    /// form is not drawn again while its report waits for the province (the register refuses a second).
    @Test func X8_X9_aSituationsFormWaitsForItsDayAndIsNotDrawnWhileItsReportWaits() throws {
        var history = try Self.evaluated(.B, certificate: "2021-06-01")
        try history.run(.recordLostContact(since: try Day("2026-01-05")), on: "2026-02-01")
        #expect(try !history.drawn(on: "2026-07-05").contains("exitForLostContact"))
        #expect(try history.drawn(on: "2026-07-06").contains("exitForLostContact"))
        try history.run(.exitForLostContact, on: "2026-07-06")
        #expect(try !history.drawn(on: "2026-07-06").contains("exitForLostContact"))
        for (form, command) in [
            ("recordOverdueAbroad", TalentCommand.recordOverdueAbroad(occurredOn: try Day("2026-07-01"))),
            ("findMisconduct", .findMisconduct(occurredOn: try Day("2026-07-01"), finding: "学术不端")),
            ("recordOtherExitSituation", .recordOtherExitSituation(occurredOn: try Day("2026-07-01"), situation: "其他")),
            // Last: after a death reported, nothing more of the talent's life is drawn.
            ("recordDeath", .recordDeath(occurredOn: try Day("2026-07-01"))),
        ] {
            #expect(try history.drawn(on: "2026-07-07").contains(form), "\(form)")
            try history.run(command, on: "2026-07-07")
            #expect(try !history.drawn(on: "2026-07-07").contains(form), "\(form)")
        }
    }

    /// X3, X9: the move's form does not offer a move that is an exit situation while that situation's
    /// report waits for the province (the register refuses a second); the other moves stay offered.
    @Test func X3_X9_aMoveWhoseReportWaitsIsNotOfferedAgain() throws {
        var history = try Self.evaluated(.C, certificate: "2021-06-01")
        let everyMove = RelocationKind.allCases.map(\.chineseName)
        #expect(try Set(history.options(of: "relocate", "kind", on: "2026-07-01")) == Set(everyMove))
        try history.run(
            .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try Day("2026-06-20")), on: "2026-07-01")
        let offered = try history.options(of: "relocate", "kind", on: "2026-07-02")
        #expect(!offered.contains(RelocationKind.outOfProvince.chineseName))
        #expect(Set(offered) == Set(everyMove).subtracting([RelocationKind.outOfProvince.chineseName]))
        #expect(throws: Refusal.self) {
            try history.run(
                .relocate(kind: .outOfProvince, newUnit: nil, occurredOn: try Day("2026-06-21")), on: "2026-07-02")
        }
    }

    /// X9: while a death reported waits for the province, the page draws no form of the talent's life (a
    /// retirement, a move, contact lost), only the verification.
    @Test func X9_aDeathReportedLeavesOnlyItsVerification() throws {
        var history = try Self.evaluated(.C, certificate: "2021-06-01")
        try history.run(.recordDeath(occurredOn: try Day("2026-01-10")), on: "2026-03-17")
        let drawn = try history.drawn(on: "2026-03-17")
        #expect(drawn.isDisjoint(with: ["retire", "relocate", "recordLostContact", "penalize", "findMisconduct"]))
        #expect(drawn.contains("verifyExitSituation"))
    }

    /// X1, X2: the rehire's form is drawn for a retired talent of tiers B–D, whom a same-field rehire keeps
    /// under management; not for tier E, who exits on retirement all the same, nor tier A, for whom
    /// retirement is no exit situation.
    @Test func X1_X2_theRehiresFormIsDrawnWhereARehireKeepsTheTalent() throws {
        for (tier, drawn) in [(Tier.A, false), (.B, true), (.D, true), (.E, false)] {
            var history = try Self.evaluated(tier, certificate: "2021-06-01")
            #expect(try !history.drawn(on: "2026-03-01").contains("rehire"))
            try history.run(.retire(occurredOn: try Day("2026-03-01"), rehire: nil), on: "2026-03-02")
            #expect(try history.drawn(on: "2026-03-02").contains("rehire") == drawn, "\(tier)")
        }
    }

    /// P3: an objection is answered in the campaign it was filed in: the choice carries its year, and there
    /// is no year to choose apart from it.
    @Test func P3_anObjectionIsAnsweredInTheCampaignItWasFiledIn() throws {
        var history = try Self.evaluated(.C, certificate: "2020-06-01")
        try history.run(.registerEndTerm(campaign: 2025), on: "2026-03-02")
        try history.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-03-03")
        try history.run(.startPublicity(campaign: 2025), on: "2026-03-04")
        try history.run(.fileObjection(campaign: 2025, objectionId: "Y:1", summary: "对等次有异议"), on: "2026-03-05")
        let form = try #require(CommandForms.all.first { $0.type == "answerObjection" })
        #expect(!form.fields.contains { $0.name == CommandForms.campaignField.name })
        let drawn = form.drawn(
            for: history.state,
            on: FormOccasion(for: history.state, policy: history.policy, today: try Day("2026-03-05")))
        guard case .choice(let options) = drawn.fields.first(where: { $0.name == "objectionId" })?.input else {
            Issue.record("no choice of objection")
            return
        }
        let value = try #require(options.map(\.value).first { $0 != CommandForms.unchosen.value })
        let command = try form.command(
            FormFields(values: ["objectionId": value, "response": "经核实，维持原等次"]), of: TalentID("T-1"))
        #expect(command == .answerObjection(campaign: 2025, objectionId: "Y:1", response: "经核实，维持原等次"))
        try history.run(command, on: "2026-03-06")
        #expect(try !history.drawn(on: "2026-03-06").contains("answerObjection"))
        #expect(throws: InvalidInput.self) {
            try form.command(FormFields(values: ["objectionId": "Y:1", "response": "经核实"]), of: TalentID("T-1"))
        }
    }

    /// G1, G6: a grade is the unit's decision, never the form's default: its choice starts at 请选择, and
    /// nothing is selected until the person chooses.
    @Test func G1_G6_theGradesFormStartsWithNoGradeChosen() throws {
        var history = try Self.evaluated(.C, certificate: "2020-06-01")
        try history.run(.registerEndTerm(campaign: 2025), on: "2026-03-02")
        let form = try #require(CommandForms.all.first { $0.type == "grade" })
        let drawn = form.drawn(
            for: history.state,
            on: FormOccasion(for: history.state, policy: history.policy, today: try Day("2026-03-02")))
        guard case .choice(let options) = drawn.fields.first(where: { $0.name == "grade" })?.input else {
            Issue.record("no choice of grade")
            return
        }
        #expect(options.first?.value == CommandForms.unchosen.value)
        #expect(!options.contains { $0.selected }, "\(options)")
        #expect(options.dropFirst().map(\.label) == ["优秀", "良好", "一般", "不合格"])
    }

    /// G2: while an investigation waits for its conclusion no grade is given (the register refuses it), and
    /// the conclusion's form is what the page offers; once concluded, the grade's form comes back.
    @Test func G2_aGradePendingOffersTheInvestigationsConclusionAndNoGrade() throws {
        var history = try Self.evaluated(.C, certificate: "2020-06-01")
        try history.run(.registerEndTerm(campaign: 2025), on: "2026-03-02")
        try history.run(.markGradePending(campaign: 2025, investigation: "涉嫌违纪，立案调查"), on: "2026-03-03")
        let pending = try history.drawn(on: "2026-03-03")
        #expect(pending.contains("concludeInvestigation") && !pending.contains("grade"))
        #expect(!pending.contains("markGradePending"))
        try history.run(.concludeInvestigation(conclusion: "调查结束，未发现违纪问题"), on: "2026-03-10")
        let concluded = try history.drawn(on: "2026-03-10")
        #expect(!concluded.contains("concludeInvestigation") && concluded.contains("grade"))
    }

    /// E4: the housing subsidy's form is drawn once an instalment has fallen due, and offers the instalments
    /// due and unpaid with their amounts, none paid twice; C2: once the subsidy has stopped, those alone that
    /// fell due before the stop, to record one paid then on its day, and none once each is recorded.
    @Test func E4_C2_theSubsidysFormOffersTheInstalmentsFallenDueAndUnpaid() throws {
        var history = try Self.evaluated(.C, certificate: "2025-06-01")
        func offered(on day: String) throws -> [String] {
            let form = try #require(CommandForms.all.first { $0.type == "payHousingSubsidyInstalment" })
            return try history.options(of: form.type, try #require(form.fields.first?.name), on: day)
        }
        #expect(try history.drawn(on: "2025-06-01").contains("payHousingSubsidyInstalment"))
        #expect(try offered(on: "2026-06-01") == ["第1期：200,000 元（2025-06-01到期）", "第2期：150,000 元（2026-06-01到期）"])
        try history.run(.payHousingSubsidyInstalment(number: 1), on: "2025-07-01")
        #expect(try offered(on: "2026-05-31") == [])
        #expect(try !history.drawn(on: "2026-05-31").contains("payHousingSubsidyInstalment"))
        #expect(try offered(on: "2026-06-01") == ["第2期：150,000 元（2026-06-01到期）"])
        try history.run(.findFraud(finding: "申报材料弄虚作假", measures: [.revokeQualification]), on: "2026-06-02")
        #expect(try offered(on: "2027-06-01") == ["第2期：150,000 元（2026-06-01到期；已于2026-06-02停发，仅补记停发前已发放的）"])
        // Its day starts the day before the stop: today's would be refused (a tester's finding).
        let stopped = try history.drawnForm("payHousingSubsidyInstalment", on: "2027-06-01")
        #expect(stopped.fields.first { $0.name == "effectiveOn" }?.value == "2026-06-01")
        try history.run(.payHousingSubsidyInstalment(number: 2), on: "2026-06-01")
        // Folded in recording order too (after the stop), what the stop withheld is less what was paid then.
        #expect(history.state.entitlements.housingSubsidy.paidYuan == 350_000)
        #expect(history.state.entitlements.housingSubsidy.withheldYuan == 150_000)
        #expect(try history.drawn(on: "2027-06-01").isEmpty)
    }

    /// F1: the province's finding of fraud posts the measures ticked, each under a name of its own.
    @Test func F1_aFraudFindingTakesTheMeasuresTicked() throws {
        let form = try #require(CommandForms.all.first { $0.type == "findFraud" })
        let command = try form.command(
            FormFields(values: [
                "finding": "抽查发现申报材料弄虚作假", "measure-talkToHead": "on", "measure-revokeQualification": "on",
            ]), of: TalentID("T-1"))
        #expect(command == .findFraud(finding: "抽查发现申报材料弄虚作假", measures: [.talkToHead, .revokeQualification]))
    }

    /// M2, T3, T4: the correction's form starts from the record as it stands, its corrections included: the
    /// period's start in the field of the day it counts from, the document, the agreement's end, the
    /// classified flag; the tier and unit of the evaluation. Posted back unchanged but for the document and
    /// a reason, it is the correction of the whole record.
    @Test func M2_T3_T4_theCorrectionsFormStartsFromTheRecordAsItStands() throws {
        var history = try Self.evaluated(.C, certificate: "2021-06-01")
        try history.run(
            .correctEvaluation(
                Evaluation(
                    talentId: TalentID("T-1"), tier: .C, unit: UnitID("unit-a"), professionalField: "光学工程",
                    evaluatingDocument: "吉人社字〔2021〕7号", listDocumentDate: try Day("2021-05-20"),
                    flexibleAgreementEnd: try Day("2027-05-19"), classified: true),
                reason: "以名单文件为准"),
            on: "2025-01-10")
        let drawn = try history.drawnForm("correctEvaluation", on: "2026-01-05")
        func value(_ name: String) -> String? { drawn.fields.first { $0.name == name }?.value }
        #expect(value("unit") == "unit-a" && value("professionalField") == "光学工程")
        #expect(value("evaluatingDocument") == "吉人社字〔2021〕7号")
        #expect(value("certificateDate") == "" && value("listDocumentDate") == "2021-05-20")
        #expect(value("flexibleAgreementEnd") == "2027-05-19" && value("correctionReason") == "")
        guard case .choice(let tiers) = drawn.fields.first(where: { $0.name == "tier" })?.input,
            case .check(let classified) = drawn.fields.first(where: { $0.name == "classified" })?.input
        else {
            Issue.record("the tier is a choice and the classified flag a check")
            return
        }
        #expect(tiers.filter(\.selected).map(\.value) == ["C"] && classified)
        // As the page posts it: every field as drawn, a new document and the reason.
        var posted = Dictionary(
            drawn.fields.compactMap { field -> (String, String)? in
                switch field.input {
                case .choice(let options): options.first(where: \.selected).map { (field.name, $0.value) }
                case .check(let checked): checked ? (field.name, "on") : nil
                default: (field.name, field.value)
                }
            }, uniquingKeysWith: { first, _ in first })
        posted["evaluatingDocument"] = "吉人社字〔2021〕8号"
        posted["correctionReason"] = "文号登记有误"
        let form = try #require(CommandForms.all.first { $0.type == "correctEvaluation" })
        let command = try form.command(FormFields(values: posted), of: TalentID("T-1"))
        try history.run(command, on: "2026-01-05")
        let corrected = try #require(TalentEvaluated.standing(in: history.events))
        #expect(corrected.evaluatingDocument == "吉人社字〔2021〕8号" && corrected.classified)
        let (listed, agreementEnd) = (try Day("2021-05-20"), try Day("2027-05-19"))
        #expect(corrected.periodStart == listed && corrected.startSource == .provincialListDocument)
        #expect(corrected.flexibleAgreementEnd == agreementEnd)
    }

    /// M3, T4: the re-evaluation's form starts from the talent's unit, field and classification, and leaves
    /// its tier, document and days to be filled: left unticked, a classified talent would be named in every
    /// list once re-evaluated.
    @Test func M3_T4_theReevaluationsFormStartsFromTheUnitAndKeepsTheClassification() throws {
        var history = try Self.evaluated(.C, certificate: "2021-06-01")
        let unclassified = try history.drawnForm("evaluate", on: "2026-01-05")
        guard case .check(let open) = unclassified.fields.first(where: { $0.name == "classified" })?.input else {
            Issue.record("the classified flag is a check")
            return
        }
        #expect(!open)
        try history.run(
            .correctEvaluation(
                Evaluation(
                    talentId: TalentID("T-1"), tier: .C, unit: UnitID("unit-a"), professionalField: "光学",
                    evaluatingDocument: "吉人社字〔2020〕1号", certificateDate: try Day("2021-06-01"), classified: true),
                reason: "漏登涉密"),
            on: "2025-01-10")
        let drawn = try history.drawnForm("evaluate", on: "2026-01-05")
        func value(_ name: String) -> String? { drawn.fields.first { $0.name == name }?.value }
        #expect(value("unit") == "unit-a" && value("professionalField") == "光学")
        #expect(value("evaluatingDocument") == "" && value("certificateDate") == "")
        guard case .choice(let tiers) = drawn.fields.first(where: { $0.name == "tier" })?.input,
            case .check(let classified) = drawn.fields.first(where: { $0.name == "classified" })?.input
        else {
            Issue.record("the tier is a choice and the classified flag a check")
            return
        }
        #expect(tiers.filter(\.selected).isEmpty && classified)
    }

    /// X1, X2, X6, D2, D1, X7: the timeline names the rule of a fact whose rule depends on the talent or on
    /// what the fact holds: a retirement by the tier, a sanction by its severity, an annual result by
    /// what it leads to.
    @Test func X1_X2_X6_D2_D1_X7_aFactWhoseRuleDependsOnTheTalentIsNamedByTheStateItLeaves() throws {
        func rule(of command: TalentCommand, tier: Tier) throws -> RuleID? {
            var history = try Self.evaluated(tier, certificate: "2021-06-01")
            let before = history.events.count
            try history.run(command, on: "2026-03-10")
            let fact = try #require(history.events.dropFirst(before).first)
            return fact.governingRule(leaving: Talent.fold(Array(history.events.prefix(before + 1))))
        }
        let retire = TalentCommand.retire(occurredOn: try Day("2026-03-01"), rehire: nil)
        #expect(try rule(of: retire, tier: .C) == .X1)
        #expect(try rule(of: retire, tier: .E) == .X2)
        #expect(try rule(of: retire, tier: .A) == nil)
        let demerit = Sanction(kind: Sanction.Measure.demerit.kind, measure: .demerit)
        #expect(demerit.meetsExitThreshold == false)
        #expect(try rule(of: .penalize(occurredOn: try Day("2026-03-01"), sanction: demerit), tier: .C) == .D2)
        let dismissal = try #require(
            Sanction.Measure.allCases.first { Sanction(kind: $0.kind, measure: $0).meetsExitThreshold })
        #expect(
            try rule(
                of: .penalize(
                    occurredOn: try Day("2026-03-01"), sanction: Sanction(kind: dismissal.kind, measure: dismissal)),
                tier: .C)
                == .X6)
        let occurred = try Day("2026-03-01")
        func annual(_ result: AnnualAssessment.Result) -> TalentCommand {
            .recordAnnualAssessment(
                occurredOn: occurred,
                assessment: AnnualAssessment(year: 2025, kind: .annual, sector: .publicInstitution, result: result))
        }
        #expect(try rule(of: annual(.basicQualified), tier: .C) == .D1)
        #expect(try rule(of: annual(.unqualified), tier: .C) == .X7)
        #expect(try rule(of: annual(.qualified), tier: .C) == nil)
    }
}
