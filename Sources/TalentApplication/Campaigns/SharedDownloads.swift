import Foundation
import ReadModels
import TalentDomain

/// Downloads asked for again while they are being made share that making. A clerk who clicks a
/// province's package three times, or whose browser gave up and asked again, had three made one after
/// the other, each holding one of the few turns of its ``DocumentGate`` for seconds, and the next person
/// waited, then was told to come back (Hummingbird does not stop a handler whose client has gone).
///
/// A request shares only a making that would answer it byte for byte: asked by the same caller, for the
/// same documents and day, with nothing written to the register since (``DownloadRequest/written``).
actor SharedDownloads {
    private var making: [DownloadRequest: Task<CampaignDownload, any Error>] = [:]

    /// The download `request` asks for: made by `make`, or by the making of an identical request under way.
    func download(
        _ request: DownloadRequest, madeBy make: @escaping @Sendable () async throws -> CampaignDownload
    ) async throws -> CampaignDownload {
        if let underWay = making[request] { return try await underWay.value }
        // Not the request's own task: a request that gives up must not end the making others share.
        let task = Task { try await make() }
        making[request] = task
        defer { making[request] = nil }
        return try await task.value
    }

    /// How many makings are under way (for tests).
    var underWay: Int { making.count }
}

/// What makes two downloads the same: every input of the documents, and the register's state.
struct DownloadRequest: Hashable, Sendable {
    var campaign: Int
    var scope: ExportScope
    var document: CampaignDocument?
    var day: Day
    /// The caller decides what is shown in full and what masked, as well as what may be read at all.
    var caller: Caller
    /// The last event position and profile change given when the request came: a making begun before a
    /// write may not answer a request made after it.
    var written: [Int64]
}
