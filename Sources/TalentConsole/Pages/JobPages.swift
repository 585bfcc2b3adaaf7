import Foundation
import Hummingbird
import TalentApplication
import TalentDomain

/// 逾期未报单位的服务待遇: the provincial office runs a campaign's late-unit jobs from the console, as
/// `talentledger jobs` and `POST /v1/jobs/…` run them: S3's suspension of the late units' talents' services
/// and S4's restoration after an accepted make-up. A dry run first, by default; the report says what was
/// (or would be) done: each unit's counts, and the steps, those passed over first.
extension ConsoleController {
    /// The steps a report lists on the page (a province-wide job has thousands): the rest are counted.
    static var jobStepsShown: Int { 500 }
    /// Up to how many units the units' table shows unfolded: a province-wide job's hundreds of late units
    /// would push the talents' steps, which an officer checks, far down the page.
    static var jobUnitsUnfolded: Int { 20 }

    /// The jobs the page runs, by the name the command line and the API give them.
    enum ConsoleJob: String, CaseIterable {
        case suspend = "suspend-late-units"
        case restore

        var title: String {
            switch self {
            case .suspend: "暂停逾期未报单位人才的服务待遇（S3）"
            case .restore: "恢复已补报单位人才的服务待遇（S4）"
            }
        }
    }

    @Sendable func jobs(_ request: Request, context: Context) async throws -> Response {
        try await page(request) { person in
            try TalentRegister.requireJobRunner(person.caller)
            let query = request.uri.queryParameters
            let year = try campaignYear(query["year"].map(String.init))
            // A unit's page links here for the job its state asks for (a make-up accepted: the restoration).
            let job = query["job"].flatMap { ConsoleJob(rawValue: String($0)) } ?? .suspend
            return render("jobs", person, jobPage(year: year, job: job, on: register.today().description))
        }
    }

