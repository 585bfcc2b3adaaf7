// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like X9 and W5 are the register's own spelling.

import Testing

@testable import TalentDomain

@Suite("What is overdue (X9, D3, W5, P1)")
struct OverdueTests {
    func campaign() throws -> Campaign { try policy().campaign(year: 2025) }

    @Test func X9_aRetirementReportedTwoMonthsAfterItOccurredIsListed() throws {
        var late = try Ledger(tier: .C, start: "2022-01-01")
        try late.run(.retire(occurredOn: try day("2026-01-05"), rehire: nil), on: "2026-03-10")
        let items = late.state.overdue(
            on: try day("2026-03-15"), campaign: try campaign(), management: try policy().management)
        #expect(items.map(\.rule) == [.X9])
        #expect(items.first?.since == (try day("2026-02-06")))
        var timely = try Ledger(tier: .C, start: "2022-01-01")
        try timely.run(.retire(occurredOn: try day("2026-02-20"), rehire: nil), on: "2026-03-10")
        #expect(
            timely.state.overdue(
                on: try day("2026-03-15"), campaign: try campaign(), management: try policy().management
            ).isEmpty)
    }

    /// X8, X9: contact lost on 1 May reaches its six months on 1 November, from which the month to report
    /// it counts: listed from 2 December (1 December is in time) until the loss is reported or contact is
    /// restored.
    @Test func X8_X9_aLossOfContactThatReachedItsMonthsUnreportedIsListed() throws {
        var lost = try Ledger(tier: .C, start: "2022-01-01")
        try lost.run(.recordLostContact(since: try day("2026-05-01")), on: "2026-05-10")
        #expect(lost.state.mayHaveOverdueItems)
        func items(_ on: String) throws -> [OverdueItem] {
            lost.state.overdue(on: try day(on), campaign: try campaign(), management: try policy().management)
        }
        // Six months full at the end of 2026-11-01 (X8, counted as the Civil Code counts): the situation is
        // there from 11-02, and its month runs to 12-02.
        #expect(try items("2026-12-02").isEmpty)
        let listed = try items("2026-12-07")
        let dayAfterDue = try day("2026-12-03")
        #expect(listed.map(\.rule) == [.X9] && listed.first?.since == dayAfterDue)
        #expect(listed.first?.whatInChinese.contains("2026-11-02 起已满 6 个月") == true, "\(listed)")
        try lost.run(.exitForLostContact, on: "2026-12-07")
        #expect(try items("2026-12-07").map(\.rule) == [.X9], "reported late, it is listed as such")
        #expect(try items("2026-12-07").first?.whatInChinese.contains("才报告") == true)
        var found = try Ledger(tier: .C, start: "2022-01-01")
        try found.run(.recordLostContact(since: try day("2026-05-01")), on: "2026-05-10")
        try found.run(.restoreContact, on: "2026-11-20")
        #expect(
            found.state.overdue(
                on: try day("2026-12-07"), campaign: try campaign(), management: try policy().management
            )
            .isEmpty)
    }

    /// The month's last day is within it: a retirement of 5 January reported on 5 February is in time, on 6
    /// February late (X9).
    @Test func X9_aReportOnTheLastDayOfItsMonthIsInTime() throws {
        for (reportedOn, late) in [("2026-02-05", false), ("2026-02-06", true)] {
            var ledger = try Ledger(tier: .C, start: "2022-01-01")
            try ledger.run(.retire(occurredOn: try day("2026-01-05"), rehire: nil), on: reportedOn)
            let items = ledger.state.overdue(
                on: try day("2026-03-15"), campaign: try campaign(), management: try policy().management)
            #expect(items.map(\.rule) == (late ? [.X9] : []), "reported \(reportedOn)")
            #expect(ledger.state.pendingExitReports.first?.withinDeadline == !late, "reported \(reportedOn)")
        }
    }

    /// A situation that occurred before the notice keeps no month (X9 holds new ones only): reported
    /// whenever, it is never listed as late, nor is an agreement the register holds that ended before it.
    @Test func X9_aSituationFromBeforeTheNoticeIsNeverOverdue() throws {
        let management = try policy().management
        var old = try Ledger(tier: .C, start: "2022-01-01")
        try old.run(.retire(occurredOn: try day("2024-05-10"), rehire: nil), on: "2026-01-20")
        #expect(old.state.overdue(on: try day("2026-03-15"), campaign: try campaign(), management: management).isEmpty)
        let flexible = try Ledger(tier: .D, start: "2022-01-01", flexibleEnd: "2025-10-31")
        #expect(
            flexible.state.overdue(on: try day("2026-03-15"), campaign: try campaign(), management: management).isEmpty)
        // Without the setting (a policy written before it), the month is kept by every situation, and the
        // loader says so.
        let unset = try Fixture.policy(editing: \.management) { $0["newExitSituationsFrom"] = nil }
        #expect(unset.management.newExitSituationsFrom == nil)
        #expect(unset.warnings.contains { $0.contains("newExitSituationsFrom") })
        #expect(try policy().warnings.allSatisfy { !$0.contains("newExitSituationsFrom") })
        let evaluated = try Ledger(tier: .C, start: "2022-01-01")
        let decided = try decide(
            .retire(occurredOn: try day("2024-05-10"), rehire: nil), evaluated.state, unset, try day("2026-01-20"))
        let flaggedLate = Talent.fold(evaluated.events + decided)
        let heldToTheMonth = flaggedLate.overdue(
            on: try day("2026-03-15"), campaign: try campaign(), management: unset.management)
        #expect(heldToTheMonth.map(\.rule) == [.X9])
        // A report decided so (flagged late, by a release before the setting) is listed by the policy's
        // reading, not by its flag.
        #expect(flaggedLate.pendingExitReports.first?.withinDeadline == false)
        #expect(
            flaggedLate.overdue(on: try day("2026-03-15"), campaign: try campaign(), management: management).isEmpty)
    }

    /// The register holds the agreements' last days: one that passed with no renewal and nobody reporting
    /// the situation within the month is listed, until it is reported (X4) or renewed.
    @Test func X4_X1_X9_anAgreementThatEndedWithNobodyReportingItIsListed() throws {
        let campaign = try campaign()
        var flexible = try Ledger(tier: .D, start: "2022-01-01", flexibleEnd: "2026-01-31")
        #expect(flexible.state.mayHaveOverdueItems)
        #expect(
            flexible.state.overdue(on: try day("2026-03-01"), campaign: campaign, management: try policy().management)
                .isEmpty)
        let owed = flexible.state.overdue(
            on: try day("2026-03-02"), campaign: campaign, management: try policy().management)
        #expect(owed.map(\.rule) == [.X9])
        #expect(owed.first?.since == (try day("2026-03-02")))
        #expect(owed.first?.whatInChinese.hasPrefix("柔性引进协议已于 2026-01-31 到期") == true)
        try flexible.run(.recordFlexibleAgreementExpired, on: "2026-03-10")
        #expect(
            !flexible.state.overdue(on: try day("2026-03-20"), campaign: campaign, management: try policy().management)
                .contains {
                    $0.what.contains("record its renewal")
                })
        var renewed = try Ledger(tier: .D, start: "2022-01-01", flexibleEnd: "2026-01-31")
        try renewed.run(.renewFlexibleAgreement(newEnd: try day("2027-01-31")), on: "2026-01-20")
        #expect(
            renewed.state.overdue(on: try day("2026-03-20"), campaign: campaign, management: try policy().management)
                .isEmpty)

        var rehired = try Ledger(tier: .C, start: "2020-06-01")
        let terms = RehireTerms(agreementReference: "返聘-1", sameField: true, validUntil: try day("2025-12-31"))
        try rehired.run(.retire(occurredOn: try day("2025-01-10"), rehire: terms), on: "2025-01-10")
        let ended = rehired.state.overdue(
            on: try day("2026-03-20"), campaign: campaign, management: try policy().management)
        #expect(ended.map(\.rule) == [.X9])
        #expect(ended.first?.what.contains("retiredNotRehired") == true)
        // In the console's words: the rehire agreement that ended, and its renewal (续聘), not a fact of "not rehired".
        #expect(ended.first?.whatInChinese.hasPrefix("返聘协议已于 2025-12-31 到期") == true)
        #expect(ended.first?.whatInChinese.hasSuffix("或记录续聘") == true)
        try rehired.run(.endRehire(occurredOn: try day("2026-01-01")), on: "2026-03-20")
        #expect(
            !rehired.state.overdue(on: try day("2026-03-21"), campaign: campaign, management: try policy().management)
                .contains {
                    $0.what.contains("record its renewal")
                })
    }

    @Test func W5_aWeakJudgementsFollowUpIsOverdueOnceItsDaysHavePassed() throws {
        var ledger = try Ledger(tier: .D, start: "2023-04-01")
        try ledger.run(.submitMidTermSurvey(campaign: 2025, items: surveyItems), on: "2026-01-10")
        try ledger.run(.judgeMidTermWeak(campaign: 2025), on: "2026-01-20")
        let campaign = try campaign()
        #expect(
            ledger.state.overdue(on: try day("2026-02-19"), campaign: campaign, management: try policy().management)
                .isEmpty)
        let owed = ledger.state.overdue(
            on: try day("2026-02-20"), campaign: campaign, management: try policy().management)
        #expect(owed.map(\.rule) == [.W5])
        #expect(owed.first?.since == (try day("2026-02-20")))
        #expect(ledger.state.mayHaveOverdueItems)
        try ledger.run(
            .recordMidTermFollowUp(
                campaign: 2025, responsiblePerson: "head", reminderTalkOn: try day("2026-02-25"),
                helpMeasures: "mentoring",
                improveBy: try day("2026-08-31")), on: "2026-02-25")
        #expect(
            ledger.state.overdue(on: try day("2026-03-01"), campaign: campaign, management: try policy().management)
                .isEmpty)
        #expect(!ledger.state.mayHaveOverdueItems)
    }

    @Test func P1_aPublicityThatEndedBeforeItsWorkingDaysIsListedButNotOneCutShortByAnExit() throws {
        var ledger = try Ledger(tier: .C, start: "2020-06-01")
        try ledger.run(.registerEndTerm(campaign: 2025), on: "2026-01-05")
        try ledger.run(.grade(campaign: 2025, grade: .excellent, decidedCollectively: true), on: "2026-02-10")
        let started = try ledger.run(.startPublicity(campaign: 2025), on: "2026-02-12")
        guard case .publicityStarted(let publicity) = try #require(started.first) else {
            Issue.record("expected the publicity to start: \(started)")
            return
        }
        let campaign = try campaign()
        // `decide` refuses the early end; a fact recorded otherwise (taken over from before the register)
        // is folded all the same, and the overdue list is where it shows.
        #expect(try ledger.refusal(.endPublicity(campaign: 2025), on: "2026-02-13")?.rule == .P1)
        let early = PublicityEnded(effectiveDate: try day("2026-02-13"), campaignYear: 2025, workingDays: 2)
        let cut = evolve(ledger.state, early.event)
        let items = cut.overdue(on: try day("2026-03-01"), campaign: campaign, management: try policy().management)
        #expect(items.map(\.rule) == [.P1])
        #expect(items.first?.since == (try day("2026-02-13")))
        #expect(items.first?.what.contains("earliest end \(publicity.earliestEnd)") == true)
        #expect(cut.mayHaveOverdueItems)

        // An exit ends the running publicity on its day: nothing is left to publicize (W4), nothing listed.
        var exiting = ledger
        try exiting.run(.recordDeath(occurredOn: try day("2026-02-13")), on: "2026-02-13")
        try exiting.verifyExit(on: "2026-02-14")
        #expect(exiting.state.hasExited)
        #expect(exiting.state.campaign(2025).publicity?.endedOn == (try day("2026-02-14")))
        #expect(
            !exiting.state.overdue(on: try day("2026-03-01"), campaign: campaign, management: try policy().management)
                .contains {
                    $0.rule == .P1
                })
        #expect(!exiting.state.mayHaveOverdueItems)

        // Run its full time, nothing is owed.
        try ledger.run(.endPublicity(campaign: 2025), on: "2026-02-25")
        #expect(
            ledger.state.overdue(on: try day("2026-03-01"), campaign: campaign, management: try policy().management)
                .isEmpty)
    }

    @Test func D3_aReportNotMadeByItsDeadlineAndARecommendationAwaitingTheProvinceAreListed() throws {
        var ledger = try Ledger(tier: .C, start: "2022-01-01")
        try ledger.run(
            .penalize(occurredOn: try day("2025-04-01"), sanction: Sanction(kind: .party, measure: .partyWarning)),
            on: "2025-04-10")
        let campaign = try campaign()
        #expect(
            ledger.state.overdue(on: try day("2025-04-20"), campaign: campaign, management: try policy().management)
                .isEmpty)
        #expect(
            ledger.state.overdue(on: try day("2025-05-10"), campaign: campaign, management: try policy().management)
                .map(\.rule) == [
                    .D3
                ])
        // The month's last day is within it: listed from the day after.
        let due = try #require(ledger.state.pendingReports.first?.reportDue)
        #expect(ledger.state.overdue(on: due, campaign: campaign, management: try policy().management).isEmpty)
        #expect(
            ledger.state.overdue(on: due.adding(days: 1), campaign: campaign, management: try policy().management)
                .map(\.rule) == [.D3])
        var onTheLastDay = ledger
        let recommended = try onTheLastDay.run(.recommend(outcome: .downgrade), on: due.description)
        #expect(
            recommended.compactMap {
                if case .exitOrDowngradeRecommended(let r) = $0 { r.reportedWithinDeadline } else { nil }
            } == [true])
        try ledger.run(.recommend(outcome: .downgrade), on: "2025-05-12")
        let waiting = ledger.state.overdue(
            on: try day("2025-06-01"), campaign: campaign, management: try policy().management)
        #expect(waiting.map(\.rule) == [.D3])
        #expect(waiting.first?.what.contains("waits for the province's decision") == true)
        // Made after its month, it stays listed as late (as a late exit report is, X9); made in time, as
        // waiting for the decision alone.
        #expect(waiting.first?.whatInChinese.contains("2025-05-12 才提出“降级”建议（应于 \(due)（含）前）") == true, "\(waiting)")
        #expect(waiting.first?.since == due.adding(days: 1))
        let inTime = onTheLastDay.state.overdue(
            on: try day("2025-06-01"), campaign: campaign, management: try policy().management)
        #expect(inTime.first?.whatInChinese == "\(due) 提出的“降级”建议，待省人社厅核实决定", "\(inTime)")
        #expect(inTime.first?.since == due)
    }
}
