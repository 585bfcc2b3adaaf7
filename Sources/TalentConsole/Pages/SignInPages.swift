import Foundation
import Hummingbird
import TalentApplication

/// 登录 and 退出登录: a bearer token (as `users add` prints it) opens a session.
extension ConsoleController {
    @Sendable func signInPage(_ request: Request, context: Context) async throws -> Response {
        if try await signedIn(request) != nil { return redirect("/console/overview") }
        let ended = request.uri.queryParameters["ended"] != nil
        return signInPage(error: ended ? ConsoleVocabulary.sessionEnded(keeping: false) : nil)
    }

    /// The sign-in page, with `error` at its head and `tokenProblem` beside the token; `draft`, a form
    /// posted after the session ended, rides along in hidden fields.
    func signInPage(
        status: HTTPResponse.Status = .ok, error: String? = nil, tokenProblem: String? = nil, draft: FormDraft? = nil
    ) -> Response {
        let refused = tokenProblem != nil
        return render(
            "sign-in", status: status, nil,
            [
                "title": refused ? ConsoleVocabulary.refusedTitle("登录") : "登录", "error": error as Any,
                "tokenProblem": tokenProblem as Any, "draft": draft?.hiddenFields ?? [],
            ])
    }

    @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
        guard Self.sameOrigin(request) else {
            return render(
                "sign-in", status: .forbidden, nil, ["title": "登录", "error": "登录请求不是从本系统的登录页提交的，请在本页重新登录。"])
        }
        let fields: FormFields
        do {
            fields = try await FormFields(request)
        } catch is FormFields.TooLarge {
            return formTooLarge(nil)
        } catch is BodyTooSlow {
            return formTooSlow(nil)
        } catch is FormFields.NotText {
            return formNotText(nil)
        } catch let repeated as FormFields.Repeated {
            return formRepeated(nil, repeated)
        }
        guard let token = fields.text("token"), let account = try await register.account(bearing: token) else {
            // Said in the log (never the token), for whoever watches for someone trying tokens.
            context.logger.info("console sign-in refused: no active account bears the token given")
            return signInPage(
                status: .unauthorized, tokenProblem: "令牌无效或已被撤销，请核对后重新输入。", draft: FormDraft(signIn: fields))
        }
        guard account.caller.role != .monitor else {
            // A scraper's token: it reads the metrics and nothing of the register, so no page would show it
            // anything.
            return signInPage(
                status: .forbidden, tokenProblem: "运行监控账户只用于读取服务器的运行指标（/metrics），不能登录管理台。",
                draft: FormDraft(signIn: fields))
        }
        let draft = FormDraft(signIn: fields)
        let id = try await sessions.open(
            token: token, name: account.name, replacing: ConsoleSessions.sessionID(of: request), draft: draft)
        var response = redirect(draft?.address ?? "/console/overview")
        response.headers[.setCookie] = sessions.cookie(id)
        return response
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, _ in
            try await sessions.close(person.sessionID)
            var response = redirect("/console/sign-in")
            response.headers[.setCookie] = sessions.expiredCookie
            return response
        }
    }
}
