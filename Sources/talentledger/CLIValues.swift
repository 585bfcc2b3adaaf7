import ArgumentParser
import Foundation
import TalentDomain

/// Parsing and printing of the values the commands take and show.
enum CLIValues {
    static func day(_ text: String, option: String) throws -> Day {
        do {
            return try Day(text)
        } catch {
            throw ValidationError("\(option) must be a date YYYY-MM-DD: \(error)")
        }
    }

    static func instant(_ text: String, option: String) throws -> Date {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text) { return date }
        if let day = try? Day(text), let date = ISO8601DateFormatter().date(from: "\(day)T00:00:00Z") {
            return date.addingTimeInterval(86_400 - 0.000_001)
        }
        throw ValidationError(
            "\(option) must be an ISO 8601 time (2026-03-16T08:30:00Z) or a date (end of that day, UTC)")
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A command's failure, printed as `Error: …` with exit code 1 (no stack, no crash).
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
