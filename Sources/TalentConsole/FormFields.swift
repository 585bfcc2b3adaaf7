import Foundation
import Hummingbird

/// The fields of a posted form (`application/x-www-form-urlencoded`), read up to a size no console form
/// comes near.
struct FormFields: Sendable {
    private var values: [String: String] = [:]

    static let maximumBytes = 64 * 1024

    init(_ request: Request) async throws {
        let body = try await request.body.collect(upTo: Self.maximumBytes)
        self.init(encoded: String(buffer: body))
    }

    init(encoded: String) {
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decoded(parts[0]) else { continue }
            values[name] = parts.count > 1 ? Self.decoded(parts[1]) ?? "" : ""
        }
    }

    static func decoded(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The field's value, nil when absent; an empty field is "".
    subscript(name: String) -> String? { values[name] }

    /// The field's value trimmed, nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}
