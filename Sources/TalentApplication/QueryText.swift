/// A query parameter's text as every client takes it, the API's parameters and the console's search
/// alike: at most ``maximumLength`` characters, counted in code points (as the OpenAPI document and
/// PostgreSQL count them), and no control character (NUL above all, which no PostgreSQL text holds): never
/// part of a name or an id.
public enum QueryText {
    public static let maximumLength = 200

    public static func isAcceptable(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.count <= maximumLength && !holdsControlCharacter(text)
    }

    /// Whether `text` holds a control character, which no name or id of the register does.
    public static func holdsControlCharacter(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
