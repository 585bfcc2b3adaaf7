import Foundation
import ReadModels
import Synchronization
import TalentDomain
import Testing

@testable import TalentApplication

/// A download asked for again while it is being made shares that making (``SharedDownloads``).
@Suite("Downloads asked for again while being made")
struct SharedDownloadsTests {
    static let day = try! Day("2026-03-20")

    static func request(caller: Caller = SmallProvince.province, written: [Int64] = [7, 3]) -> DownloadRequest {
        DownloadRequest(campaign: 2025, scope: .province, document: nil, day: day, caller: caller, written: written)
    }

    /// Makings counted, each held until `release` is finished.
    final class Maker: Sendable {
        let made = Mutex(0)
        let (released, release) = AsyncStream<Void>.makeStream()

        func make() async throws -> CampaignDownload {
            let number = made.withLock { made in
                made += 1
                return made
            }
            for await _ in released {}
            return CampaignDownload(
                data: Data("making \(number)".utf8), contentType: "application/zip", disposition: "")
        }
    }

    /// Waits, a bounded while, for `condition` (a request's task reaching the actor).
    static func eventually(_ condition: () async -> Bool) async throws {
        for _ in 0..<1_000 where !(await condition()) { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func anIdenticalRequestWhileItIsBeingMadeSharesTheMaking() async throws {
        let downloads = SharedDownloads()
        let maker = Maker()
        let first = Task { try await downloads.download(Self.request()) { try await maker.make() } }
        try await Self.eventually { maker.made.withLock { $0 } == 1 }
        let second = Task { try await downloads.download(Self.request()) { try await maker.make() } }
        // Another caller, and the same caller after a write, are made apart.
        let other = Task {
            try await downloads.download(Self.request(caller: SmallProvince.auditor)) { try await maker.make() }
        }
        let later = Task { try await downloads.download(Self.request(written: [8, 3])) { try await maker.make() } }
        try await Self.eventually { maker.made.withLock { $0 } == 3 }
        #expect(await downloads.underWay == 3)
        maker.release.finish()
        let (one, two) = (try await first.value, try await second.value)
        #expect(one.data == two.data)
        let (another, afterWrite) = (try await other.value, try await later.value)
        #expect(another.data != one.data && afterWrite.data != one.data)
        #expect(maker.made.withLock { $0 } == 3)
        // Once made, the same request is made anew: a finished making is not a cache.
        #expect(await downloads.underWay == 0)
        _ = try await downloads.download(Self.request()) { try await maker.make() }
        #expect(maker.made.withLock { $0 } == 4)
    }

    @Test func aRequestThatGivesUpLeavesTheMakingToThoseWhoShareIt() async throws {
        let downloads = SharedDownloads()
        let maker = Maker()
        let first = Task { try await downloads.download(Self.request()) { try await maker.make() } }
        try await Self.eventually { maker.made.withLock { $0 } == 1 }
        let second = Task { try await downloads.download(Self.request()) { try await maker.make() } }
        try await Task.sleep(for: .milliseconds(20))
        first.cancel()
        maker.release.finish()
        #expect(String(decoding: try await second.value.data, as: UTF8.self) == "making 1")
        #expect(maker.made.withLock { $0 } == 1)
    }

    /// What a download is made of moves with every event and every change of personal data, and with
    /// nothing else: two requests with no write between them are the same.
    @Test func aRequestAfterAnEventOrAProfileChangeIsAnotherDownload() async throws {
        try await SmallProvince.with("shared_downloads") { province in
            let register = province.register
            func request() async throws -> DownloadRequest {
                try await register.downloadRequest(
                    2025, scope: .province, document: nil, on: Self.day, by: SmallProvince.province)
            }
            let before = try await request()
            #expect(try await request() == before)
            try await register.handle(
                .penalize(occurredOn: try Day("2026-01-05"), sanction: Sanction(kind: .party, measure: .partyWarning)),
                for: TalentID("T-city-1"), on: try Day("2026-01-06"), by: .system)
            let afterEvent = try await request()
            #expect(afterEvent != before)
            try await province.store.withConnection { store in
                _ = try await TalentProfiles.replace(
                    talent: "T-city-1", name: "张三峰", nationalID: nil, phone: nil, by: "p", on: store.connection)
            }
            #expect(try await request() != afterEvent)
            // Two identical downloads at once answer the same bytes.
            async let one = register.campaignDownload(
                2025, scope: .province, document: .assessments, on: Self.day, by: SmallProvince.province)
            async let two = register.campaignDownload(
                2025, scope: .province, document: .assessments, on: Self.day, by: SmallProvince.province)
            let (first, second) = try await (one, two)
            #expect(first.data == second.data && !first.data.isEmpty)
        }
    }
}
