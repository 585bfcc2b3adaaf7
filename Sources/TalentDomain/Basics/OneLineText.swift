extension String {
    /// Whether the text holds a control character (a line break, a tab, a terminal's escape), a line or
    /// paragraph separator (U+2028, U+2029), a format character (a direction override such as U+202E, a
    /// zero-width space) or another character that prints as nothing (a Hangul filler): what a name or a
    /// reference, one line of every form and page that prints it, must not hold. A line break would print a
    /// second line under a name in Attachment 1 that reads as a line of its own; a direction override
    /// reorders what follows it.
    public var holdsLineBreakOrInvisibleCharacter: Bool {
        unicodeScalars.contains {
            [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
                || $0.properties.isDefaultIgnorableCodePoint
        }
    }
}
