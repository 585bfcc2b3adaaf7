import Foundation
import TalentApplication
import TalentDomain

/// The command forms a talent's page offers, each for one `TalentCommand`: its fields as the page draws
/// them and how the posted fields become the command. Which of them a caller sees is ``Access``'s
/// decision on a sample of each.
struct CommandForm: Sendable {
    struct Field: Sendable {
        enum Kind: Sendable {
            case text
            /// A text that may be left empty.
            case optionalText
            case date
            /// A day that may be left empty.
            case optionalDate
            case year
            case choice([(value: String, label: String)])
            case check
        }
        let name: String
        let label: String
        let kind: Kind
        /// For a choice that depends on the talent: the options its situation offers on the page's occasion
        /// (the reported situations a verification may be of, the instalments fallen due), in place of the
        /// kind's.
        var offered: (@Sendable (Talent, FormOccasion) -> [(value: String, label: String)])? = nil
        /// What the field starts with on a form not yet posted, where the talent's record knows it (a
        /// correction's record as it stands, the unit of a re-evaluation): "on" ticks a check.
        var prefilled: (@Sendable (Talent, FormOccasion) -> String?)? = nil
    }

    let type: String
    let title: String
    /// The rule the command answers to, shown beside the form.
    let rule: String
    let fields: [Field]
    /// A command of this kind, for the access decision.
    let sample: TalentCommand
    /// What the command's day (`effectiveOn`) is to the person filling the form: the day a fact takes
    /// effect, or, for a fact that carries its own date (a retirement's, a move's), the day the unit
    /// reports it (X9), which the timeline shows on the report and not on the fact.
    var effectiveLabel = "生效日期"
    /// The day the form's effective date starts at, where today would be refused (a payment recorded after
    /// the subsidy stopped is dated before the stop); nil: today.
    var effectiveDay: @Sendable (Talent, FormOccasion) -> Day? = { _, _ in nil }
    /// Whether the form is drawn for a talent in this state on the page's occasion: a form that answers one
    /// situation (an agreement to renew, a report to verify, six months out of contact) only where the
    /// situation is.
    var applies: @Sendable (Talent, FormOccasion) -> Bool = { _, _ in true }
    /// The campaign's work (W1–W3) the form records, when it records one: drawn only for a talent some
    /// campaign of the policy takes it from.
    var workItem: WorkItem?
    /// For a form of a campaign's year: whether the talent's record of a campaign can still take it (a
    /// survey not yet submitted, a result not yet final under G6, an objection waiting for its answer).
    /// The form is drawn for the years it holds for, and starts at the latest of them.
    var takes: (@Sendable (CampaignRecord, Talent, FormOccasion) -> Bool)?
    /// The form's field for a member of the command where their names differ, so that a refusal naming the
    /// member is said beside it (a verification's `reason` is the situation verified, and every form's own
    /// `reason` is its note).
    var fieldsOfMembers: [String: String] = [:]
    /// The command the posted fields make for the talent of the page: most forms' commands do not name the
    /// talent, an evaluation's does.
    let build: @Sendable (FormFields, TalentID) throws -> TalentCommand

    func command(_ fields: FormFields, of talent: TalentID) throws -> TalentCommand { try build(fields, talent) }

    /// Whether the page draws the form for a talent in this state on `occasion`: for a talent who has
    /// exited, only what the exit does not end (C2; ``TalentCommand/outlivesTheExit(of:)``), no survey or
    /// assessment while an exit report waits (W4), nothing of the talent's life while a death reported waits
    /// (X9), a form of a campaign's year only for a campaign that can still take it (``campaignYears``), and
    /// a form that answers one situation only where the situation is (``applies``).
    func isDrawn(for state: Talent, on occasion: FormOccasion) -> Bool {
        // Once exited, only what the exit does not end (an objection, a death on the contact list), and a new
        // evaluation, which is decided before the exit is (C3 says whether one may come after it).
        guard !state.hasExited || sample.outlivesTheExit(of: state) || sample.isEvaluation else { return false }
        if state.hasReportedExitSituation, sample.isSurveyOrAssessment { return false }
        if state.pendingExitReport(.died) != nil, sample.recordsTheTalentsLife {
            return false
        }
        if hasField(CommandForms.campaignField.name), campaignYears(for: state, on: occasion).isEmpty { return false }
        return applies(state, occasion)
    }

    /// The campaigns whose year the form may be filled with: for a campaign's work (W1–W3), those of the
    /// policy begun by the day that take it from the talent (a talent whose period started after 2020 has no
    /// end-term assessment in 2025); for the rest, the campaigns the talent has a record of; either kept
    /// only where the record can still take the form (``takes``).
    func campaignYears(for state: Talent, on occasion: FormOccasion) -> [Int] {
        let years =
            workItem.map { item in
                occasion.campaigns.filter { $0.workItems(for: state, on: occasion.today).contains(item) }.map(\.year)
            } ?? state.campaigns.keys.sorted()
        guard let takes else { return years }
        return years.filter { takes(state.campaign($0), state, occasion) }
    }

