import Foundation

// Writes a text file of the repository's top level as a Swift raw string literal, for the EmbedSchema
// build plugin: `EmbedSchemaTool INPUT OUTPUT.swift NAME` declares `let NAME = """…"""`.
let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: EmbedSchemaTool INPUT OUTPUT.swift NAME\n".utf8))
    exit(2)
}
let text = try String(contentsOfFile: arguments[1], encoding: .utf8)
var delimiter = "#"
while text.contains("\"\"\"" + delimiter) || text.contains("\"" + delimiter) { delimiter += "#" }
let source = """
    // Generated from \(URL(fileURLWithPath: arguments[1]).lastPathComponent) by the EmbedSchema plugin. Do not edit.
    let \(arguments[3]) = \(delimiter)\"\"\"
    \(text)
    \"\"\"\(delimiter)

    """
try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
