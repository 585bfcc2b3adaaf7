import Foundation
import ZIPFoundation

/// The package a unit (or a level, for its units together) delivers offline (S1, SEC3): one .zip named
/// as the campaign's policy says (`<unit short name>2025人才考核`), holding a folder of that name with the
/// two forms and the work report, to be burnt to disc. Names are stored as UTF-8 (the zip's flag 11), so
/// the Chinese names survive on every system that reads them.
public enum SubmissionPackage {
    /// Packs `files` into `<directory>/<name>.zip`, replacing one there; answers the package's URL.
    /// `wallClock` is the time each entry is stamped with: a zip keeps a wall-clock time without a zone
    /// (ZIPFoundation writes it in UTC), and its readers, in China, show it as theirs.
    public static func write(_ files: [URL], named name: String, into directory: URL, wallClock: Date) throws -> URL {
        let url = directory.appendingPathComponent("\(name).zip")
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for file in files {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            try archive.addEntry(
                with: "\(name)/\(file.lastPathComponent)", type: .file, uncompressedSize: Int64(size),
                // The documents name talents (SEC1): unpacked, readable by their owner only.
                modificationDate: wallClock, permissions: 0o600, compressionMethod: .deflate
            ) { position, count in
                try handle.seek(toOffset: UInt64(position))
                return try handle.read(upToCount: count) ?? Data()
            }
        }
        return url
    }
}
