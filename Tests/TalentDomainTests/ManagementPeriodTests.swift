// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: tiers A–E and rule IDs like X6 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("The management period (M1–M4)")
struct ManagementPeriodTests {
    func evaluation(
        tier: Tier = .C, certificate: String? = nil, list: String? = nil, card: String? = nil,
        evaluated: String? = nil
    ) throws -> Evaluation {
        Evaluation(
            talentId: TalentID("t"), tier: tier, unit: UnitID("u"), professionalField: "f", evaluatingDocument: "doc",
            certificateDate: try certificate.map(day), listDocumentDate: try list.map(day),
            jixiangCardIssuedDate: try card.map(day), evaluatedOn: try evaluated.map(day))
    }

    @Test func M1_periodLastsThePolicyYears() throws {
        let ledger = try Ledger(tier: .C, start: "2021-03-15")
        #expect(ledger.policy.management.managementPeriodYears == 5)
        #expect(ledger.state.period?.start == (try day("2021-03-15")))
        #expect(ledger.state.period?.end == (try day("2026-03-14")))
        #expect(ledger.state.state(asOf: try day("2026-03-14"), policy: ledger.policy).periodExpired == false)
        #expect(ledger.state.state(asOf: try day("2026-03-15"), policy: ledger.policy).periodExpired == true)
    }

    /// M1 counted as the Civil Code counts a period (art. 202): one from 29 February ends on 28 February,
    /// a day after one from the 28th; one from 1 March ends on the last day of February, leap or not.
    @Test(arguments: [
        ("2020-02-29", "2025-02-28"), ("2020-02-28", "2025-02-27"), ("2020-03-01", "2025-02-28"),
        ("2024-02-29", "2029-02-28"), ("2023-03-01", "2028-02-29"), ("2021-03-15", "2026-03-14"),
    ])
    func M1_aPeriodFromTheTwentyNinthOfFebruaryEndsOnTheTwentyEighth(start: String, end: String) throws {
        let ledger = try Ledger(tier: .C, start: start)
        #expect(ledger.state.period?.end == (try day(end)))
    }

    @Test func M2_startDatePrecedenceCertificateThenListThenCard() throws {
        var ledger = Ledger(policy: try policy())
        try ledger.run(
            .evaluate(try evaluation(certificate: "2019-06-01", list: "2019-05-01", card: "2019-04-01")),
            on: "2019-06-01")
        #expect(ledger.state.period?.start == (try day("2019-06-01")))
        #expect(ledger.state.period?.source == .electronicCertificate)

        ledger = Ledger(policy: try policy())
        try ledger.run(.evaluate(try evaluation(list: "2019-05-01", card: "2019-04-01")), on: "2019-06-01")
        #expect(ledger.state.period?.start == (try day("2019-05-01")))
        #expect(ledger.state.period?.source == .provincialListDocument)

        ledger = Ledger(policy: try policy())
        try ledger.run(.evaluate(try evaluation(card: "2019-04-01")), on: "2019-06-01")
        #expect(ledger.state.period?.source == .jixiangCardIssued)

        // The card date counts only for early evaluations before 2020.
        ledger = Ledger(policy: try policy())
        #expect(try ledger.refusal(.evaluate(try evaluation(card: "2020-02-01")), on: "2020-03-01")?.rule == .M2)
        #expect(try ledger.refusal(.evaluate(try evaluation()), on: "2020-03-01")?.rule == .M2)
    }

