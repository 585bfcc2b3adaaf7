import Foundation
import NIOPosix
import ReadModels
import Reports
import TalentDomain

/// What a campaign export covers: one unit's own forms, or the forms of every unit under a county bureau,
/// city bureau or provincial department (merged, with a per-unit summary), or the whole province's.
public enum ExportScope: Sendable, Hashable {
    case unit(String)
    case organization(String)
    case province
}

/// The three documents of S1.
public enum CampaignDocument: Int, Sendable, Hashable, CaseIterable {
    /// 附件1 高层次人才基本信息采集表 (.xlsx)
    case basicInfo = 1
    /// 附件4 期中业绩调查和期末考核情况合并汇总表 (.xlsx)
    case assessments = 4
    /// 附件5 工作报告 (.docx)
    case workReport = 5

    public var contentType: String {
        switch self {
        case .basicInfo, .assessments: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .workReport: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
    }
}

extension CampaignDocument {
    /// The document a download's path names: `1`, `4` or `5`, nil for `package` (the three in the .zip);
    /// ``InvalidInput`` for anything else.
    public static func named(_ component: String) throws -> CampaignDocument? {
        switch component {
        case "1": return .basicInfo
        case "4": return .assessments
        case "5": return .workReport
        case "package": return nil
        default:
            throw InvalidInput(
                "document", "1 (basic information), 4 (survey and assessment), 5 (work report) or package")
        }
    }
}

/// A document of S1 as a download: its bytes, its content type and the `Content-Disposition` that
/// names it in Chinese (RFC 5987 `filename*`) with an ASCII fallback.
public struct CampaignDownload: Sendable {
    public var data: Data
    public var contentType: String
    public var disposition: String
}

extension ExportScope {
    /// The caller's own part: the province for the roles that cover it, a bureau's or department's
    /// units, a unit's own; nil for an account without an organization, and for the monitor, which reads none.
    public static func own(of caller: Caller) -> ExportScope? {
        switch caller.role {
        case .provinceOffice, .auditor, .system: return .province
        case .hrBureau, .supervisingDepartment: return caller.organization.map { .organization($0) }
        case .unitOfficer: return caller.organization.map { .unit($0) }
        case .monitor: return nil
        }
    }
}

/// What an export wrote.
public struct CampaignExport: Sendable, Hashable {
    /// The documents, in the order of S1's list.
    public var files: [URL]
    /// The .zip holding them, when a package was asked for (S1, SEC3).
    public var package: URL?
    /// The id of the organization the documents are made for (the unit, the level or the province).
    public var organization: String
    /// Talents listed by name in the forms, and the units whose rows they hold.
    public var rows: Int
    public var units: Int
    public var figures: CampaignFigures
}

extension TalentRegister {
    /// Writes the documents of `campaign` for `scope` into `directory`, a folder that exists (the caller
    /// makes it and removes it: an export makes no folder of its own), as they stood on `date`, a day no
    /// later than today (S1):
    /// Attachment 1 and Attachment 4 as .xlsx (merged, with a summary sheet per unit, above a single
    /// unit), the work report as .docx, and with `package` the .zip named by the campaign's policy.
    /// Desensitized: no id numbers or phones (SEC1); classified talents counted only (T4); names masked for
    /// a caller who sees them masked elsewhere (SEC2). Streamed: rows
    /// go to the files a page of talents at a time, so memory does not grow with the province's talents
    /// (only with the cases a level's work report names: the year's exits, downgrades and pending grades).
    ///
    /// For the unit's officer, the levels above it and the provincial office (the province's forms: the
    /// provincial office, the auditor and the system); `progress` hears the talents read so far of how many.
    public func exportCampaign(
        _ year: Int, scope: ExportScope, on date: Day, to directory: URL,
        documents: Set<CampaignDocument> = Set(CampaignDocument.allCases), package: Bool = false, by caller: Caller,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> CampaignExport {
        let campaign = try campaign(year)
        // A document is made on a day that has come: one dated ahead would report what is not yet so. It is
        // made within its campaign too: the year's exits and downgrades are counted from its first day.
        try requireDayHasCome(date, doing: "documents are made")
        let yearStart = try Day(year: year, month: 1, day: 1)
        guard date >= yearStart else {
            throw InvalidInput(
                "on", "\(date) is before campaign \(year) began (\(yearStart)): its documents are made from then on")
        }
        let access = try await queries.access()
        let (organization, units) = try await exportedUnits(
            of: scope, campaign: year, on: date, caller: caller, access: access)
        let merged = scope != .unit(organization.id)
        // Names are shown to a caller as anywhere else (SEC2), the same way for every unit of its scope.
        let namesMasked =
            units.first.map {
                access.visibility(ofTalentAnsweredBy: $0.unit, classified: false, caller: caller) != .full
            } ?? false
        let heading = { (title: String) in
            CampaignForms.Heading(title: title, organization: organization.name, date: date, namesMasked: namesMasked)
        }
        let oneURL = directory.appendingPathComponent(
            CampaignForms.attachmentOneFile(organization: organization.shortName, campaign: year))
        let fourURL = directory.appendingPathComponent(
            CampaignForms.attachmentFourFile(organization: organization.shortName, campaign: year))
        let reportURL = directory.appendingPathComponent(
            CampaignForms.workReportFile(
                organization: organization.shortName, fullName: organization.name, campaign: year))
        let wanted = package ? Set(CampaignDocument.allCases) : documents
        // The forms' rows wait in the export's own folder, not the system's (often a small tmpfs), and a
        // test can see that nothing of them stays open.
        let one =
            try wanted.contains(.basicInfo)
            ? CampaignForms.basicInfoForm(
                path: oneURL.path, heading: heading(CampaignForms.attachmentOneTitle(campaign: year)), merged: merged,
                temporaryFolder: directory.path)
            : nil
        let four =
            try wanted.contains(.assessments)
            ? CampaignForms.assessmentForm(
                path: fourURL.path, heading: heading(CampaignForms.attachmentFourTitle(campaign: year)), merged: merged,
                temporaryFolder: directory.path)
            : nil

        // The days whose exits and downgrades belong to this campaign's report, each to one campaign's.
        let window = campaign.changesReported(through: date)
        // One pass over the scope's talents in register-id order (not a query per unit); each unit's
        // figures add up as its talents come.
        let talents: OrganizationScope = merged ? .subtrees([organization.id]) : .units([organization.id])
        let unitsByID = Dictionary(units.map { ($0.unit, $0) }, uniquingKeysWith: { first, _ in first })
        var perUnit: [String: CampaignFigures] = [:]
        var read = 0
        let total = progress == nil ? 0 : try await queries.talents.count(TalentFilter(), scope: talents)
        var classifiedInOne = 0
        var classifiedInFour = 0
        // Each talent as it stood on the document's day: a grade given later is not in a form dated before it.
        try await forEachTalent(TalentFilter(), scope: talents, asOf: date) { listing, state in
            read += 1
            if read % Self.pageSize == 0 { progress?(read, max(read, total)) }
            // The unit that answered for the talent on the day (O2), not the one that answers now: a talent
            // who moved since is in the forms of the unit it was with. (One who moved into the scope since is
            // read and left out here; one who moved out is not read: the pages follow today's rows.)
            guard let unitID = state.answeringUnit?.rawValue ?? listing.answeringUnit,
                let unit = unitsByID[unitID]
            else { return }
            let items = campaign.work(of: state, on: date)
            // Classified on the document's day or since (T4): a form dated before a talent was classified
            // names it no more than today's forms do.
            let classified = state.isClassified || listing.classified
            // Names as the caller sees them anywhere else (SEC2): in full for the talent's own unit officer
            // and the provincial office, masked for the levels between and the auditors.
            let shown =
                access.visibility(ofTalentAnsweredBy: unitID, classified: classified, caller: caller) == .full
                ? listing.name : listing.name.map(Masking.name)
            perUnit[unitID, default: CampaignFigures()].count(
                state, classified: classified, name: shown, unit: unit.unitName, workItems: items, campaign: year,
                window: window)
            guard let tier = state.tier, !items.isEmpty else { return }
            let assessments = [WorkItem.midTermSurvey, .endTermAssessment].filter(items.contains)
            if classified {
                if items.contains(.basicInfoCollection) { classifiedInOne += 1 }
                if !assessments.isEmpty { classifiedInFour += 1 }
                return
            }
            let id = listing.id.rawValue
            let name = shown ?? ""
            let record = state.campaign(year)
            if items.contains(.basicInfoCollection) {
                one?.append(
                    .init(
                        id: id, name: name, tier: tier, employer: unit.unitName, info: record.basicInfo,
                        status: Self.managementStatus(of: state),
                        reported: state.pendingExitReports.map(\.reason.rule) + state.pendingReports.map(\.rule)))
            }
            if !assessments.isEmpty {
                // The tier assessed, not the one a result or a later decision left.
                four?.append(
                    .init(
                        id: id, name: name, tier: record.gradedTier ?? tier, employer: unit.unitName,
                        workItems: assessments, record: record, consequence: Self.resultUse(of: record)))
            }
        }
        // Every unit of the scope has its line, one without talents too: §6(3) asks each level to know its
        // units' numbers, and a unit missing from the sheet reads as one forgotten.
        let figures = units.map { perUnit[$0.unit] ?? CampaignFigures() }
        // A level's report lists its units' exits, downgrades and pending cases by name as a unit's does.
        let sum = figures.reduce(CampaignFigures(), +)
        let summaries = zip(units, figures).map { unit, figures in
            // As a level's pages say it: a late unit's make-up told apart from nothing sent (S4).
            CampaignForms.UnitSummary(
                unit: unit.unitName, submission: unit.chineseState(in: campaign), figures: figures.counts)
        }
        progress?(read, read)
        // Closing a workbook zips its sheets, and a package zips the documents: seconds of disk and CPU for
        // a province's forms, done on NIO's blocking pool rather than on one of the few threads every
        // request shares. The forms are handed over whole; nothing here touches them meanwhile.
        let lateness = units.compactMap { unit in
            unit.submission?.latenessReason.map { (unit: unit.unitName, reason: $0) }
        }
        nonisolated(unsafe) let forms = (one, four)
        let classified = (one: classifiedInOne, four: classifiedInFour)
        let reportHeading = heading("")
        let (files, packed) = try await NIOThreadPool.singleton.runIfActive { () throws -> ([URL], URL?) in
            let (one, four) = forms
            try one?.finish(classifiedCount: classified.one, units: summaries)
            try four?.finish(classifiedCount: classified.four, units: summaries)
            var files: [URL] = []
            if one != nil { files.append(oneURL) }
            if four != nil { files.append(fourURL) }
            if wanted.contains(.workReport) {
                try WorkReport.write(
                    sum, heading: reportHeading, campaign: year, units: merged ? summaries.count : nil,
                    changesReported: window, lateness: lateness, to: reportURL)
                files.append(reportURL)
            }
            let packed =
                try package
                ? SubmissionPackage.write(
                    files,
                    named: campaign.packageName(
                        unitShortName: CampaignForms.fileNamePart(
                            organization.shortName, bytes: CampaignForms.shortNameBytes)), into: directory,
                    wallClock: Date().addingTimeInterval(TimeInterval(BusinessDay.offset)))
                : nil
            return (files, packed)
        }
        return CampaignExport(
            files: files, package: packed, organization: organization.id, rows: (one?.count ?? 0) + (four?.count ?? 0),
            units: summaries.count,
            figures: sum)
    }

    /// The characters a download's file name keeps as they are: ASCII letters, digits, `-`, `.` and `_`
    /// (RFC 5987's value characters are ASCII; Foundation's `alphanumerics` holds every script's letters).
    static let plainFileNameCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._")

    /// `text` with every character but ``plainFileNameCharacters`` as `-`: an organization's id in a
    /// download's ASCII file name.
    static func asciiName(_ text: String) -> String {
        String(text.unicodeScalars.map { plainFileNameCharacters.contains($0) ? Character($0) : "-" })
    }

    /// A new folder under the system's temporary folder that only this process's user may open: a
    /// download's documents carry names in full for the province office and a unit's own officer, and
    /// the temporary folder is shared by every user of the host.
    static func privateFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("documents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return folder
    }

    /// `document` of `campaign` for `scope` (the package when nil), written in a folder of its own that
    /// is gone once its bytes are read; only that document is written (all three for the package).
    /// The same download asked for again while it is being made shares that making (``SharedDownloads``).
    public func campaignDownload(
        _ year: Int, scope: ExportScope, document: CampaignDocument?, on date: Day, by caller: Caller
    ) async throws -> CampaignDownload {
        let request = try await downloadRequest(year, scope: scope, document: document, on: date, by: caller)
        return try await downloads.download(request) {
            try await self.makeDownload(year, scope: scope, document: document, on: date, by: caller)
        }
    }

    /// What the download asked for is made of, as the register stands now.
    func downloadRequest(
        _ year: Int, scope: ExportScope, document: CampaignDocument?, on date: Day, by caller: Caller
    ) async throws -> DownloadRequest {
        let written = try await store.withConnection { store in
            [try await store.lastPositionGiven(), try await TalentProfiles.lastChangeGiven(on: store.connection)]
        }
        return DownloadRequest(
            campaign: year, scope: scope, document: document, day: date, caller: caller, written: written)
    }

    private func makeDownload(
        _ year: Int, scope: ExportScope, document: CampaignDocument?, on date: Day, by caller: Caller
    ) async throws -> CampaignDownload {
        let folder = try Self.privateFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Made in turn with the other downloads of its kind (``DocumentGates``).
        let export = try await documentGates.gate(for: scope).whenItsTurn {
            try await self.exportCampaign(
                year, scope: scope, on: date, to: folder, documents: document.map { [$0] } ?? [],
                package: document == nil, by: caller)
        }
        guard let file = document == nil ? export.package : export.files.first else { throw NotFound("the document") }
        // The name a client that does not read `filename*` saves it under (curl's `-J`, say): the
        // organization and the campaign, so that two downloads do not take each other's place.
        let kind =
            switch document {
            case .basicInfo: "attachment-1.xlsx"
            case .assessments: "attachment-4.xlsx"
            case .workReport: "work-report.docx"
            case nil: "package.zip"
            }
        let fallback = "\(Self.asciiName(export.organization))-\(year)-\(kind)"
        let name = file.lastPathComponent
        let encoded = name.addingPercentEncoding(withAllowedCharacters: Self.plainFileNameCharacters) ?? fallback
        let data = try await NIOThreadPool.singleton.runIfActive { try Data(contentsOf: file) }
        return CampaignDownload(
            data: data, contentType: document?.contentType ?? "application/zip",
            disposition: "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)")
    }

    /// The organization an export is made for and the units whose talents it holds, each with where its
    /// submission stands: ``NotFound`` for what lies outside the caller's jurisdiction.
    func exportedUnits(of scope: ExportScope, campaign year: Int, on date: Day, caller: Caller, access: Access)
        async throws -> (Organization, [SubmissionOverview])
    {
        let root: Organization
        switch scope {
        case .unit(let unit):
            try Self.requireUnit(unit, readableBy: caller, access: access)
            root = try access.tree[unit].orNotFound("unit \(unit)")
        case .organization(let id):
            guard let organization = access.tree[id], access.mayRead(organization: id, caller: caller) else {
                throw NotFound("organization \(id)")
            }
            guard !organization.kind.isEmployerUnit else {
                throw InvalidInput("organization", "\(id) is an employer unit: its forms are its own submission's")
            }
            root = organization
        case .province:
            guard access.scope(of: caller) == .province,
                let office = access.tree.organizations.values.first(where: { $0.kind == .provincialOffice })
            else { throw NotFound("the province's forms") }
            root = office
        }
        let units = try await submissions(
            campaign: year, organization: scope == .province ? nil : root.id, on: date, by: caller
        ).units
        if case .unit(let unit) = scope { return (root, units.filter { $0.unit == unit }) }
        return (root, units)
    }

    /// Where the talent stands on the form's day, for Attachment 1: under management, or exited with the
    /// cause and the day.
    static func managementStatus(of talent: Talent) -> String {
        switch talent.status {
        case .underManagement, .notEvaluated: return "管理期内"
        case .pendingInvestigation: return "管理期内（接受调查，考核等次暂不确定）"
        case .exited, .contactList:
            let exit = talent.exit.map { "（\($0.reason.chineseName)，\($0.on)）" } ?? ""
            return talent.status == .contactList ? "已退出管理，转列联系名单\(exit)" : "已退出管理\(exit)"
        }
    }

    /// What the end-term result led to, for Attachment 4 (§5(1): 优秀 and 良好 keep the tier, 一般 one tier down
    /// or, at E, an exit, 不合格 an exit), from the tier the grade was given at; a downgrade or an exit for
    /// another cause (D3, X9) is not the result's. Empty while no result is final.
    static func resultUse(of record: CampaignRecord) -> String {
        guard let confirmedOn = record.confirmedOn, let grade = record.grade else { return "" }
        switch grade {
        case .excellent, .good:
            return "继续按原层次管理"
        case .fair:
            guard let from = record.gradedTier, let to = from.lowered else { return "退出管理（\(confirmedOn)）" }
            return "降一级管理：\(from.rawValue)类→\(to.rawValue)类（\(confirmedOn)）"
        case .unqualified:
            return "退出管理（\(confirmedOn)）"
        }
    }
}

extension Optional {
    fileprivate func orNotFound(_ what: String) throws -> Wrapped {
        guard let self else { throw NotFound(what) }
        return self
    }
}
