import EventStore
import Foundation
import Postgres
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import ReadModels
@testable import TalentApplication

/// An evaluation list sent again under its idempotency key (``EvaluationListRetry``).
@Suite("An evaluation list sent again")
struct EvaluationListRetryTests {
    static let list = Data(
        ("id,name,unit,tier,start_date,start_source,document\n"
            + (1...5).map { "R-\($0),某,u-1,C,2024-03-01,electronic_certificate,d" }.joined(separator: "\n"))
            .utf8)

    /// A list written in several bulk appends is found whole by its retry, every append under an id the
    /// key gives; the key with another list is refused.
    @Test func aRetryCountsEveryAppendOfTheListAndRefusesAnotherList() async throws {
        try await TestDatabase.withStore("evaluation_list_retry") { store, _ in
            let unit = Organization(
                id: "u-1", name: "测试单位一", shortName: "单位一", kind: .cityUnit, parentID: nil, region: "长春市")
            try await store.append([try OrganizationStream.registration(unit, on: "2020-01-01")])
            let day = try Day("2026-01-01")
            let retry = EvaluationListRetry(commandID: UUID(), list: Self.list, evaluatedOn: day)
            #expect(try await retry.earlier(in: store) == nil)
            var importer = EvaluationImport(store: store, policy: try PolicyDirectory.load(), date: day)
                .recorded(under: { retry.appendID($0) }, digest: retry.digest)
            importer.linesPerAppend = 2
            let first = try await importer.run(Self.list)
            #expect(first.written && first.talents == 5, "\(first.problems)")
            // Three appends: two, two and one line.
            #expect(try await store.withConnection { try await $0.events(ofCommand: retry.appendID(2)) }.count > 0)
            let again = try #require(try await retry.earlier(in: store))
            #expect(again.replayed && again.written && again.talents == 5 && again.lines == 5)
            #expect(again.events == first.events)
            let other = EvaluationListRetry(
                commandID: retry.commandID, list: Self.list + Data("\n".utf8), evaluatedOn: day)
            await #expect(throws: CommandIDReused.self) { try await other.earlier(in: store) }
            let otherDay = EvaluationListRetry(
                commandID: retry.commandID, list: Self.list, evaluatedOn: day.adding(days: 1))
            await #expect(throws: CommandIDReused.self) { try await otherDay.earlier(in: store) }
        }
    }

    /// Two lists sent at once under one key: one is imported, the other is the key reused (422), never a
    /// failed append (500), whichever reaches the store first.
    @Test func twoListsSentAtOnceUnderOneKeyAreOneImportAndTheKeyReused() async throws {
        try await TestDatabase.withStore("evaluation_list_race") { store, _ in
            let unit = Organization(
                id: "u-1", name: "测试单位一", shortName: "单位一", kind: .cityUnit, parentID: nil, region: "长春市")
            try await store.append([try OrganizationStream.registration(unit, on: "2020-01-01")])
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            let day = try Day("2026-01-01")
            let other = Data(String(decoding: Self.list, as: UTF8.self).replacingOccurrences(of: "R-", with: "S-").utf8)
            let key = UUID()
            @Sendable func send(_ list: Data) async -> Result<EvaluationImport.Report, any Error> {
                do {
                    return .success(
                        try await register.importEvaluationList(list, evaluatedOn: day, by: .system, commandID: key))
                } catch {
                    return .failure(error)
                }
            }
            async let first = send(Self.list)
            async let second = send(other)
            let answers = await [first, second]
            #expect(answers.filter { (try? $0.get())?.written == true }.count == 1, "\(answers)")
            #expect(
                answers.contains { if case .failure(let error) = $0 { error is CommandIDReused } else { false } },
                "\(answers)")
        }
    }
}
