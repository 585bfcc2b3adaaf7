import Foundation
import Hummingbird
import ReadModels
import TalentApplication
import TalentDomain

/// 名单导入: the provincial office's evaluation list (评定名单) uploaded as a file, checked whole and
/// imported all or nothing, as `talentledger import` and `POST /v1/evaluation-lists` do; every bad line
/// listed with its line, its spreadsheet row and its register id.
extension ConsoleController {
    /// The most problems a page lists (a list of 20,000 bad lines would be a page of megabytes); the rest
    /// are counted.
    static var listedImportProblems: Int { 500 }

    @Sendable func evaluationLists(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            try TalentRegister.requireEvaluationListImporter(person.caller)
            return evaluationListPage(person, evaluatedOn: register.today().description)
        }
    }

    @Sendable func importEvaluationList(_ request: Request, context: Context) async throws -> Response {
        guard let person = try await signedIn(request) else {
            // The file cannot be kept through signing in again, as a form's fields are: said, not lost silently.
            return signInPage(
                status: .unauthorized,
                error: ConsoleVocabulary.sessionEnded(keeping: false) + "刚才上传的名单未导入，请登录后重新上传。")
        }
        return try await answer(person) { person in
            // Who may import is settled before the list (up to 20 MiB) is taken in, as the API does.
            try TalentRegister.requireEvaluationListImporter(person.caller)
            let form: UploadForm
            do {
                // The list, and room for the form's other fields and the parts' headers.
                form = try await UploadForm(request, upTo: TalentRegister.evaluationListMaximumBytes + 64 * 1024)
            } catch is FormFields.TooLarge {
                return evaluationListPage(
                    person, evaluatedOn: register.today().description, status: .contentTooLarge,
                    problems: ["list": "文件超过 \(TalentRegister.evaluationListMaximumBytes >> 20) MB，未予读取。请分成几份名单分别导入。"])
            } catch is BodyTooSlow {
                return evaluationListPage(
                    person, evaluatedOn: register.today().description, status: .requestTimeout,
                    problems: ["list": "文件未能在规定时间内传完（网络过慢或中断），未予读取。请重新选择文件提交。"])
            } catch let repeated as FormFields.Repeated {
                return formRepeated(person, repeated)
            } catch is UploadForm.Unreadable, is FormFields.NotText {
                return evaluationListPage(
                    person, evaluatedOn: register.today().description, status: .badRequest,
                    problems: ["form": "表单无法读取，未予记录。请从本页重新选择文件提交。"])
            }
            guard Self.isOurs(request, form.fields, person) else { return formNotOurs(person) }
            let dryRun = form.fields["dryRun"] == "1"
            let dayText = form.fields.text("evaluatedOn") ?? register.today().description
            func refused(_ field: String, _ problem: String) -> Response {
                evaluationListPage(
                    person, evaluatedOn: dayText, dryRun: dryRun, status: .unprocessableContent,
                    problems: [field: problem])
            }
            let day: Day
            do {
                day = try form.fields.day("evaluatedOn", label: "评定日期") ?? register.today()
            } catch let error as InvalidInput {
                return refused("evaluatedOn", error.reason)
            }
            let today = register.today()
            // The register's own check (LIMITS), said in the console's words.
            if TalentRegister.evaluationDayProblem(day, today: today) != nil {
                return refused("evaluatedOn", "评定日期 \(day) 晚于今天（\(today)）：请填写已经评定的日期")
            }
            let limits = register.limits
            guard limits.outsideDays(day) == nil else {
                return refused("evaluatedOn", ConsoleVocabulary.registerDays(limits))
            }
            let file = form.files["list"]
            guard let list = file, !list.bytes.isEmpty else {
                return refused("list", file == nil || file?.name.isEmpty == true ? "请选择名单文件" : "所选文件是空的")
            }
            let report: EvaluationImport.Report
            do {
                report = try await register.importEvaluationList(
                    list.bytes, evaluatedOn: day, dryRun: dryRun, by: person.caller,
                    commandID: form.fields.commandID(by: person.caller))
            } catch is CommandIDReused {
                return refused("form", ConsoleVocabulary.formSentBefore)
            } catch  where Availability.isDatabaseUnavailable(error) && Availability.reason(error) == .busy {
                // Another list is being written (most often this one, sent twice by a double click while a
                // long list was written): this one waited its bound and wrote nothing.
                var response = evaluationListPage(
                    person, evaluatedOn: dayText, dryRun: dryRun, status: .serviceUnavailable,
                    problems: ["form": ConsoleVocabulary.listBeingImported(dryRun: dryRun)])
                response.headers[.retryAfter] = String(Availability.retryAfterSeconds)
                return response
            }
            if let lag = await register.catchUpProjections(after: report, within: .seconds(10)) {
                context.logger.warning(
                    "evaluation list written; its talents' rows have not caught up yet and will",
                    metadata: ["error": "\(lag)"])
            }
            return await done(
                evaluationListPage(
                    person, evaluatedOn: day.description, dryRun: dryRun,
                    status: report.isValid ? .ok : .unprocessableContent,
                    result: Self.importResult(report, file: list.name, evaluatedOn: day, dryRun: dryRun)),
                by: person)
        }
    }

    /// What the page says of an import: written, answered again, checked, or refused with its lines.
    static func importResult(_ report: EvaluationImport.Report, file: String, evaluatedOn day: Day, dryRun: Bool)
        -> [String: Any]
    {
        var result: [String: Any] = [
            "file": file.isEmpty ? "名单" : "“\(file)”", "talents": report.talents, "events": report.events,
            "evaluatedOn": day.description,
        ]
        guard report.isValid else {
            let badLines = Set(report.problems.map(\.line)).count
            result["heading"] = dryRun ? "检查未通过，名单未写入" : "未导入，整份名单均未写入"
            let listed = report.problemsToList.prefix(listedImportProblems)
            result["refused"] = true
            result["summary"] =
                report.importedBefore
                ? "名单中每个人才编号（共 \(report.lines) 行）都已在库中：这份名单很可能已经导入过，否则是编号已被占用。"
                    + "名单导入只登记新认定的人才；已在库人才的重新认定（M3）在该人才页面的“重新认定”表单中办理。"
                : report.lines == 0
                    ? "文件中没有可读的名单（见下表）。"
                    : "共 \(report.lines) 行，其中 \(badLines) 行有问题。请修改后重新提交整份名单。"
            result["caption"] =
                listed.count < report.problems.count
                ? "共 \(report.problems.count) 个问题，列出前 \(listed.count) 个" : "共 \(report.problems.count) 个问题"
            result["lines"] = listed.map { problem in
                [
                    // The spreadsheet's row is the line's, unless a line break inside a cell put them apart.
                    "line": problem.line, "row": problem.row ?? problem.line, "talent": problem.talent ?? "",
                    "reason": ConsoleVocabulary.naming(rulesIn: problem.chinese),
                ] as [String: Any]
            }
            return result
        }
        result[report.replayed ? "replayed" : dryRun ? "checked" : "imported"] = true
        if let start = report.pastListStart(recordedOn: day) {
            result["pastList"] =
                "名单中最早的管理期自 \(start) 起算，早于评定日期 \(day) 一年以上：这些人才在本系统中的记录从 \(day) 开始，"
                + "查询更早日期时将显示为尚未认定。如这是以往的名单，请以其评定文件的日期作为评定日期导入。"
        }
        return result
    }

    func evaluationListPage(
        _ person: SignedIn, evaluatedOn: String, dryRun: Bool = false, status: HTTPResponse.Status = .ok,
        problems: [String: String] = [:], result: [String: Any]? = nil
    ) -> Response {
        render(
            "evaluation-lists", status: status, person,
            [
                "title": problems.isEmpty && result?["refused"] == nil
                    ? "名单导入" : ConsoleVocabulary.refusedTitle("名单导入"),
                "evaluatedOn": evaluatedOn, "today": register.today().description, "dryRun": dryRun,
                "problems": problems, "problemSummary": problems.values.sorted().joined(separator: "；"),
                "hasProblems": !problems.isEmpty,
                "maximumMegabytes": TalentRegister.evaluationListMaximumBytes >> 20, "result": result as Any,
            ])
    }
}
