// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like G4 are the register's own spelling.

import Testing

@testable import Reports
@testable import TalentDomain

/// What a work report counts of a talent's changes: each within the campaign's days, each once.
@Suite("A work report's exits and downgrades")
struct CampaignFiguresTests {
    static func downgrade(_ from: Tier, _ to: Tier, on day: String) throws -> Talent.DowngradeRecord {
        Talent.DowngradeRecord(
            from: from, to: to, on: try Day(day),
            reapplication: Reapplication(rule: .afterWaitingPeriod, allowedFrom: nil))
    }

    /// G4, D3, M3, S1: two downgrades of one talent are two, one kept over a new evaluation still counts, and
    /// each counts in the campaign whose days hold it (2025's through its window's close, 2026's after).
    @Test func G4_D3_M3_S1_everyDowngradeCountsOnceInTheCampaignWhoseDaysHoldIt() throws {
        var talent = Talent.initial
        talent.id = TalentID("T-1")
        talent.tier = .C
        talent.downgrades = [
            try Self.downgrade(.A, .B, on: "2025-06-01"), try Self.downgrade(.B, .C, on: "2026-01-15"),
            try Self.downgrade(.C, .D, on: "2026-05-01"),
        ]
        // Evaluated again since: the bar on a higher tier is lifted, the downgrades stay.
        talent.lastDowngrade = nil
        func figures(_ window: ClosedRange<Day>?) -> CampaignFigures {
            var figures = CampaignFigures()
            figures.count(
                talent, classified: false, name: "张三", unit: "一中", workItems: [.basicInfoCollection], campaign: 2025,
                window: window)
            return figures
        }
        let y2025 = figures(try Day("2025-01-01")...Day("2026-03-31"))
        #expect(y2025.downgrades == 2)
        #expect(y2025.downgradeCases.map(\.detail) == ["A类降为B类（2025-06-01）", "B类降为C类（2026-01-15）"])
        let y2026 = figures(try Day("2026-04-01")...Day("2027-03-20"))
        #expect(y2026.downgrades == 1 && y2026.downgradeCases.map(\.detail) == ["C类降为D类（2026-05-01）"])
        #expect(figures(nil).downgrades == 0)
    }

    /// C3, M3, S1: an exit before a new evaluation is still an exit of its campaign's days, and a second
    /// exit does not hide the first.
    @Test func C3_M3_S1_everyExitCountsInTheCampaignWhoseDaysHoldIt() throws {
        var talent = Talent.initial
        talent.id = TalentID("T-1")
        talent.tier = .D
        let waiting = Reapplication(rule: .whenCriteriaMetAgain, allowedFrom: nil)
        talent.exits = [
            Talent.ExitRecord(reason: .becameCivilServant, on: try Day("2026-05-10"), reapplication: waiting),
            Talent.ExitRecord(reason: .leftProvince, on: try Day("2026-08-10"), reapplication: waiting),
        ]
        talent.exit = talent.exits.last
        var figures = CampaignFigures()
        figures.count(
            talent, classified: false, name: "张三", unit: "一中", workItems: [.basicInfoCollection], campaign: 2026,
            window: try Day("2026-04-01")...Day("2027-03-31"))
        #expect(figures.exits == 2 && figures.exitsByReason == [.becameCivilServant: 1, .leftProvince: 1])
        // Evaluated again since: the row's exit is gone, the exits stay.
        talent.exit = nil
        var after = CampaignFigures()
        after.count(
            talent, classified: false, name: "张三", unit: "一中", workItems: [.basicInfoCollection], campaign: 2026,
            window: try Day("2026-04-01")...Day("2027-03-31"))
        #expect(after.exits == 2)
    }

    /// W4, S1: a talent due an end-term assessment and reported to be exiting before a grade is assessed no
    /// further (§5(3)4): the report says so, and its due ones add up to the graded, the pending and these.
    /// It once said 15 due, 14 graded and none pending, one left unaccounted.
    @Test func W4_S1_anAssessmentStoppedByAnExitSituationIsCountedSoTheFiguresAddUp() throws {
        var graded = Talent.initial
        graded.id = TalentID("T-1")
        graded.tier = .C
        graded.status = .underManagement
        graded.campaigns[2025] = CampaignRecord.empty
        graded.campaigns[2025]?.endTermRegisteredOn = try Day("2026-01-12")
        graded.campaigns[2025]?.grade = .good
        var stopped = graded
        stopped.id = TalentID("T-2")
        stopped.campaigns[2025]?.grade = nil
        stopped.pendingExitReports = [
            Talent.ExitReport(
                reason: .died, occurredOn: try Day("2026-02-01"), reportedOn: try Day("2026-02-20"), reportDue: nil,
                withinDeadline: true)
        ]
        var figures = CampaignFigures()
        for talent in [graded, stopped] {
            figures.count(
                talent, classified: false, name: "张三", unit: "一中", workItems: [.endTermAssessment], campaign: 2025,
                window: nil)
        }
        #expect(figures.assessmentsDue == 2 && figures.assessmentsStopped == 1)
        #expect(
            WorkReport.assessmentsInWords(figures)
                == "期末考核应考核2名，已评定等次1名（其中考核结果已确定0名），暂不确定等次0名，因出现应予退出管理的情形不再考核1名。")
        var none = CampaignFigures()
        none.count(
            graded, classified: false, name: "张三", unit: "一中", workItems: [.endTermAssessment], campaign: 2025,
            window: nil)
        #expect(WorkReport.assessmentsInWords(none).hasSuffix("暂不确定等次0名。"))
    }
}
