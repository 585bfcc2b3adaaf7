import Foundation
import TalentDomain

/// The organization tree (O1, 条块结合) as an operator loads it into a register of its own: a CSV of one
/// organization a line, `id,name,shortName,kind,parent,region` (or the Chinese headings 编号, 名称, 简称,
/// 类别, 上级, 市州; 序号, 备注 and 说明 passed over), or a workbook (.xlsx) whose sheet holding that header
/// has them a row each, every line checked before any is registered.
///
/// A line's parent is in the register or earlier or later in the file, and of a kind its kind reports to:
/// a department or a city bureau to the provincial office, a county bureau to a city bureau, central and
/// provincial units to a department, city units to a city bureau, county units to a county bureau, and a
/// private enterprise to the bureau where it is registered (a county's, a city's, or the province's).
public enum OrganizationList {
    /// The columns, each with the Chinese heading that may stand for it; `region` may be left out.
    public static let columns: [(name: String, chinese: String)] = [
        ("id", "编号"), ("name", "名称"), ("shortName", "简称"), ("kind", "类别"), ("parent", "上级"),
        ("region", "市州"),
    ]

    /// The organizations read, in the file's order, and every line's problem; registered only when there
    /// is none.
    public struct Read: Sendable {
        public var organizations: [Organization]
        public var problems: [CSV.Problem]
    }

    /// O1: the kinds an organization of each kind may report to.
    public static let parentKinds: [Organization.Kind: Set<Organization.Kind>] = [
        .provincialOffice: [],
        .provincialDepartment: [.provincialOffice], .cityBureau: [.provincialOffice], .countyBureau: [.cityBureau],
        .centralUnit: [.provincialDepartment], .provincialUnit: [.provincialDepartment], .cityUnit: [.cityBureau],
        .countyUnit: [.countyBureau], .privateEnterprise: [.countyBureau, .cityBureau, .provincialOffice],
    ]

    /// The characters a short name may not hold: it names a unit's files and package (S1), and these are a
    /// folder's separator or no part of a file's name on Windows, where the package is opened.
    static let charactersNoFileName = Set("/\\:*?\"<>|")

    /// Headings an office's sheet carries beside the tree's columns, whose values are not read: the rows'
    /// numbers and remarks.
    static let ignoredHeadings: Set<String> = ["序号", "备注", "说明"]

