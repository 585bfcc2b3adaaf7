/// A person's name (姓名) as a profile or an evaluation list gives it.
public enum PersonName {
    /// Whether `name` holds a digit of any script or form (3, ３, ③, ³): no person's name does, and a number
    /// in one is an id number or a phone typed into the wrong field, which the forms would then print under
    /// the name (SEC1). 三 and 五 are names' characters (Unicode's numeric type "numeric", not "digit"),
    /// though `Character.isNumber` calls them numbers.
    public static func holdsDigits(_ name: String) -> Bool {
        name.unicodeScalars.contains { [.decimal, .digit].contains($0.properties.numericType) }
    }
}
