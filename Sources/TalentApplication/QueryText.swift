import Foundation

/// A query parameter's text as every client takes it, the API's parameters and the console's search
/// alike: at most ``maximumLength`` characters, counted in code points (as the OpenAPI document and
/// PostgreSQL count them), and no control character (NUL above all, which no PostgreSQL text holds): never
/// part of a name or an id. Nor U+FFFD: percent-encoded bytes that are no UTF-8 reach a handler as it, and
/// were looked for (`q=%ff` answered an empty page, where the text sent was none).
public enum QueryText {
    public static let maximumLength = 200

    public static func isAcceptable(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.count <= maximumLength && !holdsControlCharacter(text)
            && !text.unicodeScalars.contains("\u{FFFD}")
    }

    /// What of a caller's text an answer repeats: its first 64 characters, and an ellipsis for the rest (a
    /// 5000-character id is not echoed whole), by the API's problems and the console's pages alike.
    public static func echo(_ text: String) -> String {
        text.count <= 64 ? text : text.prefix(64) + "…"
    }

    /// A whole number written in ASCII digits alone, without a leading zero: `+2025`, ` 5`, `02025` or `٢٠٢٥`
    /// is no year or page size a client meant, however `Int` would read it.
    public static func wholeNumber(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            text.count == 1 || text.first != "0"
        else {
            return nil
        }
        return Int(text)
    }

    /// Whether `text` holds a control character, which no name or id of the register does.
    public static func holdsControlCharacter(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// The value of parameter `name` in the raw query `query` as an HTML form encodes it, where `+` is a
    /// space and `%2B` a plus: what a browser's search form and most HTTP clients send for a name with a
    /// space ("Zoë Müller"). Nil when absent or not percent-decodable (the strict reading refuses it).
    public static func formValue(of name: String, in query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard formDecoded(parts[0]) == name else { continue }
            return formDecoded(parts.count > 1 ? parts[1] : "")
        }
        return nil
    }

    /// One name or value of an HTML form's encoding (`application/x-www-form-urlencoded`): `+` a space,
    /// percent-encoded bytes decoded; nil when they are no UTF-8.
    public static func formDecoded(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
