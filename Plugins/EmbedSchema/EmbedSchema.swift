import Foundation
import PackagePlugin

/// Compiles files of the repository into the target that serves them, so that the one file there is
/// what the program runs with, with nothing to copy or install beside the binary: `schema.sql` into
/// `Schema` (also mounted by docker-compose), `openapi.yaml` into `TalentServer` (the API's contract,
/// served at `/v1/openapi.yaml`), and the console's templates and stylesheet (`Sources/TalentConsole/
/// Assets`) into `TalentConsole`, so that it works on an office network with nothing fetched.
@main
struct EmbedSchema: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "EmbedSchemaTool").url
        if target.name == "TalentConsole" {
            let folder = target.directoryURL.appending(path: "Assets")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                .filter { !$0.hasPrefix(".") }.map { folder.appending(path: $0) }
            let output = context.pluginWorkDirectoryURL.appending(path: "Embedded-consoleAssets.swift")
            return [
                .buildCommand(
                    displayName: "Embedding the console's assets",
                    executable: tool, arguments: [output.path, "embeddedConsoleAssets"] + files.map(\.path),
                    inputFiles: files, outputFiles: [output])
            ]
        }
        let (file, name) =
            target.name == "TalentServer"
            ? ("openapi.yaml", "embeddedOpenAPIDocument") : ("schema.sql", "embeddedSchemaSQL")
        let input = context.package.directoryURL.appending(path: file)
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded-\(name).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(file)",
                executable: tool,
                arguments: [input.path, output.path, name],
                inputFiles: [input],
                outputFiles: [output]
            )
        ]
    }
}
