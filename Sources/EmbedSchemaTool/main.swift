import Foundation

// Writes `schema.sql` as a Swift raw string literal (used by the EmbedSchema build plugin).
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: EmbedSchemaTool SCHEMA.sql OUTPUT.swift\n".utf8))
    exit(2)
}
let sql = try String(contentsOfFile: arguments[1], encoding: .utf8)
var delimiter = "#"
while sql.contains("\"\"\"" + delimiter) || sql.contains("\"" + delimiter) { delimiter += "#" }
let source = """
    // Generated from schema.sql by the EmbedSchema plugin. Do not edit.
    let embeddedSchemaSQL = \(delimiter)\"\"\"
    \(sql)
    \"\"\"\(delimiter)

    """
try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
