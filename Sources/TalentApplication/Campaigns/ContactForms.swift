import EventStore
import Foundation
import ReadModels
import TalentDomain

extension TalentRegister {
    static func contactFormStream(campaign: Int, department: String) -> String {
        "contact-form-\(campaign)-\(department)"
    }

    /// Every provincial supervising department of the caller's jurisdiction with its contact form of
    /// `campaign` (O3) as it stood on `date`: sent when and under which reference (a form sent later is
    /// not sent yet), late or not. With `department`, that one alone (none outside the jurisdiction).
    public func contactForms(campaign year: Int, on date: Day, by caller: Caller, department: String? = nil)
        async throws -> [(form: ContactForm, late: Bool)]
    {
        try requireDayHasCome(date, doing: "where contact forms stand is read")
        let access = try await queries.access()
        let campaign = try campaign(year)
        let departments = access.tree.organizations.values.filter {
            $0.kind == .provincialDepartment && access.mayRead(organization: $0.id, caller: caller)
                && (department == nil || department == $0.id)
        }.map(\.id).sorted()
        let events = try await store.withConnection { store in
            try await store.readStreams(departments.map { Self.contactFormStream(campaign: year, department: $0) })
        }
        let sent = Dictionary(
            try events.map { ($0.streamID, try JSONDecoder().decode(ContactForm.self, from: $0.data)) },
            uniquingKeysWith: { first, _ in first })
        return departments.map { department in
            let unsent = ContactForm(department: department)
            var form = sent[Self.contactFormStream(campaign: year, department: department)] ?? unsent
            if let sentOn = form.sentOn, sentOn > date { form = unsent }
            return (form, form.isLate(in: campaign, on: date))
        }
    }

    /// A provincial supervising department sends its contact form (O3): the department's own account, or
    /// the provincial office for it. Sent once; after the deadline it is flagged late, not refused. With
    /// the `commandID` of the form sent before (a client's idempotency key), answered as that one was.
    @discardableResult
    public func sendContactForm(
        campaign year: Int, department: String, reference: String, on date: Day, by caller: Caller,
        commandID: UUID? = nil
    ) async throws -> ContactForm {
        // A role that never sends one is told so before the department it names is looked up.
        guard Self.sendsContactForms(caller) else {
            throw Forbidden("联系表由省级主管部门自行报送")
        }
        let access = try await queries.access()
        guard access.mayRead(organization: department, caller: caller) else {
            throw NotFound("department \(department)")
        }
        // An organization of the jurisdiction that is no department: the id is of the wrong kind.
        guard access.tree[department]?.kind == .provincialDepartment else {
            throw InvalidInput("department", "\(department) is no provincial supervising department")
        }
        let campaign = try campaign(year)
        try policy.management.registerLimits.check(text: reference, field: "reference")
        let streamID = Self.contactFormStream(campaign: year, department: department)
        let retry = commandID.map {
            CampaignStepRetry(commandID: $0, step: "send", streamID: streamID, on: date, words: [reference])
        }
        return try await Self.retryingConflicts {
            try await store.withTransaction { transaction in
                // A retry is answered before its day is judged (as a submission's is).
                if let sent = try await retry?.earlier(on: streamID, on: transaction)?.last {
                    return try JSONDecoder().decode(ContactForm.self, from: sent.data)
                }
                try self.requireDating(date, by: caller)
                let earlier = try await transaction.readStream(streamID)
                let current =
                    try earlier.last.map { try JSONDecoder().decode(ContactForm.self, from: $0.data) }
                    ?? ContactForm(department: department)
                let sent = try current.send(reference: reference, in: campaign, on: date)
                let appended = try await transaction.append(
                    [
                        StreamAppend(
                            streamID: streamID, streamType: "contact-form", expected: .noStream,
                            events: [
                                try NewEvent(
                                    type: "ContactFormSent", payload: sent,
                                    metadata: CampaignStepRetry.metadata(of: retry, by: caller),
                                    effectiveDate: date.description)
                            ])
                    ], commandID: retry?.commandID ?? .timeOrdered())
                // The same retry, recorded by another request since the check above: answered from it, next.
                if appended.replayed { throw ConcurrentRepeat(commandID: appended.commandID) }
                return sent
            }
        }
    }
}
