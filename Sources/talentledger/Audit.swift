import ArgumentParser
import Crypto
import EventStore
import Foundation

/// `talentledger audit …`: tamper evidence kept outside the database.
struct AuditGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Anchor the log: signed digests an auditor keeps outside the database.",
        subcommands: [KeyGen.self, Anchor.self]
    )

    /// Where the signing key is: `--key`, else `TALENTLEDGER_ANCHOR_KEY`.
    struct KeyOptions: ParsableArguments {
        @Option(name: .customLong("key"), help: "The Ed25519 signing key file (default: $TALENTLEDGER_ANCHOR_KEY).")
        var path: String?

        func resolved() throws -> String {
            guard let path = path ?? ProcessInfo.processInfo.environment["TALENTLEDGER_ANCHOR_KEY"], !path.isEmpty
            else { throw ValidationError("give the signing key with --key or TALENTLEDGER_ANCHOR_KEY") }
            return path
        }

        // Checked while parsing, so that a missing key is refused with the subcommand's usage.
        func validate() throws { _ = try resolved() }
    }

    struct KeyGen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Create an Ed25519 signing key (readable by its owner only) and its public key (KEY.pub).")

        @OptionGroup var key: KeyOptions

        func run() async throws {
            let path = try key.resolved()
            guard !FileManager.default.fileExists(atPath: path) else {
                throw CLIFailure("\(path) exists: a key is never overwritten")
            }
            let privateKey = Curve25519.Signing.PrivateKey()
            try AnchorKeys.write(privateKey.rawRepresentation.base64EncodedString(), to: path, ownerOnly: true)
            try AnchorKeys.write(
                privateKey.publicKey.rawRepresentation.base64EncodedString(), to: path + ".pub", ownerOnly: false)
            print("signing key  \(path) (keep it off the database's host)")
            print("public key   \(path).pub: \(privateKey.publicKey.rawRepresentation.base64EncodedString())")
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a signed anchor of the whole log: every stream's head in one Merkle root.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var key: KeyOptions
        @Option(help: "The anchor file to write (JSON).") var out: String

        func run() async throws {
            let anchor = try await anchor()
            let digest = try anchor.digest
            print(
                "anchored \(CLIValues.count(digest.events, "event")) in \(CLIValues.count(digest.streams, "stream")), "
                    + "root \(digest.root)")
            print("written to \(out)")
        }

        func anchor() async throws -> LogAnchor {
            let logger = database.makeLogger("talentledger.audit")
            let signingKey = try AnchorKeys.privateKey(at: try key.resolved())
            let anchor = try await DatabaseSession.with(database, purpose: .read, logger: logger) { session in
                try await session.store.anchor(signingWith: signingKey)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                try encoder.encode(anchor).write(to: URL(fileURLWithPath: out), options: .withoutOverwriting)
            } catch {
                throw CLIFailure("cannot write \(out): \(CLIValues.describe(error))")
            }
            return anchor
        }
    }
}

/// Reading and writing the anchor keys (base64 of the raw key, one line).
enum AnchorKeys {
    static func write(_ text: String, to path: String, ownerOnly: Bool) throws {
        let created = FileManager.default.createFile(
            atPath: path, contents: Data((text + "\n").utf8),
            attributes: [.posixPermissions: ownerOnly ? 0o600 : 0o644])
        guard created else { throw CLIValues.cannotWrite(path) }
    }

    static func read(_ path: String) throws -> Data {
        let text = String(decoding: try CLIValues.read(path), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: text) else { throw CLIFailure("\(path) does not hold a base64 key") }
        return data
    }

    /// The signing key in `path`. Both halves of a key are 32 bytes of base64, so a public key reads as
    /// a signing key too and would sign anchors that no kept public key verifies: a file named `.pub`, a
    /// file others may read (`audit keygen` writes the signing key for its owner only, as ssh insists on
    /// for its keys) and a key whose public half beside it is another are refused.
    static func privateKey(at path: String) throws -> Curve25519.Signing.PrivateKey {
        let notSigning = "\(path) is not a private signing key"
        if path.hasSuffix(".pub") {
            throw CLIFailure(
                "\(notSigning): KEY.pub is the public half, for `verify --public-key`; sign with KEY itself")
        }
        let privateKey = try key(
            at: path, kind: "an Ed25519 signing key", Curve25519.Signing.PrivateKey.init(rawRepresentation:))
        if let mode = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int,
            mode & 0o077 != 0
        {
            throw CLIFailure(
                "\(notSigning) kept as one: others may read it (mode \(String(mode & 0o777, radix: 8))); "
                    + "a signing key is readable by its owner only (`chmod 600 \(path)`), as `audit keygen` writes it")
        }
        if FileManager.default.fileExists(atPath: path + ".pub"),
            try publicKey(at: path + ".pub").rawRepresentation != privateKey.publicKey.rawRepresentation
        {
            throw CLIFailure("\(notSigning) of \(path).pub: the public key beside it is another key's")
        }
        return privateKey
    }

    static func publicKey(at path: String) throws -> Curve25519.Signing.PublicKey {
        try key(at: path, kind: "an Ed25519 public key", Curve25519.Signing.PublicKey.init(rawRepresentation:))
    }

    static func key<Key>(at path: String, kind: String, _ make: (Data) throws -> Key) throws -> Key {
        let data = try read(path)
        do {
            return try make(data)
        } catch {
            throw CLIFailure("\(path) does not hold \(kind)")
        }
    }
}
