import Foundation
import Hummingbird
import Testing

@testable import TalentConsole

/// A body is read within a time of its size: one that stops coming is given up on, where it held its
/// connection and its task for as long as the client trickled it (a load tester's finding).
@Suite("Request bodies read within their time")
struct BoundedBodyTests {
    static func request(_ body: RequestBody) -> Request {
        Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/v1/x"), body: body)
    }

    @Test func aBodyThatStopsComingIsGivenUpOnAtItsDeadline() async throws {
        let (stalled, source) = RequestBody.makeStream()
        await source.yield(ByteBuffer(string: "{\"type\":"))
        let start = ContinuousClock.now
        await #expect(throws: BodyTooSlow.self) {
            _ = try await Self.request(stalled).boundedBody(upTo: 1024, within: .milliseconds(200))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        let whole = try await Self.request(RequestBody(buffer: ByteBuffer(string: "{}"))).boundedBody(
            upTo: 1024, within: .milliseconds(200))
        #expect(String(buffer: whole) == "{}")
        await source.finish()
        // A minute at least; twenty mebibytes (an evaluation list's) at 64 KiB a second.
        #expect(Request.bodyDeadline(forUpTo: 1 << 20) == .seconds(60))
        #expect(Request.bodyDeadline(forUpTo: 20 << 20) == .seconds(320))
    }
}
