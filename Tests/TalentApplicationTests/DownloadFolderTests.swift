// swift-format-ignore-file: AlwaysUseLowerCamelCase
// Names follow RULES.md: rule IDs like SEC1 are the register's own spelling.

import Foundation
import Testing

@testable import TalentApplication

@Suite("A download's documents are written where only the server's user can read them (SEC1)")
struct DownloadFolderTests {
    @Test func SEC1_aDownloadsFolderIsTheServersUsersAlone() throws {
        let folder = try TalentRegister.privateFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(folder.path.hasPrefix(FileManager.default.temporaryDirectory.path))
        let another = try TalentRegister.privateFolder()
        defer { try? FileManager.default.removeItem(at: another) }
        #expect(another != folder, "a folder of its own each time")
    }
}
