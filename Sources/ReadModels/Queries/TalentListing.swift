import EventStore
import Foundation
import Postgres
import TalentDomain

/// A talent as the current read model shows it, with the name from its profile: one line of a list.
public struct TalentListing: Sendable, Hashable, Codable {
    public var id: TalentID
    /// From `talent_profiles`; nil when none was recorded or it was erased.
    public var name: String?
    /// 身份证号, from `talent_profiles`.
    public var nationalID: String?
    /// From `talent_profiles`.
    public var phone: String?
    public var tier: Tier?
    public var status: Talent.Status
    public var unit: String?
    /// O2: the unit that answers for the talent.
    public var reportingUnit: String?
    public var professionalField: String?
    /// T4 涉密人员
    public var classified: Bool
    public var jixiangCard: CardState
    public var jijianCard: CardState
    public var talentCode: CardState
    public var periodStart: Day?
    public var periodEnd: Day?
    /// The talent stream's version this row reflects (an API's ETag).
    public var version: Int64

    enum CodingKeys: String, CodingKey {
        case id, name
        case nationalID = "nationalId"
        case phone, tier, status, unit, reportingUnit, professionalField
        case classified, jixiangCard, jijianCard, talentCode, periodStart, periodEnd, version
    }

    /// The row as JSON text, member for member as its `Codable` encodes it, written by hand as
    /// ``CurrentState`` is: an answer that carries a kept state as text need not start `JSONEncoder` for
    /// the row beside it.
    public var json: String {
        var members = JSONObject()
        members.add("id", string: id.rawValue)
        members.add("name", string: name)
        members.add("nationalId", string: nationalID)
        members.add("phone", string: phone)
        members.add("tier", string: tier?.rawValue)
        members.add("status", string: status.rawValue)
        members.add("unit", string: unit)
        members.add("reportingUnit", string: reportingUnit)
        members.add("professionalField", string: professionalField)
        members.add("classified", bool: classified)
        members.add("jixiangCard", string: jixiangCard.rawValue)
        members.add("jijianCard", string: jijianCard.rawValue)
        members.add("talentCode", string: talentCode.rawValue)
        members.add("periodStart", day: periodStart)
        members.add("periodEnd", day: periodEnd)
        members.add("version", integer: version)
        return members.text
    }

    /// The unit that answers for the talent: the reporting unit, else the current one.
    public var answeringUnit: String? { reportingUnit ?? unit }

    /// The columns `init(row:)` reads, from `talents t` left-joined with `talent_profiles p`.
    static let columns: StaticString = """
        t.talent_id, p.name, t.tier, t.status, t.unit_id, t.reporting_unit_id, t.professional_field, t.classified,
        t.jixiang_card, t.jijian_card, t.talent_code, to_char(t.period_start, 'YYYY-MM-DD'),
        to_char(t.period_end, 'YYYY-MM-DD'), t.version, p.national_id, p.phone
        """

    init(row: PostgresRow) throws {
        id = TalentID(try row.decode(String.self, at: 0))
        name = try row.decode(String?.self, at: 1)
        tier = try row.decode(String?.self, at: 2).flatMap(Tier.init(rawValue:))
        status = Talent.Status(rawValue: try row.decode(String.self, at: 3)) ?? .notEvaluated
        unit = try row.decode(String?.self, at: 4)
        reportingUnit = try row.decode(String?.self, at: 5)
        professionalField = try row.decode(String?.self, at: 6)
        classified = try row.decode(Bool.self, at: 7)
        jixiangCard = CardState(rawValue: try row.decode(String.self, at: 8)) ?? .none
        jijianCard = CardState(rawValue: try row.decode(String.self, at: 9)) ?? .none
        talentCode = CardState(rawValue: try row.decode(String.self, at: 10)) ?? .none
        periodStart = try row.decode(String?.self, at: 11).flatMap { try? Day($0) }
        periodEnd = try row.decode(String?.self, at: 12).flatMap { try? Day($0) }
        version = try row.decode(Int64.self, at: 13)
        nationalID = try row.decode(String?.self, at: 14)
        phone = try row.decode(String?.self, at: 15)
    }
}

/// What a list of talents is narrowed to; every field left nil narrows nothing.
public struct TalentFilter: Sendable, Hashable {
    /// Talents this unit answers for (O2).
    public var unit: String?
    /// Talents whose answering unit lies in this organization's subtree (O1).
    public var organization: String?
    public var tier: Tier?
    public var status: Talent.Status?
    /// A card and the status it must have (both or neither).
    public var card: TrackedCard?
    public var cardStatus: CardState?
    /// A campaign's work item (W1–W3), optionally with the progress it must show.
    public var campaign: Int?
    public var workItem: WorkItem?
    public var progress: String?
    public var classified: Bool?
    /// Matches the start of the register id in any case, and the name anywhere when `searchNames` is set, in
    /// any case too (Unicode's, through the database's ICU collation: `Müller` finds `MÜLLER`). `text` is
    /// composed (NFC), as names are written; a name kept decomposed (written before they were) is composed
    /// where it is compared.
    public var text: String?
    /// Whether `text` may match names: only for callers allowed to see them.
    public var searchNames: Bool
    /// Only talents that may have something overdue on this day: the ones the overdue list folds. Those
    /// whose rows say so now (`Talent.mayHaveOverdueItems`), and, for a past day, those with a fact that
    /// took effect after it: a report owed then may have been made, or its matter decided, since.
    public var mayBeOverdueOn: OverdueDay?

    public init(
        unit: String? = nil, organization: String? = nil, tier: Tier? = nil, status: Talent.Status? = nil,
        card: TrackedCard? = nil, cardStatus: CardState? = nil, campaign: Int? = nil, workItem: WorkItem? = nil,
        progress: String? = nil, classified: Bool? = nil, text: String? = nil, searchNames: Bool = false,
        mayBeOverdueOn: OverdueDay? = nil
    ) {
        self.unit = unit
        self.organization = organization
        self.tier = tier
        self.status = status
        self.card = card
        self.cardStatus = cardStatus
        self.campaign = campaign
        self.workItem = workItem
        self.progress = progress
        self.classified = classified
        self.text = text
        self.searchNames = searchNames
        self.mayBeOverdueOn = mayBeOverdueOn
    }
}

/// The day an overdue list is of, as its filter (``TalentFilter/mayBeOverdueOn``) reads it.
public enum OverdueDay: Sendable, Hashable {
    /// A day no fact takes effect after (today: none is recorded ahead of it): the rows' flag says it all.
    case latest
    /// A day facts may have taken effect after.
    case past(Day)
}
