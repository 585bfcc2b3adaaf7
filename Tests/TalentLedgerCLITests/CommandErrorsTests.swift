import ArgumentParser
import EventStore
import Foundation
import Glibc
import TalentLedgerTesting
import Testing

@testable import talentledger

/// What an operator reads when a command cannot do what it was asked: one line naming the path or the
/// port and what is wrong with it, never Foundation's or NIO's dump; a refused option with the usage of
/// the command that refused it.
@Suite("Command line: errors in words, with the failing command's usage")
struct CommandErrorsTests {
    @Test func anExportIntoAFileOrAFolderThatCannotBeMadeSaysWhichAndWhy() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_errors_export")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).txt")
        try Data("taken".utf8).write(to: file)
        let intoFile = await #expect(throws: CLIFailure.self) {
            try await Export.parse(["--unit", "unit-1", "--out", file.path, "--quiet", "--database-url", url]).output()
        }
        #expect(
            intoFile?.description == "cannot write into \(file.path): it is a file, not a folder (--out names a folder)"
        )
        let nowhere = await #expect(throws: CLIFailure.self) {
            try await Export.parse(["--unit", "unit-1", "--out", "/proc/nope", "--quiet", "--database-url", url])
                .output()
        }
        #expect(nowhere?.description.hasPrefix("cannot write into /proc/nope: ") == true)
        #expect(nowhere?.description.contains("Error Domain") == false)
    }

    @Test func importingAFolderSaysItIsAFolder() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_errors_import_folder")
        let folder = FileManager.default.temporaryDirectory.path
        let failure = await #expect(throws: CLIFailure.self) {
            try await Import.parse([folder, "--database-url", url]).report()
        }
        #expect(failure?.description == "cannot read \(folder): it is a folder, not a file")
    }

    /// The port held by a socket of the test's own; the server must say it cannot listen there, and must
    /// not have said first that it serves.
    @Test(.timeLimit(.minutes(2)))
    func serveOnAPortInUseSaysSoWithoutAnnouncingItServes() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_errors_serve_port")
        let holder = try HeldPort()
        defer { holder.close() }
        let run = try await TalentLedgerProcess.run(
            ["serve", "--database-url", url, "--port", String(holder.port)], timeLimit: .seconds(60))
        #expect(run.status == 1)
        #expect(!run.standardOutput.contains("serves on"))
        #expect(
            run.standardError.contains(
                "Error: cannot listen on 127.0.0.1:\(holder.port): the port is in use (another program listens there)"))
        #expect(!run.standardError.contains("errno"))
    }

    /// A host that names no address of this machine's, or none at all, is said in words; a negative port is
    /// refused for what it is (not taken for an option), and no warning of a cancelled subscription is
    /// printed on the way out.
    @Test(.timeLimit(.minutes(2)))
    func serveOnAHostThatIsNoneOrANegativePortSaysSo() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_errors_serve_host")
        let run = try await TalentLedgerProcess.run(
            ["serve", "--database-url", url, "--host", "no-such-host.invalid", "--port", "18399"],
            timeLimit: .seconds(60))
        #expect(run.status == 1)
        #expect(
            run.standardError.contains(
                "Error: cannot listen on no-such-host.invalid:18399: no such address or host name (--host)"),
            "\(run.standardError)")
        #expect(!run.standardError.contains("SocketAddressError") && !run.standardError.contains("CancellationError"))
        let error = #expect(throws: (any Error).self) { try Serve.parse(["--port", "-1"]) }
        #expect(error.map { Serve.message(for: $0) }?.contains("--port must be between 1 and 65535") == true)
    }

    /// The announcement comes once the socket listens, and at once: to a file, standard output is
    /// block-buffered, and a supervisor that waits for the line must not wait for the exit.
    @Test(.timeLimit(.minutes(2)))
    func serveAnnouncesItServesOnceItListens() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_errors_serve_listens")
        let free = try HeldPort()
        free.close()
        let port = free.port
        var answered = false
        let run = try await TalentLedgerProcess.run(
            ["serve", "--database-url", url, "--port", String(port)], timeLimit: .seconds(60),
            interruptingOnceOutputHolds: "TalentLedger serves on http://127.0.0.1:\(port)"
        ) {
            answered = HeldPort.accepts(port)
        }
        #expect(run.standardOutput.hasPrefix("TalentLedger serves on http://127.0.0.1:\(port) "))
        #expect(answered)
        #expect(run.status == 0)
    }

    /// Ctrl-C during a command on the embedded cluster: the run says what stays, stops the cluster it
    /// started (it was left running) and ends with 130, as a shell expects of an interrupted command.
    @Test(.timeLimit(.minutes(3)))
    func aCommandInterruptedStopsTheClusterItStartedAndSaysWhatStays() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("interrupted-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let run = try await TalentLedgerProcess.run(
            ["demo", "--talents", "3000", "--state-dir", state.path], timeLimit: .seconds(120),
            interruptingOnceOutputHolds: "talents 500/3000")
        #expect(run.status == 128 + SIGINT, "\(run.standardError)")
        #expect(run.standardError.contains("interrupted: what was committed stays"), "\(run.standardError)")
        #expect(!run.standardError.contains("Error:"), "\(run.standardError)")
        #expect(
            !FileManager.default.fileExists(atPath: state.appendingPathComponent("data/postmaster.pid").path),
            "the embedded cluster was left running")
    }

    /// Ctrl-C while an evaluation list is being written: the run says that nothing of the list is imported
    /// (it is one transaction), where it said only "what was committed stays", and the store shows it.
    @Test(.timeLimit(.minutes(3)))
    func anImportInterruptedWhileWritingSaysNothingOfTheListIsImported() async throws {
        let (configuration, url) = try await OperatorTests.prepared("cli_import_interrupted")
        let file = try OperatorTests.csv(
            (1...25_000).map { "IR-\($0),某,unit-1,C,2024-03-01,electronic_certificate,吉人社字〔2024〕1号" })
        defer { try? FileManager.default.removeItem(atPath: file) }
        let before = try await TestDatabase.withStore(on: configuration) { store, _ in try await store.eventCount() }
        let run = try await TalentLedgerProcess.run(
            ["import", "--database-url", url, file], timeLimit: .seconds(120),
            interruptingOnceOutputHolds: "written 10000/25000 lines")
        #expect(run.status == 128 + SIGINT, "\(run.standardError)")
        #expect(
            run.standardError.contains("interrupted: nothing of the list is imported (all or nothing)"),
            "\(run.standardError)")
        let after = try await TestDatabase.withStore(on: configuration) { store, _ in try await store.eventCount() }
        #expect(after == before)
    }

    /// A value refused once parsing is done (a date that does not exist, a key not given) is refused
    /// while parsing, so that the usage shown is the subcommand's, not `talentledger <subcommand>`'s.
    @Test func aRefusedValueShowsTheUsageOfTheCommandThatRefusedIt() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("list-\(UUID().uuidString).csv")
        let date = #expect(throws: (any Error).self) {
            try TalentLedger.parseAsRoot(["import", "--date", "2026-02-30", file.path])
        }
        let dateMessage = TalentLedger.fullMessage(for: try #require(date))
        #expect(dateMessage.contains("--date must be a date YYYY-MM-DD"))
        #expect(dateMessage.contains("Usage: talentledger import "))
        if ProcessInfo.processInfo.environment["TALENTLEDGER_ANCHOR_KEY"] == nil {
            let key = #expect(throws: (any Error).self) { try TalentLedger.parseAsRoot(["audit", "keygen"]) }
            let keyMessage = TalentLedger.fullMessage(for: try #require(key))
            #expect(keyMessage.contains("give the signing key with --key or TALENTLEDGER_ANCHOR_KEY"))
            #expect(keyMessage.contains("Usage: talentledger audit keygen"))
        }
    }
}

/// A TCP port on 127.0.0.1 that a socket of the test listens on, so that nothing else can.
struct HeldPort {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        try #require(bound, "a port of 127.0.0.1 to hold")
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Whether something listens on `port` of 127.0.0.1 (a connection is accepted).
    static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = Glibc.close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
