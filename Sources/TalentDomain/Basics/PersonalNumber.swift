/// A national id number (居民身份证号码) or a mobile phone number written into a free text: SEC1 keeps both
/// out of every record that a document, a publicity or a masked reader shows, and a text field (a finding,
/// a survey's results, a reason) is where one gets typed by mistake, past the profile that holds it.
///
/// Only the numbers' shapes count, so that the dates, amounts and document numbers such texts carry stay:
/// 18 characters (17 digits and a check digit or X), or the older 15 digits; 11 digits from 13 to 19, or
/// the same after the country's 86 or 0086 (+86 138…). Digits of any script count (full-width,
/// Arabic-Indic, mathematical); up to three separators may part them into up to five groups, or a digit
/// at a time, as people write numbers apart (139-1234-5678, 138.1234.5678, (138) 1234 5678, a no-break
/// space, a long dash, a slash), where dates side by side make more groups; what prints as
/// nothing (a zero-width space, a word joiner, a filler) is passed over, as a reader's eye passes over it.
/// A landline (0431-…) is an office's number, not a person's, and stays. An account's label, which
/// carries no number at all, is held to more (``PersonName/holdsPhoneOrIDNumber(_:)``).
public enum PersonalNumber: String, Sendable {
    case nationalID = "身份证号码"
    case mobile = "手机号码"

    /// The first personal number `text` holds, nil when it holds none.
    public static func first(in text: String) -> PersonalNumber? {
        var run: [UInt32] = []
        // The separators since the run's last digit; the run's groups of digits, and their longest.
        var grouping = 0
        var groups = 0
        var longestGroup = 0
        var group = 0
        func shape() -> PersonalNumber? {
            defer {
                run = []
                (grouping, groups, longestGroup, group) = (0, 0, 0, 0)
            }
            // A number is written in a few groups (6-8-4, 3-4-4, +86 138 1234 5678), or a digit at a time; a run
            // of more groups is dates and numbers side by side ("(1) 2023-01-01 (2) 2024-01-01"), no person's.
            guard groups <= 5 || longestGroup == 1 else { return nil }
            func isMobile(_ digits: ArraySlice<UInt32>) -> Bool {
                digits.count == 11 && digits.first == 1 && (3...9).contains(digits[digits.startIndex + 1])
            }
            switch run.count {
            case 11 where isMobile(run[...]): return .mobile
            case 13 where run.starts(with: [8, 6]) && isMobile(run.dropFirst(2)): return .mobile
            case 15 where run.starts(with: [0, 0, 8, 6]) && isMobile(run.dropFirst(4)): return .mobile
            case 18, 15: return .nationalID
            default: return nil
            }
        }
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) { continue }
            if let digit = digit(scalar) {
                if run.isEmpty || grouping > 0 {
                    groups += 1
                    group = 0
                }
                group += 1
                longestGroup = max(longestGroup, group)
                run.append(digit)
                grouping = 0
            } else if run.count == 17, checkCharacters.contains(scalar.value) {
                run.append(checkX)
                if let found = shape() { return found }
            } else if !run.isEmpty, grouping < 3, isSeparator(scalar) {
                grouping += 1
            } else if let found = shape() {
                return found
            }
        }
        return shape()
    }

    /// What prints as nothing, or as nothing of its own, between two digits: a format character (a
    /// zero-width space, a word joiner), a mark that joins nothing visible (U+034F), a filler (U+3164).
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.generalCategory == .format || properties.generalCategory == .nonspacingMark
            || properties.isDefaultIgnorableCodePoint
    }

    /// What groups a number's digits, as people write numbers apart: any space (a no-break or a thin one
    /// too) or line break, a dash of any length, a bracket, a connector (`_`), a dot, a slash, a middle
    /// dot, a tilde, a plus, and the blank of Braille. A comma or a colon is not one: amounts and times
    /// keep theirs.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .dashPunctuation, .openPunctuation,
            .closePunctuation, .connectorPunctuation:
            return true
        default:
            return "\t\n\r.．/／·・•~～+＋\u{2800}".unicodeScalars.contains(scalar)
        }
    }

    /// An id number's check character: X in either case, ASCII or full-width, or typed as a times sign.
    private static let checkCharacters: Set<UInt32> = [0x58, 0x78, 0xFF38, 0xFF58, 0xD7]

    /// The check character X, kept apart from the digits.
    private static let checkX: UInt32 = 10

    /// The value of a decimal digit of any script (ASCII, full-width, Arabic-Indic, mathematical).
    private static func digit(_ scalar: Unicode.Scalar) -> UInt32? {
        guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue else {
            return nil
        }
        return UInt32(value)
    }
}
