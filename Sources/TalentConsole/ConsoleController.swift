import Foundation
import Hummingbird
import Logging
import Mustache
import ReadModels
import TalentApplication
import TalentDomain

/// The staff console (工作台): server-rendered pages under `/console` for the provincial office, the
/// bureaus and departments, the units' officers and the auditors, in Simplified Chinese. A client of the
/// same application layer as the API: the caller's role and jurisdiction decide every page exactly as
/// they decide the API's answers (a page outside the jurisdiction is 404), and names are masked the same.
///
/// Pages are plain HTML and CSS with server-drawn SVG charts; the templates and the stylesheet are
/// compiled into the program, so nothing is fetched from anywhere else.
public struct ConsoleController<Context: RequestContext>: Sendable {
    let register: TalentRegister
    let sessions: ConsoleSessions
    let views: ConsoleViews
    let overviews: OverviewCache<String>

    /// `overviewLifetime`: how long a jurisdiction's overview figures are shown before they are counted
    /// again; `secureCookies`: whether people reach the console over HTTPS (the session cookie then says
    /// `Secure`).
    public init(register: TalentRegister, overviewLifetime: Duration = .seconds(60), secureCookies: Bool = false) {
        self.register = register
        sessions = ConsoleSessions(register: register, secure: secureCookies)
        views = ConsoleViews()
        overviews = OverviewCache(lifetime: overviewLifetime)
    }

    public func addRoutes(to console: RouterGroup<Context>) {
        console.add(middleware: ConsoleAvailabilityMiddleware(views: views, outages: register.outages))
        console.get { _, _ in Response.redirect(to: "/console/overview", type: .found) }
        console.get("assets/:file", use: asset)
        console.get("sign-in", use: signInPage)
        console.post("sign-in", use: signIn)
        console.post("sign-out", use: signOut)
        console.get("overview", use: overview)
        console.get("talents", use: talents)
        console.get("talents/:id", use: talent)
        console.post("talents/:id/commands", use: command)
        console.post("talents/:id/profile", use: keepProfile)
        console.post("talents/:id/profile/erase", use: eraseProfile)
        console.get("talents/:id/events", use: events)
        console.get("units", use: units)
        console.get("units/:id", use: unit)
        console.post("units/:id/submit", use: submit)
        console.post("units/:id/review", use: review)
        console.post("units/:id/contact-form", use: sendContactForm)
        console.post("units/:id/evaluation-work", use: changeEvaluationWork)
        console.get("units/:id/documents/:document", use: document)
        console.get("campaign", use: campaign)
        console.get("campaign/documents/:document", use: levelDocument)
        console.get("campaign/overdue", use: overdue)
        console.get("campaign/jobs", use: jobs)
        console.post("campaign/jobs", use: runJob)
        console.get("audit", use: audit)
        console.post("audit/verify", use: verify)
        console.get("evaluation-lists", use: evaluationLists)
        console.post("evaluation-lists", use: importEvaluationList)
        // A page the address bar shows after a form was posted, opened again: the page it belongs to.
        for action in ["commands", "profile", "profile/erase"] {
            console.get("talents/:id/\(action)") { request, context in
                Response.redirect(to: "/console/talents/\(Self.pathComponent(try context.parameters.require("id")))")
            }
        }
        for action in ["submit", "review", "contact-form", "evaluation-work"] {
            console.get("units/:id/\(action)") { request, context in
                Response.redirect(to: "/console/units/\(Self.pathComponent(try context.parameters.require("id")))")
            }
        }
        console.get("audit/verify") { _, _ in Response.redirect(to: "/console/audit") }
        console.get("sign-out") { _, _ in Response.redirect(to: "/console/overview") }
        console.get("**", use: notFound)
    }

