import Foundation
import PackagePlugin

/// Compiles a file of the repository's top level into the target that serves it, so that the one file
/// there is what the program runs with, with nothing to copy: `schema.sql` into `Schema` (also mounted
/// by docker-compose), `openapi.yaml` into `TalentServer` (the API's contract, served at
/// `/v1/openapi.yaml`).
@main
struct EmbedSchema: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let (file, name) =
            target.name == "TalentServer"
            ? ("openapi.yaml", "embeddedOpenAPIDocument") : ("schema.sql", "embeddedSchemaSQL")
        let input = context.package.directoryURL.appending(path: file)
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded-\(name).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(file)",
                executable: try context.tool(named: "EmbedSchemaTool").url,
                arguments: [input.path, output.path, name],
                inputFiles: [input],
                outputFiles: [output]
            )
        ]
    }
}
