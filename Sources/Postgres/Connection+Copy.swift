import CLibPQ
import Foundation

extension Connection {
    /// Bulk-loads rows with `COPY … FROM STDIN` in text format and returns the number of rows copied.
    ///
    /// `statement` is the COPY statement itself (e.g. `COPY staging (a, b) FROM STDIN`); it takes no
    /// parameters, so it must be a constant of the caller's, never text from outside. Each row holds one
    /// value per column, `nil` for NULL; values are escaped here.
    @discardableResult
    public func copyFrom(_ statement: String, rows: [[String?]]) async throws -> Int {
        try await answered("a COPY") { try self.blockingCopy(statement, rows: rows) }
    }

    func blockingCopy(_ statement: String, rows: [[String?]]) throws -> Int {
        try lockedCopy(statement) { send in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(Self.copyChunkSize + 4096)
            for row in rows {
                Self.appendCopyLine(row, to: &buffer)
                if buffer.count >= Self.copyChunkSize {
                    try send(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { try send(buffer) }
        }
    }

    static let copyChunkSize = 256 * 1024

    /// One line of COPY text format: tab-separated, `\N` for NULL, backslash escapes for the separators.
    static func appendCopyLine(_ row: [String?], to buffer: inout [UInt8]) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.append(9) }
            guard let value else {
                buffer.append(contentsOf: [92, 78])
                continue
            }
            for byte in value.utf8 {
                switch byte {
                case 92: buffer.append(contentsOf: [92, 92])
                case 9: buffer.append(contentsOf: [92, 116])
                case 10: buffer.append(contentsOf: [92, 110])
                case 13: buffer.append(contentsOf: [92, 114])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(10)
    }
}

extension Connection {
    /// Starts COPY, lets `produce` send chunks, ends COPY and reads the outcome; an error while sending
    /// ends the COPY with a failure so the server discards every row of it.
    func lockedCopy(_ statement: String, produce: (_ send: ([UInt8]) throws -> Void) throws -> Void) throws -> Int {
        try lock.withLock {
            try checkOpen()
            try sendQueued()
            let start = PQexec(handle, statement)
            defer { PQclear(start) }
            guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
                if let start { throw serverError(start, statement: statement) }
                throw connectionError(statement: statement)
            }
            do {
                try produce { chunk in
                    let sent = chunk.withUnsafeBufferPointer { buffer in
                        buffer.withMemoryRebound(to: CChar.self) {
                            PQputCopyData(handle, $0.baseAddress, Int32($0.count))
                        }
                    }
                    guard sent == 1 else { throw connectionError(statement: statement) }
                }
            } catch {
                PQputCopyEnd(handle, "aborted by client")
                drainResults()
                throw error
            }
            guard PQputCopyEnd(handle, nil) == 1 else { throw connectionError(statement: statement) }
            var copied = 0
            var failure: Error?
            while let result = PQgetResult(handle) {
                if failure == nil {
                    do { copied = try rows(from: result, statement: statement).affectedRows } catch { failure = error }
                }
                PQclear(result)
            }
            if let failure { throw failure }
            return copied
        }
    }

    func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }
}
