import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// 单位 and 考核工作: the O1 tree with its counts, a unit's roster and submission (its officer's checklist
/// and submit, a reviewer's accept or return, the documents), and a level's queue of submissions.
extension ConsoleController {
    @Sendable func units(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            let organizations = try await register.queries.organizations(by: person.caller)
            let counts = try await register.queries.talentsByUnit(by: person.caller)
            let byParent = Dictionary(grouping: organizations) { $0.parentID ?? "" }
            let ids = Set(organizations.map(\.id))
            // Nested lists, as the chain nests (a screen reader tells each level), drawn here: a template
            // cannot recurse over the tree. Each organization's count is its units' talents below it,
            // added up on the way back from its children, each organization visited once.
            func walk(_ organization: Organization) -> (html: String, total: Int) {
                var total = counts[organization.id] ?? 0
                var children = ""
                for child in (byParent[organization.id] ?? []).sorted(by: { $0.id < $1.id }) {
                    let (html, count) = walk(child)
                    children += html
                    total += count
                }
                let name = Markup.escaped(organization.name)
                let link = "/console/units/\(Markup.escaped(Self.pathComponent(organization.id)))"
                let title = organization.kind.isEmployerUnit ? name : "<strong>\(name)</strong>"
                let html =
                    "<li><a href=\"\(link)\">\(title)</a> <span class=\"kind\">\(ConsoleVocabulary.kind(organization.kind))</span>"
                    + " <span class=\"count\">\(total) 名</span>" + (children.isEmpty ? "" : "<ul>\(children)</ul>")
                    + "</li>"
                return (html, total)
            }
            let tree = organizations.filter { $0.parentID.map { !ids.contains($0) } ?? true }.map { walk($0).html }
            return render("units", person, ["title": "单位", "tree": tree.joined()])
        }
    }

    @Sendable func unit(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            let done = request.uri.queryParameters["done"].flatMap { ConsoleVocabulary.doneNotices[String($0)] }
            let year = try campaignYear(request.uri.queryParameters["year"].map(String.init))
            let draft = try await sessions.takeDraft(person.sessionID, of: person.session, on: request.uri.path)
            return try await unitPage(
                try context.parameters.require("id"), year: year, person: person, notice: done, restored: draft)
        }
    }

    /// The submissions' state a campaign page lists (`state`, one of ``SubmissionState``'s names), or nil
    /// for every unit.
    static func submissionState(_ given: String?) throws -> SubmissionState? {
        guard let given, !given.isEmpty else { return nil }
        guard let state = SubmissionState(rawValue: given) else {
            throw InvalidInput(
                "报送情况",
                "没有“\(QueryText.echo(given))”这种报送情况，可选 \(SubmissionState.allCases.map(\.rawValue).joined(separator: "、"))"
            )
        }
        return state
    }

    /// The campaign a page or form is about: `year` when given (one of the policy's campaigns), else the
    /// policy's current one. A unit's make-up of one campaign overlaps the next one's collection.
    func campaignYear(_ given: String?) throws -> Int {
        let years = register.policy.campaigns.campaignYears
        guard let given, !given.isEmpty else { return register.policy.campaigns.defaultYear }
        // Written in digits alone: `+2025` is no year anyone meant.
        guard let year = QueryText.wholeNumber(given), years.contains(year) else {
            throw InvalidInput(
                "考核年度",
                "没有“\(QueryText.echo(given))”年度的考核工作，可选 \(years.map(String.init).joined(separator: "、"))")
        }
        return year
    }

    /// The policy's campaigns, for a page's switch between them; `year` is the one shown.
    func campaignChoices(_ year: Int) -> [[String: Any]] {
        register.policy.campaigns.campaignYears.map { ["year": $0, "current": $0 == year] }
    }

    /// A submission's step as the unit's page lists it: the day, what was done and by whom, and the reason.
    static func stepRow(_ step: SubmissionStep, tree: OrganizationTree) -> [String: String] {
        func name(_ id: String) -> String { tree[id]?.name ?? id }
        let what: String
        switch step.kind {
        case .submitted: what = "报送" + (step.to.map { "，报\(name($0))审核" } ?? "")
        case .accepted: what = "审核通过" + (step.to.map { "，报\(name($0))审核" } ?? "，审核完毕")
        case .returned: what = "退回单位"
        }
        return [
            "on": step.on.description, "by": name(step.by), "what": what,
            "reason": step.reason.map { (step.kind == .returned ? "退回原因：" : "逾期原因：") + $0 } ?? "",
        ]
    }

    /// What a late unit's page says of its lateness (S3, S4): to the unit and its levels, what it costs its
    /// talents and how to make it up; to the province office, once a make-up is accepted, that the
    /// restoration is its job to run.
    static func lateNote(_ state: SubmissionState, campaign: Campaign, by caller: Caller) -> [String: Any]? {
        switch state {
        case .late:
            return [
                "text": "材料接收已于\(campaign.submissionCloses)截止，本单位未按时报送：本单位人才的“吉享卡”“吉健卡”服务待遇"
                    + "按规定暂停（S3，由省人社厅运行批处理作业办理）。在\(campaign.makeUpDeadline)前补报并经各级审核通过后，恢复所暂停的服务待遇（S4）。"
            ]
        case .madeUp where caller.role == .provinceOffice:
            return [
                "text": "补报已审核通过。恢复本单位人才被暂停的服务待遇，请运行“恢复已补报单位人才的服务待遇（S4）”：",
                "job": "/console/campaign/jobs?year=\(campaign.year)&job=restore",
            ]
        default:
            return nil
        }
    }

    /// What was posted to a unit's page, drawn again with the refusal when one is refused.
    struct UnitFormEntry {
        var submitDate: String?
        var latenessReason: String?
        /// The review's decision as posted (`accept`, `return`), nil when none was chosen: the form
        /// offers no default, so that a reason typed for a return is never sent as an acceptance.
        var decision: String?
        var reviewReason: String?
        var reviewDate: String?
        var contactFormReference: String?
        var evaluationWorkText: String?

        /// What the submit form posted.
        static func submitting(_ fields: FormFields) -> Self {
            UnitFormEntry(submitDate: fields["effectiveOn"], latenessReason: fields["latenessReason"])
        }

        /// What the contact form posted.
        static func sendingContactForm(_ fields: FormFields) -> Self {
            UnitFormEntry(contactFormReference: fields["reference"])
        }

        /// What the evaluation work's form posted (F1).
        static func changingEvaluationWork(_ fields: FormFields) -> Self {
            UnitFormEntry(evaluationWorkText: fields["text"])
        }

        /// What the review form posted.
        static func reviewing(_ fields: FormFields) -> Self {
            UnitFormEntry(
                decision: fields["decision"], reviewReason: fields["reason"], reviewDate: fields["effectiveOn"])
        }

        var returning: Bool { decision == "return" }
    }

    /// Why the unit page's submit or review form was refused: shown in that form, beside the field it is
    /// about (`field`, the field's id on the page), or at the form's head when it is about the whole form.
    struct UnitFormProblem {
        enum Form: String { case submit, review, contactForm, evaluationWork }
        var form: Form
        var field: String?
        var text: String
    }

    /// A unit's page, with `notice` (a step recorded), or `problem` (a form refused, drawn again with what was
    /// `entered`), or a `restored` draft (a form posted after the session ended, drawn again as posted).
    func unitPage(
        _ id: String, year: Int, person: SignedIn, notice: String? = nil, problem: UnitFormProblem? = nil,
        entered: UnitFormEntry? = nil, restored: FormDraft? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let restoredForm: UnitFormProblem.Form? =
            switch restored?.form {
            case .submit: .submit
            case .review: .review
            case .contactForm: .contactForm
            case .evaluationWork: .evaluationWork
            default: nil
            }
        let entered =
            entered
            ?? restored.flatMap { draft in
                restoredForm.map {
                    switch $0 {
                    case .submit: .submitting(draft.fields)
                    case .review: .reviewing(draft.fields)
                    case .contactForm: .sendingContactForm(draft.fields)
                    case .evaluationWork: .changingEvaluationWork(draft.fields)
                    }
                }
            }
        let caller = person.caller
        let (chain, figures) = try await register.queries.organization(id, by: caller)
        guard let organization = chain.first else { throw NotFound("organization \(id)") }
        let access = try await register.queries.access()
        let today = register.today()
        let campaign = try? register.policy.campaign(year: year)
        // Absent when there are none: the page says nothing of them then.
        let classified: Int? = figures.classified > 0 ? figures.classified : nil
        var values: [String: Any] = [
            "id": id, "name": organization.name, "year": year, "today": today.description,
            "years": campaignChoices(year),
            // Levels the caller may not open are named without a link.
            "chain": chain.dropFirst().map {
                ["id": $0.id, "name": $0.name, "link": access.mayRead(organization: $0.id, caller: caller)]
            },
            "total": figures.total,
            // T4: counted apart for a caller that sees them as counts only; no tier of theirs is drawn.
            "classified": classified as Any,
            "submitDate": entered?.submitDate ?? today.description, "latenessReason": entered?.latenessReason ?? "",
            "returning": entered?.returning ?? false, "accepting": entered?.decision == "accept",
            "reviewReason": entered?.reviewReason ?? "",
            "reviewDate": entered?.reviewDate ?? today.description,
            "contactFormReference": entered?.contactFormReference ?? "",
            "evaluationWorkText": entered?.evaluationWorkText ?? "",
            // Steps are dated the day they are recorded; only the roles the policy names enter another day.
            "mayDate": register.mayDateEarlier(caller),
            "tiers": Charts.bars(
                Tier.allCases.map { (label: "\($0.rawValue)类", value: figures.byTier[$0.rawValue] ?? 0) },
                title: "\(organization.name)管理期内人才按层次"),
            "flash": notice as Any, "isUnit": organization.kind.isEmployerUnit,
            "title": problem == nil ? organization.name : ConsoleVocabulary.refusedTitle(organization.name),
        ]
        if organization.kind.isEmployerUnit {
            // F1: said where the unit's page opens while it holds, to the unit and the levels above it alike;
            // the province office suspends and lifts it here.
            let reading = try await register.evaluationWork(of: id, by: caller)
            let held = reading.current
            if let held {
                // The finding is a free text, said to whoever sees the unit's talents in full (SEC2).
                let finding = reading.finding(of: held).map { "：\($0)" } ?? ""
                values["evaluationWorkSuspended"] =
                    "本单位人才认定工作自\(held.from)起暂停（查实弄虚作假\(finding)；F1），省人社厅恢复前不认定本单位的人才。"
            }
            values["mayChangeEvaluationWork"] = TalentRegister.changesEvaluationWork(caller)
            values["evaluationWorkResuming"] = held != nil
            let roster = try await register.queries.roster(
                campaign: year, organization: id, limit: Self.rosterLength, by: caller)
            values["rosterCut"] = roster.nextCursor != nil ? Self.rosterLength : nil
            let notListed = try await register.queries.rosterClassifiedApart(
                campaign: year, organization: id, by: caller)
            values["rosterClassified"] = notListed > 0 ? notListed : nil
            values["roster"] = roster.items.map { entry -> [String: Any] in
                [
                    "id": entry.talent.rawValue, "name": entry.name ?? "—", "tier": ConsoleVocabulary.tier(entry.tier),
                    "items": entry.workItems.sorted { $0.key < $1.key }.map {
                        [
                            "item": ConsoleVocabulary.workItem($0.key), "progress": Self.progress($0.value),
                            "pending": $0.value == "pending",
                        ]
                    },
                ]
            }
            let readiness = try await register.readiness(campaign: year, unit: id, on: today, by: caller)
            let overview = try await register.submissions(campaign: year, organization: id, on: today, by: caller).units
                .first { $0.unit == id }
            values["blockers"] = readiness.blockers.map {
                [
                    "talent": $0.talent.rawValue, "rule": $0.rule.rawValue,
                    "missing": ConsoleVocabulary.missing($0),
                ]
            }
            values["classifiedBlocking"] = readiness.classifiedBlocking
            values["hasClassifiedBlocking"] = readiness.classifiedBlocking > 0
            values["ready"] = readiness.ready
            values["state"] = overview?.chineseState(in: campaign) ?? "—"
            let submission = overview?.submission
            // S4: the reviewers weigh the reason a make-up gives for its lateness.
            values["givenLatenessReason"] = submission?.latenessReason as Any
            values["awaiting"] = submission?.awaiting.map { access.tree[$0]?.name ?? $0 } as Any
            values["returnReason"] = submission?.returnReason as Any
            // Step by step: which level returned it and when, that it was accepted after a return.
            let steps = try await register.submissionSteps(campaign: year, unit: id, on: today, by: caller)
            values["steps"] = steps.map { Self.stepRow($0, tree: access.tree) }
            values["hasSteps"] = !steps.isEmpty
            if let campaign, let state = overview?.state {
                values["lateNote"] = Self.lateNote(state, campaign: campaign, by: caller)
            }
            // Only a submission not yet made, or returned, goes up (again).
            let open = [nil, .notStarted, .returned].contains(submission?.status)
            let maySubmit = TalentRegister.submits(caller) && open
            values["maySubmit"] = maySubmit
            // Said to whoever sends it; a level that reviews it is told it waits for the unit.
            values["readyToSubmit"] =
                readiness.ready && open ? (maySubmit ? "材料齐全，可以报送。" : "材料齐全，待单位报送。") : false
            // The button waits, saying for what, where the register would refuse it: before the unit may send
            // to the level above it (S2: the campaign's work opened, or the province's window for a unit that
            // sends to the province itself; a role that dates a paper submission earlier may still send it),
            // or with materials missing.
            let levels = access.tree.chain(of: id).map(\.id)
            let sendable = campaign.flatMap { campaign in
                levels.dropFirst().first.map {
                    (Submission.sendableFrom(to: $0, chain: levels, campaign: campaign), $0)
                }
            }
            if !register.mayDateEarlier(caller), let (opens, firstLevel) = sendable, today < opens {
                values["submitWaits"] =
                    firstLevel == levels.last
                    ? "\(year)年度材料接收时间自\(opens)起，届时方可报送（S2）。" : "\(year)年度考核工作自\(opens)起开展，届时方可报送（S2）。"
            } else if !readiness.ready {
                values["submitWaits"] = "材料齐全后方可报送（见上方“尚不能报送”清单）。"
            }
            // The level below the province passes a submission up in the province's window alone (S2); it may
            // return it before.
            if let campaign, !register.mayDateEarlier(caller), today < campaign.submissionOpens,
                let awaiting = submission?.awaiting, let index = levels.firstIndex(of: awaiting),
                index + 1 == levels.count - 1
            {
                values["reviewWaits"] =
                    "省人社厅\(year)年度材料接收时间自\(campaign.submissionOpens)起，届时方可审核通过报送；退回不受此限（S2）。"
            }
            // The lateness reason is asked of a unit late when the window closed, not of one in time then that
            // sends again after a return.
            values["late"] =
                today > campaign?.submissionCloses ?? today
                && (overview?.state ?? .late) == .late
            values["mayReview"] = overview.map { Self.awaitsReview($0, by: caller, in: access.tree) } ?? false
            values["documents"] = ConsoleVocabulary.documentLinks
        }
        if organization.kind == .provincialDepartment,
            let (form, late) = try await register.contactForms(campaign: year, on: today, by: caller, department: id)
                .first
        {
            // O3: the department's contact form, sent by the department itself or by the province for it.
            values["contactForm"] = [
                "sentOn": form.sentOn?.description as Any, "reference": form.reference as Any, "late": late,
                "deadline": campaign?.contactFormDeadline.description as Any,
            ]
            values["maySendContactForm"] =
                form.sentOn == nil && TalentRegister.sendsContactForms(caller)
        }
        if let restoredForm {
            if values[Self.flag(of: restoredForm)] as? Bool == true {
                values["restored"] = [restoredForm.rawValue: ConsoleVocabulary.restoredDraft(moved: false)]
            } else {
                values["error"] = ConsoleVocabulary.draftWithoutForm
            }
        }
        if let problem {
            if let place = Self.place(of: problem, on: values) {
                values["problems"] = [place: problem.text] as [String: Any]
            } else {
                values["error"] = problem.text
            }
        }
        return render("unit", status: status, person, values)
    }

    /// The page's value that says whether it draws `form`.
    static func flag(of form: UnitFormProblem.Form) -> String {
        switch form {
        case .submit: "maySubmit"
        case .review: "mayReview"
        case .contactForm: "maySendContactForm"
        case .evaluationWork: "mayChangeEvaluationWork"
        }
    }

    /// Where the page shows `problem`: beside its field, or at its form's head when the page does not draw
    /// that field for this person (a date only some roles enter, a lateness reason only a late unit gives);
    /// nil, at the page's head, when the form itself is not drawn (the unit submitted meanwhile, in another
    /// tab, or the submission was returned).
    static func place(of problem: UnitFormProblem, on values: [String: Any]) -> String? {
        func drawn(_ flag: String) -> Bool { values[flag] as? Bool == true }
        guard drawn(flag(of: problem.form)) else { return nil }
        let fieldDrawn =
            switch problem.field {
            case "submit-effectiveOn", "review-effectiveOn": drawn("mayDate")
            case "latenessReason": drawn("late")
            case "review-reason", "evaluationWork-text": true
            default: false
            }
        return fieldDrawn ? problem.field : problem.form.rawValue
    }

    /// How many talents a unit's page lists of its campaign's roster: the documents hold them all.
    static var rosterLength: Int { 500 }

    /// Whether the unit's submission waits at the caller's level: only that level reviews it (O1).
    static func awaitsReview(_ unit: SubmissionOverview, by caller: Caller, in tree: OrganizationTree) -> Bool {
        guard let level = tree.reviewingLevel(of: caller) else { return false }
        return unit.submission?.awaiting == level
    }

    static func progress(_ raw: String) -> String {
        let words = [
            "pending": "待完成", "collected": "已采集", "submitted": "已调查", "judged_weak": "业绩较弱（已帮扶）",
            "follow_up_owed": "业绩较弱（待提醒谈话和帮扶）", "registered": "已登记", "pending_investigation": "暂不确定",
        ]
        if let word = words[raw] { return word }
        guard raw.hasPrefix("graded_") || raw.hasPrefix("confirmed_"),
            let grade = Grade(rawValue: String(raw.split(separator: "_").last ?? ""))
        else { return raw }
        return raw.hasPrefix("graded_") ? "\(grade.chineseName)（待确定）" : grade.chineseName
    }

    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, fields in
            let id = try context.parameters.require("id")
            let year = try campaignYear(fields["year"])
            let entered = UnitFormEntry.submitting(fields)
            func refused(_ text: String, field: String? = nil, _ status: HTTPResponse.Status) async throws -> Response {
                try await unitPage(
                    id, year: year, person: person, problem: UnitFormProblem(form: .submit, field: field, text: text),
                    entered: entered, status: status)
            }
            let done: String
            do {
                let date = try fields.day("effectiveOn", label: "报送日期") ?? register.today()
                let row = try await register.submit(
                    campaign: year, unit: id, latenessReason: fields.text("latenessReason"), on: date,
                    by: person.caller, commandID: fields.commandID(by: person.caller))
                // S4: a late unit's make-up sent after its deadline is recorded, and restores nothing: said so.
                let campaign = try? register.policy.campaign(year: year)
                let pastMakeUp = !row.inTimeAtClose && campaign.map(row.submission.sentAfterMakeUp) == true
                done = pastMakeUp ? "submittedPastMakeUp" : "submitted"
            } catch let invalid as InvalidInput {
                return try await refused("\(invalid.field)：\(invalid.reason)", field: "submit-effectiveOn", .badRequest)
            } catch let refusal as Refusal {
                return try await refused(
                    ConsoleVocabulary.submissionRefusal(refusal),
                    field: refusal.field == "latenessReason" ? "latenessReason" : nil, .unprocessableContent)
            } catch let notReady as SubmissionNotReady {
                return try await refused(
                    "尚不能报送：\(Set(notReady.blockers.map(\.talent)).count)名人才的材料不全，见本页“尚不能报送”清单。",
                    .unprocessableContent)
            } catch is CommandIDReused {
                return try await refused(ConsoleVocabulary.formSentBefore, .unprocessableContent)
            }
            // `#main`: to the page's start and its notice, not the form's address the browser would keep.
            return redirect("/console/units/\(Self.pathComponent(id))?done=\(done)&year=\(year)#main")
        }
    }

    /// Records a unit page's step, answering what the person can mend on the form it came from: a value
    /// outside the register's bounds (400), a rule's refusal (422, in `saying`'s words), a form sent before
    /// under its key (422). Nil once recorded.
    func recordingStep(
        refused: (String, HTTPResponse.Status) async throws -> Response,
        saying: (Refusal) -> String = ConsoleVocabulary.refusal, _ step: () async throws -> Void
    ) async throws -> Response? {
        do {
            try await step()
            return nil
        } catch let invalid as InvalidInput {
            return try await refused("\(invalid.field)：\(invalid.reason)", .badRequest)
        } catch let refusal as Refusal {
            return try await refused(saying(refusal), .unprocessableContent)
        } catch is CommandIDReused {
            return try await refused(ConsoleVocabulary.formSentBefore, .unprocessableContent)
        }
    }

    /// F1: the province office suspends the unit's talent evaluation work on a finding of fraud, or lifts
    /// the suspension, dated the day it is recorded.
    @Sendable func changeEvaluationWork(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, fields in
            let id = try context.parameters.require("id")
            let year = try campaignYear(fields["year"])
            let resuming = fields["action"] == "resume"
            func refused(_ text: String, field: String? = nil, _ status: HTTPResponse.Status) async throws -> Response {
                try await unitPage(
                    id, year: year, person: person,
                    problem: UnitFormProblem(form: .evaluationWork, field: field, text: text),
                    entered: .changingEvaluationWork(fields), status: status)
            }
            guard let text = fields.text("text") else {
                return try await refused(
                    resuming ? "请填写恢复人才认定工作的理由" : "请填写查实的弄虚作假情形", field: "evaluationWork-text", .badRequest)
            }
            if let refusal = try await recordingStep(
                refused: { try await refused($0, $1) },
                {
                    try await register.changeEvaluationWork(
                        of: id, resuming ? .resume(reason: text) : .suspend(finding: text, talent: nil),
                        on: register.today(), by: person.caller, commandID: fields.commandID(by: person.caller))
                })
            {
                return refusal
            }
            let done = resuming ? "evaluationWorkResumed" : "evaluationWorkSuspended"
            return redirect("/console/units/\(Self.pathComponent(id))?done=\(done)&year=\(year)#main")
        }
    }

    /// O3: a provincial supervising department sends its contact form (联系表), or the province for it.
    @Sendable func sendContactForm(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, fields in
            let id = try context.parameters.require("id")
            let year = try campaignYear(fields["year"])
            func refused(_ text: String, field: String? = nil, _ status: HTTPResponse.Status) async throws -> Response {
                try await unitPage(
                    id, year: year, person: person,
                    problem: UnitFormProblem(form: .contactForm, field: field, text: text),
                    entered: .sendingContactForm(fields), status: status)
            }
            guard let reference = fields.text("reference") else {
                return try await refused("请填写联系表的文号或登记编号", .badRequest)
            }
            let refusal = try await recordingStep(
                refused: { try await refused($0, $1) }, saying: ConsoleVocabulary.submissionRefusal
            ) {
                let date = try fields.day("effectiveOn", label: "报送日期") ?? register.today()
                try await register.sendContactForm(
                    campaign: year, department: id, reference: reference, on: date, by: person.caller,
                    commandID: fields.commandID(by: person.caller))
            }
            if let refusal { return refusal }
            return redirect("/console/units/\(Self.pathComponent(id))?done=contactForm&year=\(year)#main")
        }
    }

    @Sendable func review(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, fields in
            let id = try context.parameters.require("id")
            let year = try campaignYear(fields["year"])
            let entered = UnitFormEntry.reviewing(fields)
            let returning = entered.returning
            func refused(_ text: String, field: String? = nil, _ status: HTTPResponse.Status) async throws -> Response {
                try await unitPage(
                    id, year: year, person: person, problem: UnitFormProblem(form: .review, field: field, text: text),
                    entered: entered, status: status)
            }
            // The form's two choices, and nothing else: a decision the form does not offer is no acceptance.
            guard ["accept", "return"].contains(fields["decision"]) else {
                return try await refused("请选择“审核通过”或“退回”。", .badRequest)
            }
            let decision: SubmissionDecision
            var outcome = "returned"
            do {
                decision = try SubmissionDecision(returning: returning, reason: fields.text("reason"))
            } catch SubmissionDecision.Problem.returnWithoutReason {
                return try await refused("退回时请填写退回原因。", field: "review-reason", .badRequest)
            } catch SubmissionDecision.Problem.reasonWithAcceptance {
                // Asked, not dropped (a console tester's finding: the package went up and the reason was lost).
                return try await refused(
                    "已填写退回原因：如要退回，请选择“退回”；如要审核通过，请清空退回原因。", field: "review-reason", .badRequest)
            }
            do {
                let date = try fields.day("effectiveOn", label: "审核日期") ?? register.today()
                let row = try await register.review(
                    campaign: year, unit: id, decision, on: date, by: person.caller,
                    commandID: fields.commandID(by: person.caller))
                // Accepted at the last level, or passed up to the next one.
                if !returning { outcome = row.submission.status == .accepted ? "accepted" : "passedUp" }
            } catch let invalid as InvalidInput {
                return try await refused("\(invalid.field)：\(invalid.reason)", field: "review-effectiveOn", .badRequest)
            } catch let refusal as Refusal {
                return try await refused(
                    "未能审核（\(refusal.rule.rawValue)）：\(ConsoleVocabulary.refusal(refusal))",
                    field: refusal.field == "reason" ? "review-reason" : nil, .unprocessableContent)
            } catch is CommandIDReused {
                return try await refused(ConsoleVocabulary.formSentBefore, .unprocessableContent)
            }
            return redirect(
                "/console/units/\(Self.pathComponent(id))?done=\(outcome)&year=\(year)#main"
            )
        }
    }

    @Sendable func document(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            try await download(
                .unit(try context.parameters.require("id")), request: request, context: context, person: person)
        }
    }

    /// A level's documents: its units' rows merged, with a summary sheet per unit (the province's for the
    /// provincial office and the auditor; a unit's own for its officer).
    @Sendable func levelDocument(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            guard let scope = ExportScope.own(of: person.caller) else { throw NotFound("the documents") }
            return try await download(scope, request: request, context: context, person: person)
        }
    }

    func download(_ scope: ExportScope, request: Request, context: Context, person: SignedIn) async throws
        -> Response
    {
        let year = try campaignYear(request.uri.queryParameters["year"].map(String.init))
        let name = try context.parameters.require("document")
        let document: CampaignDocument?
        do {
            document = try CampaignDocument.named(name)
        } catch is InvalidInput {
            throw InvalidInput("材料", "没有“\(name)”这份材料，可下载的是 1（附件1）、4（附件4）、5（工作报告）和 package（材料包）")
        }
        let download = try await register.campaignDownload(
            year, scope: scope, document: document, on: register.today(),
            by: person.caller)
        return Response(
            status: .ok,
            headers: [
                .contentType: download.contentType, .contentDisposition: download.disposition,
                .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: download.data)))
    }

    @Sendable func campaign(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            let year = try campaignYear(request.uri.queryParameters["year"].map(String.init))
            let today = register.today()
            let shown = try Self.submissionState(Self.queryText(request.uri.queryParameters, "state", "报送情况"))
            let (units, _, latenessJudged) = try await register.submissions(
                campaign: year, on: today, by: person.caller)
            let tree = try await register.queries.access().tree
            let waiting = units.filter { Self.awaitsReview($0, by: person.caller, in: tree) }
            let campaign = try? register.policy.campaign(year: year)
            // S3: a campaign not run in this register judges no unit late, which the page says where it would.
            let notJudged = campaign.flatMap { campaign in
                today > campaign.submissionCloses && !latenessJudged
                    ? "本登记簿中没有单位在\(campaign.submissionCloses)前报送\(year)年度考核材料（该年度考核未在本系统开展），"
                        + "不判断哪些单位逾期，也不暂停任何服务（S3）。" : nil
            }
            let counts = Dictionary(grouping: units, by: \.state).mapValues(\.count)
            // A province holds hundreds of units: the table lists those in one state when one is chosen.
            let listed = shown.map { state in units.filter { $0.state == state } } ?? units
            return render(
                "campaign", person,
                [
                    "title": "\(year)年度考核工作", "year": year, "today": today.description, "years": campaignChoices(year),
                    "queue": waiting.map { ["id": $0.unit, "name": $0.unitName] }, "hasQueue": !waiting.isEmpty,
                    "mayRunJobs": TalentRegister.runsJobs(person.caller),
                    "documents": ConsoleVocabulary.documentLinks,
                    "states": [["label": "全部", "count": units.count, "current": shown == nil, "query": ""]]
                        + SubmissionState.allCases.compactMap { state in
                            counts[state].map { count in
                                [
                                    "label": state.chineseName, "count": count, "current": shown == state,
                                    "query": "&state=\(state.rawValue)",
                                ]
                            }
                        },
                    "stateShown": shown?.chineseName ?? "", "noneListed": listed.isEmpty,
                    "latenessNotJudged": notJudged as Any,
                    "units": listed.map {
                        [
                            "id": $0.unit, "name": $0.unitName,
                            "state": $0.chineseState(in: campaign),
                            "late": $0.state == .late,
                        ]
                    },
                ])
        }
    }
}
