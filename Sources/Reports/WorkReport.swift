import Foundation
import TalentDomain

/// The work report (Attachment 5, XX（单位）2025年度高层次人才管理期期中业绩调查和期末考核工作报告) as .docx,
/// filled with the figures of a unit, or of the units of a county, city, department or the province.
///
/// The notice gives the report only as a reference template that is not reproduced in its text; the
/// sections follow what §3 and §6 ask each level to report. The last section is left for the unit's
/// own words (experience, problems, suggestions, §7(5)), which the register cannot know.
public enum WorkReport {
    public static func title(organization: String, campaign year: Int) -> String {
        "\(organization)\(year)年度高层次人才管理期期中业绩调查和期末考核工作报告"
    }

    /// Writes the report of `figures` for `heading.organization` to `url`. `units` is how many units the
    /// figures add up (nil for one unit's own report); `lateness`, the reasons the late units gave with
    /// their make-ups, by unit name (S4: "需注明逾期原因", so the paper that travels says it too);
    /// `changesReported`, the days whose exits and downgrades the figures count (S1, nil: none).
    public static func write(
        _ figures: CampaignFigures, heading: CampaignForms.Heading, campaign year: Int, units: Int? = nil,
        changesReported: ClosedRange<Day>?, lateness: [(unit: String, reason: String)] = [], to url: URL
    ) throws {
        var document = WordDocument()
        document.append(.title(title(organization: heading.organization, campaign: year)))
        for block in sections(figures, campaign: year, units: units, changesReported: changesReported) {
            document.append(block)
        }
        for block in latenessSection(lateness, units: units) { document.append(block) }
        if heading.namesMasked {
            document.append(.paragraph("注：本报告名单中的姓名已按查看权限脱敏。"))
        }
        document.append(.paragraph(""))
        document.append(.signature(heading.organization))
        document.append(.signature(heading.dateInWords))
        try document.write(to: url)
    }

    /// S4: why the materials were sent after the window closed, as the late units said when they made up.
    static func latenessSection(_ lateness: [(unit: String, reason: String)], units: Int?) -> [WordDocument.Block] {
        guard !lateness.isEmpty else { return [] }
        guard units != nil else {
            return [.heading("附：逾期报送说明"), .paragraph("本单位未在规定时间内报送，逾期原因：\(lateness[0].reason)")]
        }
        return [.heading("附：逾期报送说明"), .paragraph("以下单位未在规定时间内报送，补报时说明的逾期原因：")]
            + lateness.map { .paragraph("\($0.unit)：\($0.reason)") }
    }

    /// The end-term assessments of the report's second section: due, graded (made final), pending, and
    /// those stopped by an exit situation (W4), so that they add up.
    static func assessmentsInWords(_ figures: CampaignFigures) -> String {
        "期末考核应考核\(figures.assessmentsDue)名，已评定等次\(figures.byGrade.values.reduce(0, +))名"
            + "（其中考核结果已确定\(figures.confirmedByGrade.values.reduce(0, +))名），"
            + "暂不确定等次\(figures.pending)名"
            + (figures.assessmentsStopped > 0 ? "，因出现应予退出管理的情形不再考核\(figures.assessmentsStopped)名" : "") + "。"
    }

