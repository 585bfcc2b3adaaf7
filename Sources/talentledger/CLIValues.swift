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

    /// The years a recording time may name: the database holds more, but nothing was recorded before
    /// 1900 and a time past 9999 is a typing mistake.
    static let instantYears = 1900...9999

    static func instant(_ text: String, option: String) throws -> Date {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var parsed = withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        if parsed == nil, let day = try? Day(text), let date = ISO8601DateFormatter().date(from: "\(day)T00:00:00Z") {
            parsed = date.addingTimeInterval(86_400 - 0.000_001)
        }
        guard let date = parsed else {
            throw ValidationError(
                "\(option) must be an ISO 8601 time (2026-03-16T08:30:00Z) or a date (end of that day, UTC)")
        }
        let year =
            Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date).year ?? 0
        guard instantYears.contains(year) else {
            throw ValidationError(
                "\(option) must lie between the years \(instantYears.lowerBound) and \(instantYears.upperBound)")
        }
        return date
    }

    /// A file's bytes, or a failure that says in words why they could not be read.
    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIFailure("cannot read \(path): \(describe(error))")
        }
    }

    /// An operating-system error in words (not Foundation's `NSCocoaErrorDomain Code=…` dump).
    static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file or folder"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "the disk is full"
            case .fileWriteVolumeReadOnly: return "the disk is read-only"
            default:
                if isFolder(cocoa) { return "it is a folder, not a file" }
            }
            if let posix = (cocoa.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap({
                POSIXErrorCode(rawValue: Int32($0.code))
            }) {
                return String(cString: strerror(posix.rawValue)).lowercased()
            }
            return cocoa.localizedDescription
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)).lowercased() }
        return "\(error)"
    }

    private static func isFolder(_ error: CocoaError) -> Bool {
        guard let path = error.filePath ?? error.url?.path else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
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