    /// The same form, drawn only for a talent some campaign takes `item` from.
    func recording(_ item: WorkItem) -> CommandForm {
        var form = self
        form.workItem = item
        return form
    }

    /// The names the page's own inputs take beside a form's fields.
    static let pageFieldNames: Set<String> = ["csrf", "type", "version", "requestKey", "effectiveOn", "reason"]

    /// The form with its effective date starting at the day `day` gives, where it gives one.
    func dated(_ day: @escaping @Sendable (Talent, FormOccasion) -> Day?) -> CommandForm {
        var form = self
        form.effectiveDay = day
        return form
    }

    /// The same form, shown only for a talent `applies` holds for.
    func shown(when applies: @escaping @Sendable (Talent) -> Bool) -> CommandForm {
        var form = self
        form.applies = { state, _ in applies(state) }
        return form
    }

    /// The same form, with a refusal naming the command's `member` said beside its `field`.
    func naming(member: String, field: String) -> CommandForm {
        var form = self
        form.fieldsOfMembers[member] = field
        return form
    }

    /// The same form, shown only for a talent `applies` holds for on the page's occasion.
    func shown(on applies: @escaping @Sendable (Talent, FormOccasion) -> Bool) -> CommandForm {
        var form = self
        form.applies = applies
        return form
    }

    /// The same form, not drawn while a report of `reason` waits for the province (X9: one report of a
    /// situation waits at a time, and the register refuses a second).
    func unlessReported(_ reason: ExitReason) -> CommandForm {
        let applies = self.applies
        return shown { state, occasion in
            applies(state, occasion) && state.pendingExitReport(reason) == nil
        }
    }

    /// The same form, for a campaign's year whose record `takes` holds for.
    func taking(_ takes: @escaping @Sendable (CampaignRecord, Talent, FormOccasion) -> Bool) -> CommandForm {
        var form = self
        form.takes = takes
        return form
    }

    /// The label of the field `name` (of this form, its effective date or its reason), as a refusal names it.
    func label(of name: String) -> String {
        let label =
            switch name {
            case "effectiveOn": effectiveLabel
            case "reason": "说明"
            default: fields.first { $0.name == name }?.label ?? name
            }
        // The hint in brackets (when to fill it in) is the form's, not the message's.
        return label.split(separator: "（", maxSplits: 1).first.map(String.init) ?? label
    }

    /// Every problem of the posted fields the form can tell field by field, by the field's name, each said
    /// as "label：what is wrong": a text or day left empty, a day that is none, a year that is none, a choice
    /// not made, the form's own day. The command's builder stops at its first problem; these are said beside
    /// their fields at once, so that a form with three mistakes is not sent back three times.
    func problems(in fields: FormFields) -> [(field: String, text: String)] {
        var problems: [(field: String, text: String)] = []
        func check(_ name: String, _ read: () throws -> Void) {
            do {
                try read()
            } catch let invalid as InvalidInput {
                problems.append((name, "\(label(of: name))：\(invalid.reason)"))
            } catch {
                problems.append((name, "\(label(of: name))：\(error)"))
            }
        }
        for field in self.fields {
            switch field.kind {
            case .text: check(field.name) { _ = try CommandForms.text(fields, field.name) }
            case .date: check(field.name) { _ = try CommandForms.day(fields, field.name) }
            case .optionalDate: check(field.name) { _ = try CommandForms.optionalDay(fields, field.name) }
            case .year: check(field.name) { _ = try CommandForms.year(fields, field.name) }
            case .choice:
                check(field.name) {
                    guard fields.text(field.name) != nil else { throw InvalidInput(field.name, "请选择") }
                }
            case .optionalText, .check: break
            }
        }
        check("effectiveOn") { _ = try fields.day("effectiveOn", label: label(of: "effectiveOn")) }
        return problems
    }

    /// The form's field a refusal naming the command's `member` is about.
    func field(ofMember member: String) -> String { fieldsOfMembers[member] ?? member }

    /// The form's field a refusal naming a member by its path in the command (`evaluation.unit`, or a
    /// member alone) is about: its last member's.
    func field(atPath path: String) -> String {
        field(ofMember: path.split(separator: ".").last.map(String.init) ?? path)
    }

    /// Whether the form draws a field `name` (its effective date and reason included).
    func hasField(_ name: String) -> Bool {
        ["effectiveOn", "reason"].contains(name) || fields.contains { $0.name == name }
    }

