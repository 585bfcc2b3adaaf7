import Foundation

/// A reader of RFC 4180 CSV: comma-separated fields, fields in double quotes may hold commas, line
/// breaks and doubled quotes (`""`); CRLF or LF ends a record; a UTF-8 byte order mark is skipped. A file
/// whose first separated line holds more tabs than commas is read as tab-separated (a spreadsheet's cells
/// pasted into a text file). A file
/// that is not UTF-8 (a workbook, UTF-16, GB18030) is one problem, said with how to save it, and the end.
/// Written here rather than taken from a package because the import must report each bad record with
/// its line number and keep reading, which general readers do not offer; it reads its bytes in chunks,
/// so that a large file is never held whole.
public enum CSV {
    public struct Record: Sendable, Hashable {
        /// The physical line (1-based) the record starts on; a quoted line break makes a record span lines.
        public var line: Int
        public var fields: [String]
        /// The record's row as a spreadsheet counts it, where a line break inside a cell before it (Excel's
        /// Alt+Enter) makes it differ from `line`.
        public var row: Int?
    }

    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        /// The row as a spreadsheet counts it, where it differs from `line` (``Record/row``).
        public var row: Int?
        /// The register id the line gives, when it gives one: the line as the clerk knows it.
        public var talent: String?
        /// The reason in Chinese, for the console's clerks (`reason` is the command line's and the API's).
        public var chinese: String

        public init(line: Int, reason: String, chinese: String, row: Int? = nil, talent: String? = nil) {
            self.line = line
            self.reason = reason
            self.chinese = chinese
            self.row = row
            self.talent = talent
        }

