import Crypto
import EventStore
import Foundation
import Metrics
import ReadModels
import TalentDomain

/// An account just issued, with its bearer token: the only time the token is shown.
public struct IssuedAccount: Sendable {
    public var account: Account
    public var token: String
}

/// Bearer tokens: `tl_` and 32 random bytes, base64url; only their SHA-256 is stored.
public enum BearerToken {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "tl_" + text
    }

    /// The hex SHA-256 the register keeps of `token`.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }
}

extension TalentRegister {
    /// Issues an account (the provincial office's and the system's to do): its organization must exist
    /// and fit its role (a unit officer's an employer unit, a bureau's a bureau, …; the province office's
    /// and an auditor's none or the provincial office).
    public func issueAccount(name: String, role: Caller.Role, organization: String?, by caller: Caller) async throws
        -> IssuedAccount
    {
        guard [.provinceOffice, .system].contains(caller.role) else {
            throw Forbidden("账户由省人社厅开设")
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw InvalidInput("name", "1 to 200 characters") }
        guard !PersonName.holdsPhoneOrIDNumber(name) else {
            throw InvalidInput("name", "no phone or id number (seven digits or more): the name is shown on every page")
        }
        // Listed to operators' terminals and pages on one line: no control character (an escape sequence, a
        // tab, a line break), nor a format character (a direction override, U+202E, reorders the line).
        guard !name.holdsLineBreakOrInvisibleCharacter else {
            throw InvalidInput(
                "name", "no control characters (a tab, a line break, a terminal's escape, a direction override)")
        }
        guard role != .system else { throw InvalidInput("role", "the system role is the program's own") }
        let tree = try await queries.access().tree
        switch role {
        case .provinceOffice, .auditor, .monitor:
            // They act for the whole province: no organization, or the province's root (the provincial
            // office). Any other would make the account a level of a unit's chain (O1) that it is not: a
            // province office "of" a city bureau reviews submissions as that bureau.
            guard let organization else { break }
            guard let found = tree[organization] else {
                throw Self.noSuchOrganization(organization)
            }
            guard found.kind == .provincialOffice else {
                throw InvalidInput(
                    "organization",
                    "\(organization) is a \(found.kind.rawValue): the role \(role.rawValue) acts for the whole province "
                        + "(give no organization, or the provincial office)")
            }
        case .unitOfficer, .hrBureau, .supervisingDepartment, .system:
            guard let organization else {
                throw InvalidInput("organization", "the role \(role.rawValue) acts for an organization")
            }
            guard let found = tree[organization] else {
                throw Self.noSuchOrganization(organization)
            }
            guard Access.role(role, fits: found.kind) else {
                throw InvalidInput(
                    "organization",
                    "\(organization) is a \(found.kind.rawValue): it cannot hold the role \(role.rawValue)")
            }
        }
        let token = BearerToken.make()
        let id = "acc-" + UUID().uuidString.lowercased().prefix(8)
        let issued = AccountStream.Issued(
            accountID: id, name: name, role: role.rawValue, organization: organization,
            tokenHash: BearerToken.hash(token))
        try await AccountProjection.record(
            try AccountStream.issue(issued, on: today().description, metadata: metadata(of: caller)),
            in: store)
        let account = Account(
            id: id, name: name, role: role.rawValue, organization: organization, tokenHash: issued.tokenHash,
            issuedAt: Date())
        return IssuedAccount(account: account, token: token)
    }

    /// Revokes an account: its token stops working at once. An account revoked already is left as it
    /// is (a second `AccountRevoked` would say it was revoked twice); the answer says which it was.
    @discardableResult
    public func revokeAccount(_ id: String, reason: String, by caller: Caller) async throws -> Revocation {
        guard [.provinceOffice, .system].contains(caller.role) else {
            throw Forbidden("账户由省人社厅注销")
        }
        try policy.management.registerLimits.check(text: reason, field: "reason")
        // The stream, not the read model, decides: the append below expects its version, so a revocation
        // recorded meanwhile makes this one fail rather than repeat it.
        let stream = try await store.readStream(AccountStream.id(id))
        guard let last = stream.last else { throw NotFound("account \(id)") }
        if let revoked = stream.first(where: { $0.type == AccountStream.revoked }) {
            return .alreadyRevoked(at: revoked.recordedAt)
        }
        try await AccountProjection.record(
            try AccountStream.revoke(
                AccountStream.Revoked(accountID: id, reason: reason), version: last.version,
                on: today().description,
                metadata: metadata(of: caller)),
            in: store)
        return .revoked
    }

    /// Every account: for the provincial office, the auditor and the system.
    public func accounts(by caller: Caller) async throws -> [Account] {
        guard [.provinceOffice, .auditor, .system].contains(caller.role) else {
            throw Forbidden("账户列表仅供省人社厅和审计人员查阅")
        }
        return try await AccountProjection.all(in: store)
    }

    /// The caller a bearer token stands for; nil for an unknown or a revoked token.
    public func caller(bearing token: String) async throws -> Caller? {
        try await account(bearing: token)?.caller
    }

    /// The caller a bearer token stands for and the account's name (as a page greets it); nil for an
    /// unknown or a revoked token.
    ///
    /// Each token refused is counted (`talentledger_tokens_refused_total` in `/metrics`): tokens are 256
    /// random bits, which no one guesses, so a run of refusals is a client with a revoked or mistyped token,
    /// or someone trying, for the operators to be alerted of and to find in the log (never the token).
    public func account(bearing token: String) async throws -> (caller: Caller, name: String)? {
        guard token.hasPrefix("tl_"), token.count < 200,
            let account = try await AccountProjection.account(tokenHash: BearerToken.hash(token), in: store),
            let caller = Self.caller(of: account)
        else {
            Counter(label: "talentledger_tokens_refused_total").increment()
            return nil
        }
        return (caller, account.name)
    }

    /// An account named for an organization the register does not hold: said with how the tree is loaded.
    static func noSuchOrganization(_ organization: String) -> InvalidInput {
        InvalidInput(
            "organization",
            "no organization \(organization) in the register (the tree is loaded with `talentledger organizations import`)"
        )
    }

    /// Who `account` calls as; nil once revoked (or of a role this build does not know).
    static func caller(of account: Account) -> Caller? {
        guard account.revokedAt == nil, let role = Caller.Role(rawValue: account.role) else { return nil }
        return Caller(id: account.id, role: role, organization: account.organization)
    }

    func metadata(of caller: Caller) -> EventMetadata {
        EventMetadata(actor: caller.id, role: caller.role.rawValue, organization: caller.organization)
    }
}

/// What revoking an account came to.
public enum Revocation: Sendable, Hashable {
    /// Revoked now.
    case revoked
    /// Revoked before, at that recording time: nothing recorded.
    case alreadyRevoked(at: Date)
}

/// A caller's input that cannot be used, named by its field.
public struct InvalidInput: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
