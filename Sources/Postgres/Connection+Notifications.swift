import CLibPQ
import Foundation

/// A NOTIFY received on a channel this connection listens to.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    public var senderPID: Int32
}

extension Connection {
    /// Starts listening on `channel` (a lower-case identifier: letters, digits, underscores).
    public func listen(_ channel: String) async throws {
        try await executeScript("LISTEN \(try PostgresIdentifier(channel, what: "channel name").quoted)")
    }

    public func unlisten(_ channel: String) async throws {
        try await executeScript("UNLISTEN \(try PostgresIdentifier(channel, what: "channel name").quoted)")
    }

    /// Sends a notification; the payload is a bound parameter.
    public func notify(_ channel: String, payload: String = "") async throws {
        _ = try PostgresIdentifier(channel, what: "channel name")
        try await execute("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Waits up to `timeout` for notifications and returns those that arrived (possibly none).
    public func waitForNotifications(timeout: Duration) async throws -> [PostgresNotification] {
        let milliseconds = Int32(
            clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return try await threadPool.runIfActive {
            try self.blockingWaitForNotifications(timeoutMilliseconds: milliseconds)
        }
    }

}

extension Connection {
    func blockingWaitForNotifications(timeoutMilliseconds: Int32) throws -> [PostgresNotification] {
        try lock.withLock {
            try checkOpen()
            try sendQueued()
            var received = takeNotifications()
            guard received.isEmpty else { return received }
            let socket = PQsocket(handle)
            guard socket >= 0 else { throw connectionError(statement: "wait for notifications") }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, timeoutMilliseconds)
            if ready < 0 && errno != EINTR {
                throw PostgresError(.connectionLost, "poll failed while waiting for notifications (errno \(errno))")
            }
            if ready > 0 {
                guard PQconsumeInput(handle) == 1 else { throw connectionError(statement: "wait for notifications") }
                received = takeNotifications()
            }
            return received
        }
    }

    private func takeNotifications() -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let notice = PQnotifies(handle) {
            received.append(
                PostgresNotification(
                    channel: String(cString: notice.pointee.relname),
                    payload: String(cString: notice.pointee.extra),
                    senderPID: notice.pointee.be_pid
                )
            )
            PQfreemem(notice)
        }
        return received
    }
}
