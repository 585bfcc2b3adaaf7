/// What the register accepts at all, whatever the command: the days it can hold and the length of a text.
///
/// The notice sets no such bounds; the register does, so that nothing a command carries (or the domain
/// derives from it: a period's end, a re-application date) falls outside what every reader can show and
/// every table can hold. ASSUMPTION: these are policy settings (`management.json`, `registerLimits`).
public struct RegisterLimits: Sendable, Hashable, Codable {
    /// The first day the register holds: no fact took effect before it.
    public let earliestDay: Day
    /// The last day a command may name (a business day, an occurrence, an agreement's end).
    public let latestDay: Day
    /// The most characters a text field may hold (a finding, a name of a document, an id).
    public let maximumTextLength: Int

    public init(earliestDay: Day, latestDay: Day, maximumTextLength: Int) {
        self.earliestDay = earliestDay
        self.latestDay = latestDay
        self.maximumTextLength = maximumTextLength
    }

    func validate() throws(PolicyError) {
        let file = "management.json"
        guard earliestDay < latestDay else {
            throw .invalid(document: file, field: "registerLimits.latestDay", reason: "must come after earliestDay")
        }
        // Days the domain derives run at most a few decades past what a command names; four-digit years
        // leave them room.
        guard latestDay.year <= 9000, earliestDay.year >= 1900 else {
            throw .invalid(
                document: file, field: "registerLimits", reason: "days must lie between the years 1900 and 9000")
        }
        guard (1...1_000_000).contains(maximumTextLength) else {
            throw .invalid(
                document: file, field: "registerLimits.maximumTextLength", reason: "must be 1 to 1000000")
        }
    }

    /// The first field of `command` (or the business day) outside these limits, as a refusal naming it.
    func check(_ command: TalentCommand, on date: Day) throws(Refusal) {
        try check(day: date, field: "effectiveOn")
        var problem: Refusal?
        Self.walk(command, path: "") { field, value in
            guard problem == nil else { return }
            do throws(Refusal) {
                switch value {
                case .day(let day): try check(day: day, field: field)
                case .text(let text): try check(text: text, field: field)
                case .year(let year): try check(year: year, field: field)
                }
            } catch { problem = error }
        }
        if let problem { throw problem }
    }

    func check(day: Day, field: String) throws(Refusal) {
        guard day >= earliestDay, day <= latestDay else {
            throw Refusal(
                .registerLimits,
                "\(field)：\(day)超出本系统可记录的日期范围（\(earliestDay)至\(latestDay)）",
                field: field)
        }
    }

    func check(year: Int, field: String) throws(Refusal) {
        guard (earliestDay.year...latestDay.year).contains(year) else {
            throw Refusal(
                .registerLimits,
                "\(field)：\(year)年超出本系统可记录的年份范围（\(earliestDay.year)年至\(latestDay.year)年）",
                field: field)
        }
    }

    /// Refuses a text longer than the limit or holding a control character (NUL included).
    public func check(text: String, field: String) throws(Refusal) {
        // Most texts are short and hold no control character: a look at the bytes settles it. A text
        // has no more code points than bytes; a control character is a byte below 0x20, DEL, or one of
        // C1's two-byte encodings (0xC2 0x80–0x9F), and 0xC2 leads nothing else below U+00C0.
        if text.utf8.count <= maximumTextLength,
            !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 })
        {
            return
        }
        // Counted in code points, as PostgreSQL and the API's document count characters.
        let length = text.unicodeScalars.count
        if length > maximumTextLength {
            throw Refusal(
                .registerLimits, "\(field)：\(length)个字符，超过上限\(maximumTextLength)个字符",
                field: field)
        }
        // PostgreSQL text cannot hold NUL, and other control characters (but tab and line breaks) are
        // never part of what an officer types.
        if text.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control && !"\t\n\r".unicodeScalars.contains($0)
        }) {
            throw Refusal(.registerLimits, "\(field)：含有控制字符", field: field)
        }
    }

    enum Value {
        case day(Day)
        case text(String)
        case year(Int)
    }

    /// Every day, text and campaign year inside `value`, with the path of labels that leads to it
    /// (`evaluate.certificateDate`), so that a new command is checked without being listed here.
    static func walk(_ value: Any, path: String, _ visit: (String, Value) -> Void) {
        if let day = value as? Day { return visit(path, .day(day)) }
        if let text = value as? String { return visit(path, .text(text)) }
        if let number = value as? Int {
            if path.hasSuffix("campaign") { visit(path, .year(number)) }
            return
        }
        let mirror = Mirror(reflecting: value)
        for (index, child) in mirror.children.enumerated() {
            var label = child.label ?? "\(index)"
            // Identifiers' raw values and optionals' payloads are named by their field.
            if label == "rawValue" || label == "some" {
                walk(child.value, path: path, visit)
                continue
            }
            // A tuple of a case's associated values, unlabelled when it has one value.
            if label.hasPrefix(".") { label.removeFirst() }
            walk(child.value, path: path.isEmpty ? label : "\(path).\(label)", visit)
        }
    }
}
