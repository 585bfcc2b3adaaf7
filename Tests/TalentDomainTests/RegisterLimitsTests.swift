// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 are the register's own spelling.

import Foundation
import Testing

@testable import TalentDomain

@Suite("The register's limits: days and texts a command may carry (policy registerLimits)")
struct RegisterLimitsTests {
    func evaluation(certificate: String, document: String = "吉人社字〔2021〕1号") throws -> TalentCommand {
        .evaluate(
            Evaluation(
                talentId: TalentID("T-1"), tier: .C, unit: UnitID("unit-1"), professionalField: "光学",
                evaluatingDocument: document, certificateDate: try day(certificate)))
    }

    @Test func LIMITS_aStartDayPastTheRegistersLastDayIsRefusedWithItsField() throws {
        // 9999-12-31 once passed, and its five-year period ran past year 9999, which no table holds.
        let refusal = #expect(throws: Refusal.self) {
            try decide(try evaluation(certificate: "9999-12-31"), .initial, try policy(), try day("2026-01-05"))
        }
        #expect(refusal?.rule == .registerLimits)
        #expect(refusal?.field == "evaluate.certificateDate")
        #expect(refusal?.reason.contains("2099-12-31") == true)
    }

    @Test func LIMITS_theBusinessDayItselfIsChecked() throws {
        let refusal = #expect(throws: Refusal.self) {
            try decide(try evaluation(certificate: "2021-03-01"), .initial, try policy(), try day("1999-12-31"))
        }
        #expect(refusal?.field == "effectiveOn")
    }

    /// The register's first and last days are its own: accepted, the days beyond them refused.
    @Test func LIMITS_theRegistersFirstAndLastDaysAreWithinIt() throws {
        let limits = try policy().management.registerLimits
        for inside in [limits.earliestDay, limits.latestDay] {
            #expect(throws: Never.self) { try limits.check(day: inside, field: "d") }
        }
        for outside in [limits.earliestDay.adding(days: -1), limits.latestDay.adding(days: 1)] {
            #expect(throws: Refusal.self) { try limits.check(day: outside, field: "d") }
        }
    }

    @Test func LIMITS_daysNestedInACommandAreFoundByTheirPath() throws {
        let ledger = try Ledger(tier: .C, start: "2022-01-01")
        let refusal = try ledger.refusal(
            .retire(
                occurredOn: try day("2025-07-01"),
                rehire: RehireTerms(agreementReference: "r", sameField: true, validUntil: try day("2150-01-01"))),
            on: "2025-07-01")
        #expect(refusal?.rule == .registerLimits)
        #expect(refusal?.field == "retire.rehire.validUntil")
        #expect(
            try ledger.refusal(.registerEndTerm(campaign: 30_000), on: "2025-07-01")?.field
                == "registerEndTerm.campaign")
    }

    @Test func LIMITS_textsAreBoundedInLengthAndFreeOfControlCharacters() throws {
        let long = String(repeating: "长", count: 2001)
        let refusal = #expect(throws: Refusal.self) {
            try decide(
                try evaluation(certificate: "2021-03-01", document: long), .initial, try policy(), try day("2021-03-01")
            )
        }
        #expect(refusal?.field == "evaluate.evaluatingDocument")
        #expect(refusal?.reason.contains("2001个字符") == true)
        let ledger = try Ledger(tier: .C, start: "2022-01-01")
        #expect(
            try ledger.refusal(
                .findMisconduct(occurredOn: try day("2025-01-01"), finding: "a\u{0}b"), on: "2025-02-01")?
                .field == "findMisconduct.finding")
        // Line breaks and tabs are text an officer types.
        #expect(
            try ledger.refusal(.findMisconduct(occurredOn: try day("2025-01-01"), finding: "一\n二\t三"), on: "2025-02-01")
                == nil)
    }

    /// SEC1: a free text holding a national id or a mobile number is refused, naming its field: the finding,
    /// a survey's results or a reason is printed in the documents every level receives, and the name of
    /// a talent beside it is masked for most of them. Full-width digits, grouped digits, the country's code
    /// and digits split by an invisible character are the same numbers; dates, amounts, document numbers
    /// and an office's landline are not personal numbers.
    @Test func SEC1_aTextHoldingANationalIDOrMobileNumberIsRefused() throws {
        let ledger = try Ledger(tier: .C, start: "2022-01-01")
        func refusal(_ finding: String) throws -> Refusal? {
            try ledger.refusal(.findMisconduct(occurredOn: try day("2025-12-01"), finding: finding), on: "2025-12-15")
        }
        for finding in [
            "涉嫌学术不端，身份证220102198505054561", "身份证号22010219850505456X", "旧证220102850505456",
            "电话13912345678", "电话139-1234-5678", "电话139 1234 5678", "电话１３９１２３４５６７８",
            "身份证２２０１０２１９８５０５０５４５６ｘ，另见",
            // A security tester's ways past the check: the country's code, dots, separators spaced, and a
            // character that prints as nothing inside the number.
            "手机+86 138 1234 5678", "手机86-13812345678", "手机+8613812345678", "手机138.1234.5678",
            "电话138 - 1234 - 5678", "身份证号22010219900307\u{2060}1235", "电话1381234\u{200B}5678",
            // A re-check's further ways: other spaces, marks and fillers, long dashes, slashes, brackets, line
            // breaks, digits of other scripts, 0086, a times sign for the check character.
            "电话138\u{00A0}1234\u{00A0}5678", "电话138\u{034F}12345678", "电话138–1234—5678", "电话138/1234/5678",
            "电话138_1234_5678", "电话138·1234·5678", "电话138\t1234\n5678", "电话（138）12345678",
            "电话+86 (138) 1234 5678", "电话138\u{2009}1234\u{202F}5678", "电话138\u{3164}1234\u{2800}5678",
            "电话١٣٨١٢٣٤٥٦٧٨", "电话𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "电话1 3 8 1 2 3 4 5 6 7 8", "身份证220 102 1985 0505 456X",
            "身份证220102\u{00A0}20010101\u{00A0}1231", "身份证22010220010101123×",
        ] {
            let refused = try refusal(finding)
            #expect(refused?.rule == .SEC1 && refused?.field == "findMisconduct.finding", "\(finding)")
        }
        #expect(try refusal("电话13912345678")?.reason.contains("手机号码") == true)
        #expect(try refusal("电话0086 13812345678")?.reason.contains("手机号码") == true, "0086 is a phone's")
        #expect(try refusal("身份证220102198505054561")?.reason.contains("身份证号码") == true)
        for finding in [
            "2025-12-01经调查核实", "2025-12-12 2026-01-05两次约谈", "依据吉人社字〔2021〕183号，涉及经费5000000元",
            "座机0431-88888888", "合同编号12345678901", "编号1391234567812", "电话(0431)88888888",
            "第3.1.2条", "经费1.5万元、2.5万元", "编号8613912345", "2025/03/01—2026/02/28", "金额12,345,678元",
            "14:30至16:45", "吉人社字〔2024〕1号，2026-03-20", "(1) 2023-01-01 (2) 2024-01-01",
            "2023-01-01 2024-01-01 2025-01-01",
        ] {
            #expect(try refusal(finding) == nil, "\(finding)")
        }
        // A nested text alike.
        let info = BasicInfo(
            industry: "教育", professionalField: "光学", education: "博士", professionalTitle: "教授，电话13812345678")
        #expect(
            try ledger.refusal(.collectBasicInfo(campaign: 2025, info: info), on: "2025-12-15")?.field
                == "collectBasicInfo.info.professionalTitle")
    }

    @Test func LIMITS_everyValueOfACommandIsReachedWhateverItsShape() throws {
        let ledger = try Ledger(tier: .C, start: "2022-01-01")
        func evaluation(_ certificate: String) throws -> Evaluation {
            Evaluation(
                talentId: TalentID("T-1"), tier: .C, unit: UnitID("unit-1"), professionalField: "光学",
                evaluatingDocument: "吉人社字〔2021〕1号", certificateDate: try day(certificate))
        }
        // A case's one unlabelled value beside a labelled one adds no name of its own.
        let late = TalentCommand.correctEvaluation(try evaluation("2150-01-01"), reason: "更正")
        #expect(try ledger.refusal(late, on: "2025-07-01")?.field == "correctEvaluation.certificateDate")
        let control = TalentCommand.correctEvaluation(try evaluation("2021-03-01"), reason: "x\u{1}")
        #expect(try ledger.refusal(control, on: "2025-07-01")?.field == "correctEvaluation.reason")
        // A text nested in a value.
        let info = BasicInfo(
            industry: "教育", professionalField: "光学", education: "博士\u{7F}", professionalTitle: "教授")
        #expect(
            try ledger.refusal(.collectBasicInfo(campaign: 2025, info: info), on: "2025-07-01")?.field
                == "collectBasicInfo.info.education")
        // A whole number that is not a campaign year is no year.
        #expect(
            try ledger.refusal(.payHousingSubsidyInstalment(number: 30_000), on: "2025-07-01")?.rule
                != .registerLimits)
    }

    @Test func LIMITS_theWalkPassesOverEveryKindOfNumberAndNamesListsByPlace() throws {
        struct Sample: Encodable {
            var big: Int64 = .max
            var small: UInt8 = 7
            var ratio = 0.5
            var amount = Decimal(string: "12.50")!
            var flags = [true, false]
            var campaign = 2025
            var days: [Day]
        }
        let limits = try policy().management.registerLimits
        let passing = Sample(days: [try day("2025-01-01")])
        try passing.encode(to: FieldWalk(limits: limits, path: .root))
        let failing = Sample(days: [try day("2025-01-01"), try day("2150-01-01")])
        let refusal = #expect(throws: Refusal.self) { try failing.encode(to: FieldWalk(limits: limits, path: .root)) }
        #expect(refusal?.field == "days.1")
        var year = passing
        year.campaign = 30_000
        #expect(throws: Refusal.self) { try year.encode(to: FieldWalk(limits: limits, path: .root)) }
    }

    @Test func LIMITS_aPolicyWhoseLimitsCannotHoldItsDaysIsRefused() throws {
        #expect(throws: PolicyError.self) {
            try Fixture.policy(editing: \.management) {
                $0["registerLimits"] = [
                    "earliestDay": "2000-01-01", "latestDay": "9999-12-31", "maximumTextLength": 10,
                ]
            }
        }
        #expect(throws: PolicyError.self) {
            try Fixture.policy(editing: \.management) {
                $0["registerLimits"] = [
                    "earliestDay": "2030-01-01", "latestDay": "2020-12-31", "maximumTextLength": 10,
                ]
            }
        }
    }

    /// A text is counted in code points and refused for a control character (C0 but tab and line
    /// breaks, DEL, C1), whether it is plain ASCII, Chinese or holds other two-byte characters.
    @Test func LIMITS_aTextIsCountedInCodePointsAndRefusedForAControlCharacter() throws {
        let limits = RegisterLimits(
            earliestDay: try day("2000-01-01"), latestDay: try day("2099-12-31"), maximumTextLength: 4)
        func refused(_ text: String) -> Bool {
            do throws(Refusal) {
                try limits.check(text: text, field: "f")
                return false
            } catch { return true }
        }
        for accepted in ["abcd", "张三李四", "¢é×÷", "a\tb\n", "\r\n"] { #expect(!refused(accepted), "\(accepted)") }
        for text in ["abcde", "张三李四五", "a\u{7}", "a\u{7F}", "a\u{85}", "a\u{9F}b", "\u{0}"] {
            #expect(refused(text), "\(text.unicodeScalars.map { $0.value })")
        }
    }

    /// A direction control (an embedding, an override or an isolate) reorders what is printed after it: a
    /// name or a reason typed as one thing would read as another on a page or a form. Refused in every text;
    /// the marks U+200E/U+200F, dashes and curly quotes (whose encodings share the control's first byte) stay.
    @Test func LIMITS_aTextWithADirectionControlIsRefused() throws {
        let limits = RegisterLimits(
            earliestDay: try day("2000-01-01"), latestDay: try day("2099-12-31"), maximumTextLength: 40)
        func refusal(_ text: String) -> Refusal? {
            do throws(Refusal) {
                try limits.check(text: text, field: "reason")
                return nil
            } catch { return error }
        }
        for accepted in ["“已核实”——见附件…", "a\u{200E}b\u{200F}", "张三"] {
            #expect(refusal(accepted) == nil, "\(accepted)")
        }
        for code in Array(0x202A...0x202E) + Array(0x2066...0x2069) {
            let text = "报告\(Character(Unicode.Scalar(UInt32(code))!))exe.PDF"
            #expect(refusal(text)?.reason.contains("文字方向控制字符") == true, "U+\(String(code, radix: 16))")
        }
    }
}
