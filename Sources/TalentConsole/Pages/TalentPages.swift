import EventStore
import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// 人才: the searchable list, a talent's page with its timeline strip and the as-of and known-at pickers,
/// the command forms of the caller's role, its personal data (个人信息: kept and erased by those who see
/// it in full, SEC1; masked for the rest), and the raw events for auditors.
extension ConsoleController {
    @Sendable func talents(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            let query = request.uri.queryParameters
            // As the search form sends it: `+` is a space.
            let text = try Self.queryText(query["q"], "搜索")
                .map { QueryText.formValue(of: "q", in: request.uri.query) ?? $0 }?.trimmingCharacters(in: .whitespaces)
            let tier = try Self.queryChoice(query, "tier", "层次", Tier.init(rawValue:))
            let status = try Self.queryChoice(query, "status", "状态", Talent.Status.init(rawValue:))
            var filter = TalentFilter()
            filter.text = text?.isEmpty == false ? text : nil
            filter.tier = tier
            filter.status = status
            let access = try await register.queries.access()
            // One field for both: an employer unit lists the talents it answers for (O2), any organization
            // above units those of its units (O1). `organization=` is the API's name for the second, and
            // narrows the list as the API's does when both are given.
            filter.unit = try Self.queryText(query, "unit", "单位")
            filter.organization = try Self.queryText(query, "organization", "机构")
            if let unit = filter.unit, filter.organization == nil, access.tree[unit]?.kind.isEmployerUnit == false {
                (filter.unit, filter.organization) = (nil, unit)
            }
            let place = filter.unit ?? filter.organization
            let card = try Self.queryChoice(query, "card", "证卡", TrackedCard.init(rawValue:))
            let cardStatus = try Self.queryChoice(query, "cardStatus", "证卡状态", CardState.init(rawValue:))
            if let card, let cardStatus {
                filter.card = card
                filter.cardStatus = cardStatus
            }
            let after = try Self.queryText(query["cursor"], "翻页")
            // A unit that does not exist, or lies outside the jurisdiction, is said beside its field, over
            // an empty list.
            var unitProblem: String?
            let page: Page<TalentListing>
            do {
                page = try await register.queries.talents(filter, after: after, limit: 50, by: person.caller)
            } catch is NotFound where place != nil {
                unitProblem = "没有编号为“\(place ?? "")”的单位或机构，或不在您的管辖范围内。"
                page = Page(items: [], nextCursor: nil)
            } catch let error as InvalidInput where error.field == "unit" {
                let unit = filter.unit ?? ""
                unitProblem =
                    access.tree[unit]?.kind.isEmployerUnit == false
                    ? "“\(unit)”不是用人单位；要查看其下各单位的人才，请只填这一个编号。"
                    : "单位“\(unit)”不在“\(filter.organization ?? "")”之下。"
                page = Page(items: [], nextCursor: nil)
            }
            let searchesNames = access.maySearchNames(person.caller)
            // How many the list holds (what its pages list), and the way back to its start: pages follow one
            // another by their last id, and a province's list is a thousand pages of 50.
            let total = unitProblem == nil ? try await register.queries.count(filter, by: person.caller) : 0
            func address(cursor: String?) -> String {
                var components = URLComponents()
                components.queryItems = [
                    URLQueryItem(name: "q", value: filter.text), URLQueryItem(name: "tier", value: tier?.rawValue),
                    URLQueryItem(name: "status", value: status?.rawValue),
                    URLQueryItem(name: "unit", value: filter.unit ?? filter.organization),
                    URLQueryItem(name: "organization", value: filter.unit == nil ? nil : filter.organization),
                    URLQueryItem(name: "card", value: filter.card?.rawValue),
                    URLQueryItem(name: "cardStatus", value: filter.cardStatus?.rawValue),
                    URLQueryItem(name: "cursor", value: cursor),
                ].filter { $0.value != nil }
                return "/console/talents" + (components.string ?? "")
            }
            let next = page.nextCursor.map { address(cursor: $0) }
            return render(
                "talents", status: unitProblem == nil ? .ok : .notFound, person,
                [
                    "title": unitProblem == nil ? "人才" : ConsoleVocabulary.refusedTitle("人才"),
                    "unitProblem": unitProblem as Any, "q": filter.text ?? "",
                    "unit": filter.unit ?? filter.organization ?? "",
                    "searchLabel": searchesNames ? "编号或姓名" : "编号（按编号开头查找）",
                    "tiers": Tier.allCases.map {
                        ["value": $0.rawValue, "label": "\($0.rawValue)类", "selected": $0 == tier]
                    },
                    "statuses": [Talent.Status.underManagement, .pendingInvestigation, .exited, .contactList].map {
                        ["value": $0.rawValue, "label": $0.chineseName, "selected": $0 == status]
                    },
                    "cards": ConsoleVocabulary.cards.map {
                        ["value": $0.0.rawValue, "label": $0.1, "selected": $0.0 == filter.card]
                    },
                    "cardStates": [CardState.active, .suspended, .takenBack, .cancelled, .none].map {
                        [
                            "value": $0.rawValue, "label": ConsoleVocabulary.card($0),
                            "selected": $0 == filter.cardStatus,
                        ]
                    },
                    "rows": page.items.map { listing -> [String: Any] in
                        [
                            "id": listing.id.rawValue, "name": listing.name ?? "—",
                            "tier": ConsoleVocabulary.tier(listing.tier),
                            "status": listing.status.chineseName,
                            "unit": listing.answeringUnit.map { access.tree[$0]?.name ?? $0 } ?? "—",
                            "jixiang": ConsoleVocabulary.card(listing.jixiangCard),
                            "jijian": ConsoleVocabulary.card(listing.jijianCard),
                        ]
                    },
                    "empty": page.items.isEmpty, "next": next as Any, "total": total,
                    // A cursor past the list's end (a bookmark, an address typed): the list is not empty.
                    "pastTheEnd": page.items.isEmpty && after != nil && total > 0,
                    "first": (after == nil ? nil : address(cursor: nil)) as Any,
                ])
        }
    }

    @Sendable func talent(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            let draft = try await sessions.takeDraft(person.sessionID, of: person.session, on: request.uri.path)
            return try await talentPage(
                try context.parameters.require("id"), request: request, person: person,
                refused: draft.map(Self.restoredForm))
        }
    }

    /// The "as of" picker's day, or why it cannot be used (400): said beside the picker with what was typed
    /// (a date field shows nothing of an invalid day), over today's page, so that the person corrects it
    /// where they typed it.
    func pickedDay(_ typed: String?) -> (Day?, problem: String?) {
        guard let typed else { return (nil, nil) }
        guard let day = try? Day(typed) else {
            // Written right, a day the calendar does not have (2026-02-29) is said as such.
            return (
                nil,
                FormFields.isCalendarShaped(typed)
                    ? "没有 \(typed) 这一天" : "“\(typed)”不是有效的日期：请使用 YYYY-MM-DD 格式，例如 2024-06-30"
            )
        }
        let limits = register.limits
        guard limits.outsideDays(day) == nil else {
            return (nil, "“\(typed)”：" + ConsoleVocabulary.registerDays(limits))
        }
        return (day, nil)
    }

    /// The "known at" picker's time, or why it cannot be used, as ``pickedDay(_:)`` says a day's. As the
    /// picker sends it (China's wall clock: the end of that day, minute or second, so that what the timeline
    /// shows recorded at 14:45 is known at 14:45), or as the API answers one (RFC 3339: a link copied from the
    /// API's `knownAt`); never after now.
    static func pickedTime(_ typed: String?) -> (Date?, problem: String?) {
        guard let typed else { return (nil, nil) }
        switch RecordingTime.knownAt(typed, now: Date()) {
        case .at(let date): return (date, nil)
        case .invalid:
            // Written right, a day the calendar does not have (2026-02-29) is said as such, as the day's is.
            let day = String(typed.prefix { $0 != "T" })
            return (
                nil,
                FormFields.isCalendarShaped(day)
                    ? "没有 \(day) 这一天" : "“\(typed)”不是有效的时间：请使用 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM 格式"
            )
        case .future: return (nil, "“\(typed)”尚未到来：按何时所知只能是现在或过去的时间")
        }
    }

    /// A draft's form, to be drawn again as posted (its text is the page's to say: whether the talent moved).
    static func restoredForm(_ draft: FormDraft) -> FormRefusal {
        let type =
            switch draft.form {
            case .command(let type): type
            default: profileForm
            }
        return FormRefusal(type: type, text: "", field: nil, entered: draft.fields, restored: true)
    }

    /// A talent's page as the register said on `asOf` as known at `knownAt` (query), with `notice` (a
    /// recorded command) or `refused` (a command form refused, drawn again as posted with its refusal, or
    /// a draft restored).
    func talentPage(
        _ id: String, request: Request, person: SignedIn, notice: String? = nil, refused: FormRefusal? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let query = request.uri.queryParameters
        let notice =
            notice ?? query["recorded"].flatMap { CommandForms.title(of: String($0)) }.map { "已记录：\($0)" }
            ?? query["profile"].flatMap { ConsoleVocabulary.profileNotices[String($0)] }
        let typedAsOf = query["asOf"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let typedKnownAt = query["knownAt"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        var (asOf, asOfProblem) = pickedDay(typedAsOf)
        var (knownAt, knownAtProblem) = Self.pickedTime(typedKnownAt)
        // Either unusable: today's page, the problem said beside its picker.
        if asOfProblem != nil || knownAtProblem != nil { (asOf, knownAt) = (nil, nil) }
        let page: (listing: TalentListing, visibility: Visibility, timeline: [TimelineEntry], state: Talent)
        var nothingThen = false
        do {
            page = try await register.queries.page(of: TalentID(id), asOf: asOf, knownAt: knownAt, by: person.caller)
        } catch var notYet as NotYetInRegister {
            // Said as typed (the minute picked, not the end of it the register read it as).
            if let typedKnownAt, notYet.knownAt != nil { notYet.knownAt = typedKnownAt }
            let said = ConsoleVocabulary.notYetInRegister(notYet)
            page = try await register.queries.page(of: TalentID(id), asOf: nil, knownAt: nil, by: person.caller)
            // Beside the picker that asked for a time before the talent's first fact: the day, unless the
            // talent had been evaluated by then and it is the "known at" time that came before its recording.
            let evaluatedBy = asOf.map { day in page.timeline.contains { $0.effectiveDate <= day } } ?? false
            if asOf != nil, !(knownAt != nil && evaluatedBy) { asOfProblem = said } else { knownAtProblem = said }
            (asOf, knownAt) = (nil, nil)
            nothingThen = true
        }
        let (listing, visibility, timeline, state) = page
        let unusable = asOfProblem != nil || knownAtProblem != nil
        // What the banner says the page is as of: only what the page was drawn as of.
        let asOfText = asOf.flatMap { _ in typedAsOf }
        let knownAtText = knownAt.flatMap { _ in typedKnownAt }
        let access = try await register.queries.access()
        let known = timeline.filter { entry in
            (asOf.map { entry.effectiveDate <= $0 } ?? true) && (knownAt.map { entry.recordedAt <= $0 } ?? true)
        }
        let today = register.today()
        var banner: [String] = []
        if let asOfText { banner.append("截至 \(asOfText)") }
        if let knownAtText {
            // As typed on the picker; a time pasted from the API (UTC) on China's clock, as the timeline shows.
            let shown =
                RecordingTime.parse(knownAtText).map { BusinessDay.clockText($0, seconds: true) }
                ?? knownAtText.replacingOccurrences(of: "T", with: " ")
            banner.append("按 \(shown) 时所知")
        }
        let current = asOf == nil && knownAt == nil
        let version = timeline.map(\.version).max() ?? 0
        var refused = refused
        if let draft = refused, draft.restored {
            // The version the form's page showed when it was filled.
            refused?.text = ConsoleVocabulary.restoredDraft(
                moved: draft.entered["version"].map { $0 != String(version) } ?? false)
        }
        var forms: [DrawnCommandForm] = []
        let requestKey = Self.freshRequestKey()
        var drawn: [CommandForm] = []
        if current, Access.recordsFacts(person.caller) {
            let occasion = FormOccasion(
                for: state, policy: register.policy, today: today,
                evaluation: TalentEvaluated.standing(in: timeline.compactMap(\.event)))
            drawn = CommandForms.all.filter {
                $0.isDrawn(for: state, on: occasion)
                    && access.mayIssue($0.sample, onTalentAnsweredBy: listing.answeringUnit, caller: person.caller)
                        == .allowed
            }
            forms = drawn.map { $0.drawn(for: state, on: occasion, refused: refused) }
        }
        let mayKeepProfile = visibility == .full && current
        // A refusal or a draft whose form this page no longer draws (the talent's situation moved on: the
        // contact already recorded lost) is said at the page's head; a draft was neither filled in nor
        // recorded.
        let formNotDrawn =
            refused.map { form in
                form.type == Self.profileForm ? !mayKeepProfile : !drawn.contains(where: { $0.type == form.type })
            } ?? false
        let headProblem =
            formNotDrawn ? refused.map { $0.restored ? ConsoleVocabulary.draftWithoutForm : $0.text } : nil
        let entries = Self.timelineRows(
            known.sorted { ($0.effectiveDate, $0.version) > ($1.effectiveDate, $1.version) },
            tree: access.tree)
        let entitlements = state.entitlements
        // A page drawn again over something refused says so first in its title, which is what a screen
        // reader reads on arrival.
        let troubled = (refused.map { !$0.restored } ?? false) || unusable
        return render(
            "talent", status: nothingThen ? .notFound : unusable ? .badRequest : status, person,
            [
                "title": troubled ? ConsoleVocabulary.refusedTitle("人才 \(id)") : "人才 \(id)", "id": id,
                "name": listing.name ?? "—",
                "version": version,
                // Out of management, the tier held last (the list and the API show it too), said as past.
                "tier": state.isUnderManagement || state.tier == nil
                    ? ConsoleVocabulary.tier(state.tier) : "原为\(ConsoleVocabulary.tier(state.tier))",
                "status": state.status.chineseName
                    + (state.lostContactSince.map { "（自 \($0) 失联）" } ?? ""),
                "unit": state.unit.map { access.tree[$0.rawValue]?.name ?? $0.rawValue } ?? "—",
                "answering": listing.answeringUnit.map { access.tree[$0]?.name ?? $0 } ?? "—",
                "field": state.professionalField ?? "—",
                "period": state.period.map { "\($0.start) 至 \($0.end)" } ?? "—",
                // T3: the agreement's end as renewed, not the evaluation's.
                "agreementEnd": state.flexibleAgreementEnd?.description as Any,
                "classified": state.isClassified,
                "cards": [
                    ["name": "吉享卡", "status": ConsoleVocabulary.card(entitlements.jixiangCard)],
                    ["name": "吉健卡", "status": ConsoleVocabulary.card(entitlements.jijianCard)],
                    ["name": "人才码", "status": ConsoleVocabulary.credential(entitlements.talentCode.status)],
                    [
                        "name": "就医服务",
                        "status": !entitlements.medicalService
                            ? "不享受" : entitlements.medicalServicePaused ? "暂停（随吉健卡）" : "享受",
                    ],
                ],
                "subsidy": Self.subsidy(state),
                "retirement": Self.retirement(state) as Any,
                "reports": state.pendingExitReports.map { ["text": Self.waiting($0)] },
                "declared": state.declaredDowngradeSituationsNotRecorded(in: known.compactMap(\.event)).map {
                    [
                        "text": Self.declaredNotRecorded(
                            $0, months: register.policy.management.downgradeReportDeadlineMonths)
                    ]
                },
                "publicities": state.campaigns.sorted { $0.key < $1.key }.compactMap { year, record in
                    record.isPublicityRunning
                        ? record.publicity.map {
                            ["text": "\(year)年度考核结果自 \($0.startedOn) 起公示中，最早可于 \($0.earliestEnd) 结束（P1）"]
                        } : nil
                },
                // false (no banner) for today's view; one asked of a day or time it could not be drawn as of says
                // that what follows is today's.
                "asOfBanner": unusable
                    ? "所填的日期或时间无法显示（见其旁说明），以下为今天的情况。"
                    : banner.isEmpty
                        ? false
                        : "以下为\(banner.joined(separator: "、"))的情况\(Self.bannerNote(asOf: asOf, today: today))。" as Any,
                "asOf": typedAsOf ?? "", "knownAt": typedKnownAt ?? "", "current": current,
                "asOfProblem": asOfProblem as Any, "knownAtProblem": knownAtProblem as Any,
                "timeline": Charts.timeline(known, until: asOf ?? today), "entries": entries,
                "formsHTML": forms.map {
                    $0.html(talent: id, version: version, csrf: person.session.csrf, requestKey: requestKey)
                }.joined(),
                "hasForms": !forms.isEmpty, "flash": notice as Any,
                "error": headProblem as Any,
                "profile": [
                    "name": listing.name ?? "未登记", "nationalId": listing.nationalID ?? "未登记",
                    "phone": listing.phone ?? "未登记",
                ],
                // Only those who see it in full keep it (SEC1), and only on today's page.
                "profileForms": mayKeepProfile ? Self.profileForms(listing, refused: refused) : false,
                "mayAudit": Access.mayAudit(person.caller),
            ], requestKey: requestKey)
    }

    /// The timeline's table rows, latest first: one per recorded fact with the tier and both cards it
    /// left the talent with (what the strip above draws), its id an address of its own (`#event-12`). Drawn
    /// here rather than by the template: twenty rows of ten cells looked up one by one through the template's
    /// context were a third of the page's time. Each row says the particulars the register gave its reader
    /// (SEC2); `tree` names the organizations the recorders acted for.
    static func timelineRows(_ entries: [TimelineEntry], tree: OrganizationTree) -> String {
        var html = ""
        for entry in entries {
            // As the strip's band says it: the tier under management, else the status (已退出管理, …).
            let after = entry.stateOnItsDay
            let tier =
                after.isUnderManagement ? ConsoleVocabulary.tier(after.tier) : after.status.chineseName
            let occurred = entry.occurredOn.map { "<br><small>发生于 \($0)</small>" } ?? ""
            let cards = after.entitlements
            let cells = [
                ConsoleVocabulary.event(entry.type), tier, ConsoleVocabulary.card(cards.jixiangCard),
                ConsoleVocabulary.card(cards.jijianCard), entry.ruleID ?? "",
                entry.cause ?? entry.particulars ?? "",
                entry.reason.map(ConsoleVocabulary.said) ?? "",
                ConsoleVocabulary.recorder(
                    role: entry.role, organization: entry.organization.map { tree[$0]?.name ?? $0 },
                    account: entry.actor),
                BusinessDay.clockText(entry.recordedAt, seconds: true),
            ].map { "<td>\(Markup.escaped($0))</td>" }.joined()
            html += "<tr id=\"event-\(entry.version)\"><td>\(entry.effectiveDate)\(occurred)</td>\(cells)</tr>"
        }
        return html
    }

    /// The forms that keep a talent's personal data and erase it, filled with what it holds now, or
    /// as posted and refused with the refusal beside its field.
    static func profileForms(_ listing: TalentListing, refused: FormRefusal?) -> [String: Any] {
        let kept = ["name": listing.name, "nationalId": listing.nationalID, "phone": listing.phone]
        let posted = refused?.type == Self.profileForm ? refused : nil
        let fields = [("name", "姓名"), ("nationalId", "公民身份号码（可不填）"), ("phone", "联系电话（可不填）")].map {
            name, label -> [String: Any] in
            [
                "name": name, "label": label, "id": "profile-\(name)", "required": name == "name",
                "value": posted.map { $0.entered[name] ?? "" } ?? kept[name].flatMap { $0 } ?? "",
                "problem": posted?.problem(of: name) as Any? ?? false,
            ]
        }
        let erase = refused?.type == Self.profileErasure ? refused?.text : nil
        return [
            "fields": fields, "eraseProblem": erase as Any, "hasProfile": listing.name != nil,
            "restored": posted.flatMap { $0.restored ? $0.text : nil } as Any,
        ]
    }

    /// A problem of the personal data, beside its field in the console's words: a refusal of the register's
    /// limits names the member (`name：…`), said here by the field's label.
    static func profileProblem(_ problem: any Error) -> (field: String, text: String) {
        if let invalid = problem as? InvalidPersonalData {
            return (invalid.field, ConsoleVocabulary.personalData(invalid.problem))
        }
        if let inUse = problem as? NationalIDInUse {
            return (inUse.field, ConsoleVocabulary.nationalIDInUse(inUse))
        }
        guard let refusal = problem as? Refusal else { return ("name", "\(problem)") }
        let field = refusal.field ?? "name"
        let labels = ["name": "姓名", "nationalId": "公民身份号码", "phone": "联系电话"]
        guard refusal.reason.hasPrefix("\(field)：") else { return (field, ConsoleVocabulary.refusal(refusal)) }
        return (field, "\(labels[field] ?? field)：\(refusal.reason.dropFirst(field.count + 1))")
    }

    /// The `type` a refused profile form is drawn again under (the command forms use the command's).
    static var profileForm: String { "profile" }
    static var profileErasure: String { "profile-erasure" }

    /// Keeps the talent's personal data as the form gives it (an empty optional field keeps none).
    @Sendable func keepProfile(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, fields in
            let id = try context.parameters.require("id")
            let data = PersonalData(
                name: fields["name"] ?? "", nationalID: fields.text("nationalId"), phone: fields.text("phone"))
            func refused(_ text: String, field: String, status: HTTPResponse.Status) async throws -> Response {
                try await talentPage(
                    id, request: request, person: person,
                    refused: FormRefusal(type: Self.profileForm, text: text, field: field, entered: fields),
                    status: status)
            }
            do {
                try await register.replaceProfile(data, of: TalentID(id), by: person.caller)
            } catch let error where error is InvalidPersonalData || error is Refusal || error is NationalIDInUse {
                // Every field's problem at once, each beside its field; the error caught is among them.
                let found = data.problems(limits: register.policy.management.registerLimits, today: register.today())
                let said = (found.isEmpty ? [error] : found).map(Self.profileProblem)
                var refusal = FormRefusal(
                    type: Self.profileForm, text: said[0].text, field: said[0].field, entered: fields)
                for other in said.dropFirst() { refusal.others[other.field] = other.text }
                return try await talentPage(
                    id, request: request, person: person, refused: refusal,
                    status: error is Refusal
                        ? .unprocessableContent : error is NationalIDInUse ? .conflict : .badRequest)
            }
            return redirect("/console/talents/\(Self.pathComponent(id))?profile=saved#profile")
        }
    }

    /// Erases the talent's personal data, once the person has ticked that they mean it.
    @Sendable func eraseProfile(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, fields in
            let id = try context.parameters.require("id")
            // The checkbox as a browser sends it when ticked; any other value is not a yes.
            guard fields["confirm"] == "on" else {
                return try await talentPage(
                    id, request: request, person: person,
                    refused: FormRefusal(
                        type: Self.profileErasure, text: "请先勾选“确认清除”。清除后姓名、公民身份号码和联系电话不再保存，历史记录保留。",
                        field: "confirm", entered: fields),
                    status: .badRequest)
            }
            try await register.eraseProfile(of: TalentID(id), by: person.caller)
            return redirect("/console/talents/\(Self.pathComponent(id))?profile=erased#profile")
        }
    }

    /// E4, C1, C2: the housing subsidy, what was paid of it, and what will not be paid once it stopped.
    static func subsidy(_ state: Talent) -> String {
        let subsidy = state.entitlements.housingSubsidy
        guard subsidy.totalYuan > 0 else { return "" }
        let yuan = ConsoleVocabulary.yuan
        let paid = "安家补贴 \(yuan(subsidy.totalYuan)) 元，已发放 \(yuan(subsidy.paidYuan)) 元"
        guard subsidy.stopped else { return paid }
        return paid + "；未发放的 \(yuan(subsidy.withheldYuan)) 元不再发放（\(state.hasExited ? "退出管理，C2" : "降级，C1")）"
    }

    /// X1, X2: the retirement, and the rehire that keeps the talent, as the state holds them.
    static func retirement(_ state: Talent) -> String? {
        guard state.isRetired else { return nil }
        let retired = state.retiredOn.map { "\($0) 退休" } ?? "已退休"
        guard let rehire = state.rehire else { return retired + "，未返聘" }
        return retired + "；返聘（协议 \(rehire.reference)" + (rehire.validUntil.map { "，至 \($0)" } ?? "") + "）"
    }

    /// A downgrade situation declared in the basic information with no fact recording it (D3), to be
    /// reported within the policy's `months`.
    static func declaredNotRecorded(_ rule: RuleID, months: Int) -> String {
        let name = ConsoleVocabulary.ruleNames[rule.rawValue] ?? rule.rawValue
        let fact = rule == .D1 ? "年度考核结果" : "处分"
        return "基本信息采集申报存在“\(name)”情形（\(rule.rawValue)），尚未登记：请登记该\(fact)，"
            + "并自情形发生之日起\(ConsoleVocabulary.months(months))内报告、提出是否降级或退出的建议（D3）"
    }

    /// X9: a situation the unit reported, waiting for the province's verification.
    static func waiting(_ report: Talent.ExitReport) -> String {
        "“\(report.reason.chineseName)”（\(report.occurredOn) 发生，\(report.reportedOn) 报告"
            + (report.withinDeadline ? "" : "，逾期报告") + "），待省人社厅核实"
    }

    /// What the as-of banner adds: a past day's view is not today's; a later day's is what the register
    /// holds now carried forward, and can change.
    static func bannerNote(asOf: Day?, today: Day) -> String {
        guard let asOf else { return "" }
        if asOf > today { return "：按目前登记的情况推算，之后的记录可能改变它" }
        return asOf < today ? "，不是今天的情况" : ""
    }

    /// A list filter's choice (`tier=B`): nil when absent or empty (every one); one no option of the page's
    /// form sends is a bad request, not a filter silently dropped (which listed every talent).
    static func queryChoice<T>(
        _ query: Hummingbird.Parameters, _ name: String, _ field: String, _ read: (String) -> T?
    ) throws -> T? {
        guard let text = try queryText(query, name, field) else { return nil }
        guard let choice = read(text) else {
            throw InvalidInput(field, "没有“\(QueryText.echo(text))”这一选项，请从列表中选择")
        }
        return choice
    }

    /// A query parameter that may be given once, as ``queryText(_:_:)`` reads it: given twice, which was
    /// meant is not guessed (the API refuses it alike).
    static func queryText(_ query: Hummingbird.Parameters, _ name: String, _ field: String) throws -> String? {
        let values = query[values: Substring(name)]
        guard values.count <= 1 else { throw InvalidInput(field, "只能填写一次") }
        return try queryText(values.first, field)
    }

    /// A query parameter's text as the list takes it: nil when absent or empty; one no client takes
    /// (``QueryText``) is a bad request, as it is for the API.
    static func queryText(_ value: Substring?, _ field: String) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard QueryText.isAcceptable(value) else {
            throw InvalidInput(field, "不能含控制字符或无法识别的字符（如编码错误的乱码），且不超过\(QueryText.maximumLength)个字符")
        }
        return String(value)
    }

    @Sendable func command(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, fields in
            let id = try context.parameters.require("id")
            let type = fields["type"] ?? ""
            guard let form = CommandForms.all.first(where: { $0.type == type }) else {
                throw InvalidInput("type", "没有这种操作")
            }
            func refused(
                _ text: String, field: String? = nil, others: [String: String] = [:], status: HTTPResponse.Status
            ) async throws -> Response {
                try await talentPage(
                    id, request: request, person: person,
                    refused: FormRefusal(type: type, text: text, field: field, entered: fields, others: others),
                    status: status)
            }
            // Every field's problem at once, the builder's own words for the one it stopped at.
            var problems = form.problems(in: fields)
            var fields = fields
            if type == "relocate", let given = fields.text("newUnit") {
                switch try await movedTo(given, talent: TalentID(id), sample: form.sample, by: person.caller) {
                case .unit(let id): fields = fields.replacing("newUnit", with: id)
                case .problem(let text): problems.append(("newUnit", "\(form.label(of: "newUnit"))：\(text)"))
                }
            }
            var built: TalentCommand?
            do {
                built = try form.command(fields, of: TalentID(id))
            } catch let invalid as InvalidInput {
                let said = (invalid.field, "\(form.label(of: invalid.field))：\(invalid.reason)")
                if let index = problems.firstIndex(where: { $0.field == invalid.field }) {
                    problems[index] = said
                } else {
                    problems.insert(said, at: 0)
                }
            }
            guard let command = built, problems.isEmpty else {
                let others = problems.dropFirst().map { ($0.field, $0.text) }
                return try await refused(
                    problems[0].text, field: problems[0].field,
                    others: Dictionary(others, uniquingKeysWith: { first, _ in first }), status: .badRequest)
            }
            // A day `problems(in:)` found well formed, or none given: today.
            let date =
                (try? fields.day("effectiveOn", label: form.label(of: "effectiveOn"))).flatMap { $0 }
                ?? register.today()
            // The version the page showed, which the form carries: one that is not a version pins nothing, and
            // the command would be recorded over whatever happened since.
            let version: Int64?
            if let text = fields.text("version") {
                guard let number = Int64(text) else {
                    return try await refused(
                        "此页面的表单已损坏（版本号无效），请重新打开页面后再操作。", status: .badRequest)
                }
                version = number
            } else {
                version = nil
            }
            do {
                try await register.handle(
                    command, for: TalentID(id), on: date, by: person.caller,
                    commandID: fields.commandID(by: person.caller) ?? .timeOrdered(), expectedVersion: version,
                    reason: fields.text("reason"))
            } catch let refusal as Refusal {
                // A refusal about one of the form's fields is shown beside that field, under its label: the
                // register's limits name it by the command's path and say it first (`fileObjection.summary：…`),
                // a rule's refusal names it (`occurredOn`) and keeps its rule.
                if let path = refusal.field, case let name = form.field(atPath: path), form.hasField(name) {
                    let problem =
                        refusal.reason.hasPrefix("\(path)：")
                        ? "\(refusal.reason.dropFirst(path.count + 1))。"
                        : "未通过规则 \(refusal.rule.rawValue)：\(ConsoleVocabulary.refusal(refusal))"
                    return try await refused(
                        "\(form.label(of: name))：\(problem)", field: name, status: .unprocessableContent)
                }
                return try await refused(
                    "未通过规则 \(refusal.rule.rawValue)：\(ConsoleVocabulary.refusal(refusal))",
                    status: .unprocessableContent)
            } catch let invalid as InvalidInput where form.hasField(form.field(atPath: invalid.field)) {
                // Named by the command's path (`evaluation.unit`), said beside the form's field (`unit`).
                let name = form.field(atPath: invalid.field)
                return try await refused(
                    "\(form.label(of: name))：\(ConsoleVocabulary.invalid(invalid))", field: name, status: .badRequest)
            } catch is StaleVersion {
                return try await refused(
                    "此页面显示的信息已过期（其间有新的记录），请查看最新情况后再操作。", status: .preconditionFailed)
            } catch is CommandIDReused {
                return try await refused(ConsoleVocabulary.formSentBefore, status: .unprocessableContent)
            }
            // A move within the province (O2) may take the talent out of the officer's jurisdiction: its page
            // would answer "not found" to the officer who just recorded the move, so the unit's page says it.
            if case .relocate(.withinProvince, _, _) = command, let unit = person.caller.organization,
                (try? await register.queries.talent(TalentID(id), by: person.caller)) == nil
            {
                return redirect("/console/units/\(Self.pathComponent(unit))?done=movedAway#main")
            }
            // To the page's start, where the notice is: the form's address (`#form-…`) would be kept otherwise.
            return redirect("/console/talents/\(Self.pathComponent(id))?recorded=\(type)#main")
        }
    }

    /// The new unit of a move, as a clerk names it.
    enum NamedUnit {
        /// The unit's id in the register, or the text as given for the register to judge (an id it may not hold).
        case unit(String)
        /// Why no one unit is meant, with the names that may have been.
        case problem(String)
    }

    /// The unit `given` names: an organization's id (in any case), or an employer unit's full or short
    /// name. A unit officer moving a talent to another unit has no page listing that unit's id (it lies
    /// outside their jurisdiction), but knows its name. Units are named to a caller who may record the move
    /// (`sample`) on `talent` alone: to anyone else the text goes on as given, for the register to refuse
    /// the caller before it looks at any unit.
    func movedTo(_ given: String, talent: TalentID, sample: TalentCommand, by caller: Caller) async throws
        -> NamedUnit
    {
        let access = try await register.queries.access()
        guard Access.roleMayIssue(sample, caller: caller) == .allowed,
            let listing = try? await register.queries.talent(talent, by: caller),
            access.mayIssue(sample, onTalentAnsweredBy: listing.answeringUnit, caller: caller) == .allowed
        else { return .unit(given) }
        let tree = access.tree
        if tree[given] != nil { return .unit(given) }
        if let id = tree.organizations.keys.first(where: { $0.lowercased() == given.lowercased() }) { return .unit(id) }
        let named = tree.employerUnits(named: given)
        func listed(_ units: [Organization]) -> String {
            units.map { "\($0.name)（编号 \($0.id)）" }.joined(separator: "、")
        }
        switch named.count {
        case 1: return .unit(named[0].id)
        case 0: break
        default:
            let more = named.count > Self.unitsSuggested ? "等" : ""
            return .problem(
                "有\(named.count)个单位名为“\(QueryText.echo(given))”：\(listed(Array(named.prefix(Self.unitsSuggested))))\(more)，请填写其中一个的编号。"
            )
        }
        // Text an id is written in (no Chinese) is the register's to judge, in its words.
        guard given.unicodeScalars.contains(where: { !$0.isASCII }) else { return .unit(given) }
        let resembling = tree.employerUnits(resembling: given, limit: Self.unitsSuggested)
        guard !resembling.isEmpty else {
            return .problem("没有名为“\(QueryText.echo(given))”的单位，请核对单位全称、简称或编号。")
        }
        return .problem("没有名为“\(QueryText.echo(given))”的单位。名称相近的有：\(listed(resembling))，请填写其中一个的全称或编号。")
    }

    /// How many units a name that is none is answered with.
    static var unitsSuggested: Int { 5 }

    @Sendable func events(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            let id = try context.parameters.require("id")
            let events = try await register.queries.rawEvents(of: TalentID(id), by: person.caller)
            return render(
                "events", person,
                [
                    "title": "原始记录 \(id)", "id": id,
                    "events": events.map { event -> [String: Any] in
                        [
                            "version": event.version, "type": event.type, "effective": event.effectiveDate,
                            "recorded": BusinessDay.clockText(event.recordedAt), "position": event.position,
                            "command": event.commandID.uuidString.lowercased(),
                            "hash": event.hash.hexString,
                            "data": String(decoding: event.data, as: UTF8.self),
                        ]
                    },
                ])
        }
    }
}
