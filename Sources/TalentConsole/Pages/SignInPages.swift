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
        guard let token = fields.text("token"), let caller = try await register.caller(bearing: token) else {
            return render(
                "sign-in", status: .unauthorized, nil, ["title": "登录", "error": "令牌无效或已被撤销，请核对后重新输入。"])
        }
        let name = try await register.accounts(by: .system).first { $0.id == caller.id }?.name ?? caller.id
        let id = await sessions.open(token: token, name: name)
        var response = redirect("/console/overview")
        response.headers[.setCookie] = ConsoleSessions.cookie(id)
        return response
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, _ in
            await sessions.close(person.sessionID)
            var response = redirect("/console/sign-in")
            response.headers[.setCookie] = ConsoleSessions.expiredCookie
            return response
        }
    }
}
