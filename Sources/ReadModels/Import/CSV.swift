import Foundation

/// A reader of RFC 4180 CSV: comma-separated fields, fields in double quotes may hold commas, line
/// breaks and doubled quotes (`""`); CRLF or LF ends a record; a UTF-8 byte order mark is skipped.
/// Written here rather than taken from a package because the import must report each bad record with
/// its line number and keep reading, which general readers do not offer.
public enum CSV {
    public struct Record: Sendable, Hashable {
        /// The physical line (1-based) the record starts on; a quoted line break makes a record span lines.
        public var line: Int
        public var fields: [String]
    }

    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "line \(line): \(reason)" }
    }

    /// Every record, and the records that could not be read. Blank lines are skipped.
    public static func parse(_ data: Data) -> (records: [Record], problems: [Problem]) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [Record] = []
        var problems: [Problem] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var quoted = false
        var afterQuote = false
        var broken: String?
        var index = 0

        func endField() {
            if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                fields.append("")
                broken = broken ?? "field \(fields.count) is not valid UTF-8"
            }
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        func endRecord() {
            endField()
            if let reason = broken {
                problems.append(Problem(line: recordLine, reason: reason))
            } else if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll()
            broken = nil
        }

        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if byte == UInt8(ascii: "\r"), index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                if field.isEmpty, !afterQuote {
                    quoted = true
                } else {
                    broken = broken ?? "a quote inside an unquoted field (quote the whole field and double the quote)"
                }
            default:
                if afterQuote {
                    broken = broken ?? "text after the closing quote of a field"
                }
                field.append(byte)
            }
        }
        if quoted {
            problems.append(
                Problem(line: recordLine, reason: "a quoted field is not closed before the end of the file"))
        } else if !field.isEmpty || !fields.isEmpty || afterQuote {
            endRecord()
        }
        return (records, problems)
    }
}
