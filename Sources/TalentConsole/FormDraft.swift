import Foundation

/// A form posted after its session ended (idle for hours, signed out in another tab, the server restarted):
/// the sign-in page keeps what was typed in hidden fields, and once the person has signed in again the form
/// is drawn on its page filled as it was posted, not recorded, for them to check and send (WCAG 2.2.5,
/// re-authenticating without losing data). Nothing is kept on the server before the sign-in: a form
/// posted without a session names nobody. Only a form this console's own pages post is kept (the sign-in
/// refuses others as it does any sign-in), and only the forms that hold typed facts: signing out, erasing
/// personal data and verifying the chains are sent again with a click.
struct FormDraft: Sendable {
    enum Form: Sendable, Equatable {
        case command(type: String)
        case profile
        case submit
        case review
        case contactForm
        case evaluationWork
    }

    /// The page the form is on, as the address carried it (`/console/talents/JL000001`).
    let page: String
    let form: Form
    /// The fields as posted, without the ended session's CSRF token.
    let fields: FormFields

    /// The draft of a form posted to `action` (a path of the console's forms), nil for a form that is
    /// not kept.
    init?(action: String, fields: FormFields) {
        let parts = action.split(separator: "/", omittingEmptySubsequences: false)
        // "", "console", "talents" or "units", the id, the form's action.
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "console", !parts[3].isEmpty else { return nil }
        switch (parts[2], parts[4]) {
        case ("talents", "commands"):
            guard let type = fields["type"], CommandForms.all.contains(where: { $0.type == type }) else {
                return nil
            }
            form = .command(type: type)
        case ("talents", "profile"): form = .profile
        case ("units", "submit"): form = .submit
        case ("units", "review"): form = .review
        case ("units", "contact-form"): form = .contactForm
        case ("units", "evaluation-work"): form = .evaluationWork
        default: return nil
        }
        page = parts[..<4].joined(separator: "/")
        self.fields = FormFields(values: fields.values.filter { $0.key != "csrf" })
    }

    /// The draft the sign-in form carries back, if any.
    init?(signIn fields: FormFields) {
        guard let action = fields[Self.actionField] else { return nil }
        let posted = fields.values.filter { $0.key.hasPrefix(Self.fieldPrefix) }
        self.init(
            action: action,
            fields: FormFields(
                values: Dictionary(
                    uniqueKeysWithValues: posted.map { (String($0.key.dropFirst(Self.fieldPrefix.count)), $0.value) })))
    }

    /// The draft as the register keeps it with the session until it is drawn again: its form's action and
    /// fields, as JSON.
    var stored: String {
        let object: [String: Any] = ["action": action, "fields": fields.values]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A draft as ``stored`` wrote it; nil for text that is none.
    init?(stored: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any],
            let action = object["action"] as? String, let fields = object["fields"] as? [String: String]
        else { return nil }
        self.init(action: action, fields: FormFields(values: fields))
    }

    /// The sign-in form's hidden fields that carry the draft.
    var hiddenFields: [[String: String]] {
        [["name": Self.actionField, "value": action]]
            + fields.values.sorted { $0.key < $1.key }.map { ["name": Self.fieldPrefix + $0.key, "value": $0.value] }
    }

    /// Where the person goes once signed in: the form, on its page (the unit's page of the form's campaign).
    var address: String {
        let year = fields["year"].flatMap(Int.init).map { "?year=\($0)" } ?? ""
        return page + year + "#form-" + anchor
    }

    var action: String {
        switch form {
        case .command: page + "/commands"
        case .profile: page + "/profile"
        case .submit: page + "/submit"
        case .review: page + "/review"
        case .contactForm: page + "/contact-form"
        case .evaluationWork: page + "/evaluation-work"
        }
    }

    private var anchor: String {
        switch form {
        case .command(let type): type
        case .profile: "profile"
        case .submit: "submit"
        case .review: "review"
        case .contactForm: "contactForm"
        case .evaluationWork: "evaluationWork"
        }
    }

    static let actionField = "draft-action"
    static let fieldPrefix = "draft-field-"
}
