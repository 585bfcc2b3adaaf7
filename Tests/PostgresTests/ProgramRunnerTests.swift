import Foundation
import Testing

@testable import Postgres

@Suite("Programs the cluster is run with")
struct ProgramRunnerTests {
    /// A program run (`pg_ctl start`, which leaves the cluster's daemon behind) inherits no descriptor of
    /// this process but the standard three: a cluster restarted under a running server held the server's
    /// listening socket, and clients hung on it after the server stopped.
    @Test func aProgramRunInheritsNoDescriptorOfThisProcess() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        #expect(fcntl(ends[0], F_GETFD) & FD_CLOEXEC == 0, "a pipe is inherited unless marked")
        let outcome = try ProgramRunner.run("/bin/sh", ["-c", "ls /proc/$$/fd"])
        #expect(outcome.status == 0)
        #expect(outcome.output.split(separator: "\n") == ["0", "1", "2"], "\(outcome.output)")
    }
}