    /// A certificate, a list's document or an evaluation dated after the day the evaluation takes effect
    /// has not happened: refused (a period of 2099 would run past the register's days).
    @Test func M2_aStartOrAnEvaluationDatedAfterTheEvaluationsDayIsRefused() throws {
        let ledger = Ledger(policy: try policy())
        for command in [
            TalentCommand.evaluate(try evaluation(certificate: "2099-01-10")),
            .evaluate(try evaluation(list: "2026-06-02")),
            .evaluate(try evaluation(certificate: "2026-05-01", evaluated: "2026-06-02")),
        ] {
            let refused = try ledger.refusal(command, on: "2026-06-01")
            #expect(refused?.rule == .M2, "\(command)")
            #expect(refused?.reason.contains("晚于认定生效日2026-06-01：") == true, "\(String(describing: refused))")
            // Said beside the day at fault: the start's source, or the evaluation's own day.
            #expect(
                ["evaluation.certificateDate", "evaluation.listDocumentDate", "evaluation.evaluatedOn"].contains(
                    refused?.field ?? ""), "\(String(describing: refused))")
        }
        var same = Ledger(policy: try policy())
        try same.run(.evaluate(try evaluation(certificate: "2026-06-01", evaluated: "2026-06-01")), on: "2026-06-01")
        #expect(same.state.period?.start == (try day("2026-06-01")), "on the day itself it has happened")
    }

    /// "（2020年以前早期评定人员）" qualifies the evaluation: a 2019 evaluation whose card came in 2020 still
    /// starts on the card date; the card date stands in when the evaluation date is not given.
    @Test(arguments: [
        ("2020-02-01", "2019-11-20", true), ("2020-02-01", "2020-01-01", false), ("2020-02-01", nil, false),
        ("2019-12-31", nil, true), ("2019-10-01", "2019-11-20", false),
    ])
    func M2_cardDateOnlyForEvaluationsBefore2020(card: String, evaluated: String?, accepted: Bool) throws {
        var ledger = Ledger(policy: try policy())
        let command = TalentCommand.evaluate(try evaluation(card: card, evaluated: evaluated))
        #expect((try ledger.refusal(command, on: "2020-03-01") == nil) == accepted)
        if accepted {
            try ledger.run(command, on: "2020-03-01")
            #expect(ledger.state.period?.start == (try day(card)))
            #expect(ledger.state.period?.source == .jixiangCardIssued)
        } else {
            #expect(try ledger.refusal(command, on: "2020-03-01")?.rule == .M2)
        }
    }

    @Test func M3_reEvaluationStartsANewPeriodAndSetsTheTier() throws {
        var ledger = try Ledger(tier: .D, start: "2019-04-01")
        #expect(ledger.state.period?.end == (try day("2024-03-31")))
        try ledger.run(.evaluate(try evaluation(tier: .B, certificate: "2021-09-01")), on: "2021-09-01")
        #expect(ledger.state.tier == .B)
        #expect(ledger.state.period?.start == (try day("2021-09-01")))
        #expect(ledger.state.period?.end == (try day("2026-08-31")))
        #expect(ledger.state.evaluationCount == 2)
        // The last evaluation decides scope: no longer in end-term scope of campaign 2025.
        #expect(try ledger.refusal(.registerEndTerm(campaign: 2025), on: "2026-01-05")?.rule == .W3)
    }

    /// "多次参与人才评定的，按最后评定结果重新计算": an older certificate entered after a newer evaluation is not
    /// the last evaluation, and does not put the talent back on its tier and period.
    @Test func M3_anEvaluationOlderThanThePeriodInForceIsNotTheLastAndIsRefused() throws {
        var ledger = try Ledger(tier: .C, start: "2023-06-01")
        let older = try #require(
            try ledger.refusal(.evaluate(try evaluation(tier: .B, certificate: "2022-06-01")), on: "2024-01-10"))
        #expect(older.rule == .M3)
        #expect(older.field == "evaluation.certificateDate")
        #expect(older.reason.contains("2022-06-01早于现行管理期的起算时间2023-06-01"))
        // An early card date (M2's third source) the same.
        let card = try ledger.refusal(
            .evaluate(try evaluation(tier: .D, card: "2019-03-01", evaluated: "2019-02-01")), on: "2024-01-10")
        #expect(card?.rule == .M3)
        #expect(ledger.state.tier == .C)
        // The same day as the period in force, or later, is the last evaluation.
        try ledger.run(.evaluate(try evaluation(tier: .B, certificate: "2023-06-01")), on: "2024-01-10")
        #expect(ledger.state.tier == .B)
        #expect(ledger.state.period?.start == (try day("2023-06-01")))
    }

    /// A talent evaluated again while under management (M3) was managed through its earlier period: a
    /// situation that occurred in it is reported after the new evaluation as any other (§5(2)6, "处于管理期内
    /// …因犯罪被依法判处刑罚的"); one before management began is not.
    @Test func M3_X6_aSituationOfTheEarlierPeriodIsReportedAfterANewEvaluation() throws {
        var ledger = try Ledger(tier: .C, start: "2023-06-01")
        try ledger.run(.evaluate(try evaluation(tier: .B, certificate: "2026-02-01")), on: "2026-02-05")
        #expect(ledger.state.managedSince == (try day("2023-06-01")))
        let sentence = Sanction(kind: .criminal, measure: .criminalSentence)
        try ledger.run(.penalize(occurredOn: try day("2026-01-10"), sanction: sentence), on: "2026-02-10")
        #expect(ledger.state.pendingExitReports.map(\.reason) == [.sanction])
        let before = try ledger.refusal(
            .recordDeath(occurredOn: try day("2023-05-31")), on: "2026-02-10")
        #expect(before?.rule == .M2)
        #expect(before?.reason.contains("早于该人才管理期的起算日期（2023-06-01）") == true)
    }

    @Test func M4_confirmedResultStartsANewPeriodOnTheConfirmationDay() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        let events = try ledger.confirmEndTerm(.good)
        let renewal = try #require(events.compactMap(\.renewed).first)
        #expect(renewal.derivation?.rule == .M4)
        #expect(renewal.start == (try day("2026-01-20")))
        #expect(ledger.state.period?.start == (try day("2026-01-20")))
        #expect(ledger.state.period?.end == (try day("2031-01-19")))
        #expect(ledger.state.period?.basis == .resultConfirmation)

        let settings = try Fixture.policy(editing: \.management) { json in
            var renewal = json["renewal"] as? [String: Any] ?? [:]
            renewal["onResultConfirmation"] = false
            json["renewal"] = renewal
        }
        var unrenewed = try Ledger(tier: .C, start: "2020-06-01")
        unrenewed = Ledger(policy: settings, replaying: unrenewed.events)
        let noRenewal = try unrenewed.confirmEndTerm(.good)
        #expect(noRenewal.compactMap(\.renewed).isEmpty)
        #expect(unrenewed.state.period?.start == (try day("2020-06-01")))
    }
}

