import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// `POST /v1/evaluation-lists`: the provincial office's evaluation list (评定名单) as the CSV of
/// `talentledger import`, evaluated on `evaluatedOn` (default today). All or nothing: a file with a bad
/// line is refused whole (422) with every bad line listed; `?dryRun=true` runs every check and writes
/// nothing. Under an `Idempotency-Key` the list sent again is answered as its first import was.
public struct EvaluationListsController: Sendable {
    let register: TalentRegister
    /// How long an answer waits for the list's talents' rows (``defaultRowsWait`` unless a test says
    /// otherwise).
    var rowsWait = Self.defaultRowsWait
    /// How long an answer waits for the list's talents' rows, by default.
    public static let defaultRowsWait = Duration.seconds(10)

    func addRoutes(to v1: RouterGroup<TalentRequestContext>) {
        v1.post("evaluation-lists", use: importList)
    }

    struct Imported: ResponseEncodable {
        var evaluatedOn: String
        var dryRun: Bool
        var lines: Int
        var talents: Int
        var events: Int
        var written: Bool
        /// Whether this answers the list sent again under its `Idempotency-Key`: nothing written now.
        var replayed: Bool
        /// The earliest period a line starts, when more than a year before `evaluatedOn`: most likely a past
        /// list, which is imported on its own day (``EvaluationImport/Report/pastListStart(recordedOn:)``).
        var pastListStart: String?
    }

    @Sendable func importList(_ request: Request, context: TalentRequestContext) async throws
        -> EditedResponse<Imported>
    {
        let caller = try context.caller()
        let query = request.uri.queryParameters
        let day = try Parameters.day(query, "evaluatedOn", within: register.limits) ?? register.today()
        let dryRun = try Parameters.value(query, "dryRun") { Bool($0) } ?? false
        // Who may import, and on which day, is settled before the list (up to 20 MiB) is taken in.
        try TalentRegister.requireEvaluationListImporter(caller)
        let commandID = try IdempotencyKey.commandID(of: request, caller: caller)
        if let problem = TalentRegister.evaluationDayProblem(day, today: register.today()) {
            throw InvalidInput("evaluatedOn", problem)
        }
        let data = try await RequestBody.collect(
            request, upTo: TalentRegister.evaluationListMaximumBytes,
            as: [
                "text/csv", "text/tab-separated-values", "application/octet-stream",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ])
        let report = try await register.importEvaluationList(
            data, evaluatedOn: day, dryRun: dryRun, by: caller, commandID: commandID)
        guard report.isValid else {
            let badLines = Set(report.problems.map(\.line)).count
            let detail =
                report.importedBefore
                ? "every id of the list (\(report.lines) lines) is in the register already: most likely the list "
                    + "was imported before (otherwise its ids are taken); nothing was written (its first "
                    + "\(report.problemsToList.count) lines are listed)"
                : report.lines == 0
                    ? "the body holds no evaluation list (see the problem of line 1: an empty file, a header alone, or another header); nothing was written"
                    : "\(badLines) bad of \(report.lines) lines; nothing was written"
            throw ProblemDetails(
                type: "https://talentledger.example/problems/invalid-evaluation-list",
                title: "The evaluation list was refused", status: .unprocessableContent,
                detail: detail,
                lines: report.problemsToList.map {
                    .init(
                        line: $0.line, reason: $0.reason, reasonInChinese: $0.chinese, row: $0.row, talent: $0.talent)
                })
        }
        if let lag = await register.catchUpProjections(after: report, within: rowsWait) {
            context.logger.warning(
                "evaluation list written; its talents' rows have not caught up yet and will",
                metadata: ["error": "\(lag)"])
        }
        let answer = Imported(
            evaluatedOn: day.description, dryRun: dryRun, lines: report.lines, talents: report.talents,
            events: report.events, written: report.written, replayed: report.replayed,
            pastListStart: report.pastListStart(recordedOn: day)?.description)
        return EditedResponse(status: report.written ? .created : .ok, response: answer)
    }
}
