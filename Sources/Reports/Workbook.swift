import CXLSXWriter
import Foundation

/// An .xlsx file written row by row through libxlsxwriter in its constant-memory mode: each row goes to
/// disk once the next begins, so a sheet of 100,000 rows costs no more memory than one of ten.
final class Workbook {
    enum Style {
        case title, header, text, date, number
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private var styles: [Style: UnsafeMutablePointer<lxw_format>] = [:]
    private var sheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    private let temporaryFolder: UnsafeMutablePointer<CChar>?
    private var closed = false

    /// A workbook to be written at `path`, its sheets' rows waiting in `temporaryFolder` (nil: the
    /// system's) until it is closed.
    init(path: String, temporaryFolder: String? = nil) throws {
        // Debian's libxlsxwriter (1.1) has three options: constant memory, a temporary folder, zip64.
        // Kept as long as the workbook: the library may read the folder's name whenever a sheet is added.
        let folder = temporaryFolder.flatMap { strdup($0) }
        var options = lxw_workbook_options(
            constant_memory: UInt8(LXW_TRUE.rawValue), tmpdir: folder, use_zip64: UInt8(LXW_FALSE.rawValue))
        guard let workbook = workbook_new_opt(path, &options) else {
            free(folder)
            throw Failure(description: "cannot create \(path)")
        }
        self.temporaryFolder = folder
        self.workbook = workbook
        styles[.title] = format {
            format_set_bold($0)
            format_set_font_size($0, 14)
            format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
        }
        styles[.header] = format {
            format_set_bold($0)
            format_set_border($0, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_text_wrap($0)
            format_set_align($0, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        }
        // Every cell of a row centred on its height: a row is as tall as its longest text, and its number
        // and name would otherwise sit at its foot.
        let middle = UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)
        styles[.text] = format {
            format_set_border($0, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_text_wrap($0)
            format_set_align($0, middle)
        }
        styles[.date] = format {
            format_set_border($0, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_num_format($0, "yyyy-mm-dd")
            format_set_align($0, middle)
        }
        styles[.number] = format {
            format_set_border($0, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_align($0, middle)
        }
    }

    private func format(_ configure: (UnsafeMutablePointer<lxw_format>) -> Void) -> UnsafeMutablePointer<lxw_format>? {
        guard let format = workbook_add_format(workbook) else { return nil }
        configure(format)
        return format
    }

    /// A sheet of the workbook, written top to bottom.
    final class Sheet {
        let sheet: UnsafeMutablePointer<lxw_worksheet>
        unowned let book: Workbook

        init(_ sheet: UnsafeMutablePointer<lxw_worksheet>, book: Workbook) {
            self.sheet = sheet
            self.book = book
        }

        func width(_ column: Int, _ characters: Double) {
            worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), characters, nil)
        }

        func merge(row: Int, columns: Int, _ text: String, _ style: Style) {
            worksheet_merge_range(
                sheet, lxw_row_t(row), 0, lxw_row_t(row), lxw_col_t(max(0, columns - 1)), text,
                book.styles[style] ?? nil)
        }

        /// Printed on A4 landscape, one page wide, the header repeated on every page and each page
        /// numbered (第 1 页，共 102 页): a form is read, filed and checked on paper as well as on screen.
        func printOnePageWide(repeatingRow header: Int) {
            worksheet_set_landscape(sheet)
            worksheet_set_paper(sheet, 9)
            worksheet_fit_to_pages(sheet, 1, 0)
            worksheet_repeat_rows(sheet, lxw_row_t(header), lxw_row_t(header))
            worksheet_set_footer(sheet, "&C第 &P 页，共 &N 页")
        }

        /// A row's height in points, for wrapped text: neither libxlsxwriter nor LibreOffice fits a row to
        /// it, and a cell taller than its row shows only its last line.
        func height(row: Int, points: Double) {
            worksheet_set_row(sheet, lxw_row_t(row), points, nil)
        }

        func freeze(rows: Int) {
            worksheet_freeze_panes(sheet, lxw_row_t(rows), 0)
        }

        func write(row: Int, column: Int, _ value: Cell) {
            let r = lxw_row_t(row)
            let c = lxw_col_t(column)
            switch value {
            case .text(let text, let style):
                worksheet_write_string(sheet, r, c, text, book.styles[style] ?? nil)
            case .number(let number):
                worksheet_write_number(sheet, r, c, number, book.styles[.number] ?? nil)
            case .date(let year, let month, let day):
                var date = lxw_datetime(
                    year: Int32(year), month: Int32(month), day: Int32(day), hour: 0, min: 0, sec: 0)
                worksheet_write_datetime(sheet, r, c, &date, book.styles[.date] ?? nil)
            case .empty:
                worksheet_write_blank(sheet, r, c, book.styles[.text] ?? nil)
            }
        }
    }

    enum Cell {
        case text(String, Style = .text)
        case number(Double)
        case date(year: Int, month: Int, day: Int)
        case empty
    }

    func sheet(named name: String) throws -> Sheet {
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw Failure(description: "cannot add the sheet \(name)")
        }
        sheets.append(sheet)
        return Sheet(sheet, book: self)
    }

    func close() throws {
        guard !closed else { return }
        closed = true
        errno = 0
        let error = closeWorkbook()
        guard error == LXW_NO_ERROR else {
            // The library names its own step ("Zip generic error ZIP_ERRNO"); the system's reason, when a
            // file operation failed, is what an operator can act on ("No space left on device").
            let system = errno
            let files: Set<lxw_error> = [
                LXW_ERROR_CREATING_XLSX_FILE, LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE,
                LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE,
            ]
            let reason = files.contains(error) && system != 0 ? ": \(String(cString: strerror(system)))" : ""
            throw Failure(
                description: "the workbook could not be written: \(String(cString: lxw_strerror(error)))\(reason)")
        }
    }

    /// Writes the file and frees the workbook. In constant-memory mode each sheet keeps its rows in a
    /// temporary file, and Debian's libxlsxwriter (1.1.4) closes that file only for a sheet that holds a
    /// cell: a sheet left empty (the summary of a form whose export failed before its end) kept its file
    /// open for the life of the process, two descriptors per failed export. Such a sheet gets one blank
    /// cell, with which the library closes it as any other.
    private func closeWorkbook() -> lxw_error {
        for sheet in sheets where sheet.pointee.dim_rowmin == lxw_row_t(LXW_ROW_MAX) {
            worksheet_write_blank(sheet, 0, 0, styles[.text] ?? nil)
        }
        return workbook_close(workbook)
    }

    deinit {
        if !closed { _ = closeWorkbook() }
        free(temporaryFolder)
    }
}