@Suite("M2: correcting an evaluation's record")
struct EvaluationCorrectionTests {
    func corrected(start: String, tier: Tier = .C, unit: String = "unit-1") throws -> Evaluation {
        Evaluation(
            talentId: TalentID("t-1"), tier: tier, unit: UnitID(unit), professionalField: "新材料",
            evaluatingDocument: "吉人社发〔2020〕1号", certificateDate: try day(start))
    }

    @Test func M2_aWrongStartDateIsCorrectedFromTheDayOfTheEvaluation() throws {
        var ledger = try Ledger(tier: .C, start: "2021-03-01")
        _ = try ledger.run(.recordLostContact(since: try day("2022-05-01")), on: "2022-06-01")
        let events = try ledger.run(
            .correctEvaluation(try corrected(start: "2021-02-15"), reason: "证书落款时间为2021年2月15日"),
            on: "2023-01-10")
        guard case .evaluationCorrected(let correction) = try #require(events.first) else {
            Issue.record("a correction records EvaluationCorrected")
            return
        }
        // Dated on the evaluation it corrects, not on the day it was recorded.
        #expect(correction.effectiveDate == (try day("2021-03-01")))
        #expect(ledger.state.period?.start == (try day("2021-02-15")))
        #expect(ledger.state.period?.end == (try day("2026-02-14")))
        #expect(ledger.state.professionalField == "新材料")
        // Folded in business order, later facts stay on top of the corrected record.
        let folded = Talent.fold(ledger.events.sorted { $0.effectiveDate < $1.effectiveDate })
        #expect(folded.period?.start == (try day("2021-02-15")))
        #expect(folded.lostContactSince == (try day("2022-05-01")))
    }

    @Test func M3_aDifferentTierOrUnitIsNotACorrection() throws {
        let ledger = try Ledger(tier: .C, start: "2021-03-01")
        #expect(
            try ledger.refusal(
                .correctEvaluation(try corrected(start: "2021-02-15", tier: .B), reason: "x"), on: "2023-01-10")?
                .rule == .M3)
        #expect(
            try ledger.refusal(
                .correctEvaluation(try corrected(start: "2021-02-15", unit: "unit-9"), reason: "x"), on: "2023-01-10")?
                .rule == .T2)
        #expect(
            try ledger.refusal(.correctEvaluation(try corrected(start: "2021-02-15"), reason: " "), on: "2023-01-10")?
                .rule == .M2)
        let fresh = Ledger(policy: try policy())
        #expect(
            try fresh.refusal(.correctEvaluation(try corrected(start: "2021-02-15"), reason: "x"), on: "2023-01-10")?
                .rule == .T1)
    }
}
