// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like C2 are the register's own spelling.

import Foundation
import ReadModels
import TalentDomain
import Testing

@testable import EventStore
@testable import TalentApplication

/// The same command sent several times at the same moment under one key (a double click, a client's
/// retries) is recorded once, and every sending is answered as the first was.
@Suite("A command repeated at the same moment")
struct ConcurrentRepeatTests {
    /// Sends `command` `times` times at once under one command id; the answers' events, and the events of
    /// the talent's stream it recorded.
    static func repeated(
        _ command: TalentCommand, times: Int, for talent: TalentID, on day: Day, expectedVersion: Int64? = nil,
        in province: SmallProvince
    ) async throws -> (answers: [[Int64]], recorded: Int) {
        let commandID = UUID()
        let answers = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<times {
                group.addTask {
                    try await province.register.handle(
                        command, for: talent, on: day, by: SmallProvince.province, commandID: commandID,
                        expectedVersion: expectedVersion
                    ).events.map(\.version)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let recorded = try await province.store.withConnection { try await $0.events(ofCommand: commandID) }
        return (answers, recorded.count)
    }

    /// C2, E4: a payment dated before the talent's last fact (its rows derived from the whole stream) and
    /// one dated after it (from the kept state, its version pinned, as the console sends it): five sendings
    /// each, one recorded, five answers of it. Repeats rewrote the rows the first wrote, and raced (a
    /// tester's finding: a duplicate talent row and a deadlock, 500s; a 412; "already paid", 422).
    @Test func C2_E4_aPaymentSentFiveTimesAtOnceIsRecordedOnceAndAnsweredFiveTimes() async throws {
        try await SmallProvince.with("concurrent_repeat") { province in
            let talent = TalentID("T-city-1")
            try await province.register.handle(
                .penalize(occurredOn: try Day("2026-01-05"), sanction: Sanction(kind: .party, measure: .partyWarning)),
                for: talent, on: try Day("2026-01-06"), by: .system)
            for instalment in 1...3 {
                let backDated = try await Self.repeated(
                    .payHousingSubsidyInstalment(number: instalment), times: 5, for: talent,
                    on: try Day("2024-0\(instalment)-10"), in: province)
                #expect(backDated.recorded == 1, "instalment \(instalment)")
                #expect(Set(backDated.answers).count == 1, "instalment \(instalment): \(backDated.answers)")
            }
            let version = try await province.register.queries.talent(talent, by: .system).version
            let pinned = try await Self.repeated(
                .collectBasicInfo(
                    campaign: 2025,
                    info: BasicInfo(industry: "制造", professionalField: "材料", education: "博士", professionalTitle: "教授")),
                times: 5, for: talent, on: try Day("2026-01-20"), expectedVersion: version, in: province)
            #expect(pinned.recorded == 1 && Set(pinned.answers).count == 1, "\(pinned.answers)")
            let paid = try await province.register.queries.state(of: talent, by: .system).entitlements.housingSubsidy
            #expect(paid.paidInstalments.sorted() == [1, 2, 3])
        }
    }
}
