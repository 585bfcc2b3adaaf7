// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like X9 are the register's own spelling.

import Foundation
import TalentApplication
import Testing

@testable import ReadModels
@testable import TalentConsole
@testable import TalentDomain
@testable import TalentServer

/// The console's small renderers, on their own.
@Suite("The console's rendering helpers")
struct ConsoleRenderingTests {
    /// The timeline names who recorded a fact by role, in words, then the organization it acted for, then
    /// the account; the system by role.
    @Test func aRecorderIsNamedByRoleInWordsThenByOrganizationAndAccount() {
        #expect(
            ConsoleVocabulary.recorder(role: "unit-officer", organization: "市一中", account: "acc-1")
                == "用人单位经办人（市一中，acc-1）")
        #expect(
            ConsoleVocabulary.recorder(role: "province-office", organization: nil, account: "acc-3") == "省人社厅（acc-3）")
        #expect(ConsoleVocabulary.recorder(role: "system", organization: nil, account: "system") == "系统")
        #expect(ConsoleVocabulary.recorder(role: nil, organization: nil, account: "acc-2") == "acc-2")
        #expect(ConsoleVocabulary.recorder(role: "province-office", organization: nil, account: nil) == "—")
    }

    /// D3, X9: the months within which a situation is reported are said as the policy sets them, not as a
    /// page once wrote them.
    @Test func D3_X9_theMonthsToReportWithinAreThePolicys() {
        #expect(ConsoleVocabulary.months(1) == "一个月" && ConsoleVocabulary.months(6) == "6个月")
        let text = ConsoleController<TalentRequestContext>.declaredNotRecorded(.D2, months: 2)
        #expect(text.contains("自情形发生之日起两个月内报告") && !text.contains("一个月"))
    }

    /// A form posted from this server's page is its own origin, however the host is written or a reverse
    /// proxy passes it on; a page elsewhere is not, whatever it claims to be forwarded for.
    @Test func aFormIsFromThisServerWhenItsOriginIsTheHostTheBrowserAskedFor() throws {
        func same(
            _ source: String?, host: String? = "hr.jl.gov.cn", forwardedHost: [String] = [], forwarded: [String] = []
        ) -> Bool {
            ConsoleController<TalentRequestContext>.sameOrigin(
                source: source, authority: host, forwardedHosts: forwardedHost, forwarded: forwarded)
        }
        let origin = "https://hr.jl.gov.cn"
        #expect(same(origin))
        #expect(same(origin, host: "HR.jl.gov.cn:443"))
        #expect(same(origin, host: "127.0.0.1:8080", forwardedHost: ["hr.jl.gov.cn"]))
        #expect(same(origin, host: "127.0.0.1:8080", forwarded: ["for=10.0.0.1;host=hr.jl.gov.cn;proto=https"]))
        #expect(same("https://hr.jl.gov.cn/console/sign-in"), "a Referer")
        #expect(same(nil), "a client that is not a browser names no page")
        #expect(!same(origin, host: "127.0.0.1:8080"))
        #expect(!same("https://elsewhere.example"))
        #expect(!same("https://hr.jl.gov.cn:8443"))
        #expect(!same("null"))
        #expect(!same("https://elsewhere.example", host: "127.0.0.1:8080", forwardedHost: ["hr.jl.gov.cn"]))
    }

    /// What keeps a unit from submitting is said in Chinese for every rule a blocker can name, the
    /// survey's (W2) too, and at the step the talent is at (W3, P1).
    @Test func everyBlockerOfASubmissionIsSaidInChinese() {
        for rule in [RuleID.W1, .W2, .W3, .P1, .P3] {
            let said = ConsoleVocabulary.missing(SubmissionBlocker(talent: TalentID("t-1"), rule: rule, missing: "x"))
            #expect(said != "x" && said.unicodeScalars.contains { $0.value >= 0x4E00 }, "\(rule): \(said)")
        }
        // The step a blocker is at: a registration before a grade, a publicity not yet started.
        func said(_ rule: RuleID, _ step: SubmissionBlocker.Step) -> String {
            ConsoleVocabulary.missing(
                SubmissionBlocker(talent: TalentID("t-1"), rule: rule, missing: "x", nextStep: step))
        }
        #expect(said(.W3, .registerEndTerm) == "期末考核尚未登记：先登记期末考核，再确定考核等次")
        #expect(said(.W3, .grade) == "无期末考核等次，也无暂不确定等次的原因（G2）")
        #expect(said(.P1, .startPublicity) == "考核结果为优秀，尚未公示")
        #expect(said(.P1, .endPublicity) == "考核结果为优秀，公示尚未结束")
    }

    /// A refusal is one sentence: the rule's name, then the reason, each closed by one full stop.
    @Test func aRefusalLeadsWithItsRulesNameAndEndsWithOneFullStop() {
        #expect(ConsoleVocabulary.refusal(Refusal(.X1, "该人才已退休")) == "退休且未返聘。该人才已退休。")
        #expect(
            ConsoleVocabulary.refusal(Refusal(.registerLimits, "effectiveOn：2099-01-01晚于今天（2026-01-05）"))
                == "输入范围。effectiveOn：2099-01-01晚于今天（2026-01-05）。")
    }

    /// The timeline's rows: an address of their own, the day the situation occurred under the day it took
    /// effect, the tier and both cards the fact left in words (the strip above draws them in colour and
    /// shape only), and every text escaped (a person's 说明 may hold anything).
    @Test func theTimelinesRowsSayTheTierAndCardsEachFactLeftWithTheirTextEscaped() throws {
        var after = Talent()
        after.entitlements.jixiangCard = .suspended
        after.entitlements.jijianCard = .takenBack
        let entry = TimelineEntry(
            version: 7, type: "TalentRetired", effectiveDate: try Day("2026-02-01"), occurredOn: try Day("2026-01-15"),
            recordedAt: Date(timeIntervalSince1970: 1_770_000_000), actor: "acc-1", role: "unit-officer",
            organization: "unit-a", ruleID: "X1", cause: nil, reason: #"<script>alert("x")</script>"#,
            // The row shows the talent on the fact's day (a fact recorded late: not as it stood once recorded).
            stateAfter: Talent(), stateOnItsDay: after)
        let tree = OrganizationTree([
            Organization(id: "unit-a", name: "市一中", shortName: "一中", kind: .cityUnit, parentID: nil, region: nil)
        ])
        let html = ConsoleController<TalentRequestContext>.timelineRows([entry], tree: tree)
        #expect(html.hasPrefix(#"<tr id="event-7"><td>2026-02-01<br><small>发生于 2026-01-15</small></td>"#))
        #expect(
            html.contains(
                "<td>\(ConsoleVocabulary.event("TalentRetired"))</td><td>未认定</td><td>暂停</td><td>已收回</td><td>X1</td><td></td>"
            ))
        #expect(html.contains("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("<td>用人单位经办人（市一中，acc-1）</td>") && html.hasSuffix("</td></tr>"))
    }

    /// X9, D3, SEC2: a fact recorded by a person says on its row what it holds beyond its type — the
    /// province's verification its outcome and, to whoever sees the talent in full, its finding (its row
    /// said only the reported situation's code), a decision its outcome — where no rule derived it; a
    /// derived fact keeps its cause.
    @Test func X9_D3_SEC2_aVerificationsAndADecisionsRowsSayTheirOutcome() throws {
        func row(_ event: TalentEvent, cause: String? = nil, reason: String? = nil, withTexts: Bool = true) throws
            -> String
        {
            // As the register says the timeline to a reader who sees the talent in full, or masked.
            ConsoleController<TalentRequestContext>.timelineRows(
                RegisterQueries.said(
                    [
                        TimelineEntry(
                            version: 3, type: event.typeName, effectiveDate: try Day("2026-04-20"), occurredOn: nil,
                            recordedAt: Date(timeIntervalSince1970: 1_770_000_000), actor: "acc-1",
                            role: "province-office", ruleID: "X9", cause: cause, reason: reason, stateAfter: Talent(),
                            stateOnItsDay: Talent(), event: event)
                    ], withTexts ? .full : .masked), tree: OrganizationTree([]))
        }
        let day = try Day("2026-04-20")
        let confirmed = ExitSituationVerified(
            effectiveDate: day, reason: .retiredAtTierE, occurredOn: try Day("2026-02-02"), confirmed: true,
            finding: "已办理退休手续")
        #expect(try row(confirmed.event).contains("<td>E类人才退休：属实，退出管理；核实情况：已办理退休手续</td>"))
        // Recorded to the second, as the "known at" picker takes it: two facts of a minute are told apart.
        #expect(try row(confirmed.event).contains("<td>2026-02-02 10:40:00</td>"))
        var unfounded = confirmed
        unfounded.confirmed = false
        #expect(try row(unfounded.event).contains("不属实，撤销报告"))
        // The verification's command names the situation in its `reason`, the events' reason too: said in words.
        let said = try row(confirmed.event, reason: "retiredAtTierE")
        #expect(said.contains("<td>E类人才退休</td>") && !said.contains("retiredAtTierE"))
        #expect(
            try row(RecommendationDecided(effectiveDate: day, outcome: .noAction).event).contains("<td>决定：维持不变</td>"))
        #expect(try row(confirmed.event, cause: "由规则得出").contains("<td>由规则得出</td>"))
        // SEC2: whoever sees the talent masked reads the outcome, not the province's finding.
        let masked = try row(confirmed.event, withTexts: false)
        #expect(masked.contains("<td>E类人才退休：属实，退出管理</td>") && !masked.contains("已办理退休手续"))
    }

    /// A page may be asked as of a day far ahead: the strip still marks a bounded number of years (it drew
    /// one line per year, some 8,000 for a page as of 9999-12-31).
    @Test func theTimelineStripMarksEveryYearOfAShortSpanAndABoundedNumberOfALongOne() throws {
        let entry = TimelineEntry(
            version: 1, type: "TalentEvaluated", effectiveDate: try Day("2021-03-01"), occurredOn: nil,
            recordedAt: Date(timeIntervalSince1970: 1_614_556_800), actor: "system", role: "system", ruleID: nil,
            cause: nil, reason: nil, stateAfter: Talent(), stateOnItsDay: Talent())
        func years(_ svg: String) -> [String] {
            svg.components(separatedBy: #"class="year">"#).dropFirst().map { String($0.prefix { $0 != "<" }) }
        }
        let near = Charts.timeline([entry], until: try Day("2026-12-04"))
        // The strip starts a month before the first fact: 2021's first of January lies before it.
        #expect(years(near) == ["2022", "2023", "2024", "2025", "2026", "2027"])
        let far = Charts.timeline([entry], until: try Day("9999-12-31"))
        let marks = years(far).compactMap { Int($0) }
        #expect((5...Charts.maximumYearMarks).contains(marks.count))
        #expect(marks == marks.sorted() && marks.allSatisfy { $0 % 500 == 0 } && marks.first ?? 0 >= 2022)
        #expect(far.utf8.count < 8_000)
        // Every year's label lies inside the strip (900 wide): the last one, near its right edge, ends at its line.
        for label in near.components(separatedBy: "<text x=\"").dropFirst() where label.contains(#"class="year""#) {
            let x = try #require(Int(label.prefix { $0.isNumber }))
            if label.contains(#"text-anchor="end""#) {
                #expect(x - Charts.yearLabelWidth >= 0)
            } else {
                #expect(x + Charts.yearLabelWidth <= 900, "\(label.prefix(40))")
            }
        }
        #expect(near.contains(#"text-anchor="end" class="year">2027<"#))
    }

    /// A card suspended for a few days of a strip of years is still seen: drawn at least a few pixels wide,
    /// the band that follows it starting where it ends, in date order; a state a later fact of the same day
    /// replaced is drawn not at all.
    @Test func aShortSuspensionIsDrawnWideEnoughToBeSeen() throws {
        func entry(_ version: Int64, _ day: String, _ card: CardStatus) throws -> TimelineEntry {
            var state = Talent()
            state.status = .underManagement
            state.tier = .C
            state.entitlements.jixiangCard = card
            state.entitlements.jijianCard = .active
            return TimelineEntry(
                version: version, type: "EntitlementsChanged", effectiveDate: try Day(day), occurredOn: nil,
                recordedAt: Date(timeIntervalSince1970: 1_614_556_800), actor: "system", role: "system", ruleID: nil,
                cause: nil, reason: nil, stateAfter: state, stateOnItsDay: state)
        }
        func suspended(_ svg: String) -> [Substring] {
            svg.components(separatedBy: "<rect ").map { Substring($0) }.filter {
                $0.contains(#"class="card-suspended""#)
            }
        }
        let strip = Charts.timeline(
            [
                try entry(1, "2017-03-01", .active), try entry(2, "2026-04-01", .suspended),
                try entry(3, "2026-04-04", .active),
            ], until: try Day("2026-12-04"))
        let drawn = suspended(strip)
        #expect(drawn.count == 1)
        #expect(drawn.first?.contains(#"width="\#(Charts.minimumCardChangeWidth)""#) == true, "\(drawn)")
        // The 吉享卡's bands in date order, none over another: each starts where the one before ends.
        let row = strip.matches(of: /<rect x="(\d+)" y="46" width="(\d+)"[^>]*class="card-(\w+)"/).map {
            (x: Int($0.1)!, width: Int($0.2)!, card: String($0.3))
        }
        #expect(row.map(\.card) == ["active", "suspended", "active"], "\(row)")
        #expect(zip(row, row.dropFirst()).allSatisfy { $0.x + $0.width == $1.x }, "\(row)")
        // Suspended and restored on the same day: the state between lasted no day.
        let sameDay = Charts.timeline(
            [
                try entry(1, "2017-03-01", .active), try entry(2, "2026-04-01", .suspended),
                try entry(3, "2026-04-01", .active),
            ], until: try Day("2026-12-04"))
        #expect(suspended(sameDay).isEmpty)
        // Suspended today: seen today.
        let today = Charts.timeline(
            [try entry(1, "2017-03-01", .active), try entry(2, "2026-04-01", .suspended)], until: try Day("2026-04-01"))
        #expect(suspended(today).count == 1)
    }

    /// A fact that changes neither the tier nor a card (a survey, a payment) draws no band of its own: the
    /// band runs on from where its state began, and its title says that day; the fact keeps its mark.
    @Test func aFactThatChangesNothingOfARowExtendsTheBandBeforeIt() throws {
        func entry(_ version: Int64, _ day: String, _ tier: Tier) throws -> TimelineEntry {
            var state = Talent()
            state.status = .underManagement
            state.tier = tier
            state.entitlements.jixiangCard = .active
            state.entitlements.jijianCard = .active
            return TimelineEntry(
                version: version, type: "BasicInfoCollected", effectiveDate: try Day(day), occurredOn: nil,
                recordedAt: Date(timeIntervalSince1970: 1_614_556_800), actor: "system", role: "system", ruleID: nil,
                cause: nil, reason: nil, stateAfter: state, stateOnItsDay: state)
        }
        let strip = Charts.timeline(
            [
                try entry(1, "2021-03-01", .B), try entry(2, "2026-01-15", .B), try entry(3, "2026-11-20", .B),
                try entry(4, "2027-01-12", .C),
            ], until: try Day("2027-06-01"))
        let tiers = strip.matches(of: /<rect x="\d+" y="14"[^>]*><title>([^<]+)<\/title>/).map { String($0.1) }
        #expect(tiers == ["2021-03-01 起：B类", "2027-01-12 起：C类"], "\(tiers)")
        let cards = strip.matches(of: /<rect x="\d+" y="46"[^>]*><title>([^<]+)<\/title>/).map { String($0.1) }
        #expect(cards == ["2021-03-01 起：吉享卡正常"], "\(cards)")
        #expect(strip.components(separatedBy: #"class="mark""#).count - 1 == 4)
        // A tier changed today is seen today: its band is drawn as wide as a short card change.
        let changedToday = Charts.timeline(
            [try entry(1, "2021-03-01", .B), try entry(2, "2027-01-12", .C)], until: try Day("2027-01-12"))
        let today = try #require(
            changedToday.firstMatch(of: /<rect x="\d+" y="14" width="(\d+)"[^>]*><title>2027-01-12 起：C类/))
        #expect(Int(today.1) == Charts.minimumCardChangeWidth)
        // Four tiers on four days in a row: each seen, the last ending at today, none past the strip's edge.
        let quick = Charts.timeline(
            [
                try entry(1, "2021-03-01", .B), try entry(2, "2026-12-03", .E), try entry(3, "2026-12-05", .C),
                try entry(4, "2026-12-06", .D), try entry(5, "2026-12-07", .B),
            ], until: try Day("2026-12-07"))
        let row = quick.matches(of: /<rect x="(\d+)" y="14" width="(\d+)"[^>]*><title>([^<]+)</).map {
            (x: Int($0.1)!, width: Int($0.2)!, title: String($0.3))
        }
        #expect(row.map(\.title).last == "2026-12-07 起：B类" && row.count == 5, "\(row)")
        #expect(row.dropFirst().allSatisfy { $0.width >= Charts.minimumCardChangeWidth }, "\(row)")
        #expect(zip(row, row.dropFirst()).allSatisfy { $0.x + $0.width == $1.x }, "\(row)")
        #expect((row.last.map { $0.x + $0.width } ?? 900) < 900, "\(row)")
    }

    /// A card issued today is seen today: its band is drawn as wide as a short change, where the band before
    /// it gives way.
    @Test func aCardIssuedTodayIsSeen() throws {
        func entry(_ version: Int64, _ day: String, _ card: CardStatus) throws -> TimelineEntry {
            var state = Talent()
            state.status = .underManagement
            state.tier = .C
            state.entitlements.jixiangCard = card
            return TimelineEntry(
                version: version, type: "EntitlementsChanged", effectiveDate: try Day(day), occurredOn: nil,
                recordedAt: Date(timeIntervalSince1970: 1_614_556_800), actor: "system", role: "system", ruleID: nil,
                cause: nil, reason: nil, stateAfter: state, stateOnItsDay: state)
        }
        let strip = Charts.timeline(
            [try entry(1, "2021-03-01", .none), try entry(2, "2026-12-07", .active)], until: try Day("2026-12-07"))
        let row = strip.matches(of: /<rect x="\d+" y="46" width="(\d+)"[^>]*class="card-(\w+)"/).map {
            (width: Int($0.1)!, card: String($0.2))
        }
        #expect(row.map(\.card) == ["none", "active"] && row.last?.width == Charts.minimumCardChangeWidth, "\(row)")
    }

    /// The overview says when its figures were counted to the second: two servers count at their own
    /// moments, and a person moved between them sees which figures are the later.
    @Test func aTimeOnChinasClockIsWrittenToTheMinuteOrToTheSecond() throws {
        let moment = BusinessDay.moment(try Day("2026-12-06"), seconds: 3 * 3600 + 4 * 60 + 5)
        // Amounts grouped by thousands, as an office writes them.
        #expect(ConsoleVocabulary.yuan(500_000) == "500,000" && ConsoleVocabulary.yuan(0) == "0")
        #expect(ConsoleVocabulary.yuan(1_234_567) == "1,234,567" && ConsoleVocabulary.yuan(999) == "999")
        #expect(BusinessDay.clockText(moment) == "2026-12-06 03:04")
        #expect(BusinessDay.clockText(moment, seconds: true) == "2026-12-06 03:04:05")
        #expect(BusinessDay.clockText(moment.addingTimeInterval(0.999), seconds: true) == "2026-12-06 03:04:05")
    }

    @Test func markupTextIsEscapedOnceAndLeftAsItIsWithoutMarkup() {
        #expect(Markup.escaped(#"张三 <b> & "x""#) == "张三 &lt;b&gt; &amp; &quot;x&quot;")
        #expect(Markup.escaped("&amp;") == "&amp;amp;")
        #expect(Markup.escaped("高层次人才 A类") == "高层次人才 A类")
        #expect(Markup.escaped("") == "")
    }

    /// A template prints an absent optional as "nil" and takes it for true: a page's values go without
    /// them, and present ones unwrapped (a template would print "Optional(…)").
    @Test func aPagesValuesLoseAbsentOptionalsAndKeepPresentOnesUnwrapped() throws {
        let name: String? = "张三"
        let none: String? = nil
        let nested: Int?? = .some(.some(3))
        let values = try #require(
            ConsoleController<TalentRequestContext>.present([
                "name": name as Any, "none": none as Any, "nested": nested as Any,
                "rows": [["absent": none as Any, "count": 1]],
                "optionalPart": Optional(["inner": none as Any, "kept": "是"] as [String: Any]) as Any,
                "labels": ["a": "甲"] as [String: String],
            ]) as? [String: Any])
        let part = try #require(values["optionalPart"] as? [String: Any])
        #expect(part["inner"] == nil)
        #expect(part["kept"] as? String == "是")
        #expect((values["labels"] as? [String: Any])?["a"] as? String == "甲")
        let shown = try #require(values["name"])
        #expect(type(of: shown) == String.self)
        #expect(shown as? String == "张三")
        #expect(values["none"] == nil)
        #expect(values["nested"] as? Int == 3)
        let rows = try #require(values["rows"] as? [[String: Any]])
        #expect(rows.first?["absent"] == nil)
        #expect(rows.first?["count"] as? Int == 1)
    }
}
