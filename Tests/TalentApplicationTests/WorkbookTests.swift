import Foundation
import Testing

@testable import Reports

/// The campaign's workbooks as files.
@Suite("Workbooks")
struct WorkbookTests {
    /// A workbook that cannot be written says why in the system's words, which an operator can act on (a
    /// chaos test's full disk read only "Zip generic error ZIP_ERRNO"), beside the library's own step.
    @Test func aWorkbookThatCannotBeWrittenSaysTheSystemsReason() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-such-folder-\(UUID().uuidString)/form.xlsx").path
        let book = try Workbook(path: path)
        _ = try book.sheet(named: "表")
        let error = #expect(throws: Workbook.Failure.self) { try book.close() }
        #expect(error?.description.contains("No such file or directory") == true, "\(String(describing: error))")
    }
}
