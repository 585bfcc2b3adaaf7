/// A person's name (姓名) as a profile or an evaluation list gives it.
public enum PersonName {
    /// Whether `name` holds a digit of any script or form (3, ３, ③, ³): no person's name does, and a number
    /// in one is an id number or a phone typed into the wrong field, which the forms would then print under
    /// the name (SEC1). 三 and 五 are names' characters (Unicode's numeric type "numeric", not "digit"),
    /// though `Character.isNumber` calls them numbers.
    public static func holdsDigits(_ name: String) -> Bool {
        name.unicodeScalars.contains { [.decimal, .digit].contains($0.properties.numericType) }
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
