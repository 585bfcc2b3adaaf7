import Foundation
import Hummingbird
import Testing

@testable import TalentConsole

/// A body is read within a time of its size: one that stops coming is given up on, where it held its
/// connection and its task for as long as the client trickled it (a load tester's finding).
@Suite("Request bodies read within their time")
struct BoundedBodyTests {
    actor Counter {
        var count = 0
        func add() { count += 1 }
    }

    static func request(_ body: RequestBody) -> Request {
        Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/v1/x"), body: body)
    }

    @Test func aBodyTrickledPastItsDeadlineIsGivenUpOn() async throws {
        let (trickled, source) = RequestBody.makeStream()
        let sent = Counter()
        // Fifty parts, each at least 40 ms after the one before: the body's end comes two seconds on at least.
        let sender = Task {
            for _ in 0..<50 {
                await source.yield(ByteBuffer(string: "x"))
                await sent.add()
                try await Task.sleep(for: .milliseconds(40))
            }
            await source.finish()
        }
        defer { sender.cancel() }
        await #expect(throws: BodyTooSlow.self) {
            _ = try await Self.request(trickled).boundedBody(upTo: 1024, within: .milliseconds(200))
        }
        // Given up on at the first part past the deadline, not at the body's end (whose last part would be
        // past it too).
        #expect(await sent.count < 50)
        let whole = try await Self.request(RequestBody(buffer: ByteBuffer(string: "{}"))).boundedBody(
            upTo: 1024, within: .milliseconds(200))
        #expect(String(buffer: whole) == "{}")
        await #expect(throws: (any Error).self, "over its limit") {
            _ = try await Self.request(RequestBody(buffer: ByteBuffer(string: "{\"a\": 1}"))).boundedBody(upTo: 4)
        }
        // A minute at least; twenty mebibytes (an evaluation list's) at 64 KiB a second.
        #expect(Request.bodyDeadline(forUpTo: 1 << 20) == .seconds(60))
        #expect(Request.bodyDeadline(forUpTo: 20 << 20) == .seconds(320))
    }
}
