/// A national id number (居民身份证号码) or a mobile phone number written into a free text: SEC1 keeps both
/// out of every record that a document, a publicity or a masked reader shows, and a text field (a finding,
/// a survey's results, a reason) is where one gets typed by mistake, past the profile that holds it.
///
/// Only the numbers' shapes count, so that the dates, amounts and document numbers such texts carry stay:
/// 18 characters (17 digits and a check digit or X), or the older 15 digits; 11 digits from 13 to 19, or
/// the same after the country's 86 (+86 138…). Digits may be full-width; up to three spaces, dashes or
/// dots may group them (139-1234-5678, 138.1234.5678, 86 - 138…); a character that prints as nothing (a
/// zero-width space, a word joiner) is passed over, as a reader's eye passes over it. A landline (0431-…)
/// is an office's number, not a person's, and stays. An account's label, which carries no number at all,
/// is held to more (``PersonName/holdsPhoneOrIDNumber(_:)``).
public enum PersonalNumber: String, Sendable {
    case nationalID = "身份证号码"
    case mobile = "手机号码"

    /// The first personal number `text` holds, nil when it holds none.
    public static func first(in text: String) -> PersonalNumber? {
        var run: [UInt32] = []
        // The separators since the run's last digit.
        var grouping = 0
        func shape() -> PersonalNumber? {
            defer {
                run = []
                grouping = 0
            }
            func isMobile(_ digits: ArraySlice<UInt32>) -> Bool {
                digits.count == 11 && digits.first == 1 && (3...9).contains(digits[digits.startIndex + 1])
            }
            switch run.count {
            case 18, 15: return .nationalID
            case 11 where isMobile(run[...]): return .mobile
            case 13 where run[0] == 8 && run[1] == 6 && isMobile(run.dropFirst(2)): return .mobile
            default: return nil
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if scalar.properties.generalCategory == .format { continue }
            if let digit = digit(value) {
                run.append(digit)
                grouping = 0
            } else if run.count == 17, [0x58, 0x78, 0xFF38, 0xFF58].contains(value) {
                run.append(checkX)
                if let found = shape() { return found }
            } else if !run.isEmpty, grouping < 3, separators.contains(value) {
                grouping += 1
            } else if let found = shape() {
                return found
            }
        }
        return shape()
    }

    /// What groups a number's digits: a space, a dash or a dot, ASCII or full-width (and the ideographic
    /// space).
    private static let separators: Set<UInt32> = [0x20, 0x2D, 0x2E, 0x3000, 0xFF0D, 0xFF0E]

    /// The check character X, kept apart from the digits.
    private static let checkX: UInt32 = 10

    /// The value of an ASCII or full-width digit.
    private static func digit(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x30...0x39: value - 0x30
        case 0xFF10...0xFF19: value - 0xFF10
        default: nil
        }
    }
}
