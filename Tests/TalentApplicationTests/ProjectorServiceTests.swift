import EventStore
import Logging
import ReadModels
import Schema
import ServiceLifecycle
import TalentDomain
import TalentLedgerTesting
import Testing

@testable import TalentApplication

@Suite("Background work under a lifecycle")
struct ProjectorServiceTests {
    /// A rolling upgrade: once a newer release has rebuilt the read models by rules this one does not know,
    /// the older server's watch fails the group (the server stops, saying why); while they are current it
    /// goes on, and stops on graceful shutdown.
    @Test(.timeLimit(.minutes(3)))
    func aServerStopsOnceANewerReleaseHasTakenTheDatabaseOver() async throws {
        try await SmallProvince.with("newer_release_watch") { (province: SmallProvince) async throws in
            let watch = province.register.newerReleaseWatch(every: .milliseconds(50))
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(services: [watch], logger: Logger(label: "test")))
            let running = Task { try await group.run() }
            try await Task.sleep(for: .milliseconds(300))
            await group.triggerGracefulShutdown()
            try await running.value
            // The newer release's rebuild records its revision.
            _ = try await province.store.withConnection {
                try await $0.connection.execute(
                    "SELECT record_read_model_derivation(\(Schema.readModelRevision + 1)::integer)")
            }
            let stopped = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [province.register.newerReleaseWatch(every: .milliseconds(50))],
                    logger: Logger(label: "test")))
            let error = await #expect(throws: Schema.ReadModelsNotCurrent.self) { try await stopped.run() }
            #expect(error?.description.contains("newer release") == true)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func theProjectorRunsInAServiceGroupAndStopsOnGracefulShutdown() async throws {
        try await SmallProvince.with("projector_service") { (province: SmallProvince) async throws in
            let service = province.register.projectorService(pollInterval: .seconds(600))
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(services: [service], logger: Logger(label: "test")))
            let running = Task { try await group.run() }
            // A talent written by the bulk path, which leaves the read models to the projector.
            let day = try Day("2022-02-02")
            let decided = try decide(
                .evaluate(
                    Evaluation(
                        talentId: TalentID("T-bulk"), tier: .D, unit: UnitID("u-city"), professionalField: "化学",
                        evaluatingDocument: "吉人社字〔2022〕2号", certificateDate: day)),
                .initial, province.register.policy, day)
            try await province.store.appendBulk([
                StreamAppend(
                    streamID: TalentStream.id(TalentID("T-bulk")), streamType: TalentStream.type, expected: .noStream,
                    events: try decided.map { try TalentStream.newEvent($0, metadata: EventMetadata(actor: "test")) })
            ])
            let deadline = ContinuousClock.now + .seconds(30)
            var projected: TalentListing?
            while projected == nil, ContinuousClock.now < deadline {
                projected = try? await province.register.queries.talent(TalentID("T-bulk"), by: .system)
                if projected == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(projected?.tier == .D)
            await group.triggerGracefulShutdown()
            // Returns only once the projector has stopped.
            try await running.value
        }
    }
}
