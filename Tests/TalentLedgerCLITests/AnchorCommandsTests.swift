import Foundation
import Testing

@testable import talentledger

@Suite("talentledger audit anchor and verify --anchor: the keys an auditor keeps")
struct AnchorCommandsTests {
    /// A folder with a key made by `audit keygen` (KEY and KEY.pub); the key's path.
    static func keyFolder() async throws -> (folder: URL, key: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = folder.appendingPathComponent("anchor.key").path
        try await AuditGroup.KeyGen.parse(["--key", key]).run()
        return (folder, key)
    }

    @Test func aPublicKeyIsRefusedAsASigningKey() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_anchor_public_key")
        let (folder, key) = try await Self.keyFolder()
        let out = folder.appendingPathComponent("anchor.json").path
        let byName = await #expect(throws: CLIFailure.self) {
            try await AuditGroup.Anchor.parse(["--database-url", url, "--key", key + ".pub", "--out", out]).anchor()
        }
        #expect(byName?.description.hasPrefix("\(key).pub is not a private signing key") == true)
        // The public half under another name: readable by others, as `keygen` writes a public key.
        let renamed = folder.appendingPathComponent("copied.key").path
        try FileManager.default.copyItem(atPath: key + ".pub", toPath: renamed)
        let byMode = await #expect(throws: CLIFailure.self) {
            try await AuditGroup.Anchor.parse(["--database-url", url, "--key", renamed, "--out", out]).anchor()
        }
        #expect(byMode?.description.contains("not a private signing key kept as one: others may read it") == true)
        // A signing key whose public half beside it is another key's.
        let (_, stranger) = try await Self.keyFolder()
        try FileManager.default.removeItem(atPath: key + ".pub")
        try FileManager.default.copyItem(atPath: stranger + ".pub", toPath: key + ".pub")
        let mismatched = await #expect(throws: CLIFailure.self) {
            try await AuditGroup.Anchor.parse(["--database-url", url, "--key", key, "--out", out]).anchor()
        }
        #expect(mismatched?.description.contains("the public key beside it is another key's") == true)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func verifyWithoutTheTrustedPublicKeySaysTheAnchorsOwnKeyWasAllItChecked() async throws {
        let (_, url) = try await OperatorTests.prepared("cli_anchor_untrusted")
        let (folder, key) = try await Self.keyFolder()
        let out = folder.appendingPathComponent("anchor.json").path
        let anchored = try await OperatorTests.anchor(url: url, key: key, out: out)
        #expect(anchored > 0)
        let untrusted = try await Verify.parse(["--database-url", url, "--anchor", out]).output()
        #expect(untrusted.intact)
        #expect(
            untrusted.lines.contains {
                $0.hasPrefix("warning: no --public-key: the signature was checked only against the key the anchor")
                    && $0.contains("--public-key KEY.pub")
            })
        #expect(untrusted.lines.last == "intact (anchor's key not checked)")
        let trusted = try await Verify.parse(["--database-url", url, "--anchor", out, "--public-key", key + ".pub"])
            .output()
        #expect(!trusted.lines.contains { $0.hasPrefix("warning") })
        #expect(trusted.lines.last == "intact")
    }
}
