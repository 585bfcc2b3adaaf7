import Foundation
import Logging
import ReadModels
import TalentDomain

extension TalentRegister {
    /// Replaces a talent's personal data: for those who see it in full (SEC1), the talent's own unit
    /// officer and the provincial office. Answers the talent's row as the caller now sees it.
    @discardableResult
    public func replaceProfile(
        _ data: PersonalData, of talent: TalentID, by caller: Caller, logger: Logger? = nil
    ) async throws -> TalentListing {
        try await mayKeepProfile(of: talent, by: caller)
        let checked = try data.validated(limits: policy.management.registerLimits, today: today())
        let holder = try await store.withConnection(logger: logger) { store in
            try await TalentProfiles.replace(
                talent: talent.rawValue, name: checked.name, nationalID: checked.nationalID, phone: checked.phone,
                by: caller.id, on: store.connection)
        }
        if let holder = holder.map({ TalentID($0) }) {
            // Named only to whoever keeps that talent's personal data too.
            let named = (try? await mayKeepProfile(of: holder, by: caller)) != nil
            throw NationalIDInUse(holder: named ? holder : nil)
        }
        return try await queries.talent(talent, by: caller)
    }

    /// Erases a talent's personal data; its history stays whole and names no one. Erasing what is
    /// already gone is no error (a retried request answers alike).
    public func eraseProfile(of talent: TalentID, by caller: Caller, logger: Logger? = nil) async throws {
        try await mayKeepProfile(of: talent, by: caller)
        _ = try await store.withConnection(logger: logger) { store in
            try await TalentProfiles.erase(talent: talent.rawValue, by: caller.id, on: store.connection)
        }
    }

    /// Who kept or erased the talent's personal data, and when (the fields, never their values): for
    /// auditors and the provincial office, as the raw events are.
    public func profileChanges(of talent: TalentID, by caller: Caller, logger: Logger? = nil) async throws
        -> [ProfileChange]
    {
        _ = try await queries.visible(talent, by: caller)
        guard Access.mayAudit(caller) else { throw Forbidden("个人信息的变更记录仅供审计人员和省人社厅查阅") }
        return try await store.withConnection(logger: logger) { store in
            try await TalentProfiles.changes(of: talent.rawValue, on: store.connection)
        }
    }

    /// Every talent's personal-data changes after `cursor` (a change's ``ProfileChange/sequence``), in the
    /// order they were made: what a copy of the register follows to correct and erase the personal data
    /// it holds (the talents' versions do not move with them). For auditors and the provincial office; an
    /// auditor, who sees classified talents (T4) in counts only, is not given theirs.
    public func profileChanges(after cursor: String?, limit: Int = 100, by caller: Caller, logger: Logger? = nil)
        async throws -> Page<ProfileChange>
    {
        guard Access.mayAudit(caller) else { throw Forbidden("个人信息的变更记录仅供审计人员和省人社厅查阅") }
        let after = try cursor.map { text -> Int64 in
            guard let sequence = Int64(text), sequence >= 0 else {
                throw InvalidInput("cursor", "the nextCursor of the page before (a change's sequence number)")
            }
            return sequence
        }
        let size = min(max(1, limit), RegisterQueries.maximumPageSize)
        let access = try await queries.access()
        let changes = try await store.withConnection(logger: logger) { store in
            try await TalentProfiles.changes(
                after: after, limit: size + 1,
                classifiedApart: access.countsClassifiedApart(caller: caller),
                on: store.connection)
        }
        let shown = Array(changes.prefix(size))
        return Page(items: shown, nextCursor: changes.count > size ? shown.last.map { String($0.sequence) } : nil)
    }

    /// ``NotFound`` when the caller may not see the talent, ``Forbidden`` when it sees it only masked.
    func mayKeepProfile(of talent: TalentID, by caller: Caller) async throws {
        let (_, visibility) = try await queries.visible(talent, by: caller)
        guard visibility == .full else {
            throw Forbidden("个人信息由人才所在单位和省人社厅登记（SEC1）", rule: .SEC1)
        }
    }
}
