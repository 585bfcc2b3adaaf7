import Foundation
import Hummingbird
import TalentApplication

/// 审计: the hash chains verified on demand, with the result in words (auditors and the provincial office).
extension ConsoleController {
    @Sendable func audit(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            guard Access.mayAudit(person.caller) else {
                throw Forbidden("核验哈希链由审计人员和省人社厅办理")
            }
            return render("audit", person, ["title": "审计"])
        }
    }

    @Sendable func verify(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, _ in
            let report = try await register.verify(by: person.caller)
            let problems = [
                "modified": "内容被改动", "missing": "记录缺失", "reordered": "顺序被调换", "headMismatch": "链尾不一致",
            ]
            return render(
                "audit", person,
                [
                    "title": "审计", "verified": true, "intact": report.isIntact, "streams": report.streamsChecked,
                    "events": report.eventsChecked,
                    "findings": report.findings.map {
                        [
                            "stream": $0.streamID, "version": $0.version,
                            "problem": problems[$0.problem.rawValue] ?? $0.problem.rawValue,
                        ]
                    },
                ])
        }
    }
}
