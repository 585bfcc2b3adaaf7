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

    /// Two lists, or one list twice, sent at once under one key, both past the look for an earlier import
    /// before either is written (held at the registrations' lock until both wait there): one is imported;
    /// the other list is the key reused (422, not a failed append's 500), the same list is answered as the
    /// first (replayed).
    @Test func listsSentAtOnceUnderOneKeyAreOneImport() async throws {
        try await TestDatabase.withStore("evaluation_list_race") { store, pool in
            let unit = Organization(
                id: "u-1", name: "测试单位一", shortName: "单位一", kind: .cityUnit, parentID: nil, region: "长春市")
            try await store.append([try OrganizationStream.registration(unit, on: "2020-01-01")])
            let register = TalentRegister(store: store, policy: try PolicyDirectory.load())
            let day = try Day("2026-01-01")
            func list(_ prefix: String) -> Data {
                Data(String(decoding: Self.list, as: UTF8.self).replacingOccurrences(of: "R-", with: prefix).utf8)
            }
            for (firstList, second, replayed) in [(list("S-"), list("U-"), false), (list("V-"), list("V-"), true)] {
                let key = UUID()
                @Sendable func send(_ list: Data) async -> Result<EvaluationImport.Report, any Error> {
                    do {
                        return .success(
                            try await register.importEvaluationList(list, evaluatedOn: day, by: .system, commandID: key)
                        )
                    } catch {
                        return .failure(error)
                    }
                }
                let (first, then) = try await store.withTransaction { held in
                    try await held.holdRegistrationsOfNewIDs()
                    let first = Task { await send(firstList) }
                    let then = Task { await send(second) }
                    try await pool.untilSessionsWaitForALock(2)
                    return (first, then)
                }
                let answers = [await first.value, await then.value]
                #expect(answers.filter { (try? $0.get())?.replayed == false }.count == 1, "\(answers)")
                if replayed {
                    #expect(answers.allSatisfy { (try? $0.get())?.written == true }, "\(answers)")
                } else {
                    #expect(
                        answers.contains {
                            if case .failure(let error) = $0 { error is CommandIDReused } else { false }
                        },
                        "\(answers)")
                }
            }
        }
    }
}
