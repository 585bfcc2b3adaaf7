import Foundation

/// Copies of the checked-in policy folder with a change, for tests of what the province may change:
/// another campaign, another role's rights.
public enum TestPolicies {
    /// The checked-in policy folder: `policy/` of the source tree.
    public static let checkedIn = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("policy", isDirectory: true)

    /// A copy of the checked-in policy in a temporary folder, its campaigns.json changed by `edit`; the
    /// caller removes it.
    public static func folder(editingCampaigns edit: (inout [String: Any]) throws -> Void) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: checkedIn, to: folder)
        let file = folder.appendingPathComponent("campaigns.json")
        guard var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        try edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        return folder
    }

    /// Adds campaign 2026 to a campaigns.json: 2025's entry with every day a year later.
    public static func addCampaign2026(_ json: inout [String: Any]) {
        var years = json["years"] as? [[String: Any]] ?? []
        var next = years.first ?? [:]
        next["year"] = 2026
        next["contactFormDeadline"] = "2026-12-31"
        next["submissionWindow"] = ["opens": "2027-03-16", "closes": "2027-03-31"]
        next["makeUpDeadline"] = "2027-06-30"
        years.append(next)
        json["years"] = years
    }
}