    /// Any other address under the console: a page that says so, in words.
    @Sendable func notFound(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            render("error", status: .notFound, person, ["title": "未找到", "message": "没有这个页面。"])
        }
    }

    /// The signed-in person of a request: who they are to the register and their session.
    struct SignedIn: Sendable {
        let caller: Caller
        let session: ConsoleSessions.Session
        let sessionID: String
        let name: String
    }

    /// The signed-in person, or nil (the page then sends them to sign in).
    func signedIn(_ request: Request) async throws -> SignedIn? {
        guard let id = ConsoleSessions.sessionID(of: request), let session = try await sessions.session(id) else {
            return nil
        }
        guard let caller = session.caller else {
            // The account was revoked since: the session ends with it.
            try await sessions.close(id)
            return nil
        }
        return SignedIn(caller: caller, session: session, sessionID: id, name: session.name)
    }

    /// Runs a page for the signed-in person: to the sign-in page without a session; the register's
    /// errors as pages in words (404 outside the jurisdiction, as for what does not exist).
    func page(_ request: Request, _ body: (SignedIn) async throws -> Response) async throws -> Response {
        guard let person = try await signedIn(request) else { return toSignIn(request) }
        return try await answer(person, body)
    }

    /// To the sign-in page. A session cookie that no longer opens a session: it ended (signed out elsewhere,
    /// the account revoked, the server restarted); the sign-in page says so.
    func toSignIn(_ request: Request) -> Response {
        let ended = ConsoleSessions.sessionID(of: request) != nil
        return Response.redirect(to: ended ? "/console/sign-in?ended=1" : "/console/sign-in", type: .found)
    }

    /// `body`'s page for `person`, with the register's errors as pages in words.
    func answer(_ person: SignedIn, _ body: (SignedIn) async throws -> Response) async throws -> Response {
        do {
            return try await body(person)
        } catch let error as NotFound {
            return render(
                "error", status: .notFound, person,
                ["title": "未找到", "message": "没有找到\(Self.subject(error.subject))，或不在您的管辖范围内。"])
        } catch let error as Forbidden {
            return render(
                "error", status: .forbidden, person, ["title": "无权操作", "message": "您的角色不能进行此操作：\(error.reason)"])
        } catch let error as InvalidInput {
            return render(
                "error", status: .badRequest, person, ["title": "输入有误", "message": "\(error.field)：\(error.reason)"])
        } catch let error as NotYetInRegister {
            return render(
                "error", status: .notFound, person,
                ["title": "当时尚未登记", "message": ConsoleVocabulary.notYetInRegister(error)])
        } catch is DocumentsBusy {
            var response = render(
                "error", status: .serviceUnavailable, person,
                ["title": "请稍后再试", "message": "其他人员正在生成考核材料，请过几秒钟再下载。"])
            response.headers[.retryAfter] = String(Availability.retryAfterSeconds)
            return response
        }
    }

    /// What was not found, in Chinese: the register names it in English ("talent JL000002"), with the id
    /// as the address carried it (percent-encoded), shown as typed.
    static func subject(_ subject: String) -> String {
        let subject = subject.removingPercentEncoding ?? subject
        for (english, chinese) in [
            ("talent ", "人才 "), ("organization ", "单位 "), ("unit ", "单位 "), ("department ", "部门 "),
            ("campaign ", "考核年度 "), ("the documents", "材料"), ("the document", "材料"),
        ]
        where subject.hasPrefix(english) {
            return chinese + subject.dropFirst(english.count)
        }
        return subject
    }

    /// A form posted by the signed-in person, checked for the session's CSRF token first.
    func form(_ request: Request, _ body: (SignedIn, FormFields) async throws -> Response) async throws -> Response {
        let fields: FormFields
        do {
            fields = try await FormFields(request)
        } catch is FormFields.TooLarge {
            return try await page(request) { person in
                formTooLarge(person, from: Self.pageOfForm(postedTo: request.uri.path))
            }
        } catch is FormFields.NotText {
            return try await page(request) { person in formNotText(person) }
        } catch let repeated as FormFields.Repeated {
            return try await page(request) { person in formRepeated(person, repeated) }
        } catch is BodyTooSlow {
            return try await page(request) { person in
                formTooSlow(person, from: Self.pageOfForm(postedTo: request.uri.path))
            }
        }
        guard let person = try await signedIn(request) else {
            // What was typed is kept through signing in again, when this console's page posted it.
            guard Self.sameOrigin(request), let draft = FormDraft(action: request.uri.path, fields: fields) else {
                return toSignIn(request)
            }
            return signInPage(status: .unauthorized, error: ConsoleVocabulary.sessionEnded(keeping: true), draft: draft)
        }
        return try await answer(person) { person in
            guard Self.isOurs(request, fields, person) else { return formNotOurs(person) }
            return await done(try await body(person, fields), by: person)
        }
    }

    /// Whether a form was posted from a page of this session: the token proves the page was this session's;
    /// the origin, where the browser names one, that the post came from it too (defence in depth beside
    /// SameSite).
    static func isOurs(_ request: Request, _ fields: FormFields, _ person: SignedIn) -> Bool {
        fields["csrf"] == person.session.csrf && sameOrigin(request)
    }

    /// `response` to a form `person` posted. Done (a form's success is a redirect, a job's or an import's
    /// its result page), the person's overview counts again when next opened, so that it shows what they
    /// have just done (a console tester's finding: a make-up accepted and restored was still counted late
    /// there).
    func done(_ response: Response, by person: SignedIn) async -> Response {
        if response.status.code < 400 { await overviews.forget(Self.overviewKey(of: person.caller)) }
        return response
    }

    /// A form without the session's CSRF token: from an old page, or not from this console at all.
    func formNotOurs(_ person: SignedIn) -> Response {
        render(
            "error", status: .forbidden, person,
            ["title": "请求无效", "message": "表单已失效或不是从本系统提交的，请返回页面重新操作。"])
    }

    /// A form over the size any console form comes near: refused in words, nothing recorded. Its fields
    /// were not read, so the form cannot be drawn again as typed: the page says how to get back to it with
    /// what was typed (the browser's back button keeps a form's text), and links to the page it was on.
    func formTooLarge(_ person: SignedIn?, from page: String? = nil) -> Response {
        formNotTaken(
            person, status: .contentTooLarge, title: "内容过长",
            why: "提交的内容超过 \(FormFields.maximumBytes / 1024) KB，未予记录。", mend: "缩短后重新提交。", from: page)
    }

    /// A form whose content had not all come within its time (a connection that trickled it): nothing
    /// recorded; the browser's back button keeps what was typed.
    func formTooSlow(_ person: SignedIn?, from page: String? = nil) -> Response {
        formNotTaken(
            person, status: .requestTimeout, title: "提交超时", why: "提交的内容未能在规定时间内传完（网络过慢或中断），未予记录。",
            mend: "重新提交。", from: page)
    }

    /// A form whose fields were not read: said why, with how to get back to it with what was typed (the
    /// browser's back button keeps a form's text) and a link to the page it was on.
    func formNotTaken(
        _ person: SignedIn?, status: HTTPResponse.Status, title: String, why: String, mend: String, from page: String?
    ) -> Response {
        render(
            "error", status: status, person,
            [
                "title": title, "message": why + "请用浏览器的“后退”回到原页面（已填写的内容通常仍在），" + mend,
                "back": page as Any,
            ])
    }

    /// The page a console form posted to `path` is drawn on: a talent's or an organization's (their forms
    /// post below them), nil for any other.
    static func pageOfForm(postedTo path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count >= 4, parts[0] == "console", ["talents", "units"].contains(parts[1]) else { return nil }
        return "/" + parts.prefix(3).joined(separator: "/")
    }

    /// A form that names a field twice (no page of this console posts one): refused in words, nothing
    /// recorded.
    func formRepeated(_ person: SignedIn?, _ repeated: FormFields.Repeated) -> Response {
        render(
            "error", status: .badRequest, person,
            ["title": "请求无效", "message": "提交的表单中“\(repeated.name)”一项出现了两次，未予记录。请从本系统的页面重新提交。"])
    }

    /// A form whose bytes are no UTF-8 text (no browser sends one): refused in words, nothing recorded.
    func formNotText(_ person: SignedIn?) -> Response {
        render(
            "error", status: .badRequest, person,
            ["title": "请求无效", "message": "提交的内容不是 UTF-8 编码的文本，无法读取，未予记录。请从本系统的页面重新提交。"])
    }

    /// Whether a posted form comes from a page of this server: a browser names the page's origin, which
    /// must be this host (a form on another site cannot sign someone in here). Without an `Origin`, the
    /// `Referer`'s host is asked; a client that sends neither is not a browser acting for someone. Behind
    /// a reverse proxy that sends its own `Host` (nginx's default), the host the browser asked for is the
    /// proxy's `X-Forwarded-Host` or `Forwarded: host=`: a page elsewhere cannot set those on a form it
    /// posts. Hosts are compared without case, and a scheme's default port is no port.
    static func sameOrigin(_ request: Request) -> Bool {
        sameOrigin(
            source: request.headers[.origin] ?? request.headers[.referer], authority: request.head.authority,
            forwardedHosts: request.headers[values: .init("X-Forwarded-Host")!],
            forwarded: request.headers[values: .init("Forwarded")!])
    }

    /// The same, on the headers' values: `source` the `Origin` (or `Referer`), `authority` the `Host`.
    static func sameOrigin(source: String?, authority: String?, forwardedHosts: [String], forwarded: [String]) -> Bool {
        guard let source else { return true }
        guard let url = URL(string: source), let scheme = url.scheme?.lowercased(), let sourceHost = url.host
        else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        func normalized(_ host: String, port: Int?) -> String {
            host.lowercased() + (port.map { $0 == defaultPort ? "" : ":\($0)" } ?? "")
        }
        let origin = normalized(sourceHost, port: url.port)
        let named = forwarded.flatMap { value in
            value.split(separator: ";").flatMap { $0.split(separator: ",") }.compactMap { pair -> String? in
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, parts[0].lowercased() == "host" else { return nil }
                return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        let listed = forwardedHosts.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let hosts = [authority].compactMap { $0 } + listed + named
        return hosts.contains { host in
            // "host:port", or "[v6]:port": the port is what follows the last colon after any bracket.
            let bracket = host.lastIndex(of: "]") ?? host.startIndex
            guard let colon = host[bracket...].lastIndex(of: ":") else { return normalized(host, port: nil) == origin }
            return normalized(String(host[..<colon]), port: Int(host[host.index(after: colon)...])) == origin
        }
    }

    /// `id` as one component of a path.
    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? id
    }

    /// The page `template` filled with `values` and what every page shows (the person, the navigation).
    func render(
        _ template: String, status: HTTPResponse.Status = .ok, _ person: SignedIn?, _ values: [String: Any],
        requestKey: String = freshRequestKey()
    ) -> Response {
        var context = values
        if let person {
            let current = Self.section(of: template)
            let sections = ConsoleVocabulary.sections.filter { Self.mayOpen($0.path, person.caller) }
            context["person"] =
                [
                    "name": person.name, "role": person.caller.role.chineseName,
                    "csrf": person.session.csrf,
                    // Each page's forms carry a key of their own (``FormFields/commandID(by:)``): a page that
                    // draws forms by hand gives the one they carry.
                    "requestKey": requestKey,
                    "sections": sections.map {
                        ["path": $0.path, "label": $0.label, "current": $0.path == current] as [String: Any]
                    },
                ] as [String: Any]
        }
        return views.page(template, Self.present(context) as? [String: Any] ?? [:], status: status)
    }

    /// The key a page's forms carry (``FormFields/commandID(by:)``), drawn fresh for each page.
    static func freshRequestKey() -> String { UUID().uuidString.lowercased() }

    /// Whether the navigation offers `section` to `caller`: the audit to auditors and the provincial office,
    /// the evaluation lists to whoever imports them.
    static func mayOpen(_ section: String, _ caller: Caller) -> Bool {
        switch section {
        case "audit": Access.mayAudit(caller)
        case "evaluation-lists": TalentRegister.importsEvaluationLists(caller)
        default: true
        }
    }

    /// The section a page's template belongs to, which the navigation marks as the current one.
    static func section(of template: String) -> String? {
        switch template {
        case "talents", "talent", "events": "talents"
        case "units", "unit": "units"
        case "overdue", "jobs": "campaign"
        case "overview", "campaign", "audit", "evaluation-lists": template
        default: nil
        }
    }

    /// A part of a page drawn on its own, to go into pages unescaped (its values made ready as `render`'s).
    func fragment(_ template: String, _ values: [String: Any]) -> String {
        views.fragment(template, Self.present(values) as? [String: Any] ?? [:])
    }

    /// `value` without the absent optionals a page's values hold (a template would print them as "nil"
    /// and take them for true).
    /// (A cast rather than a `Mirror`: reflecting every value of a page was a tenth of its time.)
    static func present(_ value: Any) -> Any? {
        // Most values are texts, flags and numbers, and the pages' own dictionaries and lists: told by
        // their exact type, a comparison of metadata, where a cast to a protocol looks up conformances.
        // (`is String` would hold for an optional string too, which a template would print as such.)
        let kind = type(of: value)
        if kind == String.self || kind == Int.self || kind == Bool.self { return value }
        if kind == [String: Any].self, let dictionary = value as? [String: Any] {
            return dictionary.compactMapValues(present)
        }
        if kind == [[String: Any]].self, let array = value as? [[String: Any]] {
            return array.map { $0.compactMapValues(present) }
        }
        if let optional = value as? any OptionalValue {
            guard let wrapped = optional.wrapped else { return nil }
            return present(wrapped)
        }
        if value is String || value is Int || value is Bool { return value }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues(present) }
        if let array = value as? [[String: Any]] { return array.map { $0.compactMapValues(present) } }
        return value
    }

    func redirect(_ path: String) -> Response { Response.redirect(to: path, type: .normal) }

    @Sendable func asset(_ request: Request, context: Context) async throws -> Response {
        let file = try context.parameters.require("file")
        guard let (body, type) = views.asset(file) else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// An optional seen through `Any`, whatever it wraps.
protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? { self.map { $0 as Any } }
}
