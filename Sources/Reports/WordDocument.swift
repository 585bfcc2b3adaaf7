import Foundation
import ZIPFoundation

/// A .docx (WordprocessingML) built in code: a title, headings, paragraphs and ruled tables, in the
/// fonts a Chinese government document is set in. Only the parts Word and LibreOffice need are written
/// (content types, relationships, styles, the document); there is no template file to keep in step.
struct WordDocument {
    enum Block {
        case title(String)
        case heading(String)
        case paragraph(String)
        /// Who issues the document and when, set to the right (落款).
        case signature(String)
        /// A table with a bold header row repeated on every page; every row as many cells as the header,
        /// the columns as wide as their `weights` say (equal when empty).
        case table(header: [String], rows: [[String]], weights: [Int] = [])

        var isTable: Bool {
            if case .table = self { return true }
            return false
        }
    }

    var blocks: [Block] = []

    mutating func append(_ block: Block) { blocks.append(block) }

    /// Writes the document to `url`, replacing a file there.
    func write(to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", Self.packageRelationships),
            ("word/_rels/document.xml.rels", Self.documentRelationships), ("word/styles.xml", Self.styles),
            ("word/footer1.xml", Self.footer), ("word/document.xml", documentXML()),
        ]
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    func documentXML() -> String {
        var body = ""
        for (index, block) in blocks.enumerated() {
            switch block {
            case .title(let text): body += Self.paragraph(text, style: "Title")
            case .heading(let text): body += Self.paragraph(text, style: "Heading1")
            case .paragraph(let text):
                // A paragraph that introduces a table (名单如下) stays on the table's page.
                let introducesTable = blocks.indices.contains(index + 1) && blocks[index + 1].isTable
                body += Self.paragraph(text, style: nil, keepWithNext: introducesTable)
            case .signature(let text): body += Self.paragraph(text, style: "Signature")
            case .table(let header, let rows, let weights):
                body += Self.table(header: header, rows: rows, weights: weights)
            }
        }
        // A4 portrait with the margins of a government document (GB/T 9704: 37 mm top, 28 mm left), each
        // page numbered in its footer.
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(Self.namespace)" xmlns:r="\(Self.relationshipsNamespace)"><w:body>\(body)\
            <w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" \
            w:gutter="0"/></w:sectPr></w:body></w:document>
            """
    }

    static let namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The page's number at the foot of each page as GB/T 9704 sets it (— 1 —), from Word's PAGE field.
    static let footer = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="\(namespace)"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>
        """

    static func paragraph(_ text: String, style: String?, bold: Bool = false, keepWithNext: Bool = false) -> String {
        let keep = keepWithNext ? "<w:keepNext/>" : ""
        let properties =
            style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/>\(keep)</w:pPr>" }
            ?? (keepWithNext ? "<w:pPr>\(keep)</w:pPr>" : "")
        let run = bold ? "<w:rPr><w:b/></w:rPr>" : ""
        return "<w:p>\(properties)<w:r>\(run)<w:t xml:space=\"preserve\">\(escaped(text))</w:t></w:r></w:p>"
    }

    /// The width of the text between the margins, in twentieths of a point.
    static let textWidth = 11906 - 1474 - 1588

    static func table(header: [String], rows: [[String]], weights: [Int]) -> String {
        let weights = weights.count == header.count ? weights : header.map { _ in 1 }
        let total = max(1, weights.reduce(0, +))
        let widths = weights.map { textWidth * $0 / total }
        func row(_ cells: [String], header: Bool) -> String {
            let cells = zip(cells, widths).map { text, width in
                "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>"
                    + "\(paragraph(text, style: "TableText", bold: header, keepWithNext: header))</w:tc>"
            }
            // A row is never split across pages; the header row is repeated on each and kept with the row
            // below it (a page does not end on a table's header).
            return "<w:tr><w:trPr><w:cantSplit/>\(header ? "<w:tblHeader/>" : "")</w:trPr>\(cells.joined())</w:tr>"
        }
        let grid = widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined()
        return """
            <w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="\(textWidth)" w:type="dxa"/>\
            <w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>\(grid)</w:tblGrid>\(row(header, header: true))\
            \(rows.map { row($0, header: false) }.joined())</w:tbl><w:p/>
            """
    }

    static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default:
                // XML 1.0 admits no control characters but tab, newline and carriage return.
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                    scalar.value < 0x20, ![0x09, 0x0A, 0x0D].contains(scalar.value)
                {
                    continue
                }
                escaped.append(character)
            }
        }
        return escaped
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/footer1.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>
        """

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
        Target="styles.xml"/><Relationship Id="rId2" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" \
        Target="footer1.xml"/></Relationships>
        """

    /// 仿宋 for the text, 黑体 for headings and 方正小标宋 (or 宋体 where it is missing) for the title: the
    /// faces of a government document; sizes 三号 (16 pt) for the text, 二号 (22 pt) for the title.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="\(namespace)">\
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" \
        w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>\
        </w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault>\
        </w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>\
        <w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:spacing w:after="320"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>\
        <w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0" w:right="640"/><w:jc w:val="right"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:spacing w:line="360" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/>\
        <w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="24"/></w:rPr></w:style>\
        <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>\
        <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>\
        </w:styles>
        """
}
