/// A person's name (姓名) as a profile or an evaluation list gives it.
public enum PersonName {
    /// Whether `name` holds a digit of any script or form (3, ３, ③, ³): no person's name does, and a number
    /// in one is an id number or a phone typed into the wrong field, which the forms would then print under
    /// the name (SEC1). 三 and 五 are names' characters (Unicode's numeric type "numeric", not "digit"),
    /// though `Character.isNumber` calls them numbers.
    public static func holdsDigits(_ name: String) -> Bool {
        name.unicodeScalars.contains { [.decimal, .digit].contains($0.properties.numericType) }
    }

    /// Whether `text` holds a control character (a line break, a tab, a terminal's escape) or a format
    /// character (a direction override such as U+202E, a zero-width space): a name is one line of every form
    /// and page that prints it, and these would break it in two (a second line under a name in Attachment 1
    /// reads as a line of its own) or reorder what follows it.
    /// The line and paragraph separators (U+2028, U+2029) break a line as a line break does; a default-ignorable
    /// character (a Hangul filler, a combining grapheme joiner) prints as nothing.
    public static func holdsControlOrFormatCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
                || $0.properties.isDefaultIgnorableCodePoint
        }
    }

    /// Whether `text` holds seven digits or more in a row (of any script, spaces and dashes between them
    /// aside): a phone number or an id number, which a label such as an account's name must not carry, as
    /// it is shown on every page its holder opens. Shorter numbers (一中经办人2, 0431 as an area code) stay.
    public static func holdsPhoneOrIDNumber(_ text: String) -> Bool {
        var run = 0
        for scalar in text.unicodeScalars {
            if [.decimal, .digit].contains(scalar.properties.numericType) {
                run += 1
                if run >= 7 { return true }
            } else if scalar != " " && scalar != "-" {
                run = 0
            }
        }
        return false
    }
}
