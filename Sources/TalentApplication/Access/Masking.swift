import Foundation

/// Desensitized forms of personal data (SEC1): what a caller without full ``Visibility`` sees.
public enum Masking {
    /// Two-character surnames (复姓), kept whole so that 欧阳娜娜 reads 欧阳**, not 欧***.
    static let compoundSurnames: Set<String> = [
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "令狐", "独孤", "端木", "南宫", "西门", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离", "闻人", "万俟",
    ]

    /// The surname, then one `*` per character of the given name: 张三 → 张*, 欧阳娜娜 → 欧阳**.
    public static func name(_ name: String) -> String {
        let characters = Array(name.trimmingCharacters(in: .whitespaces))
        guard characters.count > 1 else { return characters.isEmpty ? "" : "*" }
        let surnameLength =
            characters.count > 2 && compoundSurnames.contains(String(characters.prefix(2))) ? 2 : 1
        return String(characters.prefix(surnameLength))
            + String(repeating: "*", count: characters.count - surnameLength)
    }

    /// The first six (the region) and the last four characters of a national id number:
    /// 220102********1234. Anything shorter than eleven characters is hidden whole.
    public static func nationalID(_ number: String) -> String {
        keep(number, first: 6, last: 4)
    }

    /// The first three and last four digits of a phone number: 138****5678, whether it was written with
    /// China's country code, spaces or dashes or not.
    public static func phone(_ number: String) -> String {
        var digits = number.filter(\.isASCII).filter(\.isNumber)
        if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        return keep(digits.isEmpty ? number : digits, first: 3, last: 4)
    }

    static func keep(_ text: String, first: Int, last: Int) -> String {
        let characters = Array(text)
        guard characters.count > first + last else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(first))
            + String(repeating: "*", count: characters.count - first - last) + String(characters.suffix(last))
    }
}
