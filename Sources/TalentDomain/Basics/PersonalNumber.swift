/// A national id number (居民身份证号码) or a mobile phone number written into a free text: SEC1 keeps both
/// out of every record that a document, a publicity or a masked reader shows, and a text field (a finding,
/// a survey's results, a reason) is where one gets typed by mistake, past the profile that holds it.
///
/// Only the numbers' shapes count, so that the dates, amounts and document numbers such texts carry stay:
/// 18 characters (17 digits and a check digit or X), or the older 15 digits; 11 digits from 13 to 19.
/// Digits may be full-width, and a single space or dash may group them (139-1234-5678). An account's label,
/// which carries no number at all, is held to more (``PersonName/holdsPhoneOrIDNumber(_:)``).
public enum PersonalNumber: String, Sendable {
    case nationalID = "身份证号码"
    case mobile = "手机号码"

    /// The first personal number `text` holds, nil when it holds none.
    public static func first(in text: String) -> PersonalNumber? {
        var run: [UInt32] = []
        var grouped = false
        func shape() -> PersonalNumber? {
            defer {
                run = []
                grouped = false
            }
            switch run.count {
            case 18, 15: return .nationalID
            case 11 where run[0] == 1 && (3...9).contains(run[1]): return .mobile
            default: return nil
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if let digit = digit(value) {
                run.append(digit)
                grouped = false
            } else if run.count == 17, [0x58, 0x78, 0xFF38, 0xFF58].contains(value) {
                run.append(checkX)
                if let found = shape() { return found }
            } else if !run.isEmpty, !grouped, [0x20, 0x2D, 0x3000, 0xFF0D].contains(value) {
                grouped = true
            } else if let found = shape() {
                return found
            }
        }
        return shape()
    }

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
