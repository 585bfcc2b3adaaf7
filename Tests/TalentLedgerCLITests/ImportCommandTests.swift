import Foundation
import TalentDomain
import Testing

@testable import talentledger

@Suite("talentledger import: what a list may hold and what the command says of it")
struct ImportCommandTests {
    /// A certificate dated after the day the list is evaluated on has not happened yet: a bad line like
    /// any other, in the dry run and the real run alike.
    @Test func aStartDateAfterTheEvaluationDayIsABadLine() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_import_future_start")
        let file = try OperatorTests.csv([
            "now-1,李四,unit-1,C,2025-12-01,electronic_certificate,吉人社字〔2025〕1号",
            "future-1,王五,unit-1,C,2030-06-01,electronic_certificate,吉人社字〔2025〕1号",
        ])
        for dryRun in [true, false] {
            let report = try await Import.parse(
                [file, "--database-url", url, "--date", "2026-01-05"] + (dryRun ? ["--dry-run"] : [])
            ).report()
            #expect(report.problems.map(\.line) == [3])
            #expect(
                report.problems.first?.reason
                    == "refused by M2: 管理期起算时间2030-06-01晚于认定生效日2026-01-05：起算时间不能晚于认定生效之日")
            #expect(!report.written)
        }
    }

    /// A list evaluated on a day to come is refused before anything is read, a dry run too: its talents
    /// could be neither seen nor corrected.
    @Test func aListEvaluatedOnADayToComeIsRefused() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_import_future_day")
        let file = try OperatorTests.csv(["now-1,李四,unit-1,C,2025-12-01,electronic_certificate,吉人社字〔2025〕1号"])
        for dryRun in [true, false] {
            let refused = await #expect(throws: CLIFailure.self) {
                try await Import.parse(
                    [file, "--database-url", url, "--date", "2099-01-01"] + (dryRun ? ["--dry-run"] : [])
                ).report()
            }
            #expect(refused?.description.hasPrefix("--date: 2099-01-01 is after today") == true)
        }
    }

    @Test func aDryRunsProgressNeverSaysItWrote() {
        let dry = Import.progressLine(.written(lines: 1, of: 1, events: 6), dryRun: true)
        #expect(!dry.contains("written"))
        #expect(dry == "tried 1/1 lines, 6 events (dry run: rolled back)")
        #expect(
            Import.progressLine(.written(lines: 1, of: 1, events: 1), dryRun: false) == "written 1/1 lines, 1 event")
        #expect(Import.progressLine(.validated(lines: 1, problems: 1), dryRun: false) == "validated 1 line, 1 problem")
    }

    /// A past list imported on today's day would start its talents' history today: the summary says so,
    /// and how a past list is imported (--date, its own day); a recent list, or one imported on its day,
    /// says nothing of it.
    @Test func aListWhosePeriodsStartYearsBeforeItsDayIsSaidToBeImportedOnItsOwnDay() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_import_past")
        let file = try OperatorTests.csv(["past-1,甲,unit-1,C,2020-03-13,electronic_certificate,吉人社字〔2020〕5号"])
        let today = try await Import.parse([file, "--dry-run", "--date", "2026-01-05", "--database-url", url]).report()
        let said = Import.summary(of: today, day: try Day("2026-01-05"))
        #expect(said.hasPrefix("valid: 1 talent"))
        #expect(said.contains("note: periods start from 2020-03-13, more than a year before 2026-01-05"), "\(said)")
        #expect(said.contains("A past list is imported on its own day: --date"))
        let onItsDay = try await Import.parse([file, "--dry-run", "--date", "2020-03-20", "--database-url", url])
            .report()
        #expect(!Import.summary(of: onItsDay, day: try Day("2020-03-20")).contains("note:"))
    }

    @Test func anEmptyFileIsRejectedForWhatItIsNotAsBadLinesOfNone() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_import_empty")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).csv")
        try Data().write(to: file)
        let report = try await Import.parse([file.path, "--database-url", url]).report()
        #expect(report.problems.map(\.line) == [1])
        #expect(
            Import.summary(of: report, day: try Day("2026-01-05"))
                == "rejected: the file holds no evaluation list; nothing written")
        let one = try await Import.parse(
            [try OperatorTests.csv(["bad-1,甲,unit-1,Z,2021-03-01,electronic_certificate,d"]), "--database-url", url]
        ).report()
        #expect(
            Import.summary(of: one, day: try Day("2026-01-05"))
                == "rejected: 1 bad of 1 line (1 problem); nothing written")
    }
}
