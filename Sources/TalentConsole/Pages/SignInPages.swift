import Foundation
import Hummingbird
import TalentApplication

/// 登录 and 退出登录: a bearer token (as `users add` prints it) opens a session.
extension ConsoleController {
    @Sendable func signInPage(_ request: Request, context: Context) async throws -> Response {
        if try await signedIn(request) != nil { return redirect("/console/overview") }
        return render("sign-in", nil, ["title": "登录"])
    }

    @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
        let fields = try await FormFields(request)
        guard let token = fields.text("token"), let account = try await register.account(bearing: token) else {
            return render(
                "sign-in", status: .unauthorized, nil, ["title": "登录", "error": "令牌无效或已被撤销，请核对后重新输入。"])
        }
        let id = await sessions.open(token: token, name: account.name)
        var response = redirect("/console/overview")
        response.headers[.setCookie] = sessions.cookie(id)
        return response
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, _ in
            await sessions.close(person.sessionID)
            var response = redirect("/console/sign-in")
            response.headers[.setCookie] = sessions.expiredCookie
            return response
        }
    }
}
