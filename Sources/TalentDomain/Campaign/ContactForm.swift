/// O3 联系表 (Attachment 6): each provincial supervising department sends the province its contact form
/// by the campaign's deadline; sent later, it is accepted and flagged.
public struct ContactForm: Sendable, Hashable, Codable {
    public var department: String
    public var sentOn: Day?
    /// The document's reference (文号 or register number) as the department gives it.
    public var reference: String?

    public init(department: String, sentOn: Day? = nil, reference: String? = nil) {
        self.department = department
        self.sentOn = sentOn
        self.reference = reference
    }

    /// Whether it was (or, unsent, will be) later than `campaign`'s deadline, as of `day`.
    public func isLate(in campaign: Campaign, on day: Day) -> Bool {
        guard let sentOn else { return day > campaign.contactFormDeadline }
        return sentOn > campaign.contactFormDeadline
    }

    /// O3: sending the form of `campaign`; once only, and not before the campaign's work opens (the form
    /// answers the notice: one dated before it is a day mistyped).
    public func send(reference: String, in campaign: Campaign, on day: Day) throws(Refusal) -> ContactForm {
        guard sentOn == nil else {
            throw Refusal(.O3, "\(department)的联系表已于\(sentOn.map(\.description) ?? "")报送")
        }
        guard day >= campaign.workOpens else {
            throw Refusal(
                .O3, "\(campaign.year)年度考核工作自\(campaign.workOpens)起开展，联系表不能记为\(day)报送", field: "effectiveOn")
        }
        guard !reference.isBlank else { throw Refusal(.O3, "须填写联系表的文号或登记号", field: "reference") }
        // A reference is one line of the documents and pages that cite it (as a name is).
        guard !reference.holdsLineBreakOrInvisibleCharacter else {
            throw Refusal(.O3, "联系表的文号或登记号应在一行内，不能含换行、制表符或不可见字符", field: "reference")
        }
        return ContactForm(department: department, sentOn: day, reference: reference)
    }
}