        public var description: String {
            let place = [row.map { "spreadsheet row \($0)" }, talent].compactMap { $0 }
            return "line \(line)\(place.isEmpty ? "" : " (\(place.joined(separator: ", ")))"): \(reason)"
        }
    }

    /// What the reader found next: a record, or a record it could not read.
    public enum Item: Sendable, Hashable {
        case record(Record)
        case problem(Problem)
    }

    /// Every record, and the records that could not be read. Blank lines are skipped (``Reader/next()``).
    public static func parse(_ data: Data) -> (records: [Record], problems: [Problem]) {
        var reader = Reader(DataChunks(data))
        var records: [Record] = []
        var problems: [Problem] = []
        // Data in memory cannot fail to read.
        while let item = try? reader.next() {
            switch item {
            case .record(let record): records.append(record)
            case .problem(let problem): problems.append(problem)
            }
        }
        return (records, problems)
    }

    /// The longest record read: past it (a quote never closed, say, or a file that is not CSV) the reader
    /// reports the record and stops, so that memory stays bounded whatever the file holds. A workbook's cell
    /// is held to it too.
    public static var maximumRecordBytes: Int { 1 << 20 }

    /// Reads records one at a time from a source of byte chunks.
    public struct Reader<Source: ByteChunks> {

        var source: Source
        var buffer: [UInt8] = []
        var index = 0
        var exhausted = false
        var startedReading = false
        var line = 1
        /// Line breaks read inside quoted fields so far: how far `line` has run ahead of a spreadsheet's rows.
        var quotedBreaks = 0
        var finished = false
        /// What the file is, when its first bytes say it is no CSV in UTF-8 (``ListEncoding``).
        var foreign: (english: String, chinese: String)?
        /// What separates fields: a comma, or a tab where the first line with either holds more tabs.
        public private(set) var separator = UInt8(ascii: ",")
        /// Whether the file opened with UTF-8's byte order mark (as Excel's "CSV UTF-8" writes it): its
        /// text is UTF-8, whatever it looks like.
        public private(set) var hadByteOrderMark = false

        public init(_ source: Source) {
            self.source = source
        }

        /// The next byte, refilling from the source as needed; nil at the end.
        mutating func peek() throws -> UInt8? {
            while index >= buffer.count {
                guard !exhausted, let chunk = try source.nextChunk() else {
                    exhausted = true
                    return nil
                }
                buffer = chunk
                index = 0
                if !startedReading {
                    startedReading = true
                    foreign = ListEncoding.foreignFile(startingWith: buffer)
                    if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                        index = 3
                        hadByteOrderMark = true
                    }
                    // A heading may hold a comma ("起算依据(电子证书,名单文件)"), and a title above the header
                    // may hold neither: the separator is the more frequent of the two on the first line that
                    // holds either.
                    let (tab, comma) = (UInt8(ascii: "\t"), UInt8(ascii: ","))
                    let separated = buffer[index...].split(separator: UInt8(ascii: "\n")).first {
                        $0.contains(tab) || $0.contains(comma)
                    }
                    if let line = separated, line.count(where: { $0 == tab }) > line.count(where: { $0 == comma }) {
                        separator = tab
                    }
                }
            }
            return buffer[index]
        }

        /// The next record or problem; nil after the last. Blank lines are skipped, and so are records of empty
        /// fields only (`,,,,`: a spreadsheet's row whose cells were formatted, never filled).
        public mutating func next() throws -> Item? {
            _ = try peek()
            if let foreign, !finished {
                finished = true
                return .problem(Problem(line: 1, reason: foreign.english, chinese: foreign.chinese))
            }
            while !finished {
                if let item = try readRecord() { return item }
            }
            return nil
        }

        /// Reads one physical record; nil for a blank line (and at the end, once `finished`).
        mutating func readRecord() throws -> Item? {
            var fields: [String] = []
            var field: [UInt8] = []
            let recordLine = line
            let recordRow = quotedBreaks == 0 ? nil : line - quotedBreaks
            var quoted = false
            var afterQuote = false
            var broken: (english: String, chinese: String)?
            var sawAnything = false
            var bytes = 0

            func endField() {
                if let text = String(validating: field, as: UTF8.self) {
                    fields.append(text)
                } else {
                    fields.append("")
                    // The file's encoding, not this line, is wrong: every line would say so again.
                    finished = true
                    let reading = ListEncoding.gb18030(field)
                    let english = reading.map {
                        "; it reads as GB18030 “\(excerpt($0))”: the file is GB18030 (GBK), as Excel's and WPS's "
                            + "plain “CSV” on Chinese Windows is"
                    }
                    let chinese = reading.map {
                        "（按 GB18030 读作“\(excerpt($0))”：文件是 GB18030（GBK）编码，Excel、WPS 在中文 Windows 上另存的普通 CSV 即是）"
                    }
                    broken =
                        broken
                        ?? (
                            "field \(fields.count) is not UTF-8\(english ?? ""): \(ListEncoding.saveAsUTF8); reading stopped",
                            "第 \(fields.count) 列不是 UTF-8 编码\(chinese ?? "")。\(ListEncoding.saveAsUTF8InChinese)。已停止读取。"
                        )
                }
                field.removeAll(keepingCapacity: true)
                afterQuote = false
            }
            func ended() -> Item? {
                endField()
                if let broken {
                    return .problem(
                        Problem(line: recordLine, reason: broken.english, chinese: broken.chinese, row: recordRow))
                }
                if fields.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { return nil }
                return .record(Record(line: recordLine, fields: fields, row: recordRow))
            }

            while let byte = try peek() {
                index += 1
                sawAnything = true
                bytes += 1
                if bytes > CSV.maximumRecordBytes {
                    finished = true
                    return .problem(
                        Problem(
                            line: recordLine,
                            reason:
                                "a record longer than \(CSV.maximumRecordBytes) bytes starts here (a quote never closed?); "
                                + "reading stopped",
                            chinese: "从这里开始的一行超过 \(CSV.maximumRecordBytes) 字节（可能有引号没有闭合），已停止读取"))
                }
                if quoted {
                    if byte == UInt8(ascii: "\"") {
                        if try peek() == UInt8(ascii: "\"") {
                            field.append(byte)
                            index += 1
                        } else {
                            quoted = false
                            afterQuote = true
                        }
                    } else {
                        if byte == UInt8(ascii: "\n") {
                            line += 1
                            quotedBreaks += 1
                        }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case separator:
                    endField()
                case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    if byte == UInt8(ascii: "\r"), try peek() == UInt8(ascii: "\n") { index += 1 }
                    line += 1
                    return ended()
                case UInt8(ascii: "\""):
                    if field.isEmpty, !afterQuote {
                        quoted = true
                    } else {
                        broken =
                            broken
                            ?? (
                                "a quote inside an unquoted field (quote the whole field and double the quote)",
                                "没有加引号的字段中含有引号（请给整个字段加上引号，并把其中的引号写两遍）"
                            )
                    }
                default:
                    if afterQuote {
                        broken = broken ?? ("text after the closing quote of a field", "字段的结束引号后面还有文字")
                    }
                    field.append(byte)
                }
            }
            finished = true
            if quoted {
                return .problem(
                    Problem(
                        line: recordLine, reason: "a quoted field is not closed before the end of the file",
                        chinese: "加了引号的字段到文件末尾仍未闭合", row: recordRow))
            }
            guard sawAnything else { return nil }
            return ended()
        }
    }
}

/// Bytes in chunks, read as they are needed.
public protocol ByteChunks {
    /// The next chunk, or nil at the end.
    mutating func nextChunk() throws -> [UInt8]?
}

/// Chunks of data already in memory.
public struct DataChunks: ByteChunks, Sendable {
    let data: Data
    var offset: Int
    let size: Int

    public init(_ data: Data, chunkSize: Int = 1 << 16) {
        self.data = data
        offset = data.startIndex
        size = max(1, chunkSize)
    }

    public mutating func nextChunk() throws -> [UInt8]? {
        guard offset < data.endIndex else { return nil }
        let end = min(offset + size, data.endIndex)
        defer { offset = end }
        return [UInt8](data[offset..<end])
    }
}

/// Chunks of a file, read from disk as they are needed.
public struct FileChunks: ByteChunks {
    let handle: FileHandle
    let size: Int

    public init(_ handle: FileHandle, chunkSize: Int = 1 << 16) {
        self.handle = handle
        size = max(1, chunkSize)
    }

    public mutating func nextChunk() throws -> [UInt8]? {
        guard let data = try handle.read(upToCount: size), !data.isEmpty else { return nil }
        return [UInt8](data)
    }
}
