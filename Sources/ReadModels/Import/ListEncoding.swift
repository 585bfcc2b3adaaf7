import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a list's bytes are (an evaluation list's or an organization tree's) when they are not the UTF-8
/// text its reader reads, said with how to save the file again: a clerk's list comes from Excel or WPS, whose plain "CSV" on Chinese Windows is
/// GB18030 (GBK), whose "Unicode text" is UTF-16, and whose workbooks are no text at all.
enum ListEncoding {
    /// How to make a file the import reads, in the words of Excel's, WPS's and LibreOffice's menus: a
    /// workbook (.xlsx) as they save one by default, or CSV in UTF-8.
    static let saveAsUTF8 =
        "save it again as an Excel workbook (.xlsx) or as CSV UTF-8 (Excel: 另存为 “CSV UTF-8（逗号分隔）”; WPS: "
        + "另存为 CSV, 编码 UTF-8; LibreOffice: 另存为 “文本 CSV”, 字符集 Unicode (UTF-8))"
    static let saveAsUTF8InChinese =
        "请重新另存为 Excel 工作簿（.xlsx）或 CSV UTF-8（Excel：另存为“CSV UTF-8（逗号分隔）”；WPS：另存为 CSV，编码选 UTF-8；"
        + "LibreOffice：另存为“文本 CSV”，字符集选 Unicode (UTF-8)）"

    /// The first bytes of a zip archive (an .xlsx workbook is one) and of a compound file (an .xls workbook,
    /// or a workbook with a password to open it).
    static let zipSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let compoundFileSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// What a file opening with `start` is, when it is no CSV in UTF-8 whatever follows.
    static func foreignFile(startingWith start: [UInt8]) -> (english: String, chinese: String)? {
        func said(_ english: String, _ chinese: String) -> (english: String, chinese: String) {
            ("the file is \(english): \(saveAsUTF8)", "文件是 \(chinese)。\(saveAsUTF8InChinese)")
        }
        if start.starts(with: zipSignature) {
            // A workbook (.xlsx) is read before this (``WorkbookList``): this zip holds none. An OpenDocument
            // file names its kind first, uncompressed (`mimetype`).
            if contains(start.prefix(200), "application/vnd.oasis.opendocument.spreadsheet") {
                return said(
                    "an OpenDocument spreadsheet (.ods, LibreOffice's and WPS's own), not an .xlsx workbook or CSV",
                    "OpenDocument 电子表格（.ods，LibreOffice 或 WPS 的格式），不是 .xlsx 工作簿或 CSV 文件")
            }
            return said("a zip archive that holds no .xlsx workbook, not CSV", "zip 压缩包，其中没有 .xlsx 工作簿，也不是 CSV 文件")
        }
        if start.starts(with: compoundFileSignature) {
            // A workbook with a password to open is kept in the same compound file as an .xls, its package
            // encrypted in a stream of that name (written in UTF-16).
            if contains(start, "EncryptedPackage", utf16: true) {
                return (
                    "the file is a workbook with a password to open it: remove the password (Excel: 文件 > 信息 > "
                        + "保护工作簿 > 用密码进行加密, cleared) and save it again",
                    "文件是设有打开密码的工作簿。请取消密码（Excel：文件 > 信息 > 保护工作簿 > 用密码进行加密，清空密码）后重新保存，再导入"
                )
            }
            return said("an .xls workbook, not CSV", ".xls 工作簿，不是 CSV 文件")
        }
        if start.starts(with: [0xFF, 0xFE, 0, 0]) || start.starts(with: [0, 0, 0xFE, 0xFF]) {
            return said("UTF-32 text, not CSV in UTF-8", "UTF-32 编码的文本，不是 UTF-8 编码的 CSV")
        }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) {
            return said(
                "UTF-16 text (Excel's “Unicode 文本”), not CSV in UTF-8",
                "UTF-16 编码的文本（Excel 的“Unicode 文本”），不是 UTF-8 编码的 CSV")
        }
        // Text in UTF-16 or UTF-32 without its mark holds NULs where UTF-8 holds none: the high bytes of
        // ASCII (letters, digits, commas, line breaks) and, in UTF-32, of every character below U+10000.
        // Where they fall tells the two and their byte order apart; a stray NUL or two (a control character
        // in a field) is a line's problem instead.
        let sample = start.prefix(4096)
        var zeros = [0, 0, 0, 0]
        for (offset, byte) in sample.enumerated() where byte == 0 { zeros[offset % 4] += 1 }
        let quarter = max(1, sample.count / 4)
        func mostly(_ positions: [Int]) -> Bool { positions.allSatisfy { zeros[$0] * 10 >= quarter * 9 } }
        if mostly([2, 3]) || mostly([0, 1]) {
            return said(
                "UTF-32 text without its byte order mark, not CSV in UTF-8", "没有字节顺序标记的 UTF-32 文本，不是 UTF-8 编码的 CSV")
        }
        let (even, odd) = (zeros[0] + zeros[2], zeros[1] + zeros[3])
        // An ASCII comma or line break between every few Chinese characters: a tenth of a half at least.
        if max(even, odd) * 10 >= quarter * 2, min(even, odd) * 4 <= max(even, odd) {
            return said(
                "UTF-16 text without its byte order mark (Excel's “Unicode 文本”), not CSV in UTF-8",
                "没有字节顺序标记的 UTF-16 文本（Excel 的“Unicode 文本”），不是 UTF-8 编码的 CSV")
        }
        return nil
    }

    /// Whether `bytes` hold `text` (ASCII), as its bytes or, with `utf16`, as UTF-16's little-endian units.
    static func contains(_ bytes: some Collection<UInt8>, _ text: String, utf16: Bool = false) -> Bool {
        let units = utf16 ? text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } : Array(text.utf8)
        return Data(bytes).range(of: Data(units)) != nil
    }

    /// `bytes` read as GB18030 (which holds GBK and GB2312), when they are valid GB18030.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return "" }
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        // A GB18030 character of one to four bytes is at most four in UTF-8.
        var output = [CChar](repeating: 0, count: bytes.count * 4)
        let written = input.withUnsafeMutableBufferPointer { inputBuffer -> Int? in
            output.withUnsafeMutableBufferPointer { outputBuffer -> Int? in
                var inputNext = inputBuffer.baseAddress
                var inputLeft = inputBuffer.count
                var outputNext = outputBuffer.baseAddress
                var outputLeft = outputBuffer.count
                guard iconv(converter, &inputNext, &inputLeft, &outputNext, &outputLeft) != -1, inputLeft == 0 else {
                    return nil
                }
                return outputBuffer.count - outputLeft
            }
        }
        return written.map { String(decoding: output[..<$0].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }

    /// What `text`, read as UTF-8 from a file that does not say it is UTF-8 (no byte order mark), reads as
    /// in GB18030 when that is the likelier reading: it holds letters of the scripts GBK's two-byte Chinese
    /// characters turn into when read as UTF-8 (Latin-1 to Arabic, U+0080–U+07FF: 郑伟 reads as "֣ΰ") and
    /// no ASCII letter (José García holds some, as Latin names with accents do), and read as GB18030 it is
    /// Chinese (Han, CJK punctuation, ASCII) alone. A name truly in Cyrillic or Greek letters alone is told
    /// apart by the file's byte order mark, which Excel's "CSV UTF-8" writes.
    static func misreadGB18030(_ text: String) -> String? {
        // The middle dot (U+00B7) of 阿卜杜·热合曼 and the no-break space are no such letters.
        guard
            text.unicodeScalars.contains(where: {
                (0x80...0x7FF).contains($0.value) && ![0xA0, 0xB7].contains($0.value)
            }),
            !text.unicodeScalars.contains(where: { $0.isASCII && $0.properties.isAlphabetic }),
            let reading = gb18030(Array(text.utf8)),
            reading.unicodeScalars.allSatisfy({ $0.isASCII || isChinese($0) })
        else { return nil }
        return reading
    }

    /// Han ideographs (with their extensions and compatibility forms), CJK symbols and punctuation, full-width
    /// forms, and the middle dots of transliterated names.
    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x3134F,
            0x00B7, 0x2022, 0x30FB:
            true
        default: false
        }
    }
}

