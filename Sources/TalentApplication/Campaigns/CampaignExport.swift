import Foundation
import ReadModels
import Reports
import TalentDomain

extension TalentRegister {
    /// The file names of a unit's forms.
    public static let attachmentOneFile = "附件1_高层次人才基本信息采集表.xlsx"
    public static let attachmentFourFile = "附件4_期中业绩调查和期末考核情况合并汇总表.xlsx"

    /// Writes `unit`'s Attachment 1 and Attachment 4 of `campaign` into `directory` (S1), desensitized
    /// (SEC1: no id numbers or phones; classified talents, T4, counted only); answers the files written.
    /// For the unit's officer, the levels above it and the provincial office.
    public func exportForms(
        campaign year: Int, unit: String, on date: Day, to directory: URL, attachments: Set<Int> = [1, 4],
        by caller: Caller
    ) async throws -> [URL] {
        let access = try await queries.access()
        try Self.requireUnit(unit, readableBy: caller, access: access)
        let campaign = try campaign(year)
        let unitName = access.tree[unit]?.name ?? unit
        var basic: [CampaignForms.BasicInfoRow] = []
        var assessed: [CampaignForms.AssessmentRow] = []
        var classified = 0
        for listing in try await talents(answeredBy: unit) {
            let talent = listing.id
            guard let state = try await queries.history.state(of: talent, asOf: nil, knownAt: nil),
                let tier = state.tier
            else { continue }
            let items = campaign.workItems(for: state, on: date)
            guard !items.isEmpty else { continue }
            if state.isClassified {
                classified += 1
                continue
            }
            let name = listing.name ?? ""
            let record = state.campaign(year)
            if items.contains(.basicInfoCollection) {
                basic.append(
                    .init(id: talent.rawValue, name: name, tier: tier, employer: unitName, info: record.basicInfo))
            }
            let assessments = [WorkItem.midTermSurvey, .endTermAssessment].filter(items.contains)
            if !assessments.isEmpty {
                let consequence =
                    state.lastDowngrade.map { "降级：\($0.from.rawValue)类→\($0.to.rawValue)类（\($0.on)）" }
                    ?? (state.hasExited ? "退出管理" : "无")
                assessed.append(
                    .init(
                        id: talent.rawValue, name: name, tier: tier, workItems: assessments, record: record,
                        consequence: consequence))
            }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        if attachments.contains(1) {
            let one = directory.appendingPathComponent(Self.attachmentOneFile)
            try CampaignForms.writeBasicInfo(
                basic, heading: .init(title: "附件1 高层次人才基本信息采集表（\(year)年度）", organization: unitName, date: date),
                classifiedCount: classified, to: one.path)
            written.append(one)
        }
        if attachments.contains(4) {
            let four = directory.appendingPathComponent(Self.attachmentFourFile)
            try CampaignForms.writeAssessments(
                assessed,
                heading: .init(title: "附件4 期中业绩调查和期末考核情况合并汇总表（\(year)年度）", organization: unitName, date: date),
                classifiedCount: classified, to: four.path)
            written.append(four)
        }
        return written
    }
}
