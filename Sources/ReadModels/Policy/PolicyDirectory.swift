import Foundation
import TalentDomain

/// Reads the policy files (`policy/*.json`, `policy/calendar/*.json`) from a folder: the I/O edge of
/// the domain's policy, which itself only parses.
public enum PolicyDirectory {
    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "policy folder \(path) not found or incomplete: give --policy-dir or TALENTLEDGER_POLICY_DIR"
        }
    }

    /// `TALENTLEDGER_POLICY_DIR`, else `./policy`: where the command line reads the policy from when it is
    /// given no folder. No other: an operator's edited policy is never passed over for another silently.
    public static func configuredLocation() -> URL {
        if let path = ProcessInfo.processInfo.environment["TALENTLEDGER_POLICY_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return URL(fileURLWithPath: "policy", isDirectory: true)
    }

    /// ``configuredLocation()`` where it holds a policy, else the `policy/` folder of the source tree this
    /// was built from: for the tests, which run from anywhere.
    public static func defaultLocation() -> URL {
        let configured = configuredLocation()
        if FileManager.default.fileExists(atPath: configured.appendingPathComponent("management.json").path) {
            return configured
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("policy", isDirectory: true)
    }

    public static func load(from directory: URL = defaultLocation()) throws -> Policy {
        func read(_ name: String) throws -> Data {
            do {
                return try Data(contentsOf: directory.appendingPathComponent(name))
            } catch {
                throw Missing(path: directory.appendingPathComponent(name).path)
            }
        }
        let calendarFolder = directory.appendingPathComponent("calendar", isDirectory: true)
        let calendarFiles = ((try? FileManager.default.contentsOfDirectory(atPath: calendarFolder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        return try Policy.load(
            Policy.Documents(
                management: try read("management.json"),
                publicity: try read("publicity.json"),
                entitlements: try read("entitlements.json"),
                campaigns: try read("campaigns.json"),
                calendars: try calendarFiles.map { try read("calendar/\($0)") }
            )
        )
    }
}
