import Foundation
import TalentDomain

/// A talent's personal data as its unit or the provincial office gives it (`PUT …/profile`): the name,
/// the national id number (公民身份号码) and a phone, kept out of the events (DESIGN "Personal data").
public struct PersonalData: Sendable, Hashable, Codable {
    public var name: String
    public var nationalID: String?
    public var phone: String?

    enum CodingKeys: String, CodingKey {
        case name
        case nationalID = "nationalId"
        case phone
    }

    public init(name: String, nationalID: String? = nil, phone: String? = nil) {
        self.name = name
        self.nationalID = nationalID
        self.phone = phone
    }

    /// The same data checked and written one way (trimmed; the name in its composed form, NFC, as a search
    /// is read; the check character `x` as `X`; a phone's spaces and hyphens dropped), or
    /// ``InvalidPersonalData`` naming the first field that cannot be stored (a name beyond the register's
    /// limits is the limits' own refusal, LIMITS).
    public func validated(limits: RegisterLimits, today: Day) throws -> PersonalData {
        let (data, problems) = checked(limits: limits, today: today)
        if let first = problems.first { throw first }
        return data
    }

    /// What ``validated(limits:today:)`` finds wrong, every field's problem at once (a form says each beside
    /// its field): ``InvalidPersonalData`` or the limits' refusal, none when the data can be kept.
    public func problems(limits: RegisterLimits, today: Day) -> [any Error] {
        checked(limits: limits, today: today).problems
    }

    /// Each field checked once, in the order the fields come: the data as it is kept, and the problems.
    private func checked(limits: RegisterLimits, today: Day) -> (data: PersonalData, problems: [any Error]) {
        var problems: [any Error] = []
        func kept<Value>(_ check: () throws -> Value) -> Value? {
            do { return try check() } catch {
                problems.append(error)
                return nil
            }
        }
        var data = PersonalData(name: kept { try Self.checkedName(name, limits: limits) } ?? name)
        data.nationalID = nationalID.flatMap { number in kept { try Self.checkedNationalID(number, today: today) } }
        data.phone = phone.flatMap { phone in kept { try Self.checkedPhone(phone) } }
        return (data, problems)
    }

    static func checkedName(_ name: String, limits: RegisterLimits) throws -> String {
        let name = name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        guard !name.isEmpty else { throw InvalidPersonalData(.noName) }
        // Digits first: a name holds none, which says more than the limits' personal numbers would.
        guard !PersonName.holdsDigits(name) else { throw InvalidPersonalData(.nameWithDigits) }
        try limits.check(text: name, field: "name")
        guard !name.holdsLineBreakOrInvisibleCharacter else { throw InvalidPersonalData(.nameOnTwoLines) }
        return name
    }

    /// What a number copied from a document or a spreadsheet may carry at its ends and is no part of it:
    /// spaces of any kind (a no-break space), line breaks, and invisible format characters (a byte-order
    /// mark, a zero-width space). Inside a number they are refused.
    static let pastedEnds = CharacterSet.whitespacesAndNewlines.union(
        CharacterSet(charactersIn: "\u{FEFF}\u{200B}\u{200C}\u{200D}\u{2060}"))

    static func checkedNationalID(_ number: String, today: Day) throws -> String {
        let number = number.trimmingCharacters(in: pastedEnds).uppercased()
        if let problem = NationalIDNumber.problem(number, today: today) { throw InvalidPersonalData(problem) }
        return number
    }

    static func checkedPhone(_ phone: String) throws -> String {
        let digits = phone.trimmingCharacters(in: pastedEnds).filter { $0 != " " && $0 != "-" }
        guard Self.isPhoneNumber(digits) else { throw InvalidPersonalData(.phone) }
        return digits
    }

    /// A mainland mobile number, optionally after +86, or a landline number with its area code (0…).
    static func isPhoneNumber(_ text: String) -> Bool {
        var text = Substring(text)
        if text.hasPrefix("+86") { text = text.dropFirst(3) }
        guard text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return false }
        if text.first == "1" { return text.count == 11 }
        return text.first == "0" && (10...12).contains(text.count)
    }
}

/// The 18-character citizen identity number of GB 11643-1999: six digits of region, the birth day
/// (YYYYMMDD), three of sequence, and a check character (ISO 7064 MOD 11-2: a digit or `X`).
enum NationalIDNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// What is wrong with `number` (upper-case), or nil when it is a well-formed number.
    static func problem(_ number: String, today: Day) -> InvalidPersonalData.Problem? {
        let characters = Array(number)
        // Every character ASCII first: a full-width Ｘ is a character of the wrong kind, not a wrong check.
        guard characters.count == 18, characters.allSatisfy(\.isASCII),
            characters.prefix(17).allSatisfy(\.isNumber)
        else {
            return .nationalIDShape
        }
        let birth = String(characters[6..<14])
        let birthDay = try? Day("\(birth.prefix(4))-\(birth.dropFirst(4).prefix(2))-\(birth.suffix(2))")
        guard let birthDay, birthDay.year >= 1900, birthDay <= today else {
            return .nationalIDBirthDay
        }
        let sum = zip(characters.prefix(17), weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        guard characters[17] == checkCharacters[sum % 11] else { return .nationalIDCheckCharacter }
        return nil
    }
}

/// Personal data that cannot be kept, and why: a client's mistake (400 naming the field). Typed, so that
/// each surface can say it in its own words (the console in Chinese).
public struct InvalidPersonalData: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable, CaseIterable {
        case noName
        /// Digits in the name (an id number or a phone in the wrong field).
        case nameWithDigits
        /// A line break, a tab or an invisible format character (a direction override) in the name.
        case nameOnTwoLines
        /// Not 17 digits and a check character.
        case nationalIDShape
        /// Characters 7 to 14 are no birth day (or a day to come).
        case nationalIDBirthDay
        /// The check character is not the one the first 17 digits give.
        case nationalIDCheckCharacter
        case phone
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    /// The member of `PersonalData` at fault, as the API names it.
    public var field: String {
        switch problem {
        case .noName, .nameWithDigits, .nameOnTwoLines: "name"
        case .nationalIDShape, .nationalIDBirthDay, .nationalIDCheckCharacter: "nationalId"
        case .phone: "phone"
        }
    }

    public var reason: String {
        switch problem {
        case .noName: "a name"
        case .nameWithDigits: "a name holds no digits (an id number or a phone goes in its own field)"
        case .nameOnTwoLines:
            "one line: no line break, tab or invisible format character (a direction override, a zero-width space)"
        case .nationalIDShape: "18 characters: 17 digits and a check digit or X"
        case .nationalIDBirthDay: "characters 7 to 14 must be a real birth day (YYYYMMDD)"
        case .nationalIDCheckCharacter: "the check character does not match"
        case .phone: "a mobile number (11 digits from 1) or a landline with its area code"
        }
    }

    public var description: String { "\(field): \(reason)" }
}

/// A national id number another talent's profile already holds: one person is registered once, so the
/// profile is not kept (409 naming the field). The other talent is named only to a caller who sees it in
/// full; to anyone else that the number is held is all that is said.
public struct NationalIDInUse: Error, Sendable, Hashable, CustomStringConvertible {
    /// The talent whose profile holds the number, when the caller may see it.
    public let holder: TalentID?

    public init(holder: TalentID?) { self.holder = holder }

    public var field: String { "nationalId" }

    public var description: String {
        "nationalId: the number is kept for another talent\(holder.map { " (\($0.rawValue))" } ?? ""); "
            + "a person is registered once"
    }
}