    static func sections(
        _ figures: CampaignFigures, campaign year: Int, units: Int?, changesReported: ClosedRange<Day>?
    ) -> [WordDocument.Block] {
        var blocks: [WordDocument.Block] = []
        let scope = units.map { "所辖\($0)个用人单位" } ?? "本单位"
        // T4: the classified talents are in the total alone; every figure and list below leaves them out.
        let classified =
            figures.classified > 0 ? "，其中涉密人员\(figures.classified)名（按规定仅计总数，不列入以下各项统计和名单）" : ""
        blocks.append(.heading("一、基本情况"))
        blocks.append(
            .paragraph("\(scope)纳入\(year)年度高层次人才考核工作范围的人才共\(figures.talents)名\(classified)。按层次分布如下。"))
        blocks.append(
            .table(
                header: ["层次", "人数"],
                rows: Tier.allCases.map { ["\($0.rawValue)类", "\(figures.byTier[$0] ?? 0)"] }
                    + (figures.classified > 0 ? [["涉密人员（不分层次）", "\(figures.classified)"]] : [])
                    + [["合计", "\(figures.talents)"]], weights: [1, 1]))

        blocks.append(.heading("二、工作开展情况"))
        let weak =
            figures.weakJudgements > 0
            ? "（其中经评估业绩成果欠佳\(figures.weakJudgements)名，已提醒谈话并明确帮扶措施\(figures.weakFollowedUp)名）" : ""
        blocks.append(
            .paragraph(
                "基本信息采集应采集\(figures.basicInfoDue)名，已采集\(figures.basicInfoCollected)名；"
                    + "期中业绩调查应调查\(figures.surveysDue)名，已调查\(figures.surveysDone)名\(weak)；"
                    + Self.assessmentsInWords(figures)))

        blocks.append(.heading("三、期末考核结果"))
        blocks.append(
            .table(
                header: ["考核等次", "已评定", "其中结果已确定"],
                rows: Grade.allCases.map {
                    [$0.chineseName, "\(figures.byGrade[$0] ?? 0)", "\(figures.confirmedByGrade[$0] ?? 0)"]
                } + [["暂不确定", "\(figures.pending)", "—"]], weights: [1, 1, 1]))
        if !figures.pendingCases.isEmpty {
            blocks.append(.paragraph("暂不确定考核等次的人员及原因如下。"))
            blocks.append(cases(figures.pendingCases, detail: "原因", byUnit: units != nil))
        }

        blocks.append(.heading("四、公示及异议处理情况"))
        let excellent = figures.byGrade[.excellent] ?? 0
        let notStarted = figures.publicitiesNotStarted > 0 ? "，尚未公示\(figures.publicitiesNotStarted)名" : ""
        blocks.append(
            .paragraph(
                "考核结果为优秀的人员\(excellent)名，已完成公示\(figures.publicitiesFinished)名，"
                    + "公示中\(figures.publicitiesRunning)名\(notStarted)。"
                    // P3: an objection may be to any result, not only to an excellent one publicized.
                    + "对考核结果收到异议\(figures.objectionsAnswered + figures.objectionsOpen)件，"
                    + "已核实答复\(figures.objectionsAnswered)件，尚未答复\(figures.objectionsOpen)件。"))

        blocks.append(.heading("五、退出和降级情况"))
        // Counted as they took effect: a talent downgraded twice, or exited, evaluated again and exited, is
        // two of them (人次).
        // The days counted said: a campaign's report counts from the day after the one before closed (S1),
        // which is not the calendar year an overview counts.
        let days =
            changesReported.map {
                "\(CampaignForms.inWords($0.lowerBound))至\(CampaignForms.inWords($0.upperBound))"
            } ?? "本报告期"
        blocks.append(.paragraph("\(days)，退出管理\(figures.exits)人次，降级\(figures.downgrades)人次。"))
        if !figures.exitsByReason.isEmpty {
            blocks.append(
                .table(
                    header: ["退出原因", "人次"],
                    rows: ExitReason.allCases.compactMap { reason in
                        figures.exitsByReason[reason].map { [reason.chineseName, "\($0)"] }
                    }, weights: [4, 1]))
        }
        if !figures.exitCases.isEmpty {
            blocks.append(.paragraph("退出管理人员名单如下。"))
            blocks.append(cases(figures.exitCases, detail: "退出原因", byUnit: units != nil))
        }
        if !figures.downgradeCases.isEmpty {
            blocks.append(.paragraph("降级人员名单如下。"))
            blocks.append(cases(figures.downgradeCases, detail: "降级情况", byUnit: units != nil))
        }

        blocks.append(.heading("六、经验做法、存在问题及意见建议"))
        blocks.append(.paragraph("（由单位结合工作实际填写。）"))
        return blocks
    }

    /// A list of named cases; a level's (`byUnit`) names each talent's unit too.
    static func cases(_ cases: [CampaignFigures.Case], detail: String, byUnit: Bool) -> WordDocument.Block {
        if byUnit {
            return .table(
                header: ["序号", "人才编号", "姓名", "单位", detail],
                rows: cases.enumerated().map {
                    ["\($0.offset + 1)", $0.element.id, $0.element.name, $0.element.unit, $0.element.detail]
                },
                weights: [2, 4, 3, 6, 6])
        }
        return .table(
            header: ["序号", "人才编号", "姓名", detail],
            rows: cases.enumerated().map { ["\($0.offset + 1)", $0.element.id, $0.element.name, $0.element.detail] },
            weights: [1, 2, 2, 5])
    }
}
