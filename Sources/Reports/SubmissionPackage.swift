import Foundation
import ZIPFoundation

/// The package a unit (or a level, for its units together) delivers offline (S1, SEC3): one .zip named
/// as the campaign's policy says (`<unit short name>2025人才考核`), holding a folder of that name with the
/// two forms and the work report, to be burnt to disc. Names are stored as UTF-8 (the zip's flag 11), so
/// the Chinese names survive on every system that reads them.
public enum SubmissionPackage {
    /// Packs `files` into `<directory>/<name>.zip`, replacing one there; answers the package's URL.
    public static func write(_ files: [URL], named name: String, into directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("\(name).zip")
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for file in files {
            try archive.addEntry(
                with: "\(name)/\(file.lastPathComponent)", fileURL: file, compressionMethod: .deflate)
        }
        return url
    }
}
