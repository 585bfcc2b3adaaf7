import Foundation

/// A command form as a talent's page draws it: empty, or as it was posted and refused, with what was
/// entered and each problem beside its field. Written to HTML by hand, as the timeline's rows are: a page
/// of a role that records facts draws dozens of forms, and the template engine's lookups of each field's
/// sections through its context stack were most of such a page's time.
struct DrawnCommandForm: Sendable {
    struct Field: Sendable {
        enum Input: Sendable {
            case text(required: Bool)
            case date(required: Bool)
            /// A year within the register's `years`.
            case year(ClosedRange<Int>)
            case choice([(value: String, label: String, selected: Bool)])
            case check(checked: Bool)
        }

        let name: String
        let label: String
        /// The input's id on the page: the form's type and the field's name.
        let id: String
        let value: String
        let input: Input
        let problem: String?
    }

    let type: String
    let title: String
    let rule: String
    /// Drawn open where it comes back refused or filled again; closed, it is its title.
    let open: Bool
    /// A rule's refusal of the whole command, at the form's head.
    let refusal: String?
    /// What a form filled again from a draft says (it was not recorded).
    let restored: String?
    /// The command's fields, then the page's own: its day (`effectiveOn`) and its reason.
    let fields: [Field]

    /// The form's HTML on the page of `talent` at `version`, carrying the session's `csrf` and the page's
    /// `requestKey`.
    func html(talent: String, version: Int64, csrf: String, requestKey: String) -> String {
        let e = Markup.escaped
        let type = e(self.type)
        let title = e(self.title)
        let rule = e(self.rule)
        var described = ""
        if refusal != nil { described += " aria-describedby=\"\(type)-refusal\"" }
        if restored != nil { described += " aria-describedby=\"\(type)-restored\"" }
        var html = """
            <details class="command"\(open ? " open" : "")>
            <summary>\(title) <small>（\(rule)）</small></summary>
            <form class="command" id="form-\(type)" method="post" action="/console/talents/\(e(talent))/commands#form-\(type)">
            <fieldset\(described)>
            <legend class="visually-hidden">\(title)（\(rule)）</legend>
            <input type="hidden" name="csrf" value="\(e(csrf))">
            <input type="hidden" name="type" value="\(type)">
            <input type="hidden" name="version" value="\(version)">
            <input type="hidden" name="requestKey" value="\(e(requestKey))">

            """
        if let refusal { html += "<p class=\"problem\" id=\"\(type)-refusal\" role=\"alert\">\(e(refusal))</p>\n" }
        if let restored {
            html += "<p class=\"restored\" id=\"\(type)-restored\" role=\"status\">\(e(restored))</p>\n"
        }
        for field in fields { html += field.html }
        html += """
            <button type="submit" aria-label="提交：\(title)">提交</button>
            </fieldset>
            </form>
            </details>

            """
        return html
    }

    /// An input with its label, and its problem beside it (`aria-invalid`, described by the problem).
    static func input(
        id: String, name: String, label: String, value: String, type: String?, problem: String?,
        required: Bool = false, extra: String = ""
    ) -> String {
        let e = Markup.escaped
        let typed = type.map { " type=\"\($0)\"" } ?? ""
        return "<label for=\"\(e(id))\">\(e(label))</label><input id=\"\(e(id))\" name=\"\(e(name))\"\(typed) "
            + "value=\"\(e(value))\"\(extra)\(required ? " required" : "")\(invalid(id, problem))>\n"
            + problemText(id, problem)
    }

    static func invalid(_ id: String, _ problem: String?) -> String {
        problem == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(Markup.escaped(id))-problem\""
    }

    static func problemText(_ id: String, _ problem: String?) -> String {
        problem.map {
            "<p class=\"problem\" id=\"\(Markup.escaped(id))-problem\" role=\"alert\">\(Markup.escaped($0))</p>\n"
        }
            ?? ""
    }
}

extension DrawnCommandForm.Field {
    var html: String {
        let e = Markup.escaped
        let form = DrawnCommandForm.self
        switch input {
        case .text(let required):
            return form.input(
                id: id, name: name, label: label, value: value, type: nil, problem: problem, required: required)
        case .date(let required):
            return form.input(
                id: id, name: name, label: label, value: value, type: "date", problem: problem, required: required)
        case .year(let years):
            return form.input(
                id: id, name: name, label: label, value: value, type: "number", problem: problem, required: true,
                extra: " min=\"\(years.lowerBound)\" max=\"\(years.upperBound)\"")
        case .choice(let options):
            let drawn = options.map {
                "<option value=\"\(e($0.value))\"\($0.selected ? " selected" : "")>\(e($0.label))</option>"
            }.joined()
            return "<label for=\"\(e(id))\">\(e(label))</label><select id=\"\(e(id))\" name=\"\(e(name))\""
                + "\(form.invalid(id, problem))>\(drawn)</select>\n" + form.problemText(id, problem)
        case .check(let checked):
            return
                "<label class=\"check\" for=\"\(e(id))\"><input id=\"\(e(id))\" name=\"\(e(name))\" type=\"checkbox\""
                + "\(checked ? " checked" : "")\(form.invalid(id, problem))> \(e(label))</label>\n"
                + form.problemText(id, problem)
        }
    }
}
