import Foundation
import Hummingbird
import NIOCore
import TalentApplication
import TalentDomain

/// The fields of a posted form (`application/x-www-form-urlencoded`), read up to a size no console form
/// comes near.
struct FormFields: Sendable {
    /// Every field by its name. The console's forms never repeat a name, so a form that does is refused
    /// (``Repeated``): which of two decisions, or of two request keys, was meant is not guessed.
    private(set) var values: [String: String] = [:]

    static let maximumBytes = 64 * 1024

    /// A form larger than ``maximumBytes``.
    struct TooLarge: Error {}

    /// A form whose bytes, or a field's percent-encoded bytes, are no UTF-8 text: read leniently, a name
    /// would be kept with U+FFFD in it, or a field dropped, where the API refuses the same bytes.
    struct NotText: Error {}

    /// A form that names a field twice.
    struct Repeated: Error {
        var name: String
    }

    init(_ request: Request) async throws {
        let body: ByteBuffer
        do {
            body = try await request.boundedBody(upTo: Self.maximumBytes)
        } catch is NIOTooManyBytesError {
            throw TooLarge()
        }
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else { throw NotText() }
        try self.init(encoded: text)
    }

    init(values: [String: String]) {
        self.values = values
    }

    init(encoded: String) throws {
        for pair in encoded.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = QueryText.formDecoded(parts[0]),
                let value = parts.count > 1 ? QueryText.formDecoded(parts[1]) : ""
            else { throw NotText() }
            guard values.updateValue(value, forKey: name) == nil else { throw Repeated(name: name) }
        }
    }

    /// The field's value, nil when absent; an empty field is "".
    subscript(name: String) -> String? { values[name] }

    /// The field's day (`YYYY-MM-DD`), nil when absent or empty; a day that is not one is refused in the
    /// console's words, naming the field by `label`.
    func day(_ name: String, label: String) throws(InvalidInput) -> Day? {
        guard let text = text(name) else { return nil }
        do {
            return try Day(text)
        } catch {
            throw InvalidInput(
                label, Self.isCalendarShaped(text) ? "没有 \(text) 这一天" : "请使用 YYYY-MM-DD 格式，例如 2026-03-20")
        }
    }

    /// Whether `text` is written as a day is (YYYY-MM-DD, the month and the day in their ranges), though the
    /// calendar may not have it (2026-02-30): such a day is said not to exist, anything else to be written
    /// otherwise. One reading for every field and picker of the console.
    static func isCalendarShaped(_ text: String) -> Bool {
        text.wholeMatch(of: /[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])/) != nil
    }

    /// The command id of the form's key (`requestKey`, drawn fresh with each page): a form sent twice (a
    /// double click, a resend after an answer that never came) is one command, answered as the first time.
    /// A form without one (a page drawn before forms had keys) is a command of its own each time.
    func commandID(by caller: Caller) -> UUID? {
        text("requestKey").flatMap {
            $0.unicodeScalars.count <= 200 ? caller.commandID(idempotencyKey: $0) : nil
        }
    }

    /// These fields with `name`'s value as `value`: a field the console reads for the register (a unit's
    /// name for its id).
    func replacing(_ name: String, with value: String) -> FormFields {
        var fields = self
        fields.values[name] = value
        return fields
    }

    /// The field's value trimmed, nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}
