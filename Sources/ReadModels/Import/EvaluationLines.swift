import Foundation
import TalentDomain

/// The checks of an evaluation list that need nothing but the file and the policy.
extension EvaluationImport {
    /// The M2 sources as the file spells them.
    public static let startSources: [String: PeriodStartSource] = [
        "electronic_certificate": .electronicCertificate,
        "provincial_list_document": .provincialListDocument,
        "jixiang_card_issued": .jixiangCardIssued,
    ]

    /// Checks one line: fields present, tier and source known, date real and not after `date`, and the
    /// domain accepts the evaluation (decided on `date` for a talent not yet in the register).
    static func row(_ record: CSV.Record, columns: [String], policy: Policy, date: Day) -> Result<Row, Problem> {
        func bad(_ reason: String) -> Result<Row, Problem> { .failure(Problem(line: record.line, reason: reason)) }
        guard record.fields.count == columns.count else {
            return bad(
                "expected \(columns.count) fields (\(columns.joined(separator: ","))), found \(record.fields.count)")
        }
        let value = record.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let missing = zip(header, value).filter { $0.1.isEmpty }.map(\.0)
        if !missing.isEmpty { return bad("missing \(missing.joined(separator: ", "))") }
        // A name in its composed form (NFC), as a profile's is kept and a search is read: "Zoë" typed with a
        // combining diaeresis is the same name.
        let (id, name, unit, tierText, dateText, sourceText, document) = (
            value[0], value[1].precomposedStringWithCanonicalMapping, value[2], value[3], value[4], value[5], value[6]
        )
        guard TalentID(id).isWellFormed else { return bad("id '\(excerpt(id))' must be \(TalentID.wellFormed)") }
        guard let tier = Tier(rawValue: tierText.uppercased()) else {
            return bad("unknown tier '\(excerpt(tierText))' (A–E)")
        }
        guard let source = startSources[sourceText] else {
            return bad(
                "unknown start_source '\(excerpt(sourceText))' (\(startSources.keys.sorted().joined(separator: ", ")))")
        }
        // The name goes to the profile, not to the domain: the register's limits on texts apply all the same.
        do {
            try policy.management.registerLimits.check(text: name, field: "name")
        } catch {
            return bad("refused by \(error.rule): \(error.reason)")
        }
        // As a profile's name (`PUT …/profile`).
        guard !PersonName.holdsDigits(name) else {
            return bad("the name holds digits: an id number or a phone has no column here (SEC1)")
        }
        guard !name.holdsLineBreakOrInvisibleCharacter else {
            return bad("the name is not one line: it holds a line break, a tab or an invisible format character")
        }
        let start: Day
        do {
            start = try Day(dateText)
        } catch {
            return bad("start_date '\(excerpt(dateText))' is not a date (YYYY-MM-DD)")
        }
        var evaluation = Evaluation(
            talentId: TalentID(id), tier: tier, unit: UnitID(unit),
            professionalField: value.count > header.count ? value[header.count] : "", evaluatingDocument: document)
        switch source {
        case .electronicCertificate: evaluation.certificateDate = start
        case .provincialListDocument: evaluation.listDocumentDate = start
        case .jixiangCardIssued: evaluation.jixiangCardIssuedDate = start
        }
        let events: [TalentEvent]
        do {
            events = try decide(.evaluate(evaluation), .initial, policy, date)
        } catch {
            return bad("refused by \(error.rule): \(error.reason)")
        }
        return .success(
            Row(line: record.line, talent: TalentID(id), name: name, evaluation: evaluation, events: events))
    }
}

/// A value as a message shows it: whole when short, else its start and its length, so that a 100 KB
/// field does not become a 100 KB message.
func excerpt(_ value: String, limit: Int = 40) -> String {
    value.count <= limit ? value : "\(value.prefix(limit))… (\(value.count) characters)"
}