/// What a list's texts say of its encoding, line by line, in a file that does not say it is UTF-8 (no byte
/// order mark). GBK's Chinese can be valid UTF-8 of other scripts (郑伟 reads as "֣ΰ") and would be kept
/// garbled; a name truly in Cyrillic letters looks the same. A Chinese text read as UTF-8 anywhere in the
/// list settles it as UTF-8; without one, each text that reads as Chinese in GB18030 is a problem.
struct TextEncodingEvidence {
    /// The columns of texts a clerk types in Chinese.
    static let textColumns: [ListColumn] = [.name, .document, .professionalField]

    private var sawChinese = false
    private var suspects: [CSV.Problem] = []

    /// The problems the list's texts leave: none once one of them was Chinese read as UTF-8.
    var problems: [CSV.Problem] { sawChinese ? [] : suspects }

    mutating func look(at record: CSV.Record, columns: ListColumns, declaredUTF8: Bool) {
        guard !declaredUTF8, !sawChinese else { return }
        for column in Self.textColumns {
            let text = columns.value(column, in: record.fields)
            if text.unicodeScalars.contains(where: { !$0.isASCII && ListEncoding.isChinese($0) && $0.value > 0x2FFF }) {
                sawChinese = true
                return
            }
            if let reading = ListEncoding.misreadGB18030(text) {
                let heading = columns.heading(of: column)
                suspects.append(
                    EvaluationImport.problem(
                        "\(heading) '\(excerpt(text))' would read as GB18030 “\(excerpt(reading))”, and nothing in the "
                            + "list reads as Chinese in UTF-8: if the file is GB18030 (GBK; Excel's and WPS's plain "
                            + "“CSV” on Chinese Windows), \(ListEncoding.saveAsUTF8); if the \(heading) is truly in "
                            + "these letters, save the file with a UTF-8 byte order mark (Excel's “CSV UTF-8” writes "
                            + "one)",
                        "\(heading)“\(excerpt(text))”按 GB18030 读作“\(excerpt(reading))”，而名单中没有按 UTF-8 读出的中文："
                            + "如果文件是 GB18030（GBK）编码（Excel、WPS 在中文 Windows 上另存的普通 CSV），"
                            + "\(ListEncoding.saveAsUTF8InChinese)；如果\(heading)确实是这些字母，请保存为带 UTF-8 字节顺序标记的文件"
                            + "（Excel 的“CSV UTF-8”会加上）", at: record, columns: columns))
                return
            }
        }
    }
}