    /// Whether `fields` name every column a line needs (in English or Chinese): the tree's header. A
    /// workbook's sheet whose first rows hold one is the tree's (a notes sheet may come first).
    static func isHeader(_ fields: [String]) -> Bool {
        let headings = Set(fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        return columns.allSatisfy {
            $0.name == "region" || headings.contains($0.name.lowercased()) || headings.contains($0.chinese)
        }
    }

    /// Reads `data` and checks every line against `registered` (the register's organizations) and the
    /// other lines.
    public static func read(_ data: Data, registered: [Organization], limits: RegisterLimits) -> Read {
        // A workbook (.xlsx) is read as the CSV of the sheet holding the tree's header (its first, unless a
        // notes sheet comes first), as an evaluation list is; a file that is neither (an old .xls, a CSV in GB18030) is refused by the CSV reader with how to save it again.
        var text = data
        var sheetName: String?
        switch (try? WorkbookList.list(in: { DataChunks(data) }, isHeader: isHeader)) ?? nil {
        case .success(let sheet)?:
            (text, sheetName) = (sheet.csv, sheet.name)
        case .failure(let problem)?:
            return Read(organizations: [], problems: [problem])
        case nil:
            break
        }
        let (records, unreadable) = CSV.parse(text)
        // A problem is at the sheet's row, which is what a clerk sees; a CSV's line is its line.
        var problems = unreadable.map { problem in
            guard sheetName != nil else { return problem }
            var atRow = problem
            (atRow.line, atRow.row) = (problem.row ?? problem.line, nil)
            return atRow
        }
        func place(_ record: CSV.Record) -> Int { sheetName != nil ? record.row ?? record.line : record.line }
        // A title or two above the header (the tree's name, the day), as an office's sheet has them and an
        // evaluation list may: the header is the first of the file's first lines that names every column
        // a line needs; the first line when none does, which is then said to be no header.
        let headerIndex = records.prefix(ListColumns.linesLookedAtForHeader).firstIndex { isHeader($0.fields) } ?? 0
        guard let header = records.dropFirst(headerIndex).first else {
            // A file that could not be read says why already (its encoding, say).
            if problems.isEmpty {
                problems.append(.init(line: 1, reason: "the file holds no header", chinese: "文件中没有表头"))
            }
            return Read(organizations: [], problems: problems)
        }
        // Each heading a column, once: a misspelt one (`regoin`) would drop its values without a word. Empty
        // headings after the last (a spreadsheet's trailing commas) are no columns.
        var positions: [String: Int] = [:]
        let headings = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let width = (headings.lastIndex { !$0.isEmpty } ?? -1) + 1
        let said = columns.map(\.name).joined(separator: ",")
        // A workbook's header problems name its sheet: the header looked for may be on another.
        var headerProblems: [CSV.Problem] = []
        func headerProblem(_ reason: String, _ chinese: String) {
            headerProblems.append(
                .init(
                    line: place(header), reason: (sheetName.map { "sheet “\($0)”: " } ?? "") + reason,
                    chinese: (sheetName.map { "工作表“\($0)”：" } ?? "") + chinese))
        }
        for (index, heading) in headings.prefix(width).enumerated() where !ignoredHeadings.contains(heading) {
            guard
                let column = columns.first(where: {
                    $0.name.lowercased() == heading.lowercased() || $0.chinese == heading
                })
            else {
                // A column of a person's phone or id number is said for what it is, as in an evaluation list.
                if ListColumn.isPersonalData(heading) {
                    headerProblem(
                        "'\(heading)' is personal data no tree carries (SEC1): delete the column",
                        "“\(heading)”是个人敏感信息，机构名录中不得填报（SEC1），请删除该列")
                    continue
                }
                headerProblem(
                    "'\(heading)' is no column (columns: \(said))",
                    "“\(heading)”不是可用的列名（" + columns.map(\.chinese).joined(separator: "、") + "）")
                continue
            }
            guard positions[column.name] == nil else {
                headerProblem("the header gives \(column.name) twice", "表头中“\(column.chinese)”出现了两次")
                continue
            }
            positions[column.name] = index
        }
        let missing = columns.map(\.name).filter { $0 != "region" && positions[$0] == nil }
        guard missing.isEmpty, headerProblems.isEmpty else {
            let others = headerProblems
            headerProblems = []
            // What the header lacks first: a line of something else (a notes sheet's) is no header at all.
            if !missing.isEmpty {
                headerProblem(
                    "the header lacks \(missing.joined(separator: ", ")) (columns: \(said))",
                    "表头缺少"
                        + missing.compactMap { name in columns.first { $0.name == name }?.chinese }
                        .joined(separator: "、"))
            }
            return Read(organizations: [], problems: problems + headerProblems + others)
        }
        var read: [(line: Int, organization: Organization)] = []
        // A row of nothing but a number or a remark (a template's 序号 filled down past the tree) is no line.
        let passedOver = Set(headings.indices.filter { ignoredHeadings.contains(headings[$0]) })
        for record in records.dropFirst(headerIndex + 1)
        where !record.fields.indices.allSatisfy({ passedOver.contains($0) || record.fields[$0].isBlank }) {
            func value(_ column: String) -> String {
                positions[column].flatMap { record.fields.indices.contains($0) ? record.fields[$0] : nil }?
                    .trimmingCharacters(in: .whitespaces) ?? ""
            }
            func problem(_ reason: String, _ chinese: String) {
                problems.append(.init(line: place(record), reason: reason, chinese: chinese))
            }
            // A value past the header's last column belongs to no column: a comma too many in a name, most
            // often, which moved the line's values along.
            let used = (record.fields.lastIndex { !$0.isBlank } ?? -1) + 1
            guard used <= width else {
                problem(
                    "expected \(width) fields (\(headings.prefix(width).joined(separator: ","))), found \(used)",
                    "应有 \(width) 列，实有 \(used) 列（表头最后一列之后还有内容）")
                continue
            }
            let id = value("id")
            guard !id.isEmpty, id.count <= 64,
                id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
            else {
                problem(
                    "id '\(id)' is not 1 to 64 letters, digits, '-' or '_'", "编号“\(id)”应为1至64个字母、数字、“-”或“_”")
                continue
            }
            guard let kind = Organization.Kind(rawValue: value("kind")) else {
                problem(
                    "\(id): kind '\(value("kind"))' is not one of "
                        + Organization.Kind.allCases.map(\.rawValue).joined(separator: ", "),
                    "\(id)：类别“\(value("kind"))”应为 " + Organization.Kind.allCases.map(\.rawValue).joined(separator: "、"))
                continue
            }
            let (name, shortName, region) = (value("name"), value("shortName"), value("region"))
            if let empty = [("name", name, "名称"), ("shortName", shortName, "简称")].first(where: { $0.1.isEmpty }) {
                problem("\(id): \(empty.0) is empty", "\(id)：\(empty.2)为空")
                continue
            }
            do {
                for (column, text) in [("name", name), ("region", region), ("shortName", shortName)] {
                    try limits.check(text: text, field: column)
                }
            } catch {
                problem("\(id): \(error.reason)", "\(id)：\(error.reason)")
                continue
            }
            let named = [("name", name, "名称"), ("shortName", shortName, "简称"), ("region", region, "市州")]
            // A name of digits alone, or a spreadsheet's truth value, is a cell of another kind (a date, a number,
            // a tick box) typed where a name goes: a workbook keeps a date as its day number (45352).
            if let typed = named.first(where: {
                !$0.1.isEmpty && ($0.1.allSatisfy(\.isNumber) || ["TRUE", "FALSE"].contains($0.1))
            }) {
                problem(
                    "\(id): \(typed.0) '\(typed.1)' is a number, a date or a truth value, not a name (in a workbook, a cell formatted as a date is kept as its day number)",
                    "\(id)：\(typed.2)“\(typed.1)”是数字、日期或逻辑值，不是名称（工作簿中设为日期格式的单元格按天数保存）")
                continue
            }
            if shortName.contains(where: charactersNoFileName.contains)
                || shortName.hasPrefix(".") || shortName.hasSuffix(".")
            {
                problem(
                    "\(id): shortName \(shortName) names the unit's files (S1): no / \\ : * ? \" < > |, nor a dot first or last",
                    "\(id)：简称“\(shortName)”用于材料文件的命名（S1），不能含 / \\ : * ? \" < > |，也不能以点开头或结尾")
                continue
            }
            // Names are one line of every page, list and document that shows them (as an account's name is).
            if let invisible = named.first(where: { $0.1.holdsLineBreakOrInvisibleCharacter }) {
                problem(
                    "\(id): \(invisible.0) holds a control or invisible character (a tab, a line break, a zero-width space)",
                    "\(id)：\(invisible.2)含有制表符、换行或不可见字符")
                continue
            }
            let parent = value("parent")
            read.append(
                (
                    place(record),
                    Organization(
                        id: id, name: name, shortName: shortName, kind: kind, parentID: parent.isEmpty ? nil : parent,
                        region: region.isEmpty ? nil : region)
                ))
        }
        if read.isEmpty, problems.isEmpty {
            problems.append(
                .init(
                    line: place(header), reason: "the file holds the header only: no organization to register",
                    chinese: "文件只有表头，没有要登记的单位"))
        }
        // The tree: each id once (in any case: `CB-CC` is `cb-cc` to whoever types it), each short name once
        // (S1 names a unit's package by it: two alike would overwrite each other's documents), each parent of
        // a kind its kind reports to, one provincial office.
        let known = Dictionary(registered.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let knownIDs = Dictionary(
            registered.map { ($0.id.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        // Compared as a file system compares names (in any case, full-width as half-width): two packages
        // named ＡＢＣ and abc would be one file on Windows.
        func folded(_ name: String) -> String { name.precomposedStringWithCompatibilityMapping.lowercased() }
        let knownShortNames = Dictionary(
            registered.map { (folded($0.shortName), $0.id) }, uniquingKeysWith: { first, _ in first })
        var inFile: [String: Int] = [:]
        var shortNamesInFile: [String: (line: Int, id: String)] = [:]
        for (line, organization) in read {
            let key = organization.id.lowercased()
            if let registeredID = knownIDs[key] {
                problems.append(
                    .init(
                        line: line,
                        reason: "\(organization.id) is registered already"
                            + (registeredID == organization.id ? "" : " (as \(registeredID))"),
                        chinese: "\(organization.id)已在登记册中"
                            + (registeredID == organization.id ? "" : "（\(registeredID)）")))
                continue
            }
            if let first = inFile[key] {
                problems.append(
                    .init(
                        line: line, reason: "\(organization.id) repeats line \(first) (ids are the same in any case)",
                        chinese: "\(organization.id)与第\(first)行重复（编号不区分大小写）"))
                continue
            }
            inFile[key] = line
            // An id registered or repeated is said once, as that, above: its short name is its own.
            let short = organization.shortName
            if let holder = knownShortNames[folded(short)] {
                problems.append(
                    .init(
                        line: line,
                        reason:
                            "\(organization.id): the short name \(short) is \(holder)'s already (each names its documents, S1)",
                        chinese: "\(organization.id)：简称“\(short)”已为\(holder)所用（简称用于材料的命名，S1）"))
            } else if let first = shortNamesInFile[folded(short)] {
                problems.append(
                    .init(
                        line: line,
                        reason:
                            "\(organization.id): the short name \(short) is \(first.id)'s too (line \(first.line); each names its documents, S1)",
                        chinese: "\(organization.id)：简称“\(short)”与第\(first.line)行\(first.id)相同（简称用于材料的命名，S1）"))
            } else {
                shortNamesInFile[folded(short)] = (line, organization.id)
            }
        }
        let all = known.merging(read.map { ($0.organization.id, $0.organization) }) { first, _ in first }
        let offices = all.values.filter { $0.kind == .provincialOffice }.count
        for (line, organization) in read {
            let allowed = parentKinds[organization.kind] ?? []
            let said = allowed.map(\.rawValue).sorted().joined(separator: " or ")
            switch (organization.parentID, allowed.isEmpty) {
            case (nil, true):
                if offices > 1 {
                    problems.append(
                        .init(
                            line: line, reason: "\(organization.id): the register holds one provincial office",
                            chinese: "\(organization.id)：登记册中只能有一个省人社厅"))
                }
            case (let parent?, true):
                problems.append(
                    .init(
                        line: line,
                        reason: "\(organization.id): the provincial office reports to none (parent \(parent))",
                        chinese: "\(organization.id)：省人社厅没有上级（上级填了\(parent)）"))
            case (nil, false):
                problems.append(
                    .init(
                        line: line, reason: "\(organization.id): a \(organization.kind.rawValue) reports to a \(said)",
                        chinese: "\(organization.id)：未填上级（应为 \(said)）"))
            case (let parent?, false):
                guard let above = all[parent] else {
                    // Ids are told apart by case: one that differs in case alone is most likely the one meant.
                    let alike = all.keys.filter { $0.lowercased() == parent.lowercased() }.sorted().first
                    problems.append(
                        .init(
                            line: line,
                            reason: "\(organization.id): parent \(parent) is neither registered nor in the file"
                                + (alike.map { " (did you mean \($0)?)" } ?? ""),
                            chinese: "\(organization.id)：上级\(parent)既不在登记册中，也不在本文件中"
                                + (alike.map { "（是否应为 \($0)？）" } ?? "")))
                    continue
                }
                if !allowed.contains(above.kind) {
                    problems.append(
                        .init(
                            line: line,
                            reason:
                                "\(organization.id): a \(organization.kind.rawValue) reports to a \(said), not to \(parent) (a \(above.kind.rawValue))",
                            chinese:
                                "\(organization.id)：\(organization.kind.rawValue)的上级应为 \(said)，\(parent)是\(above.kind.rawValue)"
                        ))
                }
            }
        }
        // By line, each line's problems in the order found.
        problems = problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        return Read(organizations: read.map(\.organization), problems: problems)
    }
}
