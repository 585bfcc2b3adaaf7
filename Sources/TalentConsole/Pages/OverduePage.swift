import Foundation
import Hummingbird
import TalentApplication
import TalentDomain

/// 逾期事项: what is overdue today in the caller's jurisdiction, as `talentledger jobs overdue` and
/// `GET /v1/campaigns/{year}/overdue` list it — exit situations reported late (X9), D3's reports and
/// decisions waiting, weak judgements' follow-ups (W5), publicities ended early (P1) — and the
/// departments whose contact form has not come (O3). Classified talents are not listed (T4).
extension ConsoleController {
    /// Talents a page of the list shows.
    static var overdueTalentsPerPage: Int { 100 }

    /// The talents a page starting at `from` shows, of `total`: none past the end.
    static func overduePage(from: Int, of total: Int) -> Range<Int> {
        let start = min(max(0, from), total)
        return start..<(start + min(overdueTalentsPerPage, total - start))
    }

    @Sendable func overdue(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            let query = request.uri.queryParameters
            let year = try campaignYear(query["year"].map(String.init))
            let from =
                try query["from"].map { given -> Int in
                    guard let from = Int(given), from >= 0 else { throw InvalidInput("起始位置", "应为 0 或正整数") }
                    return from
                } ?? 0
            let today = register.today()
            let report = try await register.overdueReport(campaign: year, on: today, by: person.caller)
            let names = Dictionary(
                try await register.queries.organizations(by: person.caller).map { ($0.id, $0.name) },
                uniquingKeysWith: { first, _ in first })
            let page = Self.overduePage(from: from, of: report.talents.count)
            let shown = report.talents[page]
            let rows = shown.flatMap { talent in
                talent.items.enumerated().map { index, item in
                    [
                        "talent": talent.talent.rawValue, "first": index == 0, "span": talent.items.count,
                        "unit": talent.unit.map { names[$0] ?? $0 } ?? "—", "unitID": talent.unit as Any,
                        "rule": item.rule.rawValue,
                        "ruleName": ConsoleVocabulary.ruleNames[item.rule.rawValue] ?? item.rule.rawValue,
                        "what": item.whatInChinese, "since": item.since.description,
                    ] as [String: Any]
                }
            }
            return render(
                "overdue", person,
                [
                    "title": "\(year)年度逾期事项", "year": year, "today": today.description, "years": campaignChoices(year),
                    "exitReportMonths": ConsoleVocabulary.months(register.policy.management.exitReportDeadlineMonths),
                    "total": report.talents.count, "rows": rows, "hasRows": !rows.isEmpty,
                    "pastTheEnd": rows.isEmpty && !report.talents.isEmpty,
                    "range":
                        (report.talents.count > Self.overdueTalentsPerPage && !page.isEmpty
                        ? "第 \(page.lowerBound + 1)—\(page.upperBound) 名" : nil) as Any,
                    "previous": (page.lowerBound > 0 ? max(0, page.lowerBound - Self.overdueTalentsPerPage) : nil)
                        as Any,
                    "next": (page.upperBound < report.talents.count ? page.upperBound : nil) as Any,
                    "formsMissing": report.contactFormsMissing.map { ["id": $0, "name": names[$0] ?? $0] },
                    "hasFormsMissing": !report.contactFormsMissing.isEmpty,
                    "classifiedNotListed": (report.classifiedNotListed > 0 ? report.classifiedNotListed : nil) as Any,
                    // Nothing listed is not nothing overdue where classified talents are counted apart or
                    // contact forms are missing.
                    "nothingListed": report.classifiedNotListed > 0
                        ? "没有可列出的逾期人才事项。"
                        : report.contactFormsMissing.isEmpty ? "没有逾期事项。" : "没有逾期的人才事项。",
                ])
        }
    }
}