    /// The form as the page draws it: empty, or as it was posted and refused, with what was entered and
    /// the refusal next to the field it is about (a rule's refusal of the whole command heads the form).
    func drawn(for state: Talent, on occasion: FormOccasion, refused: FormRefusal? = nil) -> DrawnCommandForm {
        let today = occasion.today
        let refused = refused?.type == type ? refused : nil
        func entered(_ name: String) -> String? { refused?.entered[name] }
        func drawnField(_ name: String, _ label: String, _ value: String, _ input: DrawnCommandForm.Field.Input)
            -> DrawnCommandForm.Field
        {
            DrawnCommandForm.Field(
                name: name, label: label, id: "\(type)-\(name)", value: value, input: input,
                problem: refused?.problem(of: name))
        }
        let pageFields = [
            drawnField(
                "effectiveOn", effectiveLabel,
                entered("effectiveOn") ?? (effectiveDay(state, occasion) ?? today).description, .date(required: false)),
            drawnField("reason", "说明（可选）", entered("reason") ?? "", .text(required: false)),
        ]
        return DrawnCommandForm(
            type: type, title: title, rule: rule, open: refused != nil,
            refusal: refused.flatMap { $0.field == nil && !$0.restored ? $0.text : nil },
            restored: refused.flatMap { $0.restored ? $0.text : nil },
            fields: fields.map { field in
                // A form drawn again shows what was posted, a field emptied or a box unticked included.
                let prefilled = refused == nil ? field.prefilled?(state, occasion) : nil
                var value = entered(field.name) ?? prefilled ?? ""
                let input: DrawnCommandForm.Field.Input
                switch field.kind {
                case .text: input = .text(required: true)
                case .optionalText: input = .text(required: false)
                case .date: input = .date(required: true)
                case .optionalDate: input = .date(required: false)
                case .year:
                    input = .year(occasion.policy.management.registerLimits.years)
                    // A campaign's year starts at the latest campaign the form can act on; an assessment's
                    // at the year before, the one assessed early in a year.
                    let year =
                        field.name == CommandForms.campaignField.name
                        ? campaignYears(for: state, on: occasion).max() ?? today.year - 1 : today.year - 1
                    value = entered(field.name) ?? String(year)
                case .choice(let options):
                    let offered = field.offered.map { [CommandForms.unchosen] + $0(state, occasion) } ?? options
                    // The one option a talent's situation offers is the choice already made.
                    let only = offered.count == 2 && field.offered != nil ? offered.last?.value : nil
                    input = .choice(
                        offered.map { ($0.value, $0.label, (entered(field.name) ?? prefilled ?? only) == $0.value) })
                case .check:
                    input = .check(checked: (entered(field.name) ?? prefilled) == "on")
                }
                return drawnField(field.name, field.label, value, input)
            } + pageFields)
    }
}

extension CommandForm {
    /// A form whose command does not name the talent: every form but an evaluation's.
    init(
        type: String, title: String, rule: String, fields: [Field], sample: TalentCommand,
        effectiveLabel: String = "生效日期", build: @escaping @Sendable (FormFields) throws -> TalentCommand
    ) {
        self.init(
            type: type, title: title, rule: rule, fields: fields, sample: sample, effectiveLabel: effectiveLabel,
            build: { fields, _ in try build(fields) })
    }
}

/// A command form the register refused: the fields as posted, and the refusal with the field it is
/// about (nil for a rule's refusal of the whole command, or a page that went stale).
///
/// A form drawn again from a ``FormDraft`` (posted after its session ended) comes this way too, `restored`:
/// its text says it was not recorded, and nothing in it is a problem.
struct FormRefusal: Sendable {
    var type: String
    var text: String
    var field: String?
    var entered: FormFields
    var restored = false
    /// Problems of other fields found with the one `field` names, each said beside its field.
    var others: [String: String] = [:]

    /// What is said beside the field `name`, if anything.
    func problem(of name: String) -> String? { field == name ? text : others[name] }
}

/// What besides a talent's state decides which forms its page draws and what they start with: the day,
/// the policy with its campaigns begun by the day, what follows from the day (X8's months out of
/// contact), and the evaluation the talent's tier stands on as its record now reads (which the state keeps
/// in part only).
struct FormOccasion: Sendable {
    let today: Day
    let policy: Policy
    let campaigns: [Campaign]
    let facts: AsOfFacts
    let evaluation: TalentEvaluated?

    init(for state: Talent, policy: Policy, today: Day, evaluation: TalentEvaluated? = nil) {
        self.today = today
        self.policy = policy
        self.evaluation = evaluation
        campaigns = policy.allCampaigns.filter { $0.year <= today.year }
        facts = state.state(asOf: today, policy: policy)
    }
}