    @Sendable func runJob(_ request: Request, context: Context) async throws -> Response {
        try await form(request) { person, fields in
            try TalentRegister.requireJobRunner(person.caller)
            let year = try campaignYear(fields["year"])
            let job = fields["job"].flatMap(ConsoleJob.init(rawValue:))
            // The checkbox as a browser sends it: absent, or "on". Anything else is no choice at all, and a
            // job that writes to every late unit's talents is not run on a guess (nor a job not named).
            let dryRunGiven = fields["dryRun"].map { $0 == "on" }
            let dryRun = dryRunGiven ?? false
            var values = jobPage(
                year: year, job: job ?? .suspend, on: fields["on"] ?? "", dryRun: dryRunGiven ?? true,
                unit: fields["unit"] ?? "")
            func refused(
                _ text: String, problem: String = "onProblem", status: HTTPResponse.Status = .badRequest
            ) -> Response {
                values[problem] = text
                values["title"] = ConsoleVocabulary.refusedTitle("\(year)年度逾期未报单位的服务待遇")
                return render("jobs", status: status, person, values)
            }
            guard let job else { return refused("请从列表中选择要运行的作业。", problem: "jobProblem") }
            guard dryRunGiven != false else {
                return refused("“试运行”只能勾选或不勾选；未作记录，请重新选择后运行。", problem: "jobProblem")
            }
            let day: Day
            do {
                guard let given = try fields.day("on", label: "办理日期") else { return refused("请填写办理日期。") }
                day = given
            } catch let invalid as InvalidInput {
                return refused("\(ConsoleVocabulary.invalid(invalid))。")
            }
            // Said in the officer's words before the register would refuse it in the API's.
            let today = register.today()
            if day > today { return refused("批处理只能按今天（\(today)）或以前的日期办理，不能预先办理。") }
            // `campaignYear` took the year from the policy's campaigns.
            if job == .suspend, let campaign = try? register.policy.campaign(year: year),
                day <= campaign.submissionCloses
            {
                return refused("材料接收时间至\(campaign.submissionCloses)截止，此前没有逾期未报的单位。")
            }
            let report: JobReport
            do {
                switch job {
                case .suspend:
                    report = try await register.suspendLateUnits(
                        campaign: year, on: day, dryRun: dryRun, by: person.caller)
                case .restore:
                    report = try await register.restoreMadeUpUnits(
                        campaign: year, on: day, dryRun: dryRun, by: person.caller)
                }
            } catch let refusal as Refusal {
                // A campaign no unit was in time in, in this register (S3): said in the rule's words, nothing
                // recorded.
                return refused(ConsoleVocabulary.refusal(refusal), problem: "jobProblem", status: .unprocessableContent)
            }
            let counts = report.counts
            let applied = dryRun ? "将办理" : "已办理"
            let outcomes: [JobStep.Outcome: String] = [.applied: applied, .alreadyDone: "此前已办理", .skipped: "略过"]
            let names = Dictionary(
                try await register.queries.organizations(by: person.caller).map { ($0.id, $0.name) },
                uniquingKeysWith: { first, _ in first })
            // Every unit's counts, whatever the steps listed: a province-wide job takes tens of thousands.
            let byUnit = Dictionary(grouping: report.steps, by: \.unit).mapValues { steps in
                Dictionary(grouping: steps, by: \.outcome).mapValues(\.count)
            }
            // One unit's steps when one of the job's is named (a listing only: the job acts for every unit);
            // the steps passed over first, each saying why: they are what an officer checks.
            let listedUnit = fields.text("unit")
            // Matched as talent ids are, whatever the case it is typed in.
            let named = listedUnit.flatMap { given in report.units.first { $0.lowercased() == given.lowercased() } }
            if let listedUnit, named == nil {
                values["unitNotInJob"] = "“\(QueryText.echo(listedUnit))”不在本次作业办理的单位之中，下表列出全部单位的人才。"
            }
            let ofUnit = named.map { unit in report.steps.filter { $0.unit == unit } } ?? report.steps
            let steps = ofUnit.filter { $0.outcome == .skipped } + ofUnit.filter { $0.outcome != .skipped }
            values["report"] =
                [
                    "heading": "\(job.title)：\(day)\(dryRun ? "（试运行，未作记录）" : "")",
                    "summary":
                        "\(report.units.count)个单位；\(applied)\(counts[.applied] ?? 0)项，此前已办理\(counts[.alreadyDone] ?? 0)项，略过\(counts[.skipped] ?? 0)项。"
                        // A run that resumed a stopped one counts its own steps: the stopped run's are said apart.
                        + (report.resumedAfter > 0
                            ? "本次接续此前中断的运行，前\(report.resumedAfter)项已由中断前的运行办理，未计入上述各项。" : ""),
                    "unitCount": report.units.count, "unitsOpen": report.units.count <= Self.jobUnitsUnfolded,
                    "units": report.units.map { unit in
                        [
                            "unit": unit, "name": names[unit] ?? unit, "applied": byUnit[unit]?[.applied] ?? 0,
                            "alreadyDone": byUnit[unit]?[.alreadyDone] ?? 0, "skipped": byUnit[unit]?[.skipped] ?? 0,
                        ]
                    },
                    "appliedLabel": applied,
                    "steps": steps.prefix(Self.jobStepsShown).map {
                        [
                            "unit": $0.unit, "talent": $0.talent.rawValue, "outcome": outcomes[$0.outcome] ?? "",
                            "reason": $0.reason,
                        ]
                    },
                    "more": steps.count > Self.jobStepsShown,
                    "shown": Self.jobStepsShown, "total": steps.count,
                ] as [String: Any]
            return render("jobs", person, values)
        }
    }

    /// The page's values with its form filled as given.
    func jobPage(year: Int, job: ConsoleJob, on: String, dryRun: Bool = true, unit: String = "") -> [String: Any] {
        [
            "title": "\(year)年度逾期未报单位的服务待遇", "year": year, "years": campaignChoices(year), "on": on,
            "dryRun": dryRun, "listedUnit": unit,
            "jobs": ConsoleJob.allCases.map { ["value": $0.rawValue, "label": $0.title, "selected": $0 == job] },
        ]
    }
}
