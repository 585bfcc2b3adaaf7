// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like S3 are the register's own spelling.

import EventStore
import Foundation
import ReadModels
import TalentApplication
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import talentledger

@Suite("talentledger submissions")
struct SubmissionCommandsTests {
    /// S3 judges lateness by the submissions the register holds: on a register no unit sent anything of the
    /// campaign to (one begun after it, its submissions on paper), every unit would be found late. The daily
    /// timer's run-due says so and suspends nobody; the job asked for by name is refused, recording nothing.
    @Test func S3_aCampaignNoUnitSentAnythingOfInTheRegisterIsNotJudgedLate() async throws {
        let (configuration, url) = try await OperatorTests.prepared("cli_not_run_here")
        let version = try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            try await TalentRegister(store: store, policy: try PolicyDirectory.load()).queries.talent(
                TalentID("op-1"), by: .system
            ).version
        }
        let due = try await JobsGroup.RunDue.parse(["--on", "2026-12-08", "--database-url", url]).output()
        #expect(
            due.contains("campaign 2025: late units not judged: 本登记簿中没有任何单位在2026-03-31前报送2025年度考核材料"),
            "\(due)")
        #expect(due.contains("restore campaign 2025 on 2026-12-08: 0 units"))
        let refused = await #expect(throws: Refusal.self) {
            try await JobsGroup.SuspendLateUnits.parse(["--on", "2026-12-08", "--database-url", url]).output()
        }
        #expect(refused?.rule == .S3)
        try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            let state = try await TalentRegister(store: store, policy: try PolicyDirectory.load()).queries.talent(
                TalentID("op-1"), by: .system)
            #expect(state.version == version, "nothing recorded")
        }
    }

    @Test func aUnitsCampaignIsRefusedUntilReadyThenGoesUpAndIsAccepted() async throws {
        let configuration = try await TestDatabase.fresh("cli_submissions")
        let cluster = try await TestDatabase.sharedCluster()
        let url = cluster.url(database: try #require(configuration.database))
        let policy = try PolicyDirectory.load()
        try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            try await registerEducationDepartment(units: [("univ", "吉林大学"), ("poly", "长春工程学院")], in: store)
            let register = TalentRegister(store: store, policy: policy)
            let day = try Day("2022-03-01")
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("cli-s1"), tier: .D, unit: UnitID("univ"), professionalField: "材料",
                        evaluatingDocument: "吉人社字〔2022〕1号", certificateDate: day)),
                for: TalentID("cli-s1"), on: day, by: .system)
            try await register.handle(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("cli-s2"), tier: .C, unit: UnitID("poly"), professionalField: "机械",
                        evaluatingDocument: "吉人社字〔2022〕1号", certificateDate: day)),
                for: TalentID("cli-s2"), on: day, by: .system)
            try await register.catchUpProjections()
        }
        // A level is no unit that submits: said so, not that there is no such organization.
        let level = await #expect(throws: CLIFailure.self) {
            try await SubmissionsGroup.Submit.parse(["--unit", "dept", "--on", "2026-03-18", "--database-url", url])
                .output()
        }
        #expect(
            level?.description
                == "--unit: dept is a provincialDepartment: a campaign is submitted by an employer unit")
        let refused = try SubmissionsGroup.Submit.parse(["--unit", "univ", "--on", "2026-03-18", "--database-url", url])
        let failure = await #expect(throws: CLIFailure.self) { try await refused.output() }
        #expect(failure?.description.contains("cli-s1  W1") == true)
        _ = try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            try await TalentRegister(store: store, policy: policy).handle(
                .collectBasicInfo(
                    campaign: 2025,
                    info: BasicInfo(industry: "教育", professionalField: "材料", education: "博士", professionalTitle: "教授")),
                for: TalentID("cli-s1"), on: try Day("2026-01-08"), by: .system)
        }
        let submitted = try await SubmissionsGroup.Submit.parse(
            ["--unit", "univ", "--on", "2026-03-18", "--database-url", url]
        ).output()
        #expect(submitted == "submitted univ's campaign 2025: awaits dept")
        let up = try await SubmissionsGroup.Accept.parse([
            "--unit", "univ", "--on", "2026-03-19", "--database-url", url,
        ])
        .output()
        #expect(up == "univ's campaign 2025 goes up to prov")
        let accepted = try await SubmissionsGroup.Accept.parse(
            ["--unit", "univ", "--on", "2026-03-20", "--database-url", url]
        ).output()
        #expect(accepted == "univ's campaign 2025 is accepted")
        let status = try await SubmissionsGroup.Status.parse(["--on", "2026-04-01", "--database-url", url]).output()
        #expect(status.contains("univ  吉林大学  accepted"))
        #expect(status.contains("poly  长春工程学院  late"))
        #expect(status.hasSuffix("2 units (accepted 1, late 1); 1 talent submitted"))
        // The late unit's talent: a dry run shows it and records nothing; the run suspends it, once.
        let dry = try await JobsGroup.SuspendLateUnits.parse(
            ["--on", "2026-04-01", "--dry-run", "--database-url", url]
        ).output()
        #expect(dry.contains("poly\tcli-s2\twould apply\t长春工程学院（poly）未在2026-03-31前报送2025年度考核材料，至2026-04-01逾期1天"))
        #expect(dry.hasSuffix("(dry run, nothing recorded): 1 unit; would apply 1, already done 0, skipped 0"))
        let run = try await JobsGroup.SuspendLateUnits.parse(["--on", "2026-04-01", "--database-url", url]).output()
        #expect(run.hasSuffix("1 unit; applied 1, already done 0, skipped 0"))
        // The timeline names the rule once, then the reason the job recorded.
        let timeline = try await TalentGroup.TimelineCommand.parse(["cli-s2", "--database-url", url]).output()
        #expect(timeline.contains("[S3: 长春工程学院（poly）未在2026-03-31前报送2025年度考核材料，至2026-04-01逾期1天]"), "\(timeline)")
        #expect(!timeline.contains("«长春工程学院"), "the job's reason is its cause: said once")
        let again = try await JobsGroup.SuspendLateUnits.parse(["--on", "2026-04-01", "--database-url", url]).output()
        #expect(again.hasSuffix("1 unit; applied 0, already done 1, skipped 0"))
        // A dry run lists every talent, unless asked for the skipped ones or none; the summary counts them all.
        for (listing, lines) in [("all", 3), ("none", 1)] {
            let dry = try await JobsGroup.SuspendLateUnits.parse(
                ["--on", "2026-04-01", "--dry-run", "--steps", listing, "--database-url", url]
            ).output()
            #expect(dry.split(separator: "\n").count == lines, "\(listing): \(dry)")
            #expect(dry.hasSuffix("1 unit; would apply 0, already done 1, skipped 0"), "\(listing): \(dry)")
        }
        #expect(throws: (any Error).self) { try JobsGroup.SuspendLateUnits.parse(["--steps", "some"]) }
        #expect(throws: (any Error).self) { try JobsGroup.Restore.parse(["--on", "2026-13-01"]) }
        // A retirement reported two months after it occurred is overdue (X9).
        _ = try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            try await TalentRegister(store: store, policy: policy).handle(
                .retire(occurredOn: try Day("2026-02-02"), rehire: nil), for: TalentID("cli-s2"),
                on: try Day("2026-04-05"), by: .system)
        }
        let overdue = try await JobsGroup.Overdue.parse(["--on", "2026-04-10", "--database-url", url]).output()
        #expect(
            overdue.contains("poly\tcli-s2\tX9\t2026-03-03\tretiredNotRehired occurred 2026-02-02, reported 2026-04-05")
        )
        #expect(overdue.contains("-\t-\tO3\t2026-01-01\tcontact form (联系表) of dept not sent"))
        #expect(overdue.hasSuffix("overdue on 2026-04-10: 1 talent, O3 1, X9 1"))
        // The JSON holds what the text lists, the missing contact form (O3) too, as the API answers it.
        let json = try await JobsGroup.Overdue.parse(["--on", "2026-04-10", "--json", "--database-url", url]).output()
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(decoded["contactFormsMissing"] as? [String] == ["dept"])
        #expect((decoded["talents"] as? [[String: Any]])?.map { $0["talent"] as? String } == ["cli-s2"])
        #expect(decoded["on"] as? String == "2026-04-10")
        // O3: sent (late), the department is no longer missing; it cannot be sent twice.
        try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            let register = TalentRegister(store: store, policy: policy)
            try await register.sendContactForm(
                campaign: 2025, department: "dept", reference: "吉教人〔2026〕3号", on: try Day("2026-04-11"), by: .system)
            let forms = try await register.contactForms(campaign: 2025, on: try Day("2026-04-12"), by: .system)
            #expect(forms.map(\.form.sentOn) == [try Day("2026-04-11")])
            #expect(forms.map(\.late) == [true])
            await #expect(throws: Refusal.self) {
                try await register.sendContactForm(
                    campaign: 2025, department: "dept", reference: "again", on: try Day("2026-04-12"), by: .system)
            }
        }
        let after = try await JobsGroup.Overdue.parse(["--on", "2026-04-12", "--database-url", url]).output()
        #expect(after.hasSuffix("overdue on 2026-04-12: 1 talent, X9 1"))
        // A later campaign's part of run-due lists its own work only: an exit report is no campaign's.
        let own = try await JobsGroup.overdue(
            DatabaseOptions.parse(["--database-url", url]), PolicyOptions.parse([]), campaign: 2025,
            on: try Day("2026-04-12"), json: false, onlyTheCampaignsOwn: true)
        #expect(own == "overdue on 2026-04-12 in campaign 2025's own work: 0 talents, nothing overdue", "\(own)")
        // run-due: before the window closes, no job but the overdue list; after it, the jobs (recording
        // nothing new) and the list.
        let early = try await JobsGroup.RunDue.parse(["--on", "2026-03-01", "--database-url", url]).output()
        #expect(early.hasPrefix("campaign 2025: the window closes on 2026-03-31; no unit is late yet"))
        #expect(early.contains("overdue on 2026-03-01"))
        let due = try await JobsGroup.RunDue.parse(["--on", "2026-04-12", "--database-url", url]).output()
        #expect(
            due.contains(
                "suspend-late-units campaign 2025 on 2026-04-12: 1 unit; applied 0, already done 1, skipped 0"))
        #expect(due.contains("restore campaign 2025 on 2026-04-12: 0 units"))
        #expect(due.hasSuffix("overdue on 2026-04-12: 1 talent, X9 1"))
        // With --steps none, the summaries alone: no table of the jobs' talents or of what is overdue.
        let quiet = try await JobsGroup.RunDue.parse(
            ["--on", "2026-04-12", "--steps", "none", "--database-url", url]
        ).output()
        #expect(!quiet.contains("\t"), "\(quiet)")
        #expect(quiet.hasSuffix("overdue on 2026-04-12: 1 talent, X9 1"))
        // S4: a make-up sent after the make-up deadline is said to restore nothing, when sent and in the status.
        _ = try await TestDatabase.withStore(on: configuration, maximumConnections: 2) { store, _ in
            try await TalentRegister(store: store, policy: policy).handle(
                .collectBasicInfo(
                    campaign: 2025,
                    info: BasicInfo(industry: "制造", professionalField: "机械", education: "博士", professionalTitle: "教授")),
                for: TalentID("cli-s2"), on: try Day("2026-06-20"), by: .system)
        }
        let past = try await SubmissionsGroup.Submit.parse([
            "--unit", "poly", "--on", "2026-07-01", "--lateness-reason", "经办人调整", "--database-url", url,
        ]).output()
        #expect(
            past.hasSuffix("; sent after the make-up deadline (2026-06-30): it restores no services (S4)"), "\(past)")
        let pastStatus = try await SubmissionsGroup.Status.parse(["--on", "2026-07-02", "--database-url", url])
            .output()
        #expect(
            pastStatus.contains(
                "poly  长春工程学院  late (make-up submitted, sent after the make-up deadline: restores nothing (S4))"),
            "\(pastStatus)")
        // S4 "需注明逾期原因": the work report that travels with the make-up says why it is late.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Export.parse(
            ["--unit", "poly", "--on", "2026-07-02", "--out", folder.path, "--database-url", url, "--quiet"]
        ).output()
        let report = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".docx") })
        let text = try OfficeDocuments.document(folder.appendingPathComponent(report).path).allText
        #expect(text.contains("附：逾期报送说明") && text.contains("本单位未在规定时间内报送，逾期原因：经办人调整"), "\(text)")
        // The level's summary sheet tells the make-up from nothing sent, as its pages do.
        let levelFolder = FileManager.default.temporaryDirectory.appendingPathComponent("level-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: levelFolder) }
        _ = try await Export.parse(
            [
                "--organization", "dept", "--on", "2026-07-02", "--out", levelFolder.path, "--database-url", url,
                "--quiet",
            ]
        ).output()
        let one = try #require(
            try FileManager.default.contentsOfDirectory(atPath: levelFolder.path).first { $0.hasPrefix("附件1") })
        let summary = try #require(
            try OfficeDocuments.workbook(levelFolder.appendingPathComponent(one).path).first { $0.name == "各单位汇总" })
        #expect(
            summary.rows.contains { row in
                row.contains("长春工程学院") && row.contains("逾期补报（补报期限后报送，不恢复待遇）")
            },
            "\(summary.rows)")
        #expect(throws: (any Error).self) { try SubmissionsGroup.Return.parse(["--unit", "univ", "--reason", ""]) }
        // A year the policy has no campaign for is said so, whatever year it is.
        await #expect(throws: (any Error).self) {
            try await SubmissionsGroup.Status.parse(["--campaign", "1990", "--database-url", url]).output()
        }
    }
}
