import ArgumentParser
import Foundation
import TalentApplication
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

    /// A "known at" time: an RFC 3339 time, or on China's clock a day, a minute or a second (the end of
    /// what it names, as the console's picker takes it), never after `now` (``RecordingTime/knownAt(_:now:rfc3339Only:)``:
    /// a day begun is known as far as it has come).
    static func knownAt(_ text: String, option: String, now: Date = Date()) throws -> Date {
        switch RecordingTime.knownAt(text, now: now) {
        case .at(let date): return date
        case .invalid:
            throw ValidationError(
                "\(option) must be an ISO 8601 time (2026-03-16T08:30:00+08:00), or on China's clock a date YYYY-MM-DD "
                    + "(the end of that day), a minute YYYY-MM-DDTHH:MM or a second YYYY-MM-DDTHH:MM:SS, "
                    + "between the years \(RecordingTime.years.lowerBound) and \(RecordingTime.years.upperBound)")
        case .future:
            throw ValidationError(
                "\(option) must be no later than now (\(RecordingTime.text(now))): what is recorded later is not known yet"
            )
        }
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
            case .fileWriteFileExists:
                return isAboutAFolder(cocoa) ? "it is a folder, not a file" : "a file of that name exists"
            default:
                if isAboutAFolder(cocoa) { return "it is a folder, not a file" }
                if let path = cocoa.filePath ?? cocoa.url?.path, let why = whyNotWritable(path) { return why }
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

    private static func isAboutAFolder(_ error: CocoaError) -> Bool {
        guard let path = error.filePath ?? error.url?.path else { return false }
        return kind(at: path) == .folder
    }

    /// Why nothing can be written at `path`, as far as the path itself tells: a folder on the way that is
    /// missing or is a file, or a folder there already; nil when the path looks writable.
    static func whyNotWritable(_ path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        if kind(at: url.path) == .folder { return "it is a folder, not a file" }
        var ancestor = url.deletingLastPathComponent()
        while ancestor.path != "/", kind(at: ancestor.path) == nil { ancestor = ancestor.deletingLastPathComponent() }
        if kind(at: ancestor.path) == .file { return "\(ancestor.path) is a file, not a folder" }
        if ancestor.path != url.deletingLastPathComponent().path {
            return "no such folder \(url.deletingLastPathComponent().path)"
        }
        if !FileManager.default.isWritableFile(atPath: ancestor.path) { return "permission denied" }
        return nil
    }

    /// Nothing could be written at `path`: why, as far as the path tells.
    static func cannotWrite(_ path: String) -> CLIFailure {
        CLIFailure("cannot write \(path)" + (whyNotWritable(path).map { ": \($0)" } ?? ""))
    }

    /// What is at a path an operator named.
    enum PathKind { case folder, file }

    /// A folder, a file, or nil when nothing is there yet.
    static func kind(at path: String) -> PathKind? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? .folder : .file
    }

    /// `count` with its noun, singular for one: "1 unit", "2 units".
    static func count(_ count: some BinaryInteger, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// The size of the file at `path` as a reader takes it in: "840 KiB", "12.5 MiB".
    static func size(ofFile path: String) -> String {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return bytes < 1_048_576
            ? "\((bytes + 1023) / 1024) KiB" : String(format: "%.1f MiB", Double(bytes) / 1_048_576)
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

extension CLIValues {
    /// The register's refusal of an input, naming the option the input came from (`--on: …`, not
    /// `on: …`, which reads as an English word).
    static func failure(_ invalid: InvalidInput) -> CLIFailure {
        CLIFailure("--\(invalid.field): \(invalid.reason)")
    }

    /// The register's refusals as the command line says them.
    static func failing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let notReady as SubmissionNotReady {
            let lines = notReady.blockers.map { "  \($0.talent)  \($0.rule): \($0.missing)" }
            throw CLIFailure(
                (["not ready: \(Set(notReady.blockers.map(\.talent)).count) talent(s) block the submission (S1)"]
                    + lines).joined(separator: "\n"))
        } catch let refusal as Refusal {
            throw CLIFailure("refused (\(refusal.rule)): \(refusal.reason)")
        } catch let notFound as NotFound {
            throw CLIFailure(notFound.description)
        } catch let invalid as InvalidInput {
            throw failure(invalid)
        }
    }
}

/// A command's failure, printed as `Error: …` with exit code 1 (no stack, no crash).
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
