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

    /// The years of the register's days: a campaign's or an assessment's year lies within them.
    public var years: ClosedRange<Int> { earliestDay.year...latestDay.year }

    /// Why `day` cannot be asked about (a day past the register's days is no day any fact can have, and
    /// an answer for it a typo's), nil when it can: what a question's day (`asOf`) is held to.
    public func outsideDays(_ day: Day) -> String? {
        (earliestDay...latestDay).contains(day)
            ? nil : "\(day) is outside the days the register holds (\(earliestDay) to \(latestDay))"
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
        // The command's own encoding leads the walk to every value it carries, so that a new command is
        // checked without being listed here; the walk stops at the first refusal.
        do {
            try command.encode(to: FieldWalk(limits: self, path: .root))
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            // Encoding a command throws nothing of its own: only the walk's refusals come out of it.
        }
    }

    func check(day: Day, field: @autoclosure () -> String) throws(Refusal) {
        guard day >= earliestDay, day <= latestDay else {
            let field = field()
            throw Refusal(
                .registerLimits,
                "\(field)：\(day)超出本系统可记录的日期范围（\(earliestDay)至\(latestDay)）",
                field: field)
        }
    }

    func check(year: Int, field: @autoclosure () -> String) throws(Refusal) {
        guard years.contains(year) else {
            let field = field()
            throw Refusal(
                .registerLimits,
                "\(field)：\(year)年超出本系统可记录的年份范围（\(earliestDay.year)年至\(latestDay.year)年）",
                field: field)
        }
    }

    /// Refuses a text longer than the limit, holding a control character (NUL included), holding a
    /// direction control (U+202A–U+202E, U+2066–U+2069), which reorders what a page or a form prints after
    /// it (`exe.PDF` shown as `FDP.exe`, a reason made to read otherwise than it was typed), or holding a
    /// national id or mobile number (SEC1, ``PersonalNumber``), which the documents would print.
    public func check(text: String, field: @autoclosure () -> String) throws(Refusal) {
        // Most texts are short and hold none of these: a look at the bytes settles it. A text has no more
        // code points than bytes; a control character is a byte below 0x20, DEL, or one of C1's two-byte
        // encodings (0xC2 0x80–0x9F), and 0xC2 leads nothing else below U+00C0; a direction control's
        // encoding begins with 0xE2 (as do dashes and curly quotes, which then take the longer look); a
        // personal number has 11 digits at least, of any script: ASCII, or a character whose encoding is
        // led by any byte but those of the CJK blocks (0xE3–0xE9), which hold no digit (0xEF leads the
        // full-width ones, and much else).
        if text.utf8.count <= maximumTextLength, Self.isPlain(text.utf8) { return }
        let field = field()
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
        if text.unicodeScalars.contains(where: { Self.directionControls.contains($0.value) }) {
            throw Refusal(.registerLimits, "\(field)：含有文字方向控制字符（如 U+202E）", field: field)
        }
        if let number = PersonalNumber.first(in: text) {
            throw Refusal(
                .SEC1, "\(field)：含有\(number.rawValue)。身份证号码、手机号码等敏感信息不得写入记录（会出现在报送材料中），请删去后再提交",
                field: field)
        }
    }

    /// Whether `bytes` hold none of the bytes that lead the check's longer look (above), in one pass.
    static func isPlain(_ bytes: String.UTF8View) -> Bool {
        var digits = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 { return false }
            if (0x30...0x39).contains(byte) || (byte >= 0xC3 && !(0xE3...0xE9).contains(byte)) { digits += 1 }
        }
        return digits < 11
    }

    /// The embeddings, overrides and isolates of the bidirectional algorithm (the marks U+200E and U+200F,
    /// which reorder nothing, stay).
    static let directionControls = Set<UInt32>(0x202A...0x202E).union(0x2066...0x2069)
}
