import Foundation

/// The register's exports opened again by other programs, as a user's office software would read them:
/// .xlsx with openpyxl, .docx with python-docx, .zip with Python's zipfile (each entry opened in turn).
/// The tests check what these readers see, cell by cell and paragraph by paragraph.
public enum OfficeDocuments {
    /// One sheet of a workbook: merged ranges, every cell as text (dates as YYYY-MM-DD), which cells the
    /// reader takes for dates, the frozen pane and the rows' set heights.
    public struct Sheet: Decodable, Sendable {
        public var name: String
        public var merged: [String]
        public var rows: [[String?]]
        public var dates: [String]
        public var frozen: String?
        /// The heights (points) of the rows given one, by row number (1 first).
        public var heights: [String: Double]
        /// The printed page's footer, centre part, as written (`&P` the page's number).
        public var footer: String?

        /// Every non-empty cell, joined: for "this text appears nowhere".
        public var allText: String { rows.flatMap { $0 }.compactMap { $0 }.joined(separator: " ") }
    }

    /// A Word document: its paragraphs with their styles, then its tables as rows of cell texts.
    public struct Document: Decodable, Sendable {
        public struct Paragraph: Decodable, Sendable {
            public var text: String
            public var style: String
        }
        public var paragraphs: [Paragraph]
        public var tables: [[[String]]]
        /// The page footer's text, a field as its shown result (— 1 —), and the field codes it holds (PAGE).
        public var footer: String
        public var footerFields: [String]
        /// The styles' and the paragraphs' "keep with next", by paragraph (the style's or the paragraph's own).
        public var keepWithNext: [Bool]

        public var allText: String {
            (paragraphs.map(\.text) + tables.flatMap { $0 }.flatMap { $0 }).joined(separator: " ")
        }
    }

    /// A zip: each entry's name, whether its name is flagged UTF-8, and what it holds when it is a
    /// workbook or a document.
    public struct Package: Decodable, Sendable {
        public struct Entry: Decodable, Sendable {
            public var name: String
            public var utf8: Bool
            /// The wall-clock time the entry is stamped with (a zip keeps no zone), `YYYY-MM-DDTHH:MM:SS`.
            public var modified: String
            /// The permissions the entry is unpacked with (Unix mode bits).
            public var mode: Int
            public var sheets: [Sheet]?
            public var document: Document?
        }
        public var entries: [Entry]
    }

    public struct ReadFailure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func workbook(_ path: String) throws -> [Sheet] { try read(path, as: [Sheet].self) }
    public static func document(_ path: String) throws -> Document { try read(path, as: Document.self) }
    public static func package(_ path: String) throws -> Package { try read(path, as: Package.self) }

    static let script = """
        json, sys, datetime, zipfile, tempfile, os = (
            __import__(m) for m in ("json", "sys", "datetime", "zipfile", "tempfile", "os"))
        def cell(c):
            if c is None: return None
            if isinstance(c, datetime.datetime): return c.strftime('%Y-%m-%d')
            if isinstance(c, float) and c.is_integer(): return str(int(c))
            return str(c)
        def workbook(path):
            book = __import__("openpyxl").load_workbook(path)
            return [{"name": s.title, "merged": sorted(str(m) for m in s.merged_cells.ranges),
                     "rows": [[cell(c) for c in r] for r in s.iter_rows(values_only=True)],
                     "dates": [c.coordinate for r in s.iter_rows() for c in r
                               if getattr(c, "is_date", False) and c.value is not None],
                     "frozen": s.freeze_panes,
                     "heights": {str(i): d.height for i, d in s.row_dimensions.items() if d.height},
                     "footer": s.oddFooter.center.text}
                    for s in book.worksheets]
        def document(path):
            doc = __import__("docx").Document(path)
            footer = doc.sections[0].footer._element
            def keeps(p):
                own = p.paragraph_format.keep_with_next
                return bool(own if own is not None else p.style.paragraph_format.keep_with_next)
            return {"paragraphs": [{"text": p.text, "style": p.style.name} for p in doc.paragraphs],
                    "tables": [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables],
                    "footer": "".join(t.text or "" for t in footer.iter(
                        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")),
                    "footerFields": [t.text.strip() for t in footer.iter(
                        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText")],
                    "keepWithNext": [keeps(p) for p in doc.paragraphs]}
        def package(path):
            entries = []
            with zipfile.ZipFile(path) as z, tempfile.TemporaryDirectory() as folder:
                for info in z.infolist():
                    entry = {"name": info.filename, "utf8": bool(info.flag_bits & 0x800),
                             "modified": "%04d-%02d-%02dT%02d:%02d:%02d" % info.date_time,
                             "mode": (info.external_attr >> 16) & 0o777}
                    target = z.extract(info, folder)
                    if info.filename.endswith(".xlsx"): entry["sheets"] = workbook(target)
                    if info.filename.endswith(".docx"): entry["document"] = document(target)
                    entries.append(entry)
            return {"entries": entries}
        path = sys.argv[1]
        reader = workbook if path.endswith(".xlsx") else document if path.endswith(".docx") else package
        print(json.dumps(reader(path)))
        """

    static func read<T: Decodable>(_ path: String, as type: T.Type) throws -> T {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReadFailure(description: "python3 could not read \(path): \(problem)")
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// A cell of a workbook a test writes: a text, a number, a day (a date cell, as Excel keeps one), or none.
    public enum Cell: Encodable, Sendable {
        case text(String)
        case number(Double)
        case day(String)
        case empty

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .day(let day): try container.encode(["day": day])
            case .empty: try container.encodeNil()
            }
        }
    }

    /// Writes a workbook as office software saves one (openpyxl: shared strings, dates as day numbers with a
    /// date format): `rows` on a sheet (an empty row left out of the sheet, as Excel leaves one), and a
    /// sheet that is no list after it, or before it with `notesFirst` (a template's instructions); answers
    /// its path.
    public static func writeWorkbook(_ rows: [[Cell]], notesFirst: Bool = false) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("名单.xlsx").path
        let script = """
            json, sys, datetime, openpyxl = (__import__(m) for m in ("json", "sys", "datetime", "openpyxl"))
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.title = "名单"
            for number, row in enumerate(json.loads(sys.argv[2]), start=1):
                for column, value in enumerate(row, start=1):
                    if isinstance(value, dict):
                        value = datetime.datetime.strptime(value["day"], "%Y-%m-%d")
                    if value is not None:
                        sheet.cell(row=number, column=column, value=value)
            book.create_sheet("说明", 0 if sys.argv[3] == "notesFirst" else None).append(["这一页不是名单", "x"])
            book.save(sys.argv[1])
            """
        let rowsJSON = String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path, rowsJSON, notesFirst ? "notesFirst" : "notesLast"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReadFailure(description: "python3 could not write \(path): \(problem)")
        }
        return path
    }

    /// Writes `data` (a download) to a file named `name` in a fresh temporary folder and answers its path.
    public static func save(_ data: Data, as name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("download-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}
